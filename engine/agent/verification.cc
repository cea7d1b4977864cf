#include "engine/agent/verification.h"
#include "engine/agent/check_steps.h"

#include <algorithm>
#include <cmath>

#include "engine/agent/rules/common.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

UnixMillis LastSeen(const Json& e) {
  for (const char* path : {"lastTimestamp", "eventTime", "metadata.creationTimestamp"}) {
    const Json* v = JsonAtPath(e, path);
    UnixMillis t = 0;
    if (v && v->is_string() && ParseRfc3339(v->get<std::string>(), &t)) return t;
  }
  return 0;
}

}  // namespace

Check PodsReadyCheck(const Located<std::vector<PodFact>>& pods, UnixMillis since) {
  if (!pods.seen()) return MakeCheck("pods-ready", false, "pods were not listed", 0);
  int ready = 0, new_restarts = 0, restarts = 0;
  std::vector<std::string> bad;
  for (const PodFact& p : pods.value) {
    bool ok = p.ready && p.status == "Running";
    ready += ok ? 1 : 0;
    restarts += p.restarts;
    if (p.restarts > 0 && p.last_terminated_at >= since) ++new_restarts;
    if (!ok) bad.push_back(p.name + " " + p.status);
  }
  const int total = static_cast<int>(pods.value.size());
  bool passed = total > 0 && ready == total && new_restarts == 0;
  std::string ev = StrFormat("%d/%d pods Running and Ready, %d restart%s", ready, total, restarts,
                             restarts == 1 ? "" : "s");
  if (new_restarts > 0) ev += StrFormat(" (%d pod%s restarted since the fix)", new_restarts, new_restarts == 1 ? "" : "s");
  if (!bad.empty()) ev += "; not ready: " + Join(bad, ", ");
  return MakeCheck("pods-ready", passed, ev, pods.step);
}

Check NoOomEventsCheck(const JsonRead& events, const Located<std::vector<PodFact>>& pods,
                       UnixMillis since) {
  int n = 0;
  if (events.seen()) {
    if (const Json* items = JsonAtPath(events.value(), "items"); items && items->is_array()) {
      for (const Json& e : *items) {
        std::string reason = JsonString(e, "reason");
        bool oom = reason == "OOMKilling" || reason == "OOMKilled" ||
                   JsonString(e, "message").find("exceeded memory limit") != std::string::npos;
        if (oom && LastSeen(e) >= since) ++n;
      }
    }
  }
  int killed = 0;
  for (const PodFact& p : pods.value) {
    if (p.last_terminated_reason == "OOMKilled" && p.last_terminated_at >= since) ++killed;
  }
  Check c = MakeCheck("no-oom-events", events.seen() && n == 0 && killed == 0,
                 StrFormat("%d OOMKill event%s since the fix", n, n == 1 ? "" : "s"), events.step);
  if (killed > 0) {
    c.evidence += StrFormat("; %d pod%s OOMKilled since the fix", killed, killed == 1 ? "" : "s");
    if (pods.step > 0) c.steps.push_back(pods.step);
  }
  if (!events.seen()) c.evidence = "OOM events were not read";
  return c;
}

Check MemoryUtilisationCheck(const Located<std::vector<PodUsage>>& usage, int64_t limit_bytes,
                             double max_fraction) {
  int64_t lo = 0, hi = 0;
  for (const PodUsage& u : usage.value) {
    if (u.memory_bytes <= 0) continue;
    lo = lo == 0 ? u.memory_bytes : std::min(lo, u.memory_bytes);
    hi = std::max(hi, u.memory_bytes);
  }
  if (!usage.seen() || hi == 0 || limit_bytes <= 0) {
    return MakeCheck("memory-utilisation", false,
                limit_bytes <= 0 ? "no memory limit to compare with" : "no memory usage was read",
                usage.step);
  }
  long a = std::lround(100.0 * static_cast<double>(lo) / static_cast<double>(limit_bytes));
  long b = std::lround(100.0 * static_cast<double>(hi) / static_cast<double>(limit_bytes));
  std::string pct = a == b ? StrFormat("%ld%%", a) : StrFormat("%ld–%ld%%", a, b);
  bool passed = static_cast<double>(hi) < max_fraction * static_cast<double>(limit_bytes);
  return MakeCheck("memory-utilisation", passed,
              "memory " + FormatMemoryTop(lo) + "–" + FormatMemoryTop(hi) + " against the " +
                  FormatMemory(limit_bytes) + " limit (" + pct + ")",
              usage.step);
}

Check RolloutCompleteCheck(const JsonRead& d) {
  if (!d.seen()) return MakeCheck("rollout-complete", false, "the deployment was not read", 0);
  const Json& obj = d.value();
  const Json* spec = JsonAtPath(obj, "spec.replicas");
  int64_t want = spec && spec->is_number_integer() ? spec->get<int64_t>() : 1;
  const Json& status = JsonMember(obj, "status");
  int64_t gen = JsonInt(JsonMember(obj, "metadata"), "generation");
  int64_t observed = JsonInt(status, "observedGeneration");
  int64_t updated = JsonInt(status, "updatedReplicas");
  int64_t available = JsonInt(status, "availableReplicas");
  int64_t total = JsonInt(status, "replicas");
  bool passed = observed >= gen && updated == want && available == want && total == want;
  return MakeCheck("rollout-complete", passed,
              StrFormat("%lld/%lld replicas updated, %lld available", static_cast<long long>(updated),
                        static_cast<long long>(want), static_cast<long long>(available)),
              d.step);
}

Check LatencyCheck(const Located<double>& now, std::optional<double> incident,
                   std::optional<double> baseline) {
  if (!now.seen()) return MakeCheck("latency-p99", false, "no p99 latency data", 0);
  double limit = baseline ? 1.5 * *baseline : (incident ? 0.5 * *incident : -1);
  bool passed = limit > 0 && now.value <= limit;
  std::string ev = "p99 " + rules::FormatMillis(now.value);
  if (incident) ev = "p99 " + rules::FormatMillis(*incident) + " → " + rules::FormatMillis(now.value);
  if (baseline) ev += " (baseline " + rules::FormatMillis(*baseline) + ")";
  if (limit <= 0) ev += "; nothing to compare with";
  return MakeCheck("latency-p99", passed, ev, now.step);
}

}  // namespace kf::agent
