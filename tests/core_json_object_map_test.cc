// JSON objects are sorted vectors (json_object_map.h): the same contents,
// order, lookups and dumps as std::map-backed nlohmann::json, checked by
// random edits applied to both.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/core/rng.h"

namespace kf {
namespace {

TEST(JsonObjectMap, RandomEditsMatchStdMapJson) {
  Rng rng(7);
  const std::vector<std::string> keys = {"", "a", "B", "b", "aa", "apiVersion", "metadata", "z",
                                         "resourceVersion", "creationTimestamp", "\xc3\xa9", "~"};
  for (int round = 0; round < 50; ++round) {
    Json ours = Json::object();
    nlohmann::json theirs = nlohmann::json::object();
    for (int op = 0; op < 200; ++op) {
      const std::string& k = keys[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(keys.size()) - 1))];
      switch (rng.UniformInt(0, 4)) {
        case 0:
        case 1: {
          const int64_t v = rng.UniformInt(-5, 5);
          ours[k] = v;
          theirs[k] = v;
          break;
        }
        case 2:
          EXPECT_EQ(ours.erase(k), theirs.erase(k));
          break;
        case 3:
          if (ours.contains(k) && !ours[k].is_object()) break;
          ours[k]["nested"][k] = "x";
          theirs[k]["nested"][k] = "x";
          break;
        default:
          EXPECT_EQ(ours.contains(k), theirs.contains(k));
          EXPECT_EQ(ours.count(k), theirs.count(k));
          if (theirs.contains(k)) {
            EXPECT_EQ(ours.at(k).dump(), theirs.at(k).dump());
          }
          break;
      }
      ASSERT_EQ(ours.dump(), theirs.dump()) << "round " << round << " op " << op;
    }
    // Iteration visits keys in std::map's order.
    std::vector<std::string> ours_keys, theirs_keys;
    for (auto it = ours.begin(); it != ours.end(); ++it) ours_keys.push_back(it.key());
    for (auto it = theirs.begin(); it != theirs.end(); ++it) theirs_keys.push_back(it.key());
    EXPECT_EQ(ours_keys, theirs_keys);
    EXPECT_EQ(Json::parse(theirs.dump()), ours);
  }
}

TEST(JsonObjectMap, ParsesAndDumpsSorted) {
  const Json j = Json::parse(R"({"z":1,"a":{"y":[1,{"d":1,"c":2}],"b":null},"m":"x","a2":true})");
  EXPECT_EQ(j.dump(), R"({"a":{"b":null,"y":[1,{"c":2,"d":1}]},"a2":true,"m":"x","z":1})");
  EXPECT_EQ(CanonicalJson(j), j.dump());
  // A duplicate key keeps the last value, as nlohmann's parser does with std::map.
  EXPECT_EQ(Json::parse(R"({"k":1,"k":2})").dump(), R"({"k":2})");
}

TEST(JsonObjectMap, EqualityAndCopiesAreByValue) {
  Json a = {{"b", 1}, {"a", {{"x", 2}}}};
  Json b = Json::object();
  b["a"]["x"] = 2;
  b["b"] = 1;
  EXPECT_EQ(a, b);
  Json c = a;
  c["a"]["x"] = 3;
  EXPECT_NE(a, c);
  EXPECT_EQ(a["a"]["x"], 2);
  c.erase("a");
  EXPECT_EQ(c.dump(), R"({"b":1})");
  EXPECT_EQ(a.size(), 2u);
  Json patch = Json::parse(R"({"a":{"x":null,"y":1},"c":3})");
  a.merge_patch(patch);
  EXPECT_EQ(a.dump(), R"({"a":{"y":1},"b":1,"c":3})");
}

}  // namespace
}  // namespace kf
