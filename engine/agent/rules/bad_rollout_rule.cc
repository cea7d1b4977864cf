// A new version that answers errors while its pods look healthy: the 5xx
// ratio now is high (>= 5%) and several times what it was 30 minutes
// earlier, every pod Running and Ready with no restarts, and a rollout is
// in the history. The remedy is `rollout undo` to the previous revision.
#include "engine/agent/pod_evidence.h"
#include "engine/agent/rules/common.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

constexpr double kHighErrorRatio = 0.05;
constexpr double kJumpFactor = 5;

std::string Percent(double v) { return StrFormat("%.1f%%", 100.0 * v); }

// The last log line mentioning an error or exception, else "".
std::string ErrorLine(const std::string& logs) {
  std::string out;
  for (const std::string& raw : Split(logs, '\n')) {
    const std::string l = ToLower(raw);
    if (l.find("error") != std::string::npos || l.find("exception") != std::string::npos) out = Trim(raw);
  }
  return out;
}

}  // namespace

std::optional<Finding> BadRolloutRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  auto now = ErrorRatioNow(f);
  if (!now || now->value < kHighErrorRatio) return std::nullopt;
  auto baseline = ErrorRatioBaseline(f);
  if (baseline && now->value < kJumpFactor * baseline->value) return std::nullopt;
  const Revision* cur = FindRevision(f, f.current_revision);
  const Revision* target = RollbackTarget(f);
  if (!cur || !target) return std::nullopt;

  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(total, total, "Running and Ready") + ", no restarts"});
  std::string rate = "5xx ratio " + Percent(now->value);
  if (baseline) rate += " (30 minutes earlier: " + Percent(baseline->value) + ")";
  out.evidence.push_back({now->step, rate});
  const std::string error = f.logs.seen() ? ErrorLine(f.logs.value) : "";
  if (!error.empty()) out.evidence.push_back({f.logs.step, "pod log: " + error});
  out.evidence.push_back({f.history.step, StrFormat("current revision %d: %s; previous %s", cur->revision,
                                                    cur->change_cause.c_str(), VersionOf(*target).c_str())});
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "bad-rollout";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = StrFormat("Revision %d of deployment %s (%s) answers %s of requests with 5xx errors "
                                     "while its pods stay Ready",
                                     cur->revision, f.workload->name.c_str(), VersionOf(*cur).c_str(),
                                     Percent(now->value).c_str()) +
                           (baseline ? " (" + Percent(baseline->value) + " before the rollout)" : std::string()) +
                           (error.empty() ? "." : ": " + error);
  out.impact = "About " + Percent(now->value) + " of requests to " + f.workload->name + " fail.";
  if (auto rb = RollbackOption(f, "Restores the version that served without errors; fix the regression before "
                                  "redeploying.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Gate rollouts on the error ratio (canary or progressive delivery).";
  return out;
}

}  // namespace kf::agent::rules
