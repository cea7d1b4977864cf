// The kubelet model: crash back-off, OOM kills, logs of current and previous
// instances, events and their aggregation.
#include <gtest/gtest.h>

#include "tests/sim_testing.h"

namespace kf {
namespace {

using simtest::MiniSim;
using simtest::PatchJson;

// A bare pod of image `image` on the mini cluster.
Json BarePod(const std::string& name, const std::string& image, const std::string& limit) {
  return PatchJson((R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
                    R"(","labels":{"run":")" + name + R"("}},"spec":{"containers":[{"name":"main","image":")" +
                    image + R"(","resources":{"limits":{"memory":")" + limit + R"("}}}]}})")
                       .c_str());
}

const Json& Status0(const Json& pod) { return pod["status"]["containerStatuses"][0]; }

TEST(Kubelet, CrashingContainerBacksOffDoubling) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  const UnixMillis t0 = sim->clock().Now();
  ASSERT_TRUE(sim->cluster().Create("Pod", "shop", BarePod("c", "crash:1", "64Mi")).ok());
  // Scheduled and pulled at once; runs 30s (+1s pull); back-off 10s, 20s, 40s...
  std::vector<UnixMillis> restarts;
  int last = 0;
  for (UnixMillis t = t0; t < t0 + 6 * 60 * 1000; t += 500) {
    sim->AdvanceTo(t);
    Json pod = *sim->cluster().Get("Pod", "shop", "c");
    int n = Status0(pod)["restartCount"];
    if (n != last) restarts.push_back(t - t0), last = n;
  }
  ASSERT_GE(restarts.size(), 4u);
  // Each run lasts 30s; the waits are 10s, 20s, 40s, 80s.
  EXPECT_NEAR(restarts[0], 1000 + 30000 + 10000, 600);
  EXPECT_NEAR(restarts[1] - restarts[0], 30000 + 20000, 600);
  EXPECT_NEAR(restarts[2] - restarts[1], 30000 + 40000, 600);
  EXPECT_NEAR(restarts[3] - restarts[2], 30000 + 80000, 600);
  Json pod = *sim->cluster().Get("Pod", "shop", "c");
  EXPECT_EQ(Status0(pod)["lastState"]["terminated"]["reason"], "Error");
  EXPECT_EQ(Status0(pod)["lastState"]["terminated"]["exitCode"], 1);
}

TEST(Kubelet, OomKillAtTheLimit) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  // leak:1 starts at 100Mi and grows 2Gi/h (~34Mi/min): a 128Mi limit lasts under a minute.
  ASSERT_TRUE(sim->cluster().Create("Pod", "shop", BarePod("l", "leak:1", "128Mi")).ok());
  const UnixMillis t0 = sim->clock().Now();
  Json pod;
  for (UnixMillis t = t0; t < t0 + 120 * 1000; t += 1000) {
    sim->AdvanceTo(t);
    pod = *sim->cluster().Get("Pod", "shop", "l");
    if (Status0(pod)["lastState"].contains("terminated")) break;
  }
  // 28Mi of headroom at ~34Mi/min: killed at the first 5s tick after ~50s.
  EXPECT_NEAR(sim->clock().Now() - t0, 52 * 1000, 4000);
  const Json& cs = Status0(pod);
  EXPECT_EQ(cs["state"]["waiting"]["reason"], "CrashLoopBackOff");
  EXPECT_EQ(cs["lastState"]["terminated"]["reason"], "OOMKilled");
  EXPECT_EQ(cs["lastState"]["terminated"]["exitCode"], 137);
  EXPECT_EQ(cs["restartCount"], 0);  // counts restarts, not kills
  EXPECT_EQ(cs["ready"], false);
  const std::string msg = cs["state"]["waiting"]["message"];
  EXPECT_EQ(msg.rfind("back-off 10s restarting failed container=main pod=l_shop(", 0), 0u) << msg;
  auto oom = simtest::EventsFor(*sim, "shop", "l", "OOMKilled");
  ASSERT_EQ(oom.size(), 1u);
  EXPECT_EQ(oom[0]["message"], "Container main exceeded memory limit");
  EXPECT_EQ(oom[0]["involvedObject"]["fieldPath"], "spec.containers{main}");
  // The kernel's report is on the node, in namespace default.
  auto node_events = sim->cluster().List("Event", "default", ListOptions{"", "reason=OOMKilling"});
  ASSERT_TRUE(node_events.ok());
  ASSERT_EQ((*node_events)["items"].size(), 1u);
  const Json& e = (*node_events)["items"][0];
  EXPECT_EQ(e["involvedObject"]["kind"], "Node");
  EXPECT_EQ(e["source"]["component"], "kernel-monitor");
  EXPECT_EQ(e["message"].get<std::string>().rfind("Memory cgroup out of memory: Killed process ", 0), 0u);
  // After the back-off it runs again: restartCount 1, Pulled aggregated.
  sim->AdvanceTo(sim->clock().Now() + 20 * 1000);
  pod = *sim->cluster().Get("Pod", "shop", "l");
  EXPECT_EQ(Status0(pod)["restartCount"], 1);
  EXPECT_TRUE(Status0(pod)["state"].contains("running"));
  auto started = simtest::EventsFor(*sim, "shop", "l", "Started");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0]["count"], 2);
  EXPECT_NE(started[0]["firstTimestamp"], started[0]["lastTimestamp"]);
}

