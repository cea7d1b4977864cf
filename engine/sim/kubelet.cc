#include "engine/sim/kubelet.h"

#include <algorithm>

#include "engine/core/duration.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

std::string Seconds(DurationMs d) {
  std::string s = StrFormat("%.3f", static_cast<double>(d) / 1000.0);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "s";
}

std::string ImageBase(const std::string& image) {
  std::string s = image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
  return s.substr(0, s.find_first_of(":@"));
}

std::string InternalIp(const Json& node, size_t index) {
  const Json* addrs = JsonAtPath(node, "status.addresses");
  if (addrs != nullptr && addrs->is_array()) {
    for (const Json& a : *addrs) {
      if (JsonString(a, "type") == "InternalIP") return JsonString(a, "address");
    }
  }
  return "10.0.1." + std::to_string(10 + index);
}

// What the container runtime reports as imageID: the repository and the
// image's digest (here a hash of its name).
std::string ImageId(const std::string& image) {
  return image.substr(0, image.rfind(':')) + "@sha256:" + Sha256Hex(image);
}

}  // namespace

PodRuntime* Kubelet::Lookup(const std::string& key) {
  auto it = pods_.find(key);
  return it == pods_.end() || it->second.deleted ? nullptr : &it->second;
}

const PodRuntime* Kubelet::Find(const std::string& ns, const std::string& name) const {
  auto it = pods_.find(KeyOf(ns, name));
  return it == pods_.end() ? nullptr : &it->second;
}

void Kubelet::Admit(const Json& pod) {
  const std::string key = KeyOf(pod);
  if (pods_.count(key) || w_->KubeletStopped(StrAt(pod, "spec.nodeName"))) return;
  PodRuntime p;
  p.ns = NamespaceOf(pod);
  p.name = NameOf(pod);
  p.uid = UidOf(pod);
  p.node = StrAt(pod, "spec.nodeName");
  p.restart_policy = StrAt(pod, "spec.restartPolicy", "Always");
  p.admitted_at = w_->clock.Now();
  // The node's index in the store's (namespace, name) order numbers its
  // pod subnet; found by binary search (List keeps that order).
  auto nodes = w_->store.List("Node");
  auto node_it = std::partition_point(nodes.begin(), nodes.end(), [&](const Json* n) {
    return NamespaceOf(*n).empty() && NameOf(*n) < p.node;  // (ns, name) < ("", p.node)
  });
  size_t index = 0;
  if (node_it != nodes.end() && NamespaceOf(**node_it).empty() && NameOf(**node_it) == p.node) {
    index = static_cast<size_t>(node_it - nodes.begin());
    p.host_ip = InternalIp(**node_it, index);
  }
  int& octet = next_ip_[p.node];
  octet = octet >= 254 || octet < 2 ? 2 : octet + 1;
  p.pod_ip = "10.244." + std::to_string(index) + "." + std::to_string(octet);

  // Per-pod variation: pinned by the scenario, else drawn from the seed.
  Rng var_rng = w_->Stream("variation/" + key);
  const double z_mem = var_rng.Normal(0, 1), z_cpu = var_rng.Normal(0, 1);
  auto pin = w_->scenario.pins.pods.find(key);
  const Json* cs = JsonAtPath(pod, "spec.containers");
  for (const Json& spec : cs != nullptr ? *cs : EmptyJsonArray()) {
    ContainerRuntime c;
    c.name = JsonString(spec, "name");
    c.image = JsonString(spec, "image");
    c.image_id = ImageId(c.image);
    c.profile = w_->scenario.FindWorkload(c.image);
    const Json* res = JsonAtPath(spec, "resources");
    if (res != nullptr) {
      c.memory_limit = MemoryBytes(*res, "limits");
      c.memory_request = MemoryBytes(*res, "requests");
      c.cpu_limit = CpuMilli(*res, "limits");
      c.cpu_request = CpuMilli(*res, "requests");
    }
    if (c.profile != nullptr && spec.contains("readinessProbe")) {
      c.ready_delay = std::max<DurationMs>(
          c.profile->ready_after, IntAt(spec, "readinessProbe.initialDelaySeconds") * 1000);
    }
    c.spec = spec;
    c.readiness = ParseProbe(spec, "readinessProbe");
    c.liveness = ParseProbe(spec, "livenessProbe");
    c.current.model.profile = c.profile;
    if (c.profile != nullptr) {
      if (pin != w_->scenario.pins.pods.end()) {
        c.current.model.memory_offset = pin->second.memory_offset;
        c.current.model.cpu_offset = pin->second.cpu_offset;
      } else {
        c.current.model.memory_offset =
            static_cast<int64_t>(z_mem * static_cast<double>(c.profile->memory.spread));
        c.current.model.cpu_offset = z_cpu * c.profile->cpu.spread;
      }
    }
    p.containers.push_back(std::move(c));
  }
  const Json* inits = JsonAtPath(pod, "spec.initContainers");
  for (const Json& spec : inits != nullptr && inits->is_array() ? *inits : EmptyJsonArray()) {
    ContainerRuntime c;
    c.name = JsonString(spec, "name");
    c.image = JsonString(spec, "image");
    c.image_id = ImageId(c.image);
    c.profile = w_->scenario.FindWorkload(c.image);
    c.spec = spec;
    c.current.model.profile = c.profile;
    p.inits.push_back(std::move(c));
  }
  if (!p.inits.empty()) {
    for (ContainerRuntime& c : p.containers) c.waiting_reason = "PodInitializing";
  }
  PodRuntime& stored = pods_[key] = std::move(p);
  ++pods_version_;
  WriteStatus(stored);
  if (!stored.Initialized()) {
    StartInit(stored, 0);
    return;
  }
  for (size_t i = 0; i < stored.containers.size(); ++i) StartPull(stored, i);
}

