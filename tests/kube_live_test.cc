// Live mode end to end: the mutation guard, the flagship loop through
// KubeBackend against a fake API server serving the simulator (same tool
// outputs and verdict as in process), and `kubeflight live` itself.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/agent/recording_observer.h"
#include "engine/agent/run_scenario.h"
#include "engine/replay/resume.h"
#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "engine/cli/live_session.h"
#include "engine/kube/base64.h"
#include "engine/kube/mutation_guard.h"
#include "tests/kube_testing.h"

namespace kf::kube {
namespace {

using testing::FakeKubeOptions;
using testing::FakeKubeServer;

const Json kReplicas5 = {{"spec", {{"replicas", 5}}}};

TEST(MutationGuardTest, ReadOnlyRefusesEveryWrite) {
  auto sim = kubetest::Flagship();
  MutationGuard guard(&sim->cluster(), /*mutations_allowed=*/false);
  guard.Arm({"deployment", "production", "payment-service"});  // no effect read-only
  Result<Json> r = guard.Patch("Deployment", "production", "payment-service", PatchType::kMerge, kReplicas5);
  EXPECT_EQ(r.status().ToString(),
            "FailedPrecondition: kubeflight live is read-only: refusing to patch deployments.apps "
            "\"payment-service\" in namespace \"production\"; pass --allow-mutations to allow approved changes");
  EXPECT_EQ(guard.Delete("Pod", "production", "x").status().code(), StatusCode::kFailedPrecondition);
  // Reads and dry runs pass.
  EXPECT_TRUE(guard.Patch("Deployment", "production", "payment-service", PatchType::kMerge, kReplicas5, true).ok());
  EXPECT_TRUE(guard.Get("Deployment", "production", "payment-service").ok());
  EXPECT_EQ(guard.writes_refused(), 2);
  EXPECT_EQ((*sim->cluster().Get("Deployment", "production", "payment-service"))["spec"]["replicas"], 4);
}

TEST(MutationGuardTest, OnlyTheApprovedTargetOnce) {
  auto sim = kubetest::Flagship();
  MutationGuard guard(&sim->cluster(), /*mutations_allowed=*/true);
  Result<Json> unapproved = guard.Patch("Deployment", "production", "payment-service", PatchType::kMerge, kReplicas5);
  EXPECT_EQ(unapproved.status().message(),
            "no recorded approval for patch deployments.apps \"payment-service\" in namespace "
            "\"production\": refusing to change the cluster");
  guard.Arm({"deployment", "production", "payment-service"});
  EXPECT_EQ(guard.Patch("Deployment", "staging", "payment-service", PatchType::kMerge, kReplicas5).status().code(),
            StatusCode::kFailedPrecondition);  // another namespace: refused, grant kept
  EXPECT_TRUE(guard.Patch("Deployment", "production", "payment-service", PatchType::kMerge, kReplicas5).ok());
  EXPECT_EQ(guard.Patch("Deployment", "production", "payment-service", PatchType::kMerge, kReplicas5).status().code(),
            StatusCode::kFailedPrecondition);  // used up
  EXPECT_EQ(guard.writes_passed(), 1);
  EXPECT_EQ(guard.writes_refused(), 3);
}

// The fake server's virtual clock, read and advanced under its mutex.
class LockedClock final : public Clock {
 public:
  LockedClock(Clock& inner, std::mutex& mu) : inner_(inner), mu_(mu) {}
  UnixMillis Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return inner_.Now();
  }
  void Sleep(DurationMs d) override {
    std::lock_guard<std::mutex> lock(mu_);
    inner_.Sleep(d);
  }

 private:
  Clock& inner_;
  std::mutex& mu_;
};

class LiveFlagship : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = simtest::LoadOrDie("scenarios/payment-service-oom.yaml");
    sim_ = kubetest::Flagship();
    ASSERT_NE(sim_, nullptr);
    FakeKubeOptions o = kubetest::TlsOptions();
    o.required_token = "live-token";
    server_ = std::make_unique<FakeKubeServer>(&sim_->cluster(), o);
    ASSERT_TRUE(server_->Start());
    clock_ = std::make_unique<LockedClock>(sim_->cluster().clock(), server_->mutex());
  }
  cli::LiveRequest Request(agent::ApprovalGate* gate, bool allow) {
    cli::LiveRequest r;
    r.rest = kubetest::ConfigFor(*server_);
    r.rest.token = "live-token";
    r.prompt = scenario_.prompt;
    r.allow_mutations = allow;
    r.gate = gate;
    r.metrics = &sim_->metrics();
    r.clock = clock_.get();
    return r;
  }
  int NonDryRunWrites() const {
    int n = 0;
    for (const auto& r : server_->Requests()) {
      if (r.method != "GET" && r.path.find("dryRun=All") == std::string::npos) ++n;
    }
    return n;
  }
  Scenario scenario_;
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<FakeKubeServer> server_;
  std::unique_ptr<LockedClock> clock_;
};

