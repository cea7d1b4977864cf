// Determinism: the same scenario and seed give byte-identical state after an
// hour of virtual time; another seed differs only where randomness is
// allowed (uids, container ids, kernel pids, metric noise).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "tests/sim_testing.h"

namespace kf {
namespace {

constexpr DurationMs kHour = 60 * 60 * 1000;

std::unique_ptr<Simulation> RunAnHour(const Scenario& s, std::optional<uint64_t> seed) {
  auto sim = simtest::CreateOrDie(s, seed);
  if (sim != nullptr) sim->AdvanceTo(sim->alert_time() + kHour);
  return sim;
}

// The dump with the randomness that a seed may change replaced by markers.
std::string Scrubbed(const Json& dump) {
  std::set<std::string> uids;
  for (const Json& obj : dump) uids.insert(obj["metadata"]["uid"].get<std::string>());
  std::string text = CanonicalJson(dump);
  for (const std::string& uid : uids) {
    for (size_t pos = text.find(uid); pos != std::string::npos; pos = text.find(uid, pos)) {
      text.replace(pos, uid.size(), "<uid>");
    }
  }
  text = std::regex_replace(text, std::regex("containerd://[0-9a-f]{64}"), "containerd://<id>");
  // The kernel's report: pid and the sizes at the kill (memory noise).
  text = std::regex_replace(text, std::regex("Killed process [0-9]+"), "Killed process <pid>");
  text = std::regex_replace(text, std::regex("(total-vm|anon-rss|pgtables):[0-9]+kB"), "$1:<n>kB");
  return text;
}

double SeriesChecksum(const SeriesStore& store) {
  double sum = 0;
  for (const Series& s : store.all()) {
    for (const Sample& x : s.samples) {
      if (!std::isnan(x.v)) sum += x.v * 1e-6 + static_cast<double>(x.t % 1000003);
    }
  }
  return sum;
}

TEST(SimDeterminism, SameSeedSameBytesAfterAnHour) {
  Scenario s = simtest::LoadOrDie("scenarios/payment-service-oom.yaml");
  auto a = RunAnHour(s, std::nullopt);
  auto b = RunAnHour(s, std::nullopt);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const std::string da = CanonicalJson(a->DumpObjects()), db = CanonicalJson(b->DumpObjects());
  EXPECT_EQ(Sha256Hex(da), Sha256Hex(db));
  EXPECT_EQ(da, db);
  EXPECT_EQ(a->series().all().size(), b->series().all().size());
  EXPECT_EQ(a->series().SampleCount(), b->series().SampleCount());
  EXPECT_EQ(SeriesChecksum(a->series()), SeriesChecksum(b->series()));
  auto la = a->cluster().Logs("production", "payment-service-6b8f9d4c7-h2k4l", "payment-service", false, -1);
  auto lb = b->cluster().Logs("production", "payment-service-6b8f9d4c7-h2k4l", "payment-service", false, -1);
  ASSERT_TRUE(la.ok() && lb.ok());
  EXPECT_EQ(*la, *lb);
}

TEST(SimDeterminism, AnotherSeedDiffersOnlyInNoise) {
  Scenario s = simtest::LoadOrDie("scenarios/payment-service-oom.yaml");
  auto a = RunAnHour(s, std::nullopt);
  auto b = RunAnHour(s, 12345);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const Json da = a->DumpObjects(), db = b->DumpObjects();
  EXPECT_NE(CanonicalJson(da), CanonicalJson(db));  // uids at least
  const std::string sa = Scrubbed(da), sb = Scrubbed(db);
  size_t diff = 0;
  while (diff < sa.size() && diff < sb.size() && sa[diff] == sb[diff]) ++diff;
  EXPECT_EQ(sa.size(), sb.size());
  EXPECT_EQ(diff, sa.size()) << "first difference:\n  "
                             << sa.substr(diff > 300 ? diff - 300 : 0, 400) << "\n  "
                             << sb.substr(diff > 300 ? diff - 300 : 0, 400);
  // The same series exist with the same number of samples; values differ
  // by noise.
  ASSERT_EQ(a->series().all().size(), b->series().all().size());
  EXPECT_EQ(a->series().SampleCount(), b->series().SampleCount());
  EXPECT_NE(SeriesChecksum(a->series()), SeriesChecksum(b->series()));
}

TEST(SimDeterminism, UnpinnedNamesComeFromTheSeed) {
  auto a = simtest::MiniSim("", 1);
  auto b = simtest::MiniSim("", 1);
  auto c = simtest::MiniSim("", 2);
  ASSERT_TRUE(a && b && c);
  auto names = [](Simulation& sim) {
    std::vector<std::string> out;
    for (const auto& [name, pod] : simtest::Pods(sim, "shop", "app=web")) out.push_back(name);
    return out;
  };
  EXPECT_EQ(names(*a), names(*b));
  EXPECT_NE(names(*a), names(*c));
}

}  // namespace
}  // namespace kf