void Kubelet::Forget(const std::string& ns, const std::string& name) {
  PodRuntime* p = Lookup(KeyOf(ns, name));
  if (p == nullptr) return;
  for (ContainerRuntime& c : p->containers) {
    ++c.epoch;
    if (c.state == State::kRunning) {
      Event(*p, &c, "Normal", "Killing", "Stopping container " + c.name);
      c.current.finished_at = w_->clock.Now();
    }
    c.state = State::kStopped;
    c.ready = false;
  }
  p->deleted = true;
  if (pods_.erase(KeyOf(ns, name)) > 0) ++pods_version_;
}

void Kubelet::Tick() {
  const UnixMillis now = w_->clock.Now();
  // Reading every working set is the cost of a tick; a ceiling on them
  // (workload_model.h) tells when none can be over its limit yet.
  if (oom_horizon_.pods_version == pods_version_ && oom_horizon_.runs_version == runs_version_ &&
      now < oom_horizon_.safe_until) {
    return;
  }
  const uint64_t pods_version = pods_version_, runs_version = runs_version_;
  UnixMillis safe_until = kNever;
  for (auto& [key, p] : pods_) {
    for (size_t i = 0; i < p.containers.size(); ++i) {
      ContainerRuntime& c = p.containers[i];
      if (c.state != State::kRunning || c.memory_limit <= 0) continue;
      int64_t ws = MemoryAt(c.current.model, now);
      if (ws > c.memory_limit) {
        OomEventOnNode(p, c, ws);
        Terminate(p, i, "OOMKilled", 137);
        continue;
      }
      safe_until = std::min(safe_until, MemoryMayExceedFrom(c.current.model, c.memory_limit));
    }
  }
  // Terminations stop containers; only starts and new pods move the horizon.
  if (pods_version == pods_version_ && runs_version == runs_version_) {
    oom_horizon_ = OomHorizon{pods_version, runs_version, safe_until};
  }
}

void Kubelet::After(UnixMillis t, PodRuntime& p, size_t c,
                    void (Kubelet::*fn)(PodRuntime&, size_t)) {
  const std::string key = KeyOf(p.ns, p.name);
  const uint64_t epoch = p.containers[c].epoch;
  w_->clock.Schedule(t, [this, key, c, epoch, fn] {
    PodRuntime* pod = Lookup(key);
    if (pod == nullptr || pod->containers[c].epoch != epoch) return;
    (this->*fn)(*pod, c);
  });
}

