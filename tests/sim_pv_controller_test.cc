// The simulated persistent-volume controller and the scheduler's volume
// binding check: a claim of an existing StorageClass is provisioned and
// bound; one of a missing class stays Pending with ProvisioningFailed and
// keeps the pods that mount it unscheduled until the class appears.
#include <gtest/gtest.h>

#include "engine/tools/render/table_rows.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

Json Claim(const std::string& name, const Json& storage_class) {
  Json c = {{"apiVersion", "v1"},
            {"kind", "PersistentVolumeClaim"},
            {"metadata", {{"name", name}, {"namespace", "shop"}}},
            {"spec", {{"accessModes", Json::array({"ReadWriteOnce"})},
                      {"resources", {{"requests", {{"storage", "10Gi"}}}}}}}};
  if (!storage_class.is_null()) c["spec"]["storageClassName"] = storage_class;
  return c;
}

Json Class(const std::string& name, bool is_default) {
  Json sc = {{"apiVersion", "storage.k8s.io/v1"},
             {"kind", "StorageClass"},
             {"metadata", {{"name", name}}},
             {"provisioner", "ebs.csi.aws.com"}};
  if (is_default) sc["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
  return sc;
}

TEST(SimPvController, ProvisionsAClaimOfAnExistingClass) {
  auto sim = simtest::MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("StorageClass", "", Class("gp3", true)).ok());
  ASSERT_TRUE(sim->cluster().Create("PersistentVolumeClaim", "shop", Claim("data", nullptr)).ok());
  sim->AdvanceTo(sim->clock().Now() + 1000);
  auto claim = sim->cluster().Get("PersistentVolumeClaim", "shop", "data");
  ASSERT_TRUE(claim.ok());
  EXPECT_EQ((*claim)["status"]["phase"], "Bound");
  EXPECT_EQ((*claim)["spec"]["storageClassName"], "gp3");  // the default class
  EXPECT_EQ((*claim)["status"]["capacity"]["storage"], "10Gi");
  auto pv = sim->cluster().Get("PersistentVolume", "", JsonString((*claim)["spec"], "volumeName"));
  ASSERT_TRUE(pv.ok());
  EXPECT_EQ((*pv)["spec"]["persistentVolumeReclaimPolicy"], "Delete");
  EXPECT_EQ((*pv)["spec"]["claimRef"]["namespace"], "shop");
  auto ok = simtest::EventsFor(*sim, "shop", "data", "ProvisioningSucceeded");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0]["message"], "Successfully provisioned volume " + JsonString((*claim)["spec"], "volumeName"));
  EXPECT_EQ(ok[0]["source"]["component"], "ebs.csi.aws.com");

  // kubectl get storageclass / pv.
  auto classes = sim->cluster().List("StorageClass", "", ListOptions{});
  ASSERT_TRUE(classes.ok());
  render::TableRows sc = render::ComputeTableRows(*classes, sim->clock().Now());
  EXPECT_EQ(sc.header, (std::vector<std::string>{"NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE",
                                                 "ALLOWVOLUMEEXPANSION", "AGE"}));
  ASSERT_EQ(sc.rows.size(), 1u);
  EXPECT_EQ(sc.rows[0][0], "gp3 (default)");
  EXPECT_EQ(sc.rows[0][2], "Delete");
  EXPECT_EQ(sc.rows[0][3], "Immediate");
  auto pvs = sim->cluster().List("PersistentVolume", "", ListOptions{});
  ASSERT_TRUE(pvs.ok());
  render::TableRows t = render::ComputeTableRows(*pvs, sim->clock().Now());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(std::vector<std::string>(t.rows[0].begin() + 1, t.rows[0].begin() + 9),
            (std::vector<std::string>{"10Gi", "RWO", "Delete", "Bound", "shop/data", "gp3", "<unset>", ""}));
}

TEST(SimPvController, MissingClassKeepsClaimAndPodsPendingUntilItAppears) {
  auto sim = simtest::MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("PersistentVolumeClaim", "shop", Claim("fast", "fast-ssd")).ok());
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "shop", "web", PatchType::kStrategicMerge,
                         simtest::PatchJson(R"({"spec":{"strategy":{"type":"Recreate"},"template":{"spec":{
                           "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"fast"}}]}}}})"))
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + 60 * 1000);
  auto claim = sim->cluster().Get("PersistentVolumeClaim", "shop", "fast");
  ASSERT_TRUE(claim.ok());
  EXPECT_EQ((*claim)["status"]["phase"], "Pending");
  auto failed = simtest::EventsFor(*sim, "shop", "fast", "ProvisioningFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["message"], "storageclass.storage.k8s.io \"fast-ssd\" not found");
  EXPECT_GE(JsonInt(failed[0], "count"), 4);  // resynced every 15s
  auto pods = simtest::Pods(*sim, "shop", "app=web");
  ASSERT_FALSE(pods.empty());
  for (const auto& [name, p] : pods) {
    EXPECT_EQ(p["status"]["phase"], "Pending") << name;
    auto ev = simtest::EventsFor(*sim, "shop", name, "FailedScheduling");
    ASSERT_EQ(ev.size(), 1u) << name;
    EXPECT_EQ(ev[0]["message"],
              "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes "
              "are available: 2 Preemption is not helpful for scheduling.");
  }
  // The class appears: the claim binds and the pods get scheduled.
  ASSERT_TRUE(sim->cluster().Create("StorageClass", "", Class("fast-ssd", false)).ok());
  sim->AdvanceTo(sim->clock().Now() + 60 * 1000);
  claim = sim->cluster().Get("PersistentVolumeClaim", "shop", "fast");
  ASSERT_TRUE(claim.ok());
  EXPECT_EQ((*claim)["status"]["phase"], "Bound");
  for (const auto& [name, p] : simtest::Pods(*sim, "shop", "app=web")) {
    EXPECT_EQ(p["status"]["phase"], "Running") << name;
  }
}

TEST(SimPvController, MissingClaimIsNamed) {
  auto sim = simtest::MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "shop", "web", PatchType::kStrategicMerge,
                         simtest::PatchJson(R"({"spec":{"strategy":{"type":"Recreate"},"template":{"spec":{
                           "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"nope"}}]}}}})"))
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + 30 * 1000);
  auto pods = simtest::Pods(*sim, "shop", "app=web");
  ASSERT_FALSE(pods.empty());
  auto ev = simtest::EventsFor(*sim, "shop", pods.begin()->first, "FailedScheduling");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0]["message"],
            "0/2 nodes are available: persistentvolumeclaim \"nope\" not found. preemption: 0/2 nodes are "
            "available: 2 Preemption is not helpful for scheduling.");
}

}  // namespace
}  // namespace kf
