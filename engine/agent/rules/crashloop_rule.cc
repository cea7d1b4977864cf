// Containers that exit with an error and crash-loop (bad command, config,
// missing dependency). Remedy: roll back to the last revision with a
// different template.
#include "engine/agent/rules/common.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

// The last non-empty log line that looks like an error, else the last line.
std::string ErrorLine(const std::string& logs) {
  std::string last, error;
  for (const std::string& raw : Split(logs, '\n')) {
    std::string line = Trim(raw);
    if (line.empty()) continue;
    last = line;
    std::string l = ToLower(line);
    if (l.find("error") != std::string::npos || l.find("fatal") != std::string::npos ||
        l.find("panic") != std::string::npos || l.find("exception") != std::string::npos) {
      error = line;
    }
  }
  return error.empty() ? last : error;
}

}  // namespace

std::optional<Finding> CrashLoopRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  const PodFact* bad = nullptr;
  for (const PodFact& p : f.pods.value) {
    bool crashing = p.status == "CrashLoopBackOff" || p.status == "Error" ||
                    (p.restarts > 0 && p.last_exit_code != 0);
    if (crashing && (!bad || p.name == f.failing_pod)) bad = &p;
  }
  if (!bad) return std::nullopt;

  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  const int crash = CountStatus(f, {"CrashLoopBackOff", "Error"});
  out.evidence.push_back({f.pods.step, PodsPhrase(crash, total, "crash-looping") +
                                           StrFormat("; %s restarted %d times, last exit code %d (%s)",
                                                     bad->name.c_str(), bad->restarts, bad->last_exit_code,
                                                     bad->last_terminated_reason.c_str())});
  std::string error = f.logs.seen() ? ErrorLine(f.logs.value) : "";
  if (!error.empty()) out.evidence.push_back({f.logs.step, "last log line: " + error});
  const Revision* cur = FindRevision(f, f.current_revision);
  AddCurrentRevisionEvidence(f, &out.evidence);
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "crashloop";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = StrFormat("Container %s of deployment %s exits with code %d",
                                     bad->container.c_str(), f.workload->name.c_str(), bad->last_exit_code);
  if (cur) out.root_cause.summary += StrFormat(" since revision %d", cur->revision);
  out.root_cause.summary += error.empty() ? "." : ": " + error;
  out.impact = PodsPhrase(crash, total, "in CrashLoopBackOff") + "; capacity is reduced.";
  if (auto rb = RollbackOption(f, "Restores the last pod template that ran; fix the failure before redeploying.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Fix the startup failure shown in the logs and add it to the release checks.";
  return out;
}

}  // namespace kf::agent::rules