TEST(Kubelet, LogsOfCurrentAndPreviousInstances) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("Pod", "shop", BarePod("c", "crash:1", "64Mi")).ok());
  // Pulling: nothing to read yet.
  auto none = sim->cluster().Logs("shop", "c", "main", false, -1);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "container \"main\" in pod \"c\" is waiting to start: ContainerCreating");
  sim->AdvanceTo(sim->clock().Now() + 5000);
  auto prev = sim->cluster().Logs("shop", "c", "main", true, -1);
  ASSERT_FALSE(prev.ok());
  EXPECT_EQ(prev.status().message(), "previous terminated container \"main\" in pod \"c\" not found");
  auto cur = sim->cluster().Logs("shop", "c", "main", false, -1);
  ASSERT_TRUE(cur.ok());
  EXPECT_NE(cur->find("INFO starting"), std::string::npos) << *cur;
  EXPECT_EQ(cur->find("FATAL"), std::string::npos);
  // In back-off, both current and previous read the terminated instance.
  sim->AdvanceTo(sim->clock().Now() + 30000);
  cur = sim->cluster().Logs("shop", "c", "main", false, -1);
  prev = sim->cluster().Logs("shop", "c", "main", true, -1);
  ASSERT_TRUE(cur.ok() && prev.ok());
  EXPECT_EQ(*cur, *prev);
  EXPECT_NE(prev->find("FATAL exiting"), std::string::npos) << *prev;
  auto tail = sim->cluster().Logs("shop", "c", "main", true, 1);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(std::count(tail->begin(), tail->end(), '\n'), 1);
  EXPECT_NE(tail->find("FATAL exiting"), std::string::npos);
  auto bad = sim->cluster().Logs("shop", "c", "sidecar", false, -1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "container sidecar is not valid for pod c");
}

TEST(Kubelet, MissingImageWaitsInImagePullBackOff) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster().Create("Pod", "shop", BarePod("m", "web:404", "64Mi")).ok());
  sim->AdvanceTo(sim->clock().Now() + 5000);
  Json pod = *sim->cluster().Get("Pod", "shop", "m");
  EXPECT_EQ(pod["status"]["phase"], "Pending");
  EXPECT_EQ(Status0(pod)["state"]["waiting"]["reason"], "ImagePullBackOff");
  auto logs = sim->cluster().Logs("shop", "m", "main", false, -1);
  ASSERT_FALSE(logs.ok());
  EXPECT_EQ(logs.status().message(),
            "container \"main\" in pod \"m\" is waiting to start: trying and failing to pull image");
}

TEST(Kubelet, PodMetricsReportUsage) {
  auto sim = MiniSim();
  ASSERT_NE(sim, nullptr);
  auto top = simtest::TopPods(*sim, "shop", "app=web");
  ASSERT_EQ(top.size(), 4u);
  for (const auto& [name, t] : top) {
    EXPECT_EQ(t.memory_mi, 100) << name;      // web:1 baseline, no noise
    EXPECT_EQ(t.cpu_milli, 20 + 25) << name;  // idle + 1m per rps at 100/4 rps
  }
}

}  // namespace
}  // namespace kf
