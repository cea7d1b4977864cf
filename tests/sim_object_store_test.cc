// ObjectStore::Mutate: an in-place change behaves as Replace with the
// changed copy (resourceVersion, generation, owner index, notification), and
// a change that changes nothing is not a write.
#include "engine/sim/object_store.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/core/clock.h"
#include "engine/core/rng.h"

namespace kf::sim {
namespace {

class ObjectStoreMutateTest : public ::testing::Test {
 protected:
  ObjectStoreMutateTest() {
    store_.AddListener([this](const std::string& kind, const Json& obj, Change c) {
      if (c != Change::kModified) return;
      modified_.push_back(kind + " " + obj["metadata"]["resourceVersion"].get<std::string>());
    });
    (void)store_.Create(Json{{"apiVersion", "v1"},
                             {"kind", "Pod"},
                             {"metadata", {{"name", "web-1"}, {"namespace", "prod"}}},
                             {"spec", {{"containers", Json::array()}}}});
    (void)store_.Create(Json{{"apiVersion", "apps/v1"},
                             {"kind", "Deployment"},
                             {"metadata", {{"name", "web"}, {"namespace", "prod"}}},
                             {"spec", {{"replicas", 1}}}});
  }
  std::string Rv(const std::string& kind, const std::string& name) {
    return (*store_.Get(kind, "prod", name))["metadata"]["resourceVersion"].get<std::string>();
  }

  VirtualClock clock_{1773144000000};
  Rng rng_{7};
  ObjectStore store_{&clock_, &rng_};
  std::vector<std::string> modified_;  // "<kind> <resourceVersion>" per kModified
};

TEST_F(ObjectStoreMutateTest, AChangeIsAWriteOfTheStoredObject) {
  const std::string before = Rv("Pod", "web-1");
  auto stored = store_.Mutate("Pod", "prod", "web-1", [](Json& p) {
    p["spec"]["nodeName"] = "node-1";
    return true;
  });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, store_.Get("Pod", "prod", "web-1"));
  EXPECT_EQ((**stored)["spec"]["nodeName"], "node-1");
  EXPECT_EQ(std::stoll(Rv("Pod", "web-1")), std::stoll(before) + 2);  // the Deployment's create came between
  EXPECT_EQ(modified_, std::vector<std::string>{"Pod " + Rv("Pod", "web-1")});
}

TEST_F(ObjectStoreMutateTest, NoChangeIsNoWrite) {
  const std::string before = Rv("Pod", "web-1");
  auto stored = store_.Mutate("Pod", "prod", "web-1", [](Json&) { return false; });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(Rv("Pod", "web-1"), before);
  EXPECT_TRUE(modified_.empty());
}

TEST_F(ObjectStoreMutateTest, ASpecChangeBumpsTheGenerationOfKindsThatTrackIt) {
  ASSERT_TRUE(store_.Mutate("Deployment", "prod", "web", [](Json& d) {
                d["metadata"]["labels"] = {{"team", "a"}};
                return true;
              }).ok());
  EXPECT_EQ((*store_.Get("Deployment", "prod", "web"))["metadata"]["generation"], 1);
  ASSERT_TRUE(store_.Mutate("Deployment", "prod", "web", [](Json& d) {
                d["spec"]["replicas"] = 3;
                return true;
              }).ok());
  EXPECT_EQ((*store_.Get("Deployment", "prod", "web"))["metadata"]["generation"], 2);
  EXPECT_EQ(modified_.size(), 2u);
}

TEST_F(ObjectStoreMutateTest, OwnerReferencesChangedInPlaceAreIndexed) {
  const std::string uid = (*store_.Get("Deployment", "prod", "web"))["metadata"]["uid"].get<std::string>();
  ASSERT_TRUE(store_.Mutate("Pod", "prod", "web-1", [&](Json& p) {
                p["metadata"]["ownerReferences"] =
                    Json::array({{{"kind", "Deployment"}, {"name", "web"}, {"uid", uid}}});
                return true;
              }).ok());
  EXPECT_EQ(store_.Dependents(uid), (std::vector<ObjectKey>{{"Pod", "prod", "web-1"}}));
  ASSERT_TRUE(store_.Mutate("Pod", "prod", "web-1", [](Json& p) {
                p["metadata"].erase("ownerReferences");
                return true;
              }).ok());
  EXPECT_TRUE(store_.Dependents(uid).empty());
}

TEST_F(ObjectStoreMutateTest, AMissingObjectIsNotFound) {
  bool called = false;
  auto stored = store_.Mutate("Pod", "prod", "web-2", [&](Json&) { return called = true; });
  EXPECT_FALSE(stored.ok());
  EXPECT_EQ(stored.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace kf::sim