void Kubelet::StartPull(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  ++c.epoch;
  c.state = State::kPulling;
  if (c.profile != nullptr && NodeHasImage(p.node, c.image)) {
    Event(p, &c, "Normal", "Pulled",
          "Container image \"" + c.image + "\" already present on machine");
    StartContainer(p, i);
    return;
  }
  Event(p, &c, "Normal", "Pulling", "Pulling image \"" + c.image + "\"");
  if (c.profile != nullptr) {
    After(w_->clock.Now() + c.profile->pull, p, i, &Kubelet::FinishPull);
  } else {
    After(w_->clock.Now() + 800, p, i, &Kubelet::FailPull);
  }
}

void Kubelet::FinishPull(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  AddNodeImage(p.node, *c.profile);
  Event(p, &c, "Normal", "Pulled",
        "Successfully pulled image \"" + c.image + "\" in " + Seconds(c.profile->pull) + " (" +
            Seconds(c.profile->pull) + " including waiting). Image size: " +
            std::to_string(c.profile->size_bytes) + " bytes.");
  StartContainer(p, i);
}

void Kubelet::FailPull(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  const KubeletSettings& k = w_->scenario.kubelet;
  ++c.epoch;
  const std::string detail = "rpc error: code = NotFound desc = failed to pull and unpack image \"" +
                             c.image + "\": failed to resolve reference \"" + c.image + "\": " +
                             c.image + ": not found";
  Event(p, &c, "Warning", "Failed", "Failed to pull image \"" + c.image + "\": " + detail);
  Event(p, &c, "Warning", "Failed", "Error: ErrImagePull");
  c.state = State::kPullBackOff;
  c.waiting_reason = "ErrImagePull";
  c.waiting_message = detail;
  c.pull_backoff = c.pull_backoff == 0 ? k.backoff_initial
                                       : std::min(2 * c.pull_backoff, k.backoff_max);
  c.backoff_until = w_->clock.Now() + c.pull_backoff;
  WriteStatus(p);
  const std::string key = KeyOf(p.ns, p.name);
  const uint64_t epoch = c.epoch;
  // The next sync finds the pull in back-off; retries follow the back-off.
  for (UnixMillis t = w_->clock.Now() + 1000; t < c.backoff_until; t += k.backoff_resync) {
    w_->clock.Schedule(t, [this, key, i, epoch] {
      PodRuntime* pod = Lookup(key);
      if (pod == nullptr || pod->containers[i].epoch != epoch) return;
      ContainerRuntime& cc = pod->containers[i];
      cc.waiting_reason = "ImagePullBackOff";
      cc.waiting_message = "Back-off pulling image \"" + cc.image + "\"";
      Event(*pod, &cc, "Normal", "BackOff", cc.waiting_message);
      Event(*pod, &cc, "Warning", "Failed", "Error: ImagePullBackOff");
      WriteStatus(*pod);
    });
  }
  After(c.backoff_until, p, i, &Kubelet::StartPull);
}

void Kubelet::StartContainer(PodRuntime& p, size_t i) {
  if (BlockedByConfig(p, i)) return;
  ContainerRuntime& c = p.containers[i];
  const UnixMillis now = w_->clock.Now();
  ++c.epoch;
  if (c.current.index >= 0) c.last = c.current;
  InstanceRecord next;
  next.index = c.current.index + 1;
  next.container_id = "containerd://" + RandomHex(w_->runtime_rng, 64);
  next.started_at = now;
  next.model = c.current.model;
  next.model.started_at = now;
  next.model.noise_key = Mix64(Mix64(w_->seed, HashString(KeyOf(p.ns, p.name) + "/" + c.name)),
                               static_cast<uint64_t>(next.index));
  c.current = next;
  c.state = State::kRunning;
  ++runs_version_;
  c.waiting_reason.clear();
  c.waiting_message.clear();
  const bool probe_loop = ReadinessNeedsProbeLoop(c);
  c.ready = c.ready_delay == 0 && !probe_loop;
  Event(p, &c, "Normal", "Created", "Created container " + c.name);
  Event(p, &c, "Normal", "Started", "Started container " + c.name);
  WriteStatus(p);
  if (c.ready_delay > 0 && !probe_loop) After(now + c.ready_delay, p, i, &Kubelet::MarkReady);
  StartProbes(p, i);
  if (c.profile->exit.after > 0) {
    const std::string key = KeyOf(p.ns, p.name);
    const uint64_t epoch = c.epoch;
    const int code = c.profile->exit.code;
    w_->clock.Schedule(now + c.profile->exit.after, [this, key, i, epoch, code] {
      PodRuntime* pod = Lookup(key);
      if (pod == nullptr || pod->containers[i].epoch != epoch) return;
      Terminate(*pod, i, code == 0 ? "Completed" : "Error", code);
    });
  }
}

