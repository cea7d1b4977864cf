// The workload model: what a running container of an image does, as pure
// functions of its profile (engine/scenario/scenario.h), its age and the
// traffic it serves. The same mechanics produce every number the simulator
// reports (kubectl top, cAdvisor, latency histograms) before and after a
// fix; per-pod variation enters only through InstanceModel's offsets.
#pragma once

#include <cstdint>

#include "engine/core/clock.h"
#include "engine/scenario/scenario.h"

namespace kf::sim {

// One container instance (one start of a container).
struct InstanceModel {
  const WorkloadProfile* profile = nullptr;  // REQUIRES: non-null
  UnixMillis started_at = 0;
  uint64_t noise_key = 0;     // distinct per instance, derived from the seed
  int64_t memory_offset = 0;  // the pod's variation (bytes)
  double cpu_offset = 0;      // the pod's variation (millicores)
};

// A standard-normal draw that depends only on (key, t).
double NoiseAt(uint64_t key, UnixMillis t);

// Whether the periodic batch spike runs at this age.
bool SpikeRunning(const MemoryProfile& m, DurationMs age);
// Working set in bytes at t (>= started_at); never below 1Mi.
int64_t MemoryAt(const InstanceModel& inst, UnixMillis t);

// A ceiling on the instance's working set, linear in its age:
// MemoryAt(inst, t) <= at_start + per_ms * (t - started_at) for every
// t >= started_at, whatever the noise draws. Lets periodic checks skip
// containers that cannot have crossed a threshold yet.
struct MemoryCeiling {
  double at_start = 0;
  double per_ms = 0;  // >= 0
  double At(UnixMillis started_at, UnixMillis t) const {
    return at_start + per_ms * static_cast<double>(t > started_at ? t - started_at : 0);
  }
};
MemoryCeiling MemoryCeilingOf(const InstanceModel& inst);
// The first instant at which MemoryAt(inst, t) may exceed `bytes`:
// MemoryAt(inst, t) <= bytes for every t before it. kNever when no t.
inline constexpr UnixMillis kNever = INT64_MAX;
UnixMillis MemoryMayExceedFrom(const InstanceModel& inst, int64_t bytes);

// Heap pressure in [0,1] for working set / limit (0 without a limit).
double GcPressure(double fraction_of_limit, double threshold);
// CPU demand in millicores at t while serving pod_rps.
double CpuDemand(const InstanceModel& inst, UnixMillis t, double pod_rps, double gc_pressure);

// A log-normal request-latency distribution (natural log of seconds).
struct LatencyDist {
  double mu = 0;
  double sigma = 0;
};
// The pod's latency when it serves pod_rps while the service's nominal
// per-pod rate is nominal_rps.
LatencyDist PodLatency(const LatencyProfile& p, double pod_rps, double nominal_rps,
                       double gc_pressure);
double LatencyCdf(const LatencyDist& d, double seconds);
double LatencyMean(const LatencyDist& d);

// CPU starvation of a container whose demand exceeds its CPU limit:
// demand / limit (>= 1), 1 without a limit or below it. CFS throttling
// stretches every request by this factor.
double CpuStarvation(double demand_millis, int64_t limit_millis);
// d with every quantile multiplied by `factor` (>= 1; 1 leaves d unchanged).
LatencyDist Throttled(LatencyDist d, double factor);

}  // namespace kf::sim