TEST_F(LiveFlagship, ApprovedRunMatchesTheInProcessRun) {
  agent::RunResult want = kubetest::InProcess("1");
  ASSERT_EQ(want.outcome, agent::RunOutcome::kPassed);
  agent::PolicyGate gate = *agent::PolicyGate::Parse("1");
  Result<cli::LiveRun> live = cli::RunLive(Request(&gate, true));
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  kubetest::ExpectSameRun(want, live->result);
  EXPECT_EQ(live->writes_passed, 1);
  EXPECT_EQ(live->writes_refused, 0);
  EXPECT_EQ(NonDryRunWrites(), 1);
  // Every request carried the token over TLS; previews were server-side dry runs.
  bool dry_run_seen = false;
  for (const auto& r : server_->Requests()) {
    EXPECT_EQ(r.headers.at("authorization"), "Bearer live-token");
    dry_run_seen = dry_run_seen || (r.method == "PATCH" && r.path.find("dryRun=All") != std::string::npos);
  }
  EXPECT_TRUE(dry_run_seen);
}

TEST_F(LiveFlagship, ReadOnlyStopsAtTheGateAndChangesNothing) {
  Json before = *sim_->cluster().Get("Deployment", "production", "payment-service");
  agent::PolicyGate gate = *agent::PolicyGate::Parse("1");  // would approve, but read-only wins
  Result<cli::LiveRun> live = cli::RunLive(Request(&gate, false));
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  EXPECT_EQ(live->result.outcome, agent::RunOutcome::kStoppedAtGate);
  EXPECT_EQ(NonDryRunWrites(), 0);
  EXPECT_EQ(live->writes_passed, 0);
  EXPECT_EQ(*sim_->cluster().Get("Deployment", "production", "payment-service"), before);
  const agent::Step& last_approval = [&]() -> const agent::Step& {
    for (auto it = live->result.transcript.rbegin(); it != live->result.transcript.rend(); ++it) {
      if (it->kind == agent::Step::Kind::kApproval) return *it;
    }
    return live->result.transcript.back();
  }();
  ASSERT_EQ(last_approval.kind, agent::Step::Kind::kApproval);
  EXPECT_EQ(last_approval.decision.decided_by, "read-only");
  EXPECT_FALSE(last_approval.proposal.options.empty());
  EXPECT_FALSE(last_approval.proposal.options[0].changes.empty());  // the dry-run diff was shown
}

TEST_F(LiveFlagship, UnreachableAndUnauthorizedFailBeforeTheLoop) {
  agent::PolicyGate gate = *agent::PolicyGate::Parse("1");
  cli::LiveRequest bad = Request(&gate, false);
  bad.rest.token = "nope";
  Result<cli::LiveRun> r = cli::RunLive(bad);
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(server_->Requests().size(), 1u);  // only GET /version
}

// A live run stopped at the gate (read-only) resumes later against the same
// cluster: the recorded investigation is replayed from the recording (not
// asked again), then the approval, the change and the verification go live.
TEST_F(LiveFlagship, ReadOnlyRunStoppedAtTheGateResumesLiveWithApproval) {
  const std::string db = testing::TempDir() + "/live-resume.db";
  std::string run_id;
  size_t investigation_requests = 0;
  {
    Result<recorder::Recorder> rec = recorder::Recorder::Open(db);
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
    recorder::RunInfo info;
    info.mode = recorder::RunMode::kLive;
    agent::RecordingObserver recording(&*rec, info, clock_.get());
    agent::PolicyGate gate = *agent::PolicyGate::Parse("1");
    cli::LiveRequest request = Request(&gate, false);
    request.observer = &recording;
    Result<cli::LiveRun> live = cli::RunLive(request);
    ASSERT_TRUE(live.ok()) << live.status().ToString();
    ASSERT_EQ(live->result.outcome, agent::RunOutcome::kStoppedAtGate);
    ASSERT_TRUE(recording.status().ok()) << recording.status().ToString();
    ASSERT_TRUE(rec->Close().ok());
    run_id = recording.run_id();
    investigation_requests = server_->Requests().size();
  }
  EXPECT_EQ(NonDryRunWrites(), 0);

  agent::PolicyGate approve = *agent::PolicyGate::Parse("1");
  std::unique_ptr<cli::LiveCluster> cluster;
  replay::ResumeRequest req;
  req.db_path = db;
  req.run_id = run_id;
  req.connect_live = [&](const recorder::RunInfo& info) -> Result<replay::LiveTarget> {
    EXPECT_EQ(info.id, run_id);
    cli::LiveConnectOptions o;
    o.rest = Request(&approve, true).rest;
    o.allow_mutations = true;
    o.gate = &approve;
    o.clock = clock_.get();
    KF_ASSIGN_OR_RETURN(cluster, cli::ConnectLive(o));
    return replay::LiveTarget{cluster->cluster(), &sim_->metrics(), cluster->gate()};
  };
  Result<replay::ResumeOutcome> out = replay::ResumeRecordedRun(req);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const replay::SessionRunResult& r = out->run;
  EXPECT_FALSE(r.divergence) << (r.divergence ? r.divergence->Render() : "");
  EXPECT_TRUE(r.went_live);
  EXPECT_EQ(r.result.outcome, agent::RunOutcome::kPassed) << r.result.report.message;
  EXPECT_EQ(cluster->writes_passed(), 1);
  EXPECT_EQ(NonDryRunWrites(), 1);
  Json d = *sim_->cluster().Get("Deployment", "production", "payment-service");
  EXPECT_EQ(d["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"], "512Mi");
  // The investigation and the approval request (with its dry-run diff) came
  // from the recording: after /version, the resume reads the deployment it
  // is about to change, then sends the approved change itself.
  ASSERT_GT(server_->Requests().size(), investigation_requests + 3);
  const std::string deployment = "/apis/apps/v1/namespaces/production/deployments/payment-service";
  EXPECT_EQ(server_->Requests()[investigation_requests].path, "/version");
  EXPECT_EQ(server_->Requests()[investigation_requests + 1].method + " " + server_->Requests()[investigation_requests + 1].path,
            "GET " + deployment);
  EXPECT_EQ(server_->Requests()[investigation_requests + 2].method + " " + server_->Requests()[investigation_requests + 2].path,
            "PATCH " + deployment + "?fieldManager=kubeflight");
  // Recorded as a new live run whose parent is the stopped one.
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  ASSERT_TRUE(reader.ok());
  Result<recorder::RunRecord> resumed = reader->GetRun(r.recorded_run_id);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->info.mode, recorder::RunMode::kLive);
  EXPECT_EQ(resumed->info.parent_run_id, run_id);
  EXPECT_EQ(resumed->outcome.status, recorder::RunStatus::kPassed);

  // Without a connection, a live run is not resumed against anything else.
  replay::ResumeRequest bare;
  bare.db_path = db;
  bare.run_id = run_id;
  bare.gate = &approve;
  bare.resolve_scenario = [](const std::string& s) { return s; };
  EXPECT_EQ(replay::ResumeRecordedRun(bare).status().message(),
            "run " + run_id + " ran against a live cluster (live:test); resuming it needs that cluster");
}