void Kubelet::MarkReady(PodRuntime& p, size_t i) {
  p.containers[i].ready = true;
  WriteStatus(p);
}

void Kubelet::Terminate(PodRuntime& p, size_t i, const std::string& reason, int exit_code) {
  ContainerRuntime& c = p.containers[i];
  ++c.epoch;
  ++c.kills;
  c.current.finished_at = w_->clock.Now();
  c.current.reason = reason;
  c.current.exit_code = exit_code;
  c.ready = false;
  if (reason == "OOMKilled") {
    Event(p, &c, "Warning", "OOMKilled", "Container " + c.name + " exceeded memory limit");
  }
  const bool restart = p.restart_policy == "Always" ||
                       (p.restart_policy == "OnFailure" && exit_code != 0);
  if (restart) {
    EnterBackOff(p, i);
    return;
  }
  c.state = State::kTerminated;
  WriteStatus(p);
}

void Kubelet::EnterBackOff(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  const KubeletSettings& k = w_->scenario.kubelet;
  const UnixMillis now = w_->clock.Now();
  const DurationMs ran = c.current.finished_at - c.current.started_at;
  if (c.backoff > 0 && ran >= 2 * k.backoff_max) c.backoff = 0;
  c.backoff = c.backoff == 0 ? k.backoff_initial : std::min(2 * c.backoff, k.backoff_max);
  c.backoff_until = now + c.backoff;
  c.state = State::kBackOff;
  c.waiting_reason = "CrashLoopBackOff";
  c.waiting_message = "back-off " + FormatDuration(c.backoff) + " restarting failed container=" +
                      c.name + " pod=" + p.name + "_" + p.ns + "(" + p.uid + ")";
  WriteStatus(p);
  BackOffResync(KeyOf(p.ns, p.name), i, c.epoch);
  const std::string key = KeyOf(p.ns, p.name);
  const uint64_t epoch = c.epoch;
  w_->clock.Schedule(c.backoff_until, [this, key, i, epoch] { Restart(key, i, epoch); });
}

void Kubelet::BackOffResync(const std::string& key, size_t i, uint64_t epoch) {
  PodRuntime* p = Lookup(key);
  if (p == nullptr || p->containers[i].epoch != epoch) return;
  ContainerRuntime& c = p->containers[i];
  const UnixMillis now = w_->clock.Now();
  if (now >= c.backoff_until) return;
  Event(*p, &c, "Warning", "BackOff",
        "Back-off restarting failed container " + c.name + " in pod " + p->name + "_" + p->ns +
            "(" + p->uid + ")");
  const UnixMillis next = now + w_->scenario.kubelet.backoff_resync;
  if (next < c.backoff_until) {
    w_->clock.Schedule(next, [this, key, i, epoch] { BackOffResync(key, i, epoch); });
  }
}

void Kubelet::Restart(const std::string& key, size_t i, uint64_t epoch) {
  PodRuntime* p = Lookup(key);
  if (p == nullptr || p->containers[i].epoch != epoch) return;
  ContainerRuntime& c = p->containers[i];
  ++c.restart_count;
  Event(*p, &c, "Normal", "Pulled", "Container image \"" + c.image + "\" already present on machine");
  StartContainer(*p, i);
}

