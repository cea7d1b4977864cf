// The kubelets of every simulated node: image pulls (present, pulled, or
// missing → ErrImagePull/ImagePullBackOff), container create/start,
// readiness, OOM kills (working set above the memory limit → terminated
// OOMKilled, exit 137), exits, restarts with back-off (initial doubling to
// max; CrashLoopBackOff while waiting; restartCount counts restarts), and the
// pod status and events a kubelet writes. Internal to engine/sim.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/sim/probes.h"
#include "engine/sim/sim_world.h"
#include "engine/sim/workload_model.h"

namespace kf::sim {

// One start of a container.
struct InstanceRecord {
  int index = -1;  // -1: none
  std::string container_id;
  UnixMillis started_at = 0;
  UnixMillis finished_at = 0;  // 0 while running
  std::string reason;          // "OOMKilled", "Error", "Completed"
  int exit_code = 0;
  InstanceModel model;
};

struct ContainerRuntime {
  enum class State { kCreating, kPulling, kRunning, kBackOff, kPullBackOff, kTerminated, kStopped };
  std::string name;
  std::string image;
  std::string image_id;  // "<repository>@sha256:<digest of image>", the status's imageID once started
  const WorkloadProfile* profile = nullptr;  // nullptr: the image does not exist
  int64_t memory_limit = 0;    // bytes, 0 = none
  int64_t memory_request = 0;
  int64_t cpu_limit = 0;       // millicores, 0 = none
  int64_t cpu_request = 0;
  DurationMs ready_delay = 0;  // after start
  State state = State::kCreating;
  std::string waiting_reason = "ContainerCreating";
  std::string waiting_message;
  int restart_count = 0;
  bool ready = false;
  DurationMs backoff = 0;       // the current crash back-off
  DurationMs pull_backoff = 0;  // the current image-pull back-off
  UnixMillis backoff_until = 0;
  uint64_t epoch = 0;           // bumps on every transition; stale timers check it
  InstanceRecord current;       // the latest instance (running or dead)
  InstanceRecord last;          // the one before it (lastState), index -1 if none
  int kills = 0;                // terminations while running (errors in flight)
  Json spec;                    // the container's spec (probes, ports, env)
  ProbeSpec readiness, liveness;
  int probe_failures = 0, probe_successes = 0;  // consecutive, per probe kind
  int liveness_failures = 0;
};

struct PodRuntime {
  std::string ns;
  std::string name;
  std::string uid;
  std::string node;
  std::string host_ip;
  std::string pod_ip;
  std::string restart_policy = "Always";
  UnixMillis admitted_at = 0;
  UnixMillis ready_changed_at = 0;
  bool ready = false;
  bool deleted = false;
  // Set when the kubelet evicted the pod (node pressure): the status message.
  std::string evicted_message;
  std::vector<ContainerRuntime> containers;
  // spec.initContainers, run one at a time in order before `containers`
  // (init_containers.cc); inits_done of them have completed.
  std::vector<ContainerRuntime> inits;
  size_t inits_done = 0;
  bool Initialized() const { return inits_done >= inits.size(); }
};

class Kubelet {
 public:
  explicit Kubelet(SimWorld* world) : w_(world) {}

  // Starts running a pod newly bound to a node (no-op when already known).
  void Admit(const Json& pod);
  // The pod object was deleted: stops its containers ("Killing" events).
  void Forget(const std::string& ns, const std::string& name);
  // Checks every running container's working set against its limit.
  void Tick();
  // Node-pressure eviction (kubelet_eviction.cc): kills every container of
  // the pod at once (hard threshold: grace period 0, exit 137), reports the
  // pod Failed with reason Evicted and `message` (and the DisruptionTarget
  // condition), and records a Warning Evicted event. The pod object stays,
  // as real evicted pods do. No-op for unknown or already evicted pods.
  void Evict(const std::string& ns, const std::string& name, const std::string& message);

