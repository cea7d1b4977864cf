// Pods stuck initializing (kubectl STATUS "Init:i/N"): an init container
// that never completes, typically waiting for a dependency (a Service, a
// database) that does not exist. The evidence is the pods' status and the
// init container's own logs (sched_evidence.h asks for them). When the
// current revision introduced it, the remedy is a rollback.
#include "engine/agent/rules/common.h"
#include "engine/agent/sched_evidence.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

// The last non-empty lines of a log, at most n, joined with " | ".
std::string LastLines(const std::string& text, size_t n) {
  std::vector<std::string> lines;
  for (const std::string& l : Split(text, '\n')) {
    if (!Trim(l).empty()) lines.push_back(std::string(Trim(l)));
  }
  if (lines.size() > n) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(n));
  return Join(lines, " | ");
}

}  // namespace

std::optional<Finding> InitDependencyRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  int stuck = 0;
  for (const PodFact& p : f.pods.value) {
    if (p.status.rfind("Init:", 0) == 0 && p.status.find('/') != std::string::npos) ++stuck;
  }
  const std::string init = PendingInitContainer(f);
  if (stuck == 0 || init.empty() || !f.logs.seen() || Trim(f.logs.value).empty()) return std::nullopt;
  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(stuck, total, "stuck initializing (Init:0/N)")});
  const std::string tail = LastLines(f.logs.value, 2);
  out.evidence.push_back({f.logs.step, "init container " + init + " of pod " + f.failing_pod + " logs: " + tail});
  AddCurrentRevisionEvidence(f, &out.evidence);
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "init-dependency";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "Init container " + init + " of deployment " + f.workload->name +
                           " never completes, so the app containers never start; it keeps waiting: " + tail;
  out.impact = PodsPhrase(stuck, total, "not starting") + "; the rollout cannot progress.";
  if (auto rb = RollbackOption(f, "Restores the previous pod template, whose init container completed.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Check that what init containers wait for (Service names, hosts) exists in the namespace before releasing.";
  return out;
}

}  // namespace kf::agent::rules
