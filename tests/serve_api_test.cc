// The Kubernetes API of `kubeflight serve` at the HTTP level (cpp-httplib
// client against a paused server of the flagship scenario), and its request
// handling without sockets (KubeApi, Watch over a Simulation).
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>

#include "engine/scenario/scenario.h"
#include "engine/serve/discovery.h"
#include "engine/serve/kube_api.h"
#include "engine/sim/simulation.h"
#include "recorder/reader.h"
#include "tests/testing/serve_testing.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

const char kTableAccept[] =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
    "application/json";
const char kDiscoveryAccept[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g="
    "apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const char kDiscoveryV2beta1Accept[] =
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

class ServeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = testing::StartServe();
    ASSERT_NE(server_, nullptr);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  Json GetJson(const std::string& path, const std::string& accept = "application/json",
               int want_status = 200) {
    auto res = client_->Get(path.c_str(), {{"Accept", accept}});
    EXPECT_TRUE(res) << path;
    if (!res) return Json();
    EXPECT_EQ(res->status, want_status) << path << "\n" << res->body;
    return Json::parse(res->body, nullptr, false);
  }

  std::unique_ptr<serve::Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServeApiTest, AggregatedDiscoveryFollowsTheAcceptHeader) {
  auto res = client_->Get("/api", {{"Accept", kDiscoveryAccept}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"),
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  Json api = Json::parse(res->body);
  EXPECT_EQ(api["apiVersion"], "apidiscovery.k8s.io/v2");
  const Json& core = api["items"][0]["versions"][0];
  EXPECT_EQ(core["version"], "v1");
  Json pods;
  for (const Json& r : core["resources"])
    if (r["resource"] == "pods") pods = r;
  EXPECT_EQ(pods["shortNames"], Json::array({"po"}));
  EXPECT_EQ(pods["scope"], "Namespaced");
  EXPECT_EQ(pods["subresources"][0]["subresource"], "log");

  // kubectl <= 1.29 offers only v2beta1: it must not get v2.
  res = client_->Get("/apis", {{"Accept", kDiscoveryV2beta1Accept}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"),
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
  Json apis = Json::parse(res->body);
  std::vector<std::string> groups;
  for (const Json& g : apis["items"]) groups.push_back(g["metadata"]["name"]);
  EXPECT_NE(std::find(groups.begin(), groups.end(), "apps"), groups.end());
  EXPECT_NE(std::find(groups.begin(), groups.end(), "metrics.k8s.io"), groups.end());
}

TEST_F(ServeApiTest, LegacyDiscovery) {
  Json api = GetJson("/api");
  EXPECT_EQ(api["kind"], "APIVersions");
  EXPECT_EQ(api["versions"], Json::array({"v1"}));
  Json groups = GetJson("/apis");
  EXPECT_EQ(groups["kind"], "APIGroupList");
  Json apps = GetJson("/apis/apps/v1");
  EXPECT_EQ(apps["groupVersion"], "apps/v1");
  Json scale;
  for (const Json& r : apps["resources"])
    if (r["name"] == "deployments/scale") scale = r;
  EXPECT_EQ(scale["group"], "autoscaling");
  EXPECT_EQ(scale["kind"], "Scale");
  GetJson("/apis/nope/v1", "application/json", 404);
  EXPECT_EQ(GetJson("/version")["minor"], "32");
}

TEST_F(ServeApiTest, PodsAsATable) {
  Json t = GetJson("/api/v1/namespaces/production/pods?labelSelector=app%3Dpayment-service&limit=500",
                   kTableAccept);
  EXPECT_EQ(t["kind"], "Table");
  EXPECT_EQ(t["apiVersion"], "meta.k8s.io/v1");
  std::vector<std::string> names;
  std::vector<int> priorities;
  for (const Json& c : t["columnDefinitions"]) {
    names.push_back(c["name"]);
    priorities.push_back(c["priority"]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age", "Ip", "Node",
                                             "Nominated Node", "Readiness Gates"}));
  EXPECT_EQ(priorities, (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1}));
  ASSERT_EQ(t["rows"].size(), 4u);
  EXPECT_EQ(t["rows"][3]["cells"][0], "payment-service-6b8f9d4c7-v5n1s");
  EXPECT_EQ(t["rows"][3]["cells"][2], "CrashLoopBackOff");
  EXPECT_EQ(t["rows"][3]["object"]["kind"], "PartialObjectMetadata");
  EXPECT_EQ(t["rows"][3]["object"]["metadata"]["labels"]["app"], "payment-service");
  EXPECT_FALSE(t["metadata"]["resourceVersion"].get<std::string>().empty());

  // --sort-by asks for whole objects.
  t = GetJson("/api/v1/namespaces/production/events?fieldSelector=reason%3DBackOff&includeObject=Object",
              kTableAccept);
  ASSERT_FALSE(t["rows"].empty());
  EXPECT_EQ(t["rows"][0]["object"]["kind"], "Event");
  EXPECT_EQ(t["columnDefinitions"][0]["name"], "Last Seen");
}

TEST_F(ServeApiTest, StatusErrors) {
  Json st = GetJson("/apis/apps/v1/namespaces/production/deployments/nope", "application/json", 404);
  EXPECT_EQ(st, Json::parse(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
      "message":"deployments.apps \"nope\" not found","reason":"NotFound",
      "details":{"name":"nope","group":"apps","kind":"deployments"},"code":404})"));
  st = GetJson("/api/v1/namespaces/production/pods?fieldSelector=spec.bogus%3Dx", "application/json", 400);
  EXPECT_EQ(st["message"], "field label not supported: spec.bogus");
  EXPECT_EQ(st["reason"], "BadRequest");

  auto res = client_->Patch("/apis/apps/v1/namespaces/production/deployments/payment-service",
                            "{}", "application/apply-patch+yaml");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
  EXPECT_EQ(Json::parse(res->body)["message"],
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
            "application/strategic-merge-patch+json");

  // A Scale PUT with a stale resourceVersion is a Conflict.
  Json scale = GetJson("/apis/apps/v1/namespaces/production/deployments/payment-service/scale");
  EXPECT_EQ(scale["spec"]["replicas"], 4);
  EXPECT_EQ(scale["status"]["selector"], "app=payment-service");
  scale["metadata"]["resourceVersion"] = "1";
  scale["spec"]["replicas"] = 2;
  res = client_->Put("/apis/apps/v1/namespaces/production/deployments/payment-service/scale",
                     scale.dump(), "");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(Json::parse(res->body)["message"],
            "Operation cannot be fulfilled on deployments.apps \"payment-service\": the object has "
            "been modified; please apply your changes to the latest version and try again");
}

TEST_F(ServeApiTest, DryRunPatchChangesNothing) {
  const std::string path = "/apis/apps/v1/namespaces/production/deployments/payment-service";
  auto res = client_->Patch((path + "?dryRun=All").c_str(), R"({"spec":{"replicas":7}})",
                            "application/merge-patch+json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Json::parse(res->body)["spec"]["replicas"], 7);
  EXPECT_EQ(GetJson(path)["spec"]["replicas"], 4);
}

TEST_F(ServeApiTest, PausedClockMovesOnlyWhenAdvanced) {
  Json clock = GetJson("/kubeflight/v1/clock");
  EXPECT_EQ(clock["now"], "2026-03-10T14:47:00Z");
  EXPECT_EQ(clock["paused"], true);
  auto res = client_->Post("/kubeflight/v1/advance?by=90s", "", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Json::parse(res->body)["now"], "2026-03-10T14:48:30Z");
  res = client_->Post("/kubeflight/v1/advance?by=soon", "", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Json::parse(res->body)["message"],
            "advance: by must be a duration >= 0 such as 30s or 5m, got \"soon\"");
}

// Like the API server, serve compresses with gzip only, whatever else the
// client offers (httplib alone would pick brotli for "br").
TEST_F(ServeApiTest, CompressesWithGzipOnly) {
  client_->set_decompress(false);
  const char* path = "/api/v1/namespaces/production/pods";
  auto res = client_->Get(path, {{"Accept", "application/json"}, {"Accept-Encoding", "br, gzip, deflate"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  res = client_->Get(path, {{"Accept", "application/json"}, {"Accept-Encoding", "br"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(Json::parse(res->body)["kind"], "PodList");
}

TEST_F(ServeApiTest, MountedHandlersServeTheirPrefix) {
  server_->Mount("/prometheus/", [](const serve::HttpRequest& r) {
    return serve::HttpReply{200, "application/json",
                            Json{{"path", r.path}, {"query", r.Param("query")}}.dump(), {}};
  });
  Json j = GetJson("/prometheus/api/v1/query?query=up");
  EXPECT_EQ(j, Json::parse(R"({"path":"/prometheus/api/v1/query","query":"up"})"));
  EXPECT_EQ(GetJson("/version")["major"], "1");  // the rest is still the API
}

TEST(ServeRecording, EveryRequestIsAToolCallOfTheRun) {
  std::string db = testing::TempDir() + "/runs.db";
  std::unique_ptr<serve::Server> server = testing::StartServe("payment-service-oom", false, db);
  ASSERT_NE(server, nullptr);
  std::string run = server->run_id();
  httplib::Client client("127.0.0.1", server->port());
  ASSERT_TRUE(client.Get("/api/v1/namespaces/production/pods/nope"));
  ASSERT_TRUE(client.Get("/version"));
  ASSERT_TRUE(server->Stop().ok());

  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Result<recorder::RunRecord> rec = reader->GetRun(run);
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->info.agent, "external");
  EXPECT_EQ(rec->info.scenario, "payment-service-oom");
  EXPECT_EQ(rec->outcome.verdict, "served 2 requests");
  Result<std::vector<recorder::StoredEvent>> events = reader->Events(run);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[0].type, "tool_call");
  EXPECT_EQ((*events)[0].payload["call"]["args"]["path"], "/api/v1/namespaces/production/pods/nope");
  EXPECT_EQ((*events)[1].type, "tool_result");
  EXPECT_EQ((*events)[1].payload["status"], 404);
  EXPECT_EQ((*events)[1].payload["text"]["message"], "pods \"nope\" not found");
  EXPECT_EQ((*events)[3].payload["text"]["minor"], "32");
  EXPECT_TRUE(reader->CheckGapless(run).ok());
}

TEST(ServeTls, TokenIsRequired) {
  std::unique_ptr<serve::Server> server = testing::StartServe("payment-service-oom", /*tls=*/true);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->url(), "https://127.0.0.1:" + std::to_string(server->port()));
  std::string ca = testing::TempDir() + "/ca.crt";
  std::ofstream(ca) << server->ca_pem();
  httplib::SSLClient client("127.0.0.1", server->port());
  client.set_ca_cert_path(ca.c_str());
  client.enable_server_certificate_verification(true);
  auto res = client.Get("/version");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(Json::parse(res->body)["reason"], "Unauthorized");
  client.set_bearer_token_auth(server->token());
  res = client.Get("/version");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(server->Kubeconfig().find("    token: " + server->token() + "\n"), std::string::npos);
}

// Watches without sockets: the events a client gets after a change.
TEST(ServeWatch, ReportsChangesAfterTheListResourceVersion) {
  Result<Scenario> scenario =
      LoadScenarioFile(testing::SourceDir() + "/scenarios/payment-service-oom.yaml");
  ASSERT_TRUE(scenario.ok());
  Result<std::unique_ptr<Simulation>> sim = Simulation::Create(*scenario);
  ASSERT_TRUE(sim.ok());
  ClusterBackend& cluster = (*sim)->cluster();
  Result<Json> list = cluster.List("Deployment", "production", {"", "metadata.name=payment-service"});
  ASSERT_TRUE(list.ok());
  serve::HttpRequest request;
  request.params = {{"fieldSelector", "metadata.name=payment-service"},
                    {"resourceVersion", (*list)["metadata"]["resourceVersion"].get<std::string>()}};
  Result<serve::ApiPath> path = serve::ParseApiPath("/apis/apps/v1/namespaces/production/deployments");
  ASSERT_TRUE(path.ok());
  serve::Watch watch(*path, request);
  Result<std::vector<Json>> events = watch.Poll(&cluster);
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->empty());
  ASSERT_TRUE(cluster.Patch("Deployment", "production", "payment-service", PatchType::kMerge,
                            Json::parse(R"({"spec":{"replicas":5}})"))
                  .ok());
  events = watch.Poll(&cluster);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0]["type"], "MODIFIED");
  EXPECT_EQ((*events)[0]["object"]["spec"]["replicas"], 5);
  EXPECT_TRUE(watch.Poll(&cluster)->empty());

  // Without a resourceVersion every current object is ADDED first.
  serve::Watch fresh(*path, serve::HttpRequest{});
  events = fresh.Poll(&cluster);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0]["type"], "ADDED");
}

TEST(ServeDiscovery, AcceptNegotiation) {
  EXPECT_EQ(serve::AggregatedDiscoveryVersion(kDiscoveryAccept), "v2");
  EXPECT_EQ(serve::AggregatedDiscoveryVersion(kDiscoveryV2beta1Accept), "v2beta1");
  EXPECT_EQ(serve::AggregatedDiscoveryVersion("application/json, */*"), "");
}

}  // namespace
}  // namespace kf
