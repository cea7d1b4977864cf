// A CPU limit too low for the load: the pods' CFS throttled ratio
// (throttled periods / periods) is high while they run without restarts.
// With throttled ratio r the container wants about limit / (1 - r); the
// remedy raises the limit to 1.5x that, rounded up to 100m.
#include <cmath>

#include "engine/agent/pod_evidence.h"
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

constexpr double kHighThrottled = 0.25;

int64_t CpuMillisAt(const Json& container, const char* path) {
  const Json* v = JsonAtPath(container, path);
  if (v && v->is_number()) return std::llround(v->get<double>() * 1000);
  if (!v || !v->is_string()) return 0;
  auto q = Quantity::Parse(v->get<std::string>());
  return q.ok() ? q->milli() : 0;
}

}  // namespace

std::optional<Finding> ThrottlingRule(const Facts& f) {
  if (!f.workload || !f.pods.seen() || !f.deployment.seen()) return std::nullopt;
  auto ratio = ThrottledRatio(f);
  if (!ratio || ratio->value < kHighThrottled) return std::nullopt;
  int index = 0;
  const Json* c = FindContainer(f.deployment.value(), "", &index);
  const int64_t limit = c ? CpuMillisAt(*c, "resources.limits.cpu") : 0;
  if (limit <= 0) return std::nullopt;
  const double wanted = static_cast<double>(limit) / std::max(0.05, 1 - ratio->value);
  const int64_t new_limit = static_cast<int64_t>(std::ceil(1.5 * wanted / 100.0)) * 100;

  Finding out;
  int restarts = 0;
  for (const PodFact& p : f.pods.value) restarts += p.restarts;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(total, total, "Running") + StrFormat(", %d restarts", restarts)});
  out.evidence.push_back({ratio->step, StrFormat("up to %.0f%% of CFS periods throttled", 100 * ratio->value)});
  int64_t top = 0;
  for (const PodUsage& u : f.usage.value) top = std::max(top, u.cpu_millis);
  if (f.usage.seen()) {
    out.evidence.push_back({f.usage.step, StrFormat("CPU usage up to %lldm against the %lldm limit",
                                                    static_cast<long long>(top), static_cast<long long>(limit))});
  }
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "cpu-throttling";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = StrFormat("The %lldm CPU limit of deployment %s is below what its load needs (about "
                                     "%.0fm): %.0f%% of CFS periods are throttled, which stretches every request",
                                     static_cast<long long>(limit), f.workload->name.c_str(), wanted,
                                     100 * ratio->value) +
                           (LatencyPhrase(f).empty() ? "." : " (" + LatencyPhrase(f) + ").");
  out.impact = "Requests to " + f.workload->name + " are slow; no pod restarts.";
  Option fix;
  fix.title = StrFormat("Raise the CPU limit of container %s to %lldm", JsonString(*c, "name").c_str(),
                        static_cast<long long>(new_limit));
  fix.call = calls::PatchResource(
      "deployment", f.workload->ns, f.workload->name,
      ContainerPatch(JsonString(*c, "name"),
                     Json{{"resources", {{"limits", {{"cpu", StrFormat("%lldm", static_cast<long long>(new_limit))}}}}}}));
  fix.rationale = "1.5x the CPU the pods want under the current load, so they stop being throttled.";
  out.options.push_back(fix);
  out.follow_up = "Size CPU limits from load tests, or drop CPU limits and rely on requests.";
  return out;
}

}  // namespace kf::agent::rules