// ---- the kubeflight binary ----

std::string WriteKubeconfig(const FakeKubeServer& server, const std::string& token) {
  std::string dir = testing::TempDir();
  std::string path = dir + "/config";
  std::ofstream(path) << "apiVersion: v1\nkind: Config\ncurrent-context: fake\nclusters:\n- name: fake\n  cluster:\n"
                      << "    server: " << server.BaseUrl() << "\n    certificate-authority-data: "
                      << Base64Encode(kubetest::ReadAll(testing::GetTestPki().ca_crt)) << "\n"
                      << "users:\n- name: admin\n  user:\n    token: " << token << "\n"
                      << "contexts:\n- name: fake\n  context: {cluster: fake, user: admin}\n";
  return path;
}

TEST_F(LiveFlagship, CliReadOnlyByDefault) {
  std::string config = WriteKubeconfig(*server_, "live-token");
  std::string out;
  int rc = testing::RunKubeflight("live 'payment-service latency has spiked' --kubeconfig " + config +
                                      " --approve=1 --settle 0s",
                                  &out, true);
  EXPECT_EQ(rc, 4) << out;
  EXPECT_NE(out.find("read-only"), std::string::npos) << out;
  EXPECT_NE(out.find("kubeflight live: read-only run; nothing was changed. Re-run with --allow-mutations "
                     "to act on the proposal after approval."),
            std::string::npos)
      << out;
  EXPECT_EQ(NonDryRunWrites(), 0);

  // Live runs are recorded like every run (mode live).
  EXPECT_NE(out.find("kubeflight live: recorded run "), std::string::npos) << out;
  std::string listed;
  ASSERT_EQ(testing::RunKubeflight("runs list", &listed, true), 0) << listed;
  EXPECT_NE(listed.find("live"), std::string::npos) << listed;
  EXPECT_NE(listed.find("live:fake"), std::string::npos) << listed;
}

TEST(LiveCliTest, FlagAndConfigErrors) {
  std::string out;
  EXPECT_EQ(testing::RunKubeflight("live x --prometheus 127.0.0.1:9090", &out, true), 2);
  EXPECT_EQ(out, "kubeflight live: prometheus: URL \"127.0.0.1:9090\" must start with http:// or https://\n");
  std::string dir = testing::TempDir();
  EXPECT_EQ(testing::RunKubeflight("live x --kubeconfig " + dir + "/none", &out, true), 1);
  EXPECT_EQ(out, "kubeflight live: kubeconfig " + dir + "/none does not exist\n");
  std::ofstream(dir + "/config") << "current-context: a\nclusters:\n- name: c\n  cluster: {server: 'http://127.0.0.1:1'}\n"
                                    "contexts:\n- name: a\n  context: {cluster: c}\n";
  EXPECT_EQ(testing::RunKubeflight("live x --kubeconfig " + dir + "/config --json", &out, true), 1);
  EXPECT_EQ(out.rfind("kubeflight live: cannot reach the Kubernetes API server at 127.0.0.1:1: ", 0), 0u) << out;
}

}  // namespace
}  // namespace kf::kube