void Kubelet::Event(const PodRuntime& p, const ContainerRuntime* c, const std::string& type,
                    const std::string& reason, const std::string& message) {
  if (w_->KubeletStopped(p.node)) return;  // a stopped kubelet reports nothing
  const std::string field = c != nullptr ? "spec.containers{" + c->name + "}" : "";
  const Json* stored = w_->store.Get("Pod", p.ns, p.name);
  if (stored != nullptr && UidOf(*stored) == p.uid) {
    // The recorder reads only kind/apiVersion/metadata; the pod stays put
    // while it writes the Event (another bucket of the store).
    w_->events.Record(*stored, type, reason, message, EventSource{"kubelet", p.node}, field);
    return;
  }
  const Json stub = {{"apiVersion", "v1"},
                     {"kind", "Pod"},
                     {"metadata", {{"name", p.name}, {"namespace", p.ns}, {"uid", p.uid}}}};
  w_->events.Record(stub, type, reason, message, EventSource{"kubelet", p.node}, field);
}

void Kubelet::OomEventOnNode(const PodRuntime& p, const ContainerRuntime& c, int64_t working_set) {
  const Json* node = w_->store.Get("Node", "", p.node);
  if (node == nullptr) return;
  const int64_t capacity = MemoryBytes(*node, "status.capacity") > 0
                               ? MemoryBytes(*node, "status.capacity")
                               : int64_t{16} << 30;
  int64_t adj = 1000;
  if (c.memory_request > 0) {
    adj = std::clamp<int64_t>(1000 - (1000 * c.memory_request) / capacity, 2, 999);
  }
  if (c.memory_limit > 0 && c.memory_limit == c.memory_request) adj = -997;
  const int64_t pid = w_->runtime_rng.UniformInt(2000, 60000);
  const int64_t rss_kb = working_set / 1024;
  w_->events.Record(*node, "Warning", "OOMKilling",
                    StrFormat("Memory cgroup out of memory: Killed process %lld (%s) "
                              "total-vm:%lldkB, anon-rss:%lldkB, file-rss:0kB, shmem-rss:0kB, "
                              "UID:1000 pgtables:%lldkB oom_score_adj:%lld",
                              static_cast<long long>(pid), ImageBase(c.image).c_str(),
                              static_cast<long long>(rss_kb * 7), static_cast<long long>(rss_kb),
                              static_cast<long long>(rss_kb / 256), static_cast<long long>(adj)),
                    EventSource{"kernel-monitor", p.node});
}

bool Kubelet::NodeHasImage(const std::string& node_name, const std::string& image) const {
  const Json* node = w_->store.Get("Node", "", node_name);
  const Json* images = node != nullptr ? JsonAtPath(*node, "status.images") : nullptr;
  if (images == nullptr || !images->is_array()) return false;
  for (const Json& im : *images) {
    const Json* names = JsonAtPath(im, "names");
    if (names == nullptr || !names->is_array()) continue;
    for (const Json& n : *names) {
      if (n.is_string() && n.get<std::string>() == image) return true;
    }
  }
  return false;
}

void Kubelet::AddNodeImage(const std::string& node_name, const WorkloadProfile& profile) {
  const Json* node = w_->store.Get("Node", "", node_name);
  if (node == nullptr || NodeHasImage(node_name, profile.image)) return;
  (void)w_->store.Mutate("Node", "", node_name, [&profile](Json& n) {
    n["status"]["images"].push_back(
        {{"names", {ImageId(profile.image), profile.image}}, {"sizeBytes", profile.size_bytes}});
    return true;
  });
}

void Kubelet::WriteStatus(PodRuntime& p) {
  if (w_->KubeletStopped(p.node)) return;  // the API server keeps the last status
  const Json* stored = w_->store.Get("Pod", p.ns, p.name);
  if (stored == nullptr || UidOf(*stored) != p.uid) return;
  bool all_ready = !p.containers.empty();
  for (const ContainerRuntime& c : p.containers) all_ready = all_ready && c.ready;
  if (all_ready != p.ready || p.ready_changed_at == 0) {
    p.ready = all_ready;
    p.ready_changed_at = w_->clock.Now();
  }
  const Json* old_status = JsonAtPath(*stored, "status");
  Json status = BuildPodStatus(p, old_status != nullptr ? *old_status : EmptyJsonObject(),
                               w_->clock.Now());
  if (old_status != nullptr && *old_status == status) return;
  (void)w_->store.ReplaceStatus("Pod", p.ns, p.name, std::move(status));
}

}  // namespace kf::sim
