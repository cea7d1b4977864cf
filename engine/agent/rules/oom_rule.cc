// OOM: containers killed for exceeding their memory limit. Remedy: double
// the limit and scale the request by the same factor (keeping the
// limit-to-request ratio); alternative: roll back to the last revision with a
// different image.
#include <algorithm>
#include <cmath>

#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

bool IsOomEvent(const Json& e) {
  std::string reason = JsonString(e, "reason");
  std::string msg = ToLower(JsonString(e, "message"));
  return reason == "OOMKilled" || reason == "OOMKilling" ||
         msg.find("exceeded memory limit") != std::string::npos ||
         msg.find("out of memory") != std::string::npos;
}

std::string RatioText(int64_t limit, int64_t request) {
  if (request > 0 && limit % request == 0) {
    return StrFormat("a %lld:1 limit-to-request ratio", static_cast<long long>(limit / request));
  }
  return "the same limit-to-request ratio";
}

// "93–98%" (or "95%") of `limit` over the running pods' usage.
std::string PercentRange(int64_t lo, int64_t hi, int64_t limit) {
  long a = std::lround(100.0 * static_cast<double>(lo) / static_cast<double>(limit));
  long b = std::lround(100.0 * static_cast<double>(hi) / static_cast<double>(limit));
  return a == b ? StrFormat("%ld%%", a) : StrFormat("%ld–%ld%%", a, b);
}

// What changed with the current revision, from its change cause:
// "v2.14.0 - added X" → "Deployment v2.14.0 (added X)".
std::string ChangeSubject(const Facts& f) {
  const Revision* cur = FindRevision(f, f.current_revision);
  std::string name = f.workload ? f.workload->name : "the workload";
  if (!cur) return "Deployment " + name;
  std::string version = VersionOf(*cur);
  std::string detail = cur->change_cause;
  if (StartsWith(detail, version)) detail = Trim(detail.substr(version.size()));
  if (StartsWith(detail, "-") || StartsWith(detail, ":")) detail = Trim(detail.substr(1));
  std::string subject = "Deployment " + name + " " + version;
  if (!detail.empty()) subject += " (revision " + std::to_string(cur->revision) + ": " + detail + ")";
  return subject;
}

}  // namespace

std::optional<Finding> OomRule(const Facts& f) {
  if (!f.workload || !f.deployment.seen() || !f.pods.seen()) return std::nullopt;
  const PodFact* oom_pod = nullptr;
  int oom_pods = 0;
  for (const PodFact& p : f.pods.value) {
    if (p.last_terminated_reason == "OOMKilled" || p.status == "OOMKilled") {
      ++oom_pods;
      if (!oom_pod || p.name == f.failing_pod) oom_pod = &p;
    }
  }
  int event_step = 0;
  const Json* event = FindEvent(f, IsOomEvent, &event_step);
  if (!oom_pod && !event) return std::nullopt;

  int index = 0;
  const Json* container = FindContainer(f.deployment.value(), oom_pod ? oom_pod->container : "", &index);
  if (!container) return std::nullopt;
  const int64_t limit = MemoryAt(*container, "resources.limits.memory");
  const int64_t request = MemoryAt(*container, "resources.requests.memory");
  if (limit <= 0) return std::nullopt;  // no limit: not a limit OOM
  const int64_t new_limit = limit * 2;
  const int64_t new_request = request > 0 ? request * 2 : 0;
  const std::string cname = JsonString(*container, "name");

  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  const int crash = CountStatus(f, {"CrashLoopBackOff", "OOMKilled"});
  std::string pods_line = PodsPhrase(crash, total, "in CrashLoopBackOff");
  if (oom_pods > crash) pods_line += StrFormat("; %d were OOMKilled", oom_pods);
  out.evidence.push_back({f.pods.step, pods_line});
  if (event) {
    out.evidence.push_back({event_step, EventLine(*event)});
  } else {
    out.evidence.push_back({f.pods.step, "pod " + oom_pod->name + " last terminated: OOMKilled (exit code 137)"});
  }
  std::string res = "memory limit " + FormatMemory(limit);
  if (request > 0) res += ", request " + FormatMemory(request);
  out.evidence.push_back({f.deployment.step, "container " + cname + ": " + res});

  // Usage of the pods still running, against the limit.
  int64_t lo = 0, hi = 0;
  for (const PodUsage& u : f.usage.value) {
    if (u.memory_bytes <= 0) continue;
    lo = lo == 0 ? u.memory_bytes : std::min(lo, u.memory_bytes);
    hi = std::max(hi, u.memory_bytes);
  }
  std::string pct;
  if (hi > 0) {
    pct = PercentRange(lo, hi, limit);
    out.evidence.push_back({f.usage.step, "running pods use " + FormatMemoryTop(lo) + "–" +
                                              FormatMemoryTop(hi) + " (" + pct + " of the " +
                                              FormatMemory(limit) + " limit)"});
  }
  const Revision* cur = FindRevision(f, f.current_revision);
  if (cur && f.history.seen()) {
    std::string h = StrFormat("current revision %d: %s", cur->revision,
                              cur->change_cause.empty() ? VersionOf(*cur).c_str() : cur->change_cause.c_str());
    if (const Revision* prev = RollbackTarget(f)) {
      h += StrFormat("; previous: revision %d (%s)", prev->revision,
                     prev->change_cause.empty() ? VersionOf(*prev).c_str() : prev->change_cause.c_str());
    }
    out.evidence.push_back({f.history.step, h});
  }
  AddLatencyEvidence(f, &out.evidence);

  out.root_cause.category = "oom";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = ChangeSubject(f) + " increases memory consumption beyond the current " +
                           FormatMemory(limit) + " limit.";
  if (!pct.empty()) {
    out.root_cause.summary += " Pods are running at " + pct +
                              " of the memory limit under normal load, with spikes causing OOMKill.";
  }
  out.impact = PodsPhrase(crash, total, "in CrashLoopBackOff") + ".";
  if (hi > 0 && hi * 100 >= limit * 85) {
    out.impact += " Remaining pods are operating near their memory limit";
    std::string lat = LatencyPhrase(f);
    out.impact += lat.empty() ? "." : ", causing garbage collection pressure and increased latency (" + lat + ").";
  }

  Option raise;
  Json resources{{"limits", {{"memory", FormatMemory(new_limit)}}}};
  raise.title = "Increase memory limit from " + FormatMemory(limit) + " to " + FormatMemory(new_limit);
  if (new_request > 0) {
    resources["requests"] = {{"memory", FormatMemory(new_request)}};
    raise.title += " and memory request from " + FormatMemory(request) + " to " + FormatMemory(new_request);
  }
  raise.call = calls::PatchResource("deployment", f.workload->ns, f.workload->name,
                                    ContainerPatch(cname, Json{{"resources", resources}}));
  raise.rationale = "This provides headroom for the new memory demand";
  if (new_request > 0) raise.rationale += " while maintaining " + RatioText(limit, request);
  raise.rationale += ".";
  out.options.push_back(raise);
  std::string cur_version = cur ? VersionOf(*cur) : "the current version";
  if (auto rb = RollbackOption(f, "Restores service immediately; then address resource limits before redeploying " +
                                      cur_version + ".")) {
    if (!(rb->call == raise.call)) out.options.push_back(*rb);
  }
  out.follow_up = "Update " + ChartOrManifest(f) +
                  " to reflect the new memory requirements before the next release.";
  return out;
}

}  // namespace kf::agent::rules
