// The Deployment and ReplicaSet controllers: revisions, rolling updates
// within maxSurge/maxUnavailable, rollback reuse, progress deadline.
#include <gtest/gtest.h>

#include "engine/sim/rollback.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

using simtest::MiniSim;
using simtest::PatchJson;

constexpr DurationMs kMinute = 60 * 1000;

Json ReplicaSets(Simulation& sim) {
  return (*sim.cluster().List("ReplicaSet", "shop", ListOptions{"app=web", ""}))["items"];
}

std::string Revision(const Json& obj) {
  return obj["metadata"]["annotations"].value("deployment.kubernetes.io/revision", "");
}

TEST(DeploymentController, CreatesRevision1AndBecomesAvailable) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  Json rses = ReplicaSets(*sim);
  ASSERT_EQ(rses.size(), 1u);
  const Json& rs = rses[0];
  const std::string hash = rs["metadata"]["labels"]["pod-template-hash"];
  EXPECT_EQ(rs["metadata"]["name"], "web-" + hash);
  EXPECT_EQ(hash.find_first_not_of("456789bcdf"), std::string::npos) << hash;
  EXPECT_EQ(Revision(rs), "1");
  EXPECT_EQ(rs["metadata"]["annotations"]["kubernetes.io/change-cause"], "first");
  EXPECT_EQ(rs["spec"]["replicas"], 4);
  EXPECT_EQ(rs["spec"]["selector"]["matchLabels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["metadata"]["ownerReferences"][0]["kind"], "Deployment");
  Json d = *sim->cluster().Get("Deployment", "shop", "web");
  EXPECT_EQ(d["status"]["availableReplicas"], 4);
  EXPECT_EQ(d["status"]["observedGeneration"], 1);
  EXPECT_EQ(Revision(d), "1");
  EXPECT_EQ(d["status"]["conditions"][0]["type"], "Available");
  EXPECT_EQ(d["status"]["conditions"][0]["status"], "True");
  EXPECT_EQ(d["status"]["conditions"][1]["reason"], "NewReplicaSetAvailable");
  auto pods = simtest::Pods(*sim, "shop", "app=web");
  ASSERT_EQ(pods.size(), 4u);
  for (const auto& [name, pod] : pods) {
    EXPECT_EQ(name.rfind("web-" + hash + "-", 0), 0u);
    EXPECT_EQ(name.size(), std::string("web-" + hash + "-").size() + 5);
    EXPECT_EQ(pod["status"]["phase"], "Running");
    EXPECT_EQ(pod["status"]["qosClass"], "Burstable");
  }
  // Endpoints list the four ready pods.
  Json ep = *sim->cluster().Get("Endpoints", "shop", "web");
  EXPECT_EQ(ep["subsets"][0]["addresses"].size(), 4u);
  EXPECT_EQ(ep["subsets"][0]["ports"][0]["port"], 8080);
}

TEST(DeploymentController, RollingUpdateStaysWithinSurgeAndUnavailable) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  auto r = sim->cluster().Patch(
      "Deployment", "shop", "web", PatchType::kStrategicMerge,
      PatchJson(R"({"metadata":{"annotations":{"kubernetes.io/change-cause":"second"}},
                   "spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:2"}]}}}})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["metadata"]["generation"], 2);
  int max_pods = 0, min_available = 4;
  bool complete = false;
  for (int i = 0; i < 300 && !complete; ++i) {
    sim->AdvanceTo(sim->clock().Now() + 1000);
    int pods = 0;
    for (const Json& rs : ReplicaSets(*sim)) pods += rs["spec"]["replicas"].get<int>();
    max_pods = std::max(max_pods, pods);
    Json d = *sim->cluster().Get("Deployment", "shop", "web");
    min_available = std::min(min_available, d["status"].value("availableReplicas", 0));
    complete = d["status"].value("updatedReplicas", 0) == 4 &&
               d["status"].value("availableReplicas", 0) == 4 && d["status"].value("replicas", 0) == 4;
  }
  ASSERT_TRUE(complete);
  EXPECT_EQ(max_pods, 5);       // replicas + maxSurge (25% of 4, rounded up)
  EXPECT_EQ(min_available, 3);  // replicas - maxUnavailable (25% of 4, rounded down)
  Json rses = ReplicaSets(*sim);
  ASSERT_EQ(rses.size(), 2u);
  std::map<std::string, Json> by_rev;
  for (const Json& rs : rses) by_rev[Revision(rs)] = rs;
  EXPECT_EQ(by_rev["1"]["spec"]["replicas"], 0);
  EXPECT_EQ(by_rev["2"]["spec"]["replicas"], 4);
  EXPECT_EQ(by_rev["2"]["metadata"]["annotations"]["kubernetes.io/change-cause"], "second");
  // ScalingReplicaSet events with the controller's wording.
  auto events = sim->cluster().List("Event", "shop",
                                    ListOptions{"", "involvedObject.kind=Deployment,reason=ScalingReplicaSet"});
  ASSERT_TRUE(events.ok());
  bool saw_down = false;
  for (const Json& e : (*events)["items"]) {
    const std::string m = e["message"];
    if (m.find("Scaled down replica set " + by_rev["1"]["metadata"]["name"].get<std::string>() +
               " to 3 from 4") != std::string::npos) {
      saw_down = true;
    }
  }
  EXPECT_TRUE(saw_down);
}

