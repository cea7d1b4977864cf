// The flagship scenario against the seed walkthrough's numbers
// (shared/seed/payment-service-oom-walkthrough.txt): the state at T0, after
// the memory fix, and after a rollback to revision 3.
#include <gtest/gtest.h>

#include "engine/sim/rollback.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

using simtest::Pods;
using simtest::Restarts;
using simtest::TopPods;

constexpr const char* kNs = "production";
constexpr const char* kApp = "app=payment-service";
constexpr DurationMs kMinute = 60 * 1000;

class FlagshipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = simtest::LoadOrDie("scenarios/payment-service-oom.yaml");
    sim_ = simtest::CreateOrDie(scenario_);
    ASSERT_NE(sim_, nullptr);
  }

  Json Deployment() { return *sim_->cluster().Get("Deployment", kNs, "payment-service"); }

  // (revision, change-cause) of the ReplicaSets the deployment controls.
  std::map<int64_t, std::string> History() {
    std::map<int64_t, std::string> out;
    const std::string uid = Deployment()["metadata"]["uid"];
    auto list = sim_->cluster().List("ReplicaSet", kNs, ListOptions{kApp, ""});
    for (const Json& rs : (*list)["items"]) {
      bool owned = false;
      for (const Json& ref : rs["metadata"].value("ownerReferences", Json::array())) {
        owned = owned || (ref["uid"] == uid && ref.value("controller", false));
      }
      if (!owned) continue;
      const Json& a = rs["metadata"]["annotations"];
      out[std::stoll(a["deployment.kubernetes.io/revision"].get<std::string>())] =
          a.value("kubernetes.io/change-cause", "<none>");
    }
    return out;
  }

  // OOM events (pod OOMKilled, node OOMKilling) last seen at or after t.
  int OomEventsSince(UnixMillis t) {
    int n = 0;
    auto list = sim_->cluster().List("Event", "", ListOptions{});
    for (const Json& e : (*list)["items"]) {
      const std::string reason = e["reason"];
      UnixMillis last = 0;
      ParseRfc3339(e["lastTimestamp"].get<std::string>(), &last);
      if ((reason == "OOMKilled" || reason == "OOMKilling") && last >= t) ++n;
    }
    return n;
  }

  double P99(UnixMillis t) {
    return simtest::HistogramQuantile(sim_->series(), "payment-service", 0.99, t);
  }

  Scenario scenario_;
  std::unique_ptr<Simulation> sim_;
};

TEST_F(FlagshipTest, AlertTimeIsTuesday1447) {
  EXPECT_EQ(FormatRfc3339(sim_->alert_time()), "2026-03-10T14:47:00Z");
  EXPECT_EQ(sim_->clock().Now(), sim_->alert_time());
  // 2026-03-10 is a Tuesday: days since the epoch, +4 (1970-01-01 was a Thursday).
  EXPECT_EQ((sim_->alert_time() / 86400000 + 4) % 7, 2);
}

TEST_F(FlagshipTest, PodsAtAlertTime) {
  auto pods = Pods(*sim_, kNs, kApp);
  ASSERT_EQ(pods.size(), 4u);
  const std::map<std::string, int64_t> restarts = {
      {"payment-service-6b8f9d4c7-h2k4l", 0}, {"payment-service-6b8f9d4c7-m9x2p", 0},
      {"payment-service-6b8f9d4c7-q7j8r", 3}, {"payment-service-6b8f9d4c7-v5n1s", 5}};
  for (const auto& [name, want] : restarts) {
    ASSERT_TRUE(pods.count(name)) << name;
    const Json& pod = pods[name];
    EXPECT_EQ(Restarts(pod), want) << name;
    EXPECT_EQ(simtest::Age(*sim_, pod), "18m") << name;
    EXPECT_EQ(pod["metadata"]["ownerReferences"][0]["name"], "payment-service-6b8f9d4c7");
    const Json& cs = pod["status"]["containerStatuses"][0];
    EXPECT_EQ(cs["image"], "registry.internal/payment-service:v2.14.0");
    EXPECT_EQ(pod["status"]["phase"], "Running") << name;
    if (name.ends_with("v5n1s")) {
      EXPECT_FALSE(cs["ready"].get<bool>());
      EXPECT_EQ(cs["state"]["waiting"]["reason"], "CrashLoopBackOff");
      EXPECT_EQ(cs["lastState"]["terminated"]["reason"], "OOMKilled");
      EXPECT_EQ(cs["lastState"]["terminated"]["exitCode"], 137);
    } else {
      EXPECT_TRUE(cs["ready"].get<bool>()) << name;
      EXPECT_TRUE(cs["state"].contains("running")) << name;
    }
  }
  EXPECT_EQ(pods["payment-service-6b8f9d4c7-q7j8r"]["status"]["containerStatuses"][0]["lastState"]
               ["terminated"]["reason"],
            "OOMKilled");
}

