// The ApprovalGate seam: a proposal (the exact change of each option, its
// target, namespace and consequence) → a decision. Implementations: the
// terminal prompt, the --approve policy, and "no terminal" (defer). A
// recorded decision (replay) comes later from the recorder.
#pragma once

#include <iosfwd>
#include <string>

#include "engine/agent/transcript.h"
#include "engine/core/status.h"

namespace kf::agent {

class ApprovalGate {
 public:
  virtual ~ApprovalGate() = default;
  // REQUIRES: !proposal.options.empty(). An approval names a 1-based option
  // in range; the loop treats anything else as a defer.
  virtual Decision Decide(const Proposal& proposal) = 0;
};

// Asks on a terminal: "Approve option [1-2], deny or defer?". A deny asks for
// a reason. End of input defers. The proposal itself is shown by the
// transcript printer; the gate only asks.
class TerminalGate final : public ApprovalGate {
 public:
  TerminalGate(std::istream& in, std::ostream& out) : in_(in), out_(out) {}
  Decision Decide(const Proposal& proposal) override;

 private:
  std::istream& in_;
  std::ostream& out_;
};

// Decides by policy, without asking: "1", "2", ... approve that option
// ("recommended" is option 1); "deny" denies every proposal. An option out
// of range defers, saying so.
class PolicyGate final : public ApprovalGate {
 public:
  // Accepts "recommended", "deny" or a positive integer; anything else is
  // InvalidArgument: `invalid --approve value "x": expected 1|2|…|recommended|deny`.
  static Result<PolicyGate> Parse(const std::string& value);
  Decision Decide(const Proposal& proposal) override;

 private:
  PolicyGate(int option, std::string spelled) : option_(option), spelled_(std::move(spelled)) {}
  int option_;  // 0 = deny
  std::string spelled_;
};

// No terminal and no policy: stop at the gate so the run can be resumed.
class NoTerminalGate final : public ApprovalGate {
 public:
  Decision Decide(const Proposal& proposal) override;
};

}  // namespace kf::agent
