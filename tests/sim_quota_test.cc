// ResourceQuota in the simulator: the quota controller's status.hard/used,
// quota admission of ReplicaSet pod creates (FailedCreate, ReplicaFailure on
// the ReplicaSet and the Deployment), recovery once the quota has room, and
// `kubectl get resourcequota`'s table.
#include <gtest/gtest.h>

#include "engine/tools/render/table_rows.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

Json ConditionOf(const Json& obj, const std::string& type) {
  for (const Json& c : obj["status"].value("conditions", Json::array())) {
    if (JsonString(c, "type") == type) return c;
  }
  return nullptr;
}

Json Quota(const std::string& memory) {
  return Json{{"apiVersion", "v1"},
              {"kind", "ResourceQuota"},
              {"metadata", {{"name", "compute"}, {"namespace", "shop"}}},
              {"spec", {{"hard", {{"pods", "10"}, {"requests.memory", memory}, {"limits.memory", "2Gi"}}}}}};
}

// The ReplicaSet the web Deployment runs now.
std::string CurrentReplicaSet(Simulation& sim) {
  auto list = sim.cluster().List("ReplicaSet", "shop", ListOptions{});
  EXPECT_TRUE(list.ok());
  std::string name;
  for (const Json& rs : (*list)["items"]) {
    if (JsonInt(rs["spec"], "replicas") > 0) name = JsonString(rs["metadata"], "name");
  }
  return name;
}

TEST(SimQuota, StatusCountsTheNamespacesPods) {
  auto sim = simtest::MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("ResourceQuota", "shop", Quota("450Mi")).ok());
  sim->AdvanceTo(sim->clock().Now() + 1000);
  auto q = sim->cluster().Get("ResourceQuota", "shop", "compute");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)["status"]["hard"], (Json{{"pods", "10"}, {"requests.memory", "450Mi"}, {"limits.memory", "2Gi"}}));
  // 4 web pods: 100Mi requested, 300Mi limit each.
  EXPECT_EQ((*q)["status"]["used"], (Json{{"pods", "4"}, {"requests.memory", "400Mi"}, {"limits.memory", "1200Mi"}}));

  auto list = sim->cluster().List("ResourceQuota", "shop", ListOptions{});
  ASSERT_TRUE(list.ok());
  render::TableRows t = render::ComputeTableRows(*list, sim->clock().Now());
  EXPECT_EQ(t.header, (std::vector<std::string>{"NAME", "AGE", "REQUEST", "LIMIT"}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], "compute");
  EXPECT_EQ(t.rows[0][2], "pods: 4/10, requests.memory: 400Mi/450Mi");
  EXPECT_EQ(t.rows[0][3], "limits.memory: 1200Mi/2Gi");
}

TEST(SimQuota, ScaleUpBeyondTheQuotaFailsToCreateThenRecovers) {
  auto sim = simtest::MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("ResourceQuota", "shop", Quota("450Mi")).ok());
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "shop", "web", PatchType::kMerge, Json{{"spec", {{"replicas", 6}}}})
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + 60 * 1000);
  const std::string rs = CurrentReplicaSet(*sim);
  ASSERT_FALSE(rs.empty());
  const std::string error = "pods \"" + rs + "-\" is forbidden: exceeded quota: compute, requested: "
                            "requests.memory=100Mi, used: requests.memory=400Mi, limited: requests.memory=450Mi";
  auto events = simtest::EventsFor(*sim, "shop", rs, "FailedCreate");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["message"], "Error creating: " + error);
  EXPECT_EQ(events[0]["type"], "Warning");
  EXPECT_EQ(simtest::Pods(*sim, "shop", "app=web").size(), 4u);
  auto got = sim->cluster().Get("ReplicaSet", "shop", rs);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(ConditionOf(*got, "ReplicaFailure")["reason"], "FailedCreate");
  auto d = sim->cluster().Get("Deployment", "shop", "web");
  ASSERT_TRUE(d.ok());
  const Json failure = ConditionOf(*d, "ReplicaFailure");
  EXPECT_EQ(failure["status"], "True");
  EXPECT_EQ(failure["message"], error);

  // Room in the quota: the controller's next retry creates both pods and
  // the failure conditions go away.
  ASSERT_TRUE(sim->cluster()
                  .Patch("ResourceQuota", "shop", "compute", PatchType::kMerge,
                         Json{{"spec", {{"hard", {{"requests.memory", "1Gi"}}}}}})
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + 20 * 60 * 1000);
  EXPECT_EQ(simtest::Pods(*sim, "shop", "app=web").size(), 6u);
  got = sim->cluster().Get("ReplicaSet", "shop", rs);
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(ConditionOf(*got, "ReplicaFailure").is_null());
  d = sim->cluster().Get("Deployment", "shop", "web");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(ConditionOf(*d, "ReplicaFailure").is_null());
  auto q = sim->cluster().Get("ResourceQuota", "shop", "compute");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)["status"]["used"]["requests.memory"], "600Mi");
}

// A pod created through the API is admitted the same way: 403 Forbidden.
TEST(SimQuota, DirectPodCreateIsForbidden) {
  auto sim = simtest::MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("ResourceQuota", "shop", Quota("450Mi")).ok());
  Json pod = simtest::PatchJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"debug","namespace":"shop"},
    "spec":{"containers":[{"name":"debug","image":"web:1","resources":{"requests":{"memory":"64Mi"},
    "limits":{"memory":"1Gi"}}}]}})");
  auto created = sim->cluster().Create("Pod", "shop", pod);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(created.status().message(),
            "pods \"debug\" is forbidden: exceeded quota: compute, requested: limits.memory=1Gi,requests.memory=64Mi, "
            "used: limits.memory=1200Mi,requests.memory=400Mi, limited: limits.memory=2Gi,requests.memory=450Mi");
}

// A pod that fits exactly (used + requested == hard) is admitted.
TEST(SimQuota, ExactlyAtTheLimitIsAllowed) {
  auto sim = simtest::MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("ResourceQuota", "shop", Quota("500Mi")).ok());
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "shop", "web", PatchType::kMerge, Json{{"spec", {{"replicas", 5}}}})
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + 30 * 1000);
  EXPECT_EQ(simtest::Pods(*sim, "shop", "app=web").size(), 5u);
  EXPECT_TRUE(simtest::EventsFor(*sim, "shop", CurrentReplicaSet(*sim), "FailedCreate").empty());
}

}  // namespace
}  // namespace kf
