#include "engine/agent/approval_gate.h"

#include <istream>
#include <ostream>

#include "engine/core/strings.h"

namespace kf::agent {

namespace {

Decision Approve(int option, std::string by) {
  Decision d;
  d.kind = Decision::Kind::kApprove;
  d.option = option;
  d.decided_by = std::move(by);
  return d;
}

Decision Other(Decision::Kind kind, std::string reason, std::string by) {
  Decision d;
  d.kind = kind;
  d.reason = std::move(reason);
  d.decided_by = std::move(by);
  return d;
}

// Parses "1".."n" (n <= 99); 0 when not a positive integer.
int ParseOption(const std::string& s) {
  if (s.empty() || s.size() > 2) return 0;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

Decision TerminalGate::Decide(const Proposal& proposal) {
  const int n = static_cast<int>(proposal.options.size());
  for (;;) {
    out_ << (n == 1 ? std::string("Approve option 1") : StrFormat("Approve option [1-%d]", n))
         << ", deny or defer? " << std::flush;
    std::string line;
    if (!std::getline(in_, line)) return Other(Decision::Kind::kDefer, "end of input", "terminal");
    std::string answer = ToLower(Trim(line));
    if (answer == "y" || answer == "yes") answer = "1";
    if (int k = ParseOption(answer); k >= 1 && k <= n) return Approve(k, "terminal");
    if (answer == "defer" || answer == "d") {
      return Other(Decision::Kind::kDefer, "deferred at the terminal", "terminal");
    }
    if (answer == "deny" || answer == "n" || answer == "no") {
      out_ << "Reason: " << std::flush;
      std::string reason;
      if (!std::getline(in_, reason) || Trim(reason).empty()) reason = "denied at the terminal";
      return Other(Decision::Kind::kDeny, Trim(reason), "terminal");
    }
    out_ << "Please answer " << (n == 1 ? "1" : StrFormat("a number from 1 to %d", n))
         << ", deny or defer.\n";
  }
}

Result<PolicyGate> PolicyGate::Parse(const std::string& value) {
  std::string v = ToLower(Trim(value));
  if (v == "deny") return PolicyGate(0, "deny");
  if (v == "recommended") return PolicyGate(1, "recommended");
  if (int k = ParseOption(v); k >= 1) return PolicyGate(k, v);
  return InvalidArgument("invalid --approve value \"" + value +
                         "\": expected 1|2|…|recommended|deny");
}

Decision PolicyGate::Decide(const Proposal& proposal) {
  const std::string by = "policy:--approve=" + spelled_;
  if (option_ == 0) return Other(Decision::Kind::kDeny, "denied by --approve=deny", by);
  const int n = static_cast<int>(proposal.options.size());
  if (option_ > n) {
    return Other(Decision::Kind::kDefer,
                 StrFormat("--approve=%s names option %d, but the proposal has %d option%s",
                           spelled_.c_str(), option_, n, n == 1 ? "" : "s"),
                 by);
  }
  return Approve(option_, by);
}

Decision NoTerminalGate::Decide(const Proposal&) {
  return Other(Decision::Kind::kDefer,
               "no terminal to ask for approval: pass --approve=1|2|…|deny to decide without asking",
               "no-terminal");
}

}  // namespace kf::agent
