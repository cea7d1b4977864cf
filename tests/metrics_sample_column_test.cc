#include "engine/metrics/sample_column.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "engine/core/rng.h"
#include "engine/metrics/series_store.h"

namespace kf {
namespace {

// Checks every read of `column` against the plain vector it was built from.
void ExpectSameAs(const SampleColumn& column, const std::vector<Sample>& want) {
  ASSERT_EQ(column.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(column[i], want[i]) << "sample " << i;
  }
  size_t i = 0;
  for (const Sample& s : column) {
    ASSERT_EQ(s, want[i]) << "iterated sample " << i;
    ++i;
  }
  EXPECT_EQ(i, want.size());
  if (want.empty()) return;
  for (UnixMillis t = want.front().t - 2; t <= want.back().t + 2; ++t) {
    const size_t upper = std::upper_bound(want.begin(), want.end(), t,
                                          [](UnixMillis x, const Sample& s) { return x < s.t; }) -
                         want.begin();
    const size_t lower = std::lower_bound(want.begin(), want.end(), t,
                                          [](const Sample& s, UnixMillis x) { return s.t < x; }) -
                         want.begin();
    ASSERT_EQ(column.UpperBound(t), upper) << "t=" << t;
    ASSERT_EQ(column.LowerBound(t), lower) << "t=" << t;
  }
}

SampleColumn Build(const std::vector<Sample>& samples) {
  SampleColumn c;
  for (const Sample& s : samples) c.push_back(s);
  return c;
}

TEST(SampleColumnTest, EmptyColumnFindsNothing) {
  SampleColumn c;
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.UpperBound(0), 0u);
  EXPECT_EQ(c.LowerBound(0), 0u);
  EXPECT_EQ(c.begin(), c.end());
}

TEST(SampleColumnTest, RegularScrapeOfAConstantKeepsAlmostNothing) {
  std::vector<Sample> want;
  for (int i = 0; i < 1000; ++i) want.push_back({15000LL * i + 7, 268435456});
  SampleColumn c = Build(want);
  ExpectSameAs(c, want);
  EXPECT_LT(c.MemoryBytes(), 100u);  // one run: no per-sample storage
}

TEST(SampleColumnTest, RegularScrapeOfAGaugeKeepsOnlyItsValues) {
  std::vector<Sample> want;
  for (int i = 0; i < 1000; ++i) want.push_back({15000LL * i, 1e6 + i * 37.5});
  SampleColumn c = Build(want);
  ExpectSameAs(c, want);
  EXPECT_LE(c.MemoryBytes(), 1000 * sizeof(double) * 5 / 4 + 200);  // values only, 1.25x growth at most
}

TEST(SampleColumnTest, ValueChangesAfterALongStretchStartNewRuns) {
  std::vector<Sample> want;
  for (int i = 0; i < 300; ++i) want.push_back({30000LL * i, static_cast<double>(i / 100)});  // restarts 0, 1, 2
  SampleColumn c = Build(want);
  ExpectSameAs(c, want);
  EXPECT_LT(c.MemoryBytes(), 300u);  // three constant runs
}

TEST(SampleColumnTest, StalenessMarkersAndNaNsKeepTheirBits) {
  const double other_nan = std::bit_cast<double>(0x7ff8000000000001ULL);
  std::vector<Sample> want = {{0, 1}, {15, 1}, {30, StaleNaN()}, {45, StaleNaN()},
                              {60, other_nan}, {75, 1}, {90, StaleNaN()}};
  SampleColumn c = Build(want);
  ExpectSameAs(c, want);
  EXPECT_TRUE(IsStaleNaN(c[2].v));
  EXPECT_FALSE(IsStaleNaN(c[4].v));
  EXPECT_TRUE(std::isnan(c[4].v));
}

TEST(SampleColumnTest, IrregularAndRepeatedTimesReadBackExactly) {
  std::vector<Sample> want = {{5, 1}, {5, 2}, {5, 2}, {9, 2}, {100, 3}, {101, 3}, {101, 3},
                              {102, 3}, {103, 3}, {104, 3}, {200, 4}, {300, 4}, {400, 4}};
  ExpectSameAs(Build(want), want);
}

// Seeded random series mixing every shape: regular stretches with gaps and
// jitter, constant stretches, noisy values, staleness markers, repeated times.
TEST(SampleColumnTest, RandomSeriesReadBackExactly) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    Rng rng(seed);
    std::vector<Sample> want;
    UnixMillis t = rng.UniformInt(-50, 50);
    double v = 0;
    const int n = static_cast<int>(rng.UniformInt(0, 120));
    const int64_t step = rng.UniformInt(0, 7);
    for (int i = 0; i < n; ++i) {
      const double r = rng.Uniform();
      if (r < 0.1) t += rng.UniformInt(0, 20);  // a gap (or a repeat)
      t += step;
      const double w = rng.Uniform();
      if (w < 0.3) v = static_cast<double>(rng.UniformInt(0, 3));
      else if (w < 0.35) v = StaleNaN();
      want.push_back({t, v});
    }
    SCOPED_TRACE("seed " + std::to_string(seed));
    ExpectSameAs(Build(want), want);
  }
}

TEST(SampleColumnTest, SeriesStoreAppendsIntoColumns) {
  SeriesStore store;
  auto id = store.Intern({{"__name__", "up"}, {"job", "a"}});
  for (int i = 0; i < 10; ++i) store.Append(id, 1000LL * i, 1);
  EXPECT_EQ(store.SampleCount(), 10u);
  EXPECT_EQ(store.all()[id].samples.back(), (Sample{9000, 1}));
  EXPECT_EQ(store.all()[id].samples.UpperBound(4500), 5u);
}

}  // namespace
}  // namespace kf
