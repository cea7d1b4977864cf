// Pods the scheduler cannot place because their requests fit no node
// (FailedScheduling "... Insufficient cpu/memory"). When requests grew with
// the current revision, the remedy is a rollback to the previous revision.
// Other FailedScheduling reasons (unbound claims, taints) are not this rule's.
#include "engine/agent/rules/common.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

std::optional<Finding> SchedulingRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  int event_step = 0;
  const Json* event = FindEvent(f, [](const Json& e) {
    return JsonString(e, "reason") == "FailedScheduling" &&
           JsonString(e, "message").find(" Insufficient ") != std::string::npos;
  }, &event_step);
  const int pending = CountStatus(f, {"Pending"});
  if (!event || pending == 0) return std::nullopt;
  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(pending, total, "Pending")});
  out.evidence.push_back({event_step, EventLine(*event)});
  const Revision* cur = FindRevision(f, f.current_revision);
  const Revision* prev = RollbackTarget(f);
  if (f.history.seen() && cur && prev && !RequestsOf(*cur).empty() && RequestsOf(*cur) != RequestsOf(*prev)) {
    out.evidence.push_back({f.history.step, StrFormat("revision %d %s; revision %d %s", cur->revision,
                                                      RequestsOf(*cur).c_str(), prev->revision,
                                                      RequestsOf(*prev).c_str())});
  }
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "insufficient-resources";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "Pods of deployment " + f.workload->name +
                           " request more than any node can fit, so they cannot be scheduled: " +
                           JsonString(*event, "message");
  out.impact = PodsPhrase(pending, total, "not running") + "; the rollout cannot progress.";
  if (auto rb = RollbackOption(f, "Restores the previous pod template, whose pods were schedulable.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Size requests against node allocatable before the next release.";
  return out;
}

}  // namespace kf::agent::rules