TEST(DeploymentController, RollbackReusesTheOldReplicaSet) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  const std::string first = ReplicaSets(*sim)[0]["metadata"]["name"];
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "shop", "web", PatchType::kStrategicMerge,
                         PatchJson(R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:2"}]}}}})"))
                  .ok());
  ASSERT_GT(simtest::WaitForRollout(*sim, "shop", "web"), 0);
  auto undo = RolloutUndo(sim->cluster(), "shop", "web", 0);
  ASSERT_TRUE(undo.ok()) << undo.status().ToString();
  ASSERT_GT(simtest::WaitForRollout(*sim, "shop", "web"), 0);
  Json rses = ReplicaSets(*sim);
  ASSERT_EQ(rses.size(), 2u);  // no third ReplicaSet
  for (const Json& rs : rses) {
    if (rs["metadata"]["name"] == first) {
      EXPECT_EQ(Revision(rs), "3");
      EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"], "1");
      EXPECT_EQ(rs["spec"]["replicas"], 4);
    } else {
      EXPECT_EQ(Revision(rs), "2");
      EXPECT_EQ(rs["spec"]["replicas"], 0);
    }
  }
  EXPECT_EQ(Revision(*sim->cluster().Get("Deployment", "shop", "web")), "3");
  // Undo to a revision that is gone.
  auto missing = RolloutUndo(sim->cluster(), "shop", "web", 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "unable to find specified revision 1 in history");
}

TEST(DeploymentController, MissingImageStallsAndExceedsTheDeadline) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "shop", "web", PatchType::kStrategicMerge,
                         PatchJson(R"({"spec":{"progressDeadlineSeconds":60,"template":{"spec":
                           {"containers":[{"name":"web","image":"web:404"}]}}}})"))
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + 3 * kMinute);
  Json d = *sim->cluster().Get("Deployment", "shop", "web");
  EXPECT_EQ(d["status"]["availableReplicas"], 3);
  EXPECT_EQ(d["status"]["updatedReplicas"], 2);
  const Json& progressing = d["status"]["conditions"][1];
  EXPECT_EQ(progressing["type"], "Progressing");
  EXPECT_EQ(progressing["status"], "False");
  EXPECT_EQ(progressing["reason"], "ProgressDeadlineExceeded");
  int pull_backoff = 0;
  for (const auto& [name, pod] : simtest::Pods(*sim, "shop", "app=web")) {
    const Json& cs = pod["status"]["containerStatuses"][0];
    if (cs["image"] != "web:404") continue;
    const std::string reason = cs["state"]["waiting"]["reason"];
    EXPECT_TRUE(reason == "ImagePullBackOff" || reason == "ErrImagePull") << reason;
    ++pull_backoff;
  }
  EXPECT_EQ(pull_backoff, 2);
  auto failed = sim->cluster().List("Event", "shop", ListOptions{"", "reason=Failed"});
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE((*failed)["items"].empty());
}

TEST(DeploymentController, ScaleChangesOnlyTheCount) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  auto r = sim->cluster().Patch("Deployment", "shop", "web", PatchType::kMerge,
                                PatchJson(R"({"spec":{"replicas":6}})"));
  ASSERT_TRUE(r.ok());
  sim->AdvanceTo(sim->clock().Now() + kMinute);
  EXPECT_EQ(ReplicaSets(*sim).size(), 1u);
  EXPECT_EQ(simtest::Pods(*sim, "shop", "app=web").size(), 6u);
  EXPECT_EQ(Revision(*sim->cluster().Get("Deployment", "shop", "web")), "1");
  ASSERT_TRUE(sim->cluster().Patch("Deployment", "shop", "web", PatchType::kMerge,
                                   PatchJson(R"({"spec":{"replicas":2}})")).ok());
  sim->AdvanceTo(sim->clock().Now() + kMinute);
  EXPECT_EQ(simtest::Pods(*sim, "shop", "app=web").size(), 2u);
}

TEST(ReplicaSetController, ReplacesADeletedPod) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  auto pods = simtest::Pods(*sim, "shop", "app=web");
  const std::string victim = pods.begin()->first;
  auto deleted = sim->cluster().Delete("Pod", "shop", victim);
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE((*deleted)["metadata"].contains("deletionTimestamp"));
  auto after = simtest::Pods(*sim, "shop", "app=web");
  EXPECT_EQ(after.size(), 4u);
  EXPECT_EQ(after.count(victim), 0u);
  auto killing = simtest::EventsFor(*sim, "shop", victim, "Killing");
  ASSERT_EQ(killing.size(), 1u);
  EXPECT_EQ(killing[0]["message"], "Stopping container web");
}

}  // namespace
}  // namespace kf
