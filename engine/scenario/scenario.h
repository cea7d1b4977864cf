// A scenario: one incident as a text fixture (scenarios/*.yaml). It holds
// the initial cluster as ordinary Kubernetes manifests, the history played
// before the alert, the workload models of the images, pins that make the
// fixture's names and per-pod variation exact, and the expectations used for
// scoring. The format is documented in docs/scenario-format.md.
//
// This header is plain data plus the loader; it does not depend on the
// simulator (engine/sim consumes it). Times are absolute UnixMillis; offsets
// in the file ("-19m") are resolved against alert_time when loading.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

// One manifest with the line it starts on (for messages).
struct ScenarioObject {
  Json manifest;
  int line = 0;
};

// One step of the history before the alert, or of a scripted event after it.
struct HistoryAction {
  enum class Type { kApply, kPatch, kScale, kDelete, kRolloutUndo, kStopKubelet };
  Type type = Type::kApply;
  UnixMillis at = 0;  // absolute
  // kApply: the manifest (created, or replaced when it exists).
  Json manifest;
  // kPatch, kScale, kDelete, kRolloutUndo: the target. kStopKubelet: the
  // node whose kubelet stops (name).
  std::string kind;
  std::string ns;
  std::string name;
  // kPatch: "strategic" (default), "merge" or "json".
  std::string patch_type = "strategic";
  Json patch;
  // kScale: replicas. kRolloutUndo: revision (0 = the previous one).
  int64_t replicas = 0;
  int64_t to_revision = 0;
  int line = 0;
};

// Memory working set of one container instance (bytes), as a function of its
// age a:
//   startup + (baseline - startup) * min(1, a / warmup)
//   + growth_per_hour * a/1h
//   + spike.size while a batch spike is running
//   + the pod's memory_offset + noise (normal, stddev `noise`).
// A pod's memory_offset is pinned (ScenarioPins::pods) or drawn once per pod
// from a normal distribution with stddev `spread`.
// Above the container's memory limit the kernel OOM-kills it.
struct SpikeProfile {
  int64_t size = 0;           // bytes added while a spike runs; 0 = none
  DurationMs every = 0;       // period between spike starts
  DurationMs first_after = 0; // age of the first spike (default: every)
  DurationMs duration = 0;    // how long a spike lasts
};

struct MemoryProfile {
  int64_t startup = 0;
  int64_t baseline = 0;
  DurationMs warmup = 0;
  double growth_per_hour = 0;  // bytes per hour (leaks)
  int64_t noise = 0;           // stddev, bytes
  int64_t spread = 0;          // stddev of the per-pod offset of unpinned pods
  SpikeProfile spike;
};

// CPU usage in millicores: idle + per_rps * (requests/s this pod serves)
// + gc * gc_pressure + the pod's cpu_offset + noise; capped at the limit
// (the excess shows as CFS throttling).
struct CpuProfile {
  double idle = 5;
  double per_rps = 0;
  double gc = 0;
  double noise = 0;
  double spread = 0;  // stddev of the per-pod offset of unpinned pods
};

// Request latency of one pod, a log-normal distribution given by its median
// and p99 at the service's nominal load (every replica ready), scaled for
// queueing by (1 - rho_nominal) / (1 - rho) with rho = pod rps / capacity_rps,
// plus gc_p99 * gc_pressure added to the p99. gc_pressure is
// ((working_set/limit - gc_threshold) / (1 - gc_threshold))^2, clamped to
// [0, 1]: a heap near its limit spends its time collecting.
struct LatencyProfile {
  double p50_ms = 20;
  double p99_ms = 100;
  double gc_p99_ms = 0;
  double gc_threshold = 0.85;
  double capacity_rps = 100;
  double error_ratio = 0.0005;  // share of requests answered 500
  // The per-pod rate at which p50/p99 hold; 0 = the service's rate shared by
  // every selected pod (then only missing replicas raise latency, not growth
  // of the traffic itself).
  double nominal_rps = 0;
};

// Log lines. Each template may use {pod}, {container}, {image}, {version},
// {memory_mi}, {limit_mi}, {memory_pct}, {rps}, {n}, and {env.NAME} (the
// literal value of the container's env var NAME).
struct LogProfile {
  std::vector<std::string> startup;  // at start
  DurationMs every = 0;              // periodic lines, 0 = none
  std::vector<std::string> periodic; // cycled
  std::string spike;                 // when a batch spike starts
  std::string pressure;              // periodic line while memory > 90% of limit
  std::vector<std::string> exit;     // before a non-OOM exit
  bool timestamps = true;            // prefix each line with the app's own timestamp
};

// A container that exits by itself `after` its start (0 = never).
struct ExitProfile {
  DurationMs after = 0;
  int code = 1;
};

struct WorkloadProfile {
  std::string image;
  int line = 0;
  DurationMs pull = 3000;       // pull time when the node lacks the image
  int64_t size_bytes = 150 << 20;
  DurationMs ready_after = 0;   // app readiness after start (with a probe)
  MemoryProfile memory;
  CpuProfile cpu;
  LatencyProfile latency;
  LogProfile logs;
  ExitProfile exit;
  // Init containers: the name of the container env var (a literal `value`)
  // that names a Service of the pod's namespace; the container runs until
  // that Service exists with a ready endpoint address, then exits 0
  // (init_containers.cc). Empty: an init container exits 0 after `exit.after`
  // (or at once).
  std::string wait_for_service_env;
};