TEST_F(FlagshipTest, DeploymentAtAlertTime) {
  Json d = Deployment();
  EXPECT_EQ(d["spec"]["replicas"], 4);
  const Json& c = d["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["image"], "registry.internal/payment-service:v2.14.0");
  EXPECT_EQ(c["resources"], ParseJson(R"({"requests":{"cpu":"100m","memory":"128Mi"},
                                           "limits":{"cpu":"250m","memory":"256Mi"}})").value());
  EXPECT_EQ(d["status"]["availableReplicas"], 3);
  EXPECT_EQ(d["status"]["updatedReplicas"], 4);
  EXPECT_EQ(d["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "4");
  std::map<int64_t, std::string> want = {{3, "v2.13.2 - routine patch"},
                                         {4, "v2.14.0 - added payment reconciliation batch job"}};
  EXPECT_EQ(History(), want);
}

TEST_F(FlagshipTest, TopPodsAtAlertTime) {
  auto top = TopPods(*sim_, kNs, kApp);
  ASSERT_EQ(top.size(), 4u);
  auto expect = [&](const std::string& pod, int64_t cpu, int64_t mem) {
    EXPECT_EQ(top[pod].cpu_milli, cpu) << pod;
    EXPECT_EQ(top[pod].memory_mi, mem) << pod;
  };
  expect("payment-service-6b8f9d4c7-h2k4l", 89, 241);
  expect("payment-service-6b8f9d4c7-m9x2p", 94, 238);
  expect("payment-service-6b8f9d4c7-q7j8r", 102, 251);
  expect("payment-service-6b8f9d4c7-v5n1s", 0, 0);
}

TEST_F(FlagshipTest, EventsOfTheCrashingPod) {
  const std::string pod = "payment-service-6b8f9d4c7-v5n1s";
  auto age = [&](const Json& e, const char* field) {
    UnixMillis t = 0;
    ParseRfc3339(e[field].get<std::string>(), &t);
    return FormatAge(t, sim_->clock().Now());
  };
  auto oom = simtest::EventsFor(*sim_, kNs, pod, "OOMKilled");
  ASSERT_EQ(oom.size(), 1u);
  EXPECT_EQ(oom[0]["type"], "Warning");
  EXPECT_EQ(oom[0]["source"]["component"], "kubelet");
  EXPECT_EQ(age(oom[0], "firstTimestamp"), "16m");
  auto backoff = simtest::EventsFor(*sim_, kNs, pod, "BackOff");
  ASSERT_EQ(backoff.size(), 1u);
  EXPECT_EQ(backoff[0]["count"], 14);
  EXPECT_EQ(age(backoff[0], "firstTimestamp"), "16m");
  EXPECT_EQ(simtest::EventsFor(*sim_, kNs, pod, "Scheduled").size(), 1u);
  EXPECT_EQ(age(simtest::EventsFor(*sim_, kNs, pod, "Scheduled")[0], "firstTimestamp"), "18m");
  EXPECT_FALSE(simtest::EventsFor(*sim_, kNs, pod, "Started").empty());
  EXPECT_FALSE(simtest::EventsFor(*sim_, kNs, pod, "Pulled").empty());
  // Matched by uid, as kubectl describe asks.
  const Json p = *sim_->cluster().Get("Pod", kNs, pod);
  EXPECT_EQ(oom[0]["involvedObject"]["uid"], p["metadata"]["uid"]);
}

TEST_F(FlagshipTest, LatencyAtAlertTimeAndBeforeTheRollout) {
  const UnixMillis t0 = sim_->alert_time();
  const double p99 = P99(t0);
  RecordProperty("p99_at_t0", std::to_string(p99));
  EXPECT_GT(p99, 2.2);
  EXPECT_LT(p99, 2.6);
  const double before = P99(t0 - 20 * kMinute);
  EXPECT_GT(before, 0.110);
  EXPECT_LT(before, 0.130);
}

TEST_F(FlagshipTest, MemoryPatchHealsTheService) {
  const UnixMillis fix = sim_->clock().Now();
  auto patched = sim_->cluster().Patch(
      "Deployment", kNs, "payment-service", PatchType::kStrategicMerge,
      ParseJson(R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
        "resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]}}}})")
          .value());
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(Deployment()["spec"]["template"]["spec"]["containers"][0]["resources"],
            ParseJson(R"({"requests":{"cpu":"100m","memory":"256Mi"},
                          "limits":{"cpu":"250m","memory":"512Mi"}})").value());
  const UnixMillis done = simtest::WaitForRollout(*sim_, kNs, "payment-service");
  ASSERT_GT(done, 0);
  EXPECT_LT(done - fix, 3 * kMinute);
  EXPECT_EQ(History().rbegin()->first, 5);

  sim_->AdvanceTo(done + 2 * kMinute);
  auto pods = Pods(*sim_, kNs, kApp);
  ASSERT_EQ(pods.size(), 4u);
  auto top = TopPods(*sim_, kNs, kApp);
  for (const auto& [name, pod] : pods) {
    EXPECT_EQ(name.find("6b8f9d4c7"), std::string::npos) << name;
    EXPECT_EQ(pod["status"]["phase"], "Running");
    EXPECT_TRUE(pod["status"]["containerStatuses"][0]["ready"].get<bool>()) << name;
    EXPECT_EQ(Restarts(pod), 0) << name;
    EXPECT_GE(top[name].memory_mi, 239) << name;
    EXPECT_LE(top[name].memory_mi, 245) << name;
    const int pct = static_cast<int>(std::lround(100.0 * top[name].memory_mi / 512));
    EXPECT_TRUE(pct == 47 || pct == 48) << name << " " << pct;
  }
  EXPECT_EQ(OomEventsSince(fix), 0);
  EXPECT_EQ(Deployment()["status"]["availableReplicas"], 4);

  sim_->AdvanceTo(done + 6 * kMinute);
  const double p99 = P99(sim_->clock().Now());
  EXPECT_GT(p99, 0.120);
  EXPECT_LT(p99, 0.150);

  // Still healthy half an hour later, batch spikes and all.
  sim_->AdvanceTo(done + 30 * kMinute);
  for (const auto& [name, pod] : Pods(*sim_, kNs, kApp)) EXPECT_EQ(Restarts(pod), 0) << name;
  EXPECT_EQ(OomEventsSince(fix), 0);
}

TEST_F(FlagshipTest, RollbackToRevision3HealsTheService) {
  const UnixMillis fix = sim_->clock().Now();
  auto undone = RolloutUndo(sim_->cluster(), kNs, "payment-service", 3);
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  const UnixMillis done = simtest::WaitForRollout(*sim_, kNs, "payment-service");
  ASSERT_GT(done, 0);
  // The revision-3 ReplicaSet is reused and becomes revision 5.
  std::map<int64_t, std::string> want = {{4, "v2.14.0 - added payment reconciliation batch job"},
                                         {5, "v2.13.2 - routine patch"}};
  EXPECT_EQ(History(), want);
  auto rs = sim_->cluster().Get("ReplicaSet", kNs, "payment-service-7d9c5b8f6");
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ((*rs)["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"], "3");

  sim_->AdvanceTo(done + 6 * kMinute);
  auto pods = Pods(*sim_, kNs, kApp);
  ASSERT_EQ(pods.size(), 4u);
  auto top = TopPods(*sim_, kNs, kApp);
  for (const auto& [name, pod] : pods) {
    EXPECT_EQ(name.rfind("payment-service-7d9c5b8f6-", 0), 0u) << name;
    EXPECT_EQ(pod["status"]["containerStatuses"][0]["image"],
              "registry.internal/payment-service:v2.13.2");
    EXPECT_EQ(Restarts(pod), 0) << name;
    EXPECT_LT(top[name].memory_mi, 200) << name;  // v2.13.2's lower memory
    EXPECT_GT(top[name].memory_mi, 160) << name;
  }
  EXPECT_EQ(OomEventsSince(fix + kMinute), 0);
  const double p99 = P99(sim_->clock().Now());
  EXPECT_GT(p99, 0.110);
  EXPECT_LT(p99, 0.130);
}

TEST_F(FlagshipTest, PromqlAgreesWithTheSeries) {
  auto r = sim_->metrics().Query(
      "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"payment-service\"}[5m]))",
      sim_->alert_time());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)["result"].size(), 1u) << r->dump();
  const double v = std::stod((*r)["result"][0]["value"][1].get<std::string>());
  EXPECT_NEAR(v, P99(sim_->alert_time()), 0.05 * v);
}

TEST(FlagshipVariant600Mi, A512MiFixKeepsOomKilling) {
  Scenario s = simtest::LoadOrDie("scenarios/payment-service-oom-600mi.yaml");
  auto sim = simtest::CreateOrDie(s);
  ASSERT_NE(sim, nullptr);
  const UnixMillis fix = sim->clock().Now();
  auto patched = sim->cluster().Patch(
      "Deployment", kNs, "payment-service", PatchType::kStrategicMerge,
      ParseJson(R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
        "resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]}}}})")
          .value());
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  sim->AdvanceTo(fix + 10 * kMinute);
  int64_t restarts = 0;
  for (const auto& [name, pod] : Pods(*sim, kNs, kApp)) restarts += Restarts(pod);
  EXPECT_GT(restarts, 0);
  int oom = 0;
  auto list = sim->cluster().List("Event", kNs, ListOptions{"", "reason=OOMKilled"});
  for (const Json& e : (*list)["items"]) {
    UnixMillis last = 0;
    ParseRfc3339(e["lastTimestamp"].get<std::string>(), &last);
    if (last > fix + kMinute) ++oom;
  }
  EXPECT_GT(oom, 0);
  // A 1Gi limit does hold it.
  auto again = sim->cluster().Patch(
      "Deployment", kNs, "payment-service", PatchType::kStrategicMerge,
      ParseJson(R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
        "resources":{"requests":{"memory":"640Mi"},"limits":{"memory":"1Gi"}}}]}}}})")
          .value());
  ASSERT_TRUE(again.ok());
  const UnixMillis done = simtest::WaitForRollout(*sim, kNs, "payment-service");
  ASSERT_GT(done, 0);
  sim->AdvanceTo(done + 15 * kMinute);
  for (const auto& [name, pod] : Pods(*sim, kNs, kApp)) EXPECT_EQ(Restarts(pod), 0) << name;
}

}  // namespace
}  // namespace kf
