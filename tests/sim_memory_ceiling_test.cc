// The ceiling on a container instance's working set (workload_model.h): the
// kubelet's OOM check and the eviction manager skip work on it, so it must
// hold for every profile shape and noise draw, and be tight enough that a
// leak is still caught at the first check after it crosses its limit.
#include <gtest/gtest.h>

#include "engine/core/rng.h"
#include "engine/sim/workload_model.h"

namespace kf {
namespace {

using sim::InstanceModel;
using sim::kNever;
using sim::MemoryAt;
using sim::MemoryCeilingOf;
using sim::MemoryMayExceedFrom;

constexpr int64_t kMi = int64_t{1} << 20;
constexpr UnixMillis kStart = 1773100000000;  // 2026-03-09T23:46:40Z

// A profile of random shape: any of warm-up up or down, leak or shrink,
// spikes, noise and a per-pod offset may be present.
WorkloadProfile RandomProfile(Rng& rng) {
  WorkloadProfile p;
  MemoryProfile& m = p.memory;
  m.startup = rng.UniformInt(1, 600) * kMi;
  m.baseline = rng.UniformInt(1, 600) * kMi;
  m.warmup = rng.Bernoulli(0.7) ? rng.UniformInt(0, 600000) : 0;
  m.growth_per_hour = rng.Bernoulli(0.5) ? static_cast<double>(rng.UniformInt(-50, 500) * kMi) : 0;
  m.noise = rng.Bernoulli(0.7) ? rng.UniformInt(0, 8 * kMi) : 0;
  if (rng.Bernoulli(0.5)) {
    m.spike.size = rng.UniformInt(1, 300) * kMi;
    m.spike.every = rng.UniformInt(10000, 900000);
    m.spike.first_after = rng.UniformInt(0, 900000);
    m.spike.duration = rng.UniformInt(1000, m.spike.every);
  }
  return p;
}

TEST(MemoryCeiling, BoundsEveryInstantOfRandomProfiles) {
  Rng rng(20261129);
  for (int n = 0; n < 300; ++n) {
    const WorkloadProfile profile = RandomProfile(rng);
    InstanceModel inst;
    inst.profile = &profile;
    inst.started_at = kStart + rng.UniformInt(0, 1000);
    inst.noise_key = static_cast<uint64_t>(rng.UniformInt(0, INT64_MAX));
    inst.memory_offset = rng.UniformInt(-20 * kMi, 20 * kMi);
    const sim::MemoryCeiling ceiling = MemoryCeilingOf(inst);
    const int64_t limit = rng.UniformInt(64, 1024) * kMi;
    const UnixMillis exceed_from = MemoryMayExceedFrom(inst, limit);
    ASSERT_GE(exceed_from, inst.started_at);
    // Every 250ms for three hours: the scrape's and the checks' instants.
    for (UnixMillis t = inst.started_at; t < inst.started_at + 3 * 3600 * 1000; t += 250) {
      const int64_t bytes = MemoryAt(inst, t);
      ASSERT_LE(static_cast<double>(bytes), ceiling.At(inst.started_at, t))
          << "profile " << n << " at +" << t - inst.started_at << "ms";
      if (t < exceed_from) {
        ASSERT_LE(bytes, limit) << "profile " << n << " at +" << t - inst.started_at << "ms";
      }
    }
  }
}

TEST(MemoryCeiling, LeakCrossesItsLimitWithinASecondOfTheHorizon) {
  // 100Mi, growing 60Mi/h, no noise: exactly 160Mi one hour after start.
  WorkloadProfile profile;
  profile.memory.startup = profile.memory.baseline = 100 * kMi;
  profile.memory.growth_per_hour = 60.0 * kMi;
  InstanceModel inst;
  inst.profile = &profile;
  inst.started_at = kStart;
  const UnixMillis from = MemoryMayExceedFrom(inst, 160 * kMi);
  EXPECT_LE(from, kStart + 3600 * 1000);
  EXPECT_GE(from, kStart + 3600 * 1000 - 1000);
  EXPECT_LE(MemoryAt(inst, from - 1), 160 * kMi);
  EXPECT_GT(MemoryAt(inst, kStart + 3600 * 1000 + 100), 160 * kMi);
}

TEST(MemoryCeiling, SteadyProfileNeverOrAlreadyOverItsLimit) {
  // 200Mi baseline, a 32Mi spike, 1Mi noise, +4Mi offset: at most ~245Mi.
  WorkloadProfile profile;
  profile.memory.startup = 80 * kMi;
  profile.memory.baseline = 200 * kMi;
  profile.memory.warmup = 60000;
  profile.memory.noise = kMi;
  profile.memory.spike = {32 * kMi, 300000, 300000, 20000};
  InstanceModel inst;
  inst.profile = &profile;
  inst.started_at = kStart;
  inst.memory_offset = 4 * kMi;
  EXPECT_EQ(MemoryMayExceedFrom(inst, 512 * kMi), kNever);
  EXPECT_EQ(MemoryMayExceedFrom(inst, 246 * kMi), kNever);
  // Below the ceiling the check cannot be skipped at all.
  EXPECT_EQ(MemoryMayExceedFrom(inst, 240 * kMi), kStart);
  EXPECT_EQ(MemoryMayExceedFrom(inst, 128 * kMi), kStart);
}

}  // namespace
}  // namespace kf
