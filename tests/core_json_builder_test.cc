// JsonObject (json_builder.h) gives what the braced initializer list gives,
// with one allocation for the members; EmptyJsonObject/EmptyJsonArray are the
// empty values a conditional can refer to without copying.
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/core/json_builder.h"

namespace kf {
namespace {

TEST(JsonObject, EqualsTheInitializerListItReplaces) {
  const std::string ts = "2026-03-10T12:00:00Z";
  const Json built = JsonObject("type", "Ready", "status", "True", "lastProbeTime", nullptr, "lastTransitionTime", ts,
                                "count", 3, "ready", false, "ratio", 0.5, "nested", JsonObject("ip", "10.0.0.1"),
                                "list", Json::array({1, 2}));
  const Json listed = {{"type", "Ready"},
                       {"status", "True"},
                       {"lastProbeTime", nullptr},
                       {"lastTransitionTime", ts},
                       {"count", 3},
                       {"ready", false},
                       {"ratio", 0.5},
                       {"nested", {{"ip", "10.0.0.1"}}},
                       {"list", {1, 2}}};
  EXPECT_EQ(built, listed);
  EXPECT_EQ(built.dump(), listed.dump());
  EXPECT_EQ(built.dump(),
            R"({"count":3,"lastProbeTime":null,"lastTransitionTime":"2026-03-10T12:00:00Z","list":[1,2],)"
            R"("nested":{"ip":"10.0.0.1"},"ratio":0.5,"ready":false,"status":"True","type":"Ready"})");
}

TEST(JsonObject, ReservesItsMembersOnce) {
  const Json built = JsonObject("c", 1, "a", 2, "b", 3);
  const auto& members = built.get_ref<const Json::object_t&>();
  EXPECT_EQ(members.size(), 3u);
  EXPECT_EQ(members.capacity(), 3u);
}

TEST(JsonObject, ARepeatedKeyKeepsItsFirstValueAsTheListDoes) {
  const Json built = JsonObject("k", 1, "k", 2);
  const Json listed = {{"k", 1}, {"k", 2}};
  EXPECT_EQ(built, listed);
  EXPECT_EQ(built["k"], 1);
}

TEST(JsonObject, MovesItsValuesIn) {
  Json big = Json::array();
  for (int i = 0; i < 100; ++i) big.push_back(std::to_string(i) + " is a number long enough to allocate");
  const Json* first = &big[0];
  const Json built = JsonObject("items", std::move(big));
  EXPECT_EQ(&built["items"][0], first);  // the array's elements were not copied
  EXPECT_EQ(built["items"].size(), 100u);
}

TEST(JsonObject, OfNothingIsAnEmptyObject) {
  EXPECT_TRUE(JsonObject().is_object());
  EXPECT_TRUE(JsonObject().empty());
}

TEST(EmptyJson, ValuesAreEmptyAndShared) {
  EXPECT_EQ(EmptyJsonObject(), Json::object());
  EXPECT_EQ(EmptyJsonArray(), Json::array());
  EXPECT_EQ(&EmptyJsonObject(), &EmptyJsonObject());
  const Json present = {{"a", 1}};
  const Json* p = &present;
  const Json& chosen = p != nullptr ? *p : EmptyJsonObject();
  EXPECT_EQ(&chosen, &present);  // a reference to the object, not a copy of it
}

}  // namespace
}  // namespace kf
