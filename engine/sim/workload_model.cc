#include "engine/sim/workload_model.h"

#include <algorithm>
#include <cmath>

#include "engine/core/rng.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {
constexpr double kZ99 = 2.326347874;
constexpr int64_t kMi = 1 << 20;
}  // namespace

double NoiseAt(uint64_t key, UnixMillis t) {
  Rng rng(Mix64(key, static_cast<uint64_t>(t)));
  return rng.Normal(0, 1);
}

bool SpikeRunning(const MemoryProfile& m, DurationMs age) {
  const SpikeProfile& s = m.spike;
  if (s.size == 0 || s.every <= 0 || age < s.first_after) return false;
  return (age - s.first_after) % s.every < s.duration;
}

int64_t MemoryAt(const InstanceModel& inst, UnixMillis t) {
  const MemoryProfile& m = inst.profile->memory;
  const DurationMs age = std::max<DurationMs>(0, t - inst.started_at);
  double ramp = m.warmup > 0 ? std::min(1.0, static_cast<double>(age) / m.warmup) : 1.0;
  double bytes = m.startup + (m.baseline - m.startup) * ramp;
  bytes += m.growth_per_hour * static_cast<double>(age) / 3.6e6;
  if (SpikeRunning(m, age)) bytes += m.spike.size;
  bytes += inst.memory_offset;
  if (m.noise > 0) bytes += m.noise * NoiseAt(inst.noise_key, t);
  return std::max<int64_t>(kMi, static_cast<int64_t>(bytes));
}

MemoryCeiling MemoryCeilingOf(const InstanceModel& inst) {
  const MemoryProfile& m = inst.profile->memory;
  double bytes = static_cast<double>(std::max(m.startup, m.baseline));
  if (m.spike.size > 0 && m.spike.every > 0) bytes += static_cast<double>(m.spike.size);
  bytes += static_cast<double>(inst.memory_offset);
  if (m.noise > 0) bytes += static_cast<double>(m.noise) * Rng::kNormalBound;
  // A byte of slack per MiB covers the rounding of the sums above.
  bytes = std::max(bytes, static_cast<double>(kMi)) * (1 + 1.0 / kMi) + 1;
  return MemoryCeiling{bytes, std::max(0.0, m.growth_per_hour) / 3.6e6};
}

UnixMillis MemoryMayExceedFrom(const InstanceModel& inst, int64_t bytes) {
  const MemoryCeiling c = MemoryCeilingOf(inst);
  const double room = static_cast<double>(bytes) - c.at_start;
  if (room < 0) return inst.started_at;
  if (c.per_ms <= 0) return kNever;
  const double age = std::floor(room / c.per_ms);  // the ceiling holds `bytes` up to this age
  if (age > 1e15) return kNever;
  return inst.started_at + static_cast<DurationMs>(age) + 1;
}

double GcPressure(double fraction_of_limit, double threshold) {
  if (fraction_of_limit <= threshold) return 0;
  double x = (fraction_of_limit - threshold) / (1 - threshold);
  x = std::clamp(x, 0.0, 1.0);
  return x * x;
}

double CpuDemand(const InstanceModel& inst, UnixMillis t, double pod_rps, double gc_pressure) {
  const CpuProfile& c = inst.profile->cpu;
  double m = c.idle + c.per_rps * pod_rps + c.gc * gc_pressure + inst.cpu_offset;
  if (c.noise > 0) m += c.noise * NoiseAt(inst.noise_key ^ 0x5bd1e995ULL, t);
  return std::max(0.1, m);
}

LatencyDist PodLatency(const LatencyProfile& p, double pod_rps, double nominal_rps,
                       double gc_pressure) {
  const double rho = std::min(0.95, pod_rps / p.capacity_rps);
  const double rho_nominal = std::min(0.95, nominal_rps / p.capacity_rps);
  const double factor = (1 - rho_nominal) / (1 - rho);
  const double p50 = p.p50_ms * factor;
  const double p99 = std::max(p50 * 1.01, p.p99_ms * factor + p.gc_p99_ms * gc_pressure);
  LatencyDist d;
  d.mu = std::log(p50 / 1000.0);
  d.sigma = std::log(p99 / p50) / kZ99;
  return d;
}

double LatencyCdf(const LatencyDist& d, double seconds) {
  if (seconds <= 0) return 0;
  if (std::isinf(seconds)) return 1;
  return 0.5 * std::erfc(-(std::log(seconds) - d.mu) / (d.sigma * std::sqrt(2.0)));
}

double LatencyMean(const LatencyDist& d) { return std::exp(d.mu + d.sigma * d.sigma / 2); }

double CpuStarvation(double demand_millis, int64_t limit_millis) {
  if (limit_millis <= 0 || demand_millis <= static_cast<double>(limit_millis)) return 1;
  return demand_millis / static_cast<double>(limit_millis);
}

LatencyDist Throttled(LatencyDist d, double factor) {
  if (factor > 1) d.mu += std::log(factor);
  return d;
}

}  // namespace kf::sim
