#include <gtest/gtest.h>

#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

TEST(SimSmoke, LoadsFlagship) {
  auto s = LoadScenarioFile(testing::SourceDir() + "/scenarios/payment-service-oom.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto sim = Simulation::Create(*s);
  ASSERT_TRUE(sim.ok()) << sim.status().ToString();
}

}  // namespace
}  // namespace kf