  const PodRuntime* Find(const std::string& ns, const std::string& name) const;
  const PodRuntime* FindKey(const std::string& ns_slash_name) const {
    auto it = pods_.find(ns_slash_name);
    return it == pods_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, PodRuntime>& pods() const { return pods_; }
  // Moves whenever a pod is added to or removed from pods(): a PodRuntime
  // pointer taken at one version stays valid while the version holds.
  uint64_t pods_version() const { return pods_version_; }
  // Moves whenever a container (not an init container) starts a new
  // instance: with pods_version(), what a ceiling on the working sets of
  // the running containers (MemoryCeilingOf) depends on.
  uint64_t runs_version() const { return runs_version_; }

 private:
  PodRuntime* Lookup(const std::string& key);
  void StartPull(PodRuntime& p, size_t c);
  void FinishPull(PodRuntime& p, size_t c);
  void FailPull(PodRuntime& p, size_t c);
  void StartContainer(PodRuntime& p, size_t c);
  void MarkReady(PodRuntime& p, size_t c);
  // Probes (probe_runner.cc): whether a readiness probe can never pass
  // (its port is not one the container serves), so the probe loop, not
  // ready_after, decides readiness; StartProbes starts the probe loops of a
  // freshly started container.
  bool ReadinessNeedsProbeLoop(const ContainerRuntime& c) const;
  void StartProbes(PodRuntime& p, size_t c);
  void ReadinessProbe(PodRuntime& p, size_t c);
  void LivenessProbe(PodRuntime& p, size_t c);
  bool AppAnswers(const PodRuntime& p, const ContainerRuntime& c, const ProbeSpec& probe) const;
  // Config references (container_config.cc): a container whose env or
  // envFrom names a missing ConfigMap/Secret or key cannot be created:
  // CreateContainerConfigError, event Failed "Error: ...", retried on every
  // sync. Returns true when it blocked the start.
  bool BlockedByConfig(PodRuntime& p, size_t c);
  // Init containers (init_containers.cc): StartInit pulls and starts init
  // container i; CheckInit polls its completion condition every 2s; once
  // the last completes, StartAppContainers starts the pod's containers.
  void StartInit(PodRuntime& p, size_t i);
  void RunInit(const std::string& key, size_t i, uint64_t epoch);
  void CheckInit(const std::string& key, size_t i, uint64_t epoch);
  bool InitDone(const PodRuntime& p, const ContainerRuntime& c) const;
  void StartAppContainers(PodRuntime& p);
  void InitEvent(const PodRuntime& p, const ContainerRuntime& c, const std::string& type,
                 const std::string& reason, const std::string& message);
  void Terminate(PodRuntime& p, size_t c, const std::string& reason, int exit_code);
  void EnterBackOff(PodRuntime& p, size_t c);
  void BackOffResync(const std::string& key, size_t c, uint64_t epoch);
  void Restart(const std::string& key, size_t c, uint64_t epoch);
  // Schedules fn(pod, container) at t unless the container moved on.
  void After(UnixMillis t, PodRuntime& p, size_t c, void (Kubelet::*fn)(PodRuntime&, size_t));

  void Event(const PodRuntime& p, const ContainerRuntime* c, const std::string& type,
             const std::string& reason, const std::string& message);
  void OomEventOnNode(const PodRuntime& p, const ContainerRuntime& c, int64_t working_set);
  bool NodeHasImage(const std::string& node, const std::string& image) const;
  void AddNodeImage(const std::string& node, const WorkloadProfile& profile);
  void WriteStatus(PodRuntime& p);

  SimWorld* w_;
  std::map<std::string, PodRuntime> pods_;  // by "ns/name"
  uint64_t pods_version_ = 0;
  uint64_t runs_version_ = 0;
  // Tick's skip: no running container can exceed its limit before
  // oom_safe_until_, while pods_version_/runs_version_ hold these values.
  struct OomHorizon {
    uint64_t pods_version = UINT64_MAX, runs_version = 0;
    UnixMillis safe_until = 0;
  } oom_horizon_;
  std::map<std::string, int> next_ip_;      // node → last host octet used
};

// The pod status a kubelet reports for p (phase, conditions, IPs,
// containerStatuses), given the pod's previous status (for transition
// times). Exposed for tests.
Json BuildPodStatus(const PodRuntime& p, const Json& old_status, UnixMillis now);

}  // namespace kf::sim
