// sim_util: uids as the API server makes them (RFC 4122 version 4, from the
// seeded stream) and the pod phase predicates the controllers filter with.
#include "engine/sim/sim_util.h"

#include <string>

#include <gtest/gtest.h>

#include "engine/core/rng.h"

namespace kf::sim {
namespace {

TEST(NewUidTest, IsAVersion4UuidOfThirtyTwoHexDigitsFromTheStream) {
  Rng rng(42), same(42);
  const std::string uid = NewUid(rng);
  ASSERT_EQ(uid.size(), 36u);
  for (size_t i : {8, 13, 18, 23}) EXPECT_EQ(uid[i], '-') << uid;
  EXPECT_EQ(uid[14], '4') << uid;  // version 4
  EXPECT_NE(std::string("89ab").find(uid[19]), std::string::npos) << uid;  // RFC 4122 variant
  // The digits are the stream's 32 hex draws with the version and variant
  // set, then grouped 8-4-4-4-12.
  std::string hex = RandomHex(same, 32);
  hex[12] = '4';
  hex[16] = "89ab"[same.UniformInt(0, 3)];
  EXPECT_EQ(uid, hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                     hex.substr(16, 4) + "-" + hex.substr(20));
  EXPECT_NE(NewUid(rng), uid);  // the stream moved on
}

TEST(IsPodTerminalTest, OnlySucceededAndFailedAreTerminal) {
  auto pod = [](Json status) { return Json{{"kind", "Pod"}, {"status", std::move(status)}}; };
  EXPECT_TRUE(IsPodTerminal(pod({{"phase", "Succeeded"}})));
  EXPECT_TRUE(IsPodTerminal(pod({{"phase", "Failed"}})));
  EXPECT_FALSE(IsPodTerminal(pod({{"phase", "Running"}})));
  EXPECT_FALSE(IsPodTerminal(pod({{"phase", "Pending"}})));
  EXPECT_FALSE(IsPodTerminal(pod({{"phase", 3}})));
  EXPECT_FALSE(IsPodTerminal(pod(Json::object())));
  EXPECT_FALSE(IsPodTerminal(Json{{"kind", "Pod"}}));
}

}  // namespace
}  // namespace kf::sim