// A change of a Service's request rate: from `at` on, the rate moves
// linearly from the rate before it to `rps` over `over` (0 = a step).
struct RateChange {
  UnixMillis at = 0;  // absolute
  double rps = 0;
  DurationMs over = 0;
};

// Request traffic a Service receives; its ready endpoints share it. The
// rate is `rps` until the first change (engine/sim/traffic_model.h).
struct TrafficProfile {
  std::string service;
  std::string ns;
  double rps = 0;
  std::vector<RateChange> changes;  // sorted by `at`
  std::vector<double> buckets;  // histogram upper bounds, seconds
  int line = 0;
};

// Per-pod variation the fixture fixes (otherwise drawn from the seed).
struct PodVariation {
  int64_t memory_offset = 0;  // bytes
  double cpu_offset = 0;      // millicores
};

struct ScenarioPins {
  // "namespace/deployment" → pod-template-hashes for the ReplicaSets the
  // controller creates for it, in creation order (then computed).
  std::map<std::string, std::vector<std::string>> replicaset_hashes;
  // "namespace/replicaset" → pod name suffixes, in creation order (then RNG).
  std::map<std::string, std::vector<std::string>> pod_suffixes;
  // "namespace/pod" → variation.
  std::map<std::string, PodVariation> pods;
};

// Kubelet settings of the simulated nodes.
struct KubeletSettings {
  DurationMs backoff_initial = 10000;
  DurationMs backoff_max = 300000;
  // While a container waits in back-off the kubelet retries the pod this
  // often, emitting a BackOff event each time.
  DurationMs backoff_resync = 10000;
  // How often memory is checked against limits (OOM granularity).
  DurationMs tick = 5000;
};

// What the incident is, for scoring (engine/eval). Free-form parameters stay
// JSON; the loader checks the fields documented in docs/scenario-format.md.
struct RootCause {
  std::string category;  // "oom", "bad-image", "probe", ...
  std::string kind;      // "Deployment"
  std::string ns;
  std::string name;
  std::string container;
  std::string summary;
  std::vector<std::string> keywords;  // evidence words a diagnosis should mention
};

struct AcceptableFix {
  std::string id;
  // "patch", "rollout_undo", "scale", "set_image", "rollout_restart", "delete".
  std::string action;
  std::string kind;
  std::string ns;
  std::string name;
  // Conditions on the object after the fix: [{path, min|max|equals}].
  Json require = Json::array();
  int64_t to_revision = 0;  // rollout_undo; 0 = any
  std::string description;
  int line = 0;
};

struct SuccessCondition {
  // "rollout_complete", "pods_ready", "no_restarts", "no_oom_kills",
  // "memory_utilisation_below", "promql".
  std::string type;
  Json params = Json::object();  // the other keys of the entry
  int line = 0;
};

struct ForbiddenAction {
  std::string action;  // "delete", "scale", "patch", ... or "*"
  std::string kind;    // "" = any
  std::string ns;      // "" = any
  std::string name;    // "" = any
  Json params = Json::object();  // e.g. {"replicas": 0}
  std::string reason;
  int line = 0;
};

struct Expectations {
  RootCause root_cause;
  std::vector<AcceptableFix> acceptable_fixes;
  std::vector<SuccessCondition> success_conditions;
  std::vector<ForbiddenAction> forbidden_actions;
  DurationMs verify_within = 10 * 60 * 1000;  // virtual time allowed after a fix
};

struct Scenario {
  std::string path;  // where it was loaded from ("" when built in code)
  std::string name;
  std::string title;
  std::vector<std::string> tags;
  std::string prompt;
  uint64_t seed = 1;
  UnixMillis alert_time = 0;  // T0
  UnixMillis start_time = 0;  // when the simulation begins (<= every history action)
  KubeletSettings kubelet;
  std::vector<ScenarioObject> objects;   // applied at start_time
  std::vector<HistoryAction> history;    // sorted by `at` (stable)
  std::vector<WorkloadProfile> workloads;
  std::vector<TrafficProfile> traffic;
  ScenarioPins pins;
  Expectations expectations;

  // The profile of an image, or nullptr: images without one do not exist in
  // the registry (pulls fail with ErrImagePull).
  // (Inline: engine/sim uses this header without linking kf_scenario.)
  const WorkloadProfile* FindWorkload(const std::string& image) const {
    for (const WorkloadProfile& w : workloads) {
      if (w.image == image) return &w;
    }
    return nullptr;
  }
};

// Loads and validates a scenario. Errors are kInvalidArgument reading
// "FILE:LINE: FIELD.PATH: problem", e.g.
//   scenarios/x.yaml:14: history[1].at: invalid duration "20x"
// (YAML syntax errors come from ParseYaml: "FILE:LINE: yaml: ...").
Result<Scenario> LoadScenarioText(const std::string& text, const std::string& filename);
// Reads the file; a missing file is kNotFound "FILE: cannot read scenario".
Result<Scenario> LoadScenarioFile(const std::string& path);

}  // namespace kf
