// Init containers in the kubelet: spec.initContainers run one at a time, in
// order, before any app container is pulled or started; while they run the
// pod is Pending, Initialized=False (ContainersNotInitialized) and its app
// containers wait in PodInitializing (kubectl: STATUS "Init:i/N").
//
// What an init container does comes from its image's workload profile: with
// `wait_for_service_env: VAR` it waits for the Service its env var VAR names
// (literal value) in the pod's namespace, checking every 2s (a `sleep 2`
// loop), and exits 0 (reason Completed) once that Service exists with at
// least one ready endpoint address; otherwise it exits 0 after `exit.after`
// (at once when 0). Its logs are the profile's lines, like any container's.
// Events carry the fieldPath spec.initContainers{NAME}, as the kubelet's do.
#include "engine/core/strings.h"
#include "engine/sim/kubelet.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;
constexpr DurationMs kPoll = 2000;

std::string PullSeconds(DurationMs d) {
  std::string s = StrFormat("%.3f", static_cast<double>(d) / 1000.0);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "s";
}

// The literal value of env var `name` in a container spec; "" when absent.
std::string EnvValue(const Json& spec, const std::string& name) {
  const Json* env = JsonAtPath(spec, "env");
  if (env == nullptr || !env->is_array()) return "";
  for (const Json& e : *env) {
    if (JsonString(e, "name") == name) return JsonString(e, "value");
  }
  return "";
}

}  // namespace

void Kubelet::InitEvent(const PodRuntime& p, const ContainerRuntime& c, const std::string& type,
                        const std::string& reason, const std::string& message) {
  const Json* stored = w_->store.Get("Pod", p.ns, p.name);
  if (stored == nullptr || UidOf(*stored) != p.uid) return;
  w_->events.Record(*stored, type, reason, message, EventSource{"kubelet", p.node},
                    "spec.initContainers{" + c.name + "}");
}

void Kubelet::StartInit(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.inits[i];
  const uint64_t epoch = ++c.epoch;
  c.state = State::kPulling;
  c.waiting_reason = "PodInitializing";
  const std::string key = KeyOf(p.ns, p.name);
  if (NodeHasImage(p.node, c.image) || c.profile == nullptr) {
    InitEvent(p, c, "Normal", "Pulled", "Container image \"" + c.image + "\" already present on machine");
    RunInit(key, i, epoch);
    return;
  }
  InitEvent(p, c, "Normal", "Pulling", "Pulling image \"" + c.image + "\"");
  w_->clock.Schedule(w_->clock.Now() + c.profile->pull, [this, key, i, epoch] {
    PodRuntime* pod = Lookup(key);
    if (pod == nullptr || pod->inits[i].epoch != epoch) return;
    ContainerRuntime& cc = pod->inits[i];
    AddNodeImage(pod->node, *cc.profile);
    InitEvent(*pod, cc, "Normal", "Pulled",
              "Successfully pulled image \"" + cc.image + "\" in " + PullSeconds(cc.profile->pull) + " (" +
                  PullSeconds(cc.profile->pull) + " including waiting). Image size: " +
                  std::to_string(cc.profile->size_bytes) + " bytes.");
    RunInit(key, i, epoch);
  });
}

void Kubelet::RunInit(const std::string& key, size_t i, uint64_t epoch) {
  PodRuntime* p = Lookup(key);
  if (p == nullptr || p->inits[i].epoch != epoch) return;
  ContainerRuntime& c = p->inits[i];
  const UnixMillis now = w_->clock.Now();
  c.current.index = 0;
  c.current.container_id = "containerd://" + RandomHex(w_->runtime_rng, 64);
  c.current.started_at = now;
  c.current.model.started_at = now;
  c.state = State::kRunning;
  c.waiting_reason.clear();
  InitEvent(*p, c, "Normal", "Created", "Created container " + c.name);
  InitEvent(*p, c, "Normal", "Started", "Started container " + c.name);
  WriteStatus(*p);
  const bool waits = c.profile != nullptr && !c.profile->wait_for_service_env.empty();
  const DurationMs first = waits ? kPoll : (c.profile != nullptr ? c.profile->exit.after : 0);
  w_->clock.Schedule(now + first, [this, key, i, epoch] { CheckInit(key, i, epoch); });
}

bool Kubelet::InitDone(const PodRuntime& p, const ContainerRuntime& c) const {
  if (c.profile == nullptr || c.profile->wait_for_service_env.empty()) return true;
  const std::string service = EnvValue(c.spec, c.profile->wait_for_service_env);
  if (service.empty() || w_->store.Get("Service", p.ns, service) == nullptr) return false;
  const Json* ep = w_->store.Get("Endpoints", p.ns, service);
  const Json* subsets = ep != nullptr ? JsonAtPath(*ep, "subsets") : nullptr;
  for (const Json& s : subsets != nullptr && subsets->is_array() ? *subsets : EmptyJsonArray()) {
    const Json* addrs = JsonAtPath(s, "addresses");
    if (addrs != nullptr && addrs->is_array() && !addrs->empty()) return true;
  }
  return false;
}

void Kubelet::CheckInit(const std::string& key, size_t i, uint64_t epoch) {
  PodRuntime* p = Lookup(key);
  if (p == nullptr || p->inits[i].epoch != epoch) return;
  ContainerRuntime& c = p->inits[i];
  if (!InitDone(*p, c)) {
    w_->clock.Schedule(w_->clock.Now() + kPoll, [this, key, i, epoch] { CheckInit(key, i, epoch); });
    return;
  }
  ++c.epoch;
  c.current.finished_at = w_->clock.Now();
  c.current.reason = "Completed";
  c.current.exit_code = 0;
  c.state = State::kTerminated;
  c.ready = true;
  p->inits_done = i + 1;
  WriteStatus(*p);
  if (i + 1 < p->inits.size()) {
    StartInit(*p, i + 1);
  } else {
    StartAppContainers(*p);
  }
}

void Kubelet::StartAppContainers(PodRuntime& p) {
  for (ContainerRuntime& c : p.containers) c.waiting_reason = "ContainerCreating";
  WriteStatus(p);
  for (size_t i = 0; i < p.containers.size(); ++i) StartPull(p, i);
}

}  // namespace kf::sim
