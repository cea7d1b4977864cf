// The live client against a loopback fake API server: credentials, TLS,
// exec plugins, error mapping (engine/kube/http_client.h, kube_backend.h).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "engine/kube/exec_plugin.h"
#include "engine/kube/kube_backend.h"
#include "tests/kube_testing.h"

namespace kf::kube {
namespace {

using kubetest::ConfigFor;
using kubetest::TlsOptions;
using testing::FakeKubeOptions;
using testing::FakeKubeServer;

std::unique_ptr<KubeBackend> Backend(const RestConfig& c, Clock* clock = nullptr) {
  KubeBackendOptions o;
  o.clock = clock;
  auto b = KubeBackend::Create(c, o);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? std::move(*b) : nullptr;
}

class KubeClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = kubetest::Flagship();
    ASSERT_NE(sim_, nullptr);
  }
  std::unique_ptr<FakeKubeServer> Serve(FakeKubeOptions o) {
    auto s = std::make_unique<FakeKubeServer>(&sim_->cluster(), std::move(o));
    EXPECT_TRUE(s->Start());
    return s;
  }
  std::unique_ptr<Simulation> sim_;
};

TEST_F(KubeClientTest, GetAndListUseTheRestPathsAndSelectors) {
  auto server = Serve(FakeKubeOptions{});
  auto b = Backend(ConfigFor(*server));
  Result<Json> d = b->Get("Deployment", "production", "payment-service");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, *sim_->cluster().Get("Deployment", "production", "payment-service"));
  Result<Json> pods = b->List("pods", "production", ListOptions{"app=payment-service", "status.phase=Running"});
  ASSERT_TRUE(pods.ok()) << pods.status().ToString();
  // Items get kind/apiVersion back; the list equals the simulator's own.
  EXPECT_EQ(*pods, *sim_->cluster().List("Pod", "production", ListOptions{"app=payment-service", "status.phase=Running"}));
  auto reqs = server->Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].path, "/apis/apps/v1/namespaces/production/deployments/payment-service");
  EXPECT_EQ(reqs[1].path,
            "/api/v1/namespaces/production/pods?labelSelector=app%3Dpayment-service&fieldSelector=status.phase%3DRunning&limit=500");
  EXPECT_EQ(reqs[1].headers["accept"], "application/json");
  // Over http no credentials are sent, even when configured (as client-go).
  EXPECT_EQ(reqs[0].headers.count("authorization"), 0u);
}

TEST_F(KubeClientTest, PatchDryRunSendsDryRunAllAndStoresNothing) {
  auto server = Serve(FakeKubeOptions{});
  auto b = Backend(ConfigFor(*server));
  Json before = *sim_->cluster().Get("Deployment", "production", "payment-service");
  Json patch = {{"spec", {{"template", {{"spec", {{"containers", {{{"name", "payment-service"}, {"resources", {{"limits", {{"memory", "512Mi"}}}}}}}}}}}}}}};
  Result<Json> dry = b->Patch("Deployment", "production", "payment-service", PatchType::kStrategicMerge, patch, true);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  EXPECT_EQ(*sim_->cluster().Get("Deployment", "production", "payment-service"), before);
  Result<Json> merge = b->Patch("Deployment", "production", "payment-service", PatchType::kMerge,
                                {{"spec", {{"replicas", 5}}}});
  ASSERT_TRUE(merge.ok()) << merge.status().ToString();
  EXPECT_EQ((*merge)["spec"]["replicas"], 5);
  auto reqs = server->Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].method, "PATCH");
  EXPECT_EQ(reqs[0].path, "/apis/apps/v1/namespaces/production/deployments/payment-service?fieldManager=kubeflight&dryRun=All");
  EXPECT_EQ(reqs[0].headers["content-type"], "application/strategic-merge-patch+json");
  EXPECT_EQ(reqs[0].json, patch);
  EXPECT_EQ(reqs[1].path, "/apis/apps/v1/namespaces/production/deployments/payment-service?fieldManager=kubeflight");
  EXPECT_EQ(reqs[1].headers["content-type"], "application/merge-patch+json");
}

TEST_F(KubeClientTest, ErrorsMapToKubectlMessages) {
  FakeKubeOptions o;
  o.forbidden = {{"patch", "deployments"}};
  auto server = Serve(o);
  auto b = Backend(ConfigFor(*server));
  Result<Json> missing = b->Get("Deployment", "production", "nope");
  EXPECT_EQ(missing.status().ToString(), "NotFound: deployments.apps \"nope\" not found");
  Result<Json> forbidden = b->Patch("Deployment", "production", "payment-service", PatchType::kMerge,
                                    {{"spec", {{"replicas", 5}}}});
  EXPECT_EQ(forbidden.status().ToString(),
            "PermissionDenied: deployments.apps \"payment-service\" is forbidden: User \"bob\" cannot "
            "patch resource \"deployments\" in API group \"apps\" in the namespace \"production\"");
  Result<std::string> logs = b->Logs("production", "nope", "payment-service", false, 10);
  EXPECT_EQ(logs.status().code(), StatusCode::kNotFound);
  Result<Json> unknown = b->Get("Widget", "production", "x");
  EXPECT_EQ(unknown.status().message(), "the server doesn't have a resource type \"Widget\"");

  // Unreachable: a port nobody listens on any more.
  int port = server->port();
  server->Stop();
  RestConfig gone;
  gone.server = "http://127.0.0.1:" + std::to_string(port);
  Result<Json> down = Backend(gone)->Get("Pod", "production", "x");
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(down.status().message().rfind("cannot reach the Kubernetes API server at 127.0.0.1:" +
                                          std::to_string(port) + ": Failed to connect to 127.0.0.1 port " +
                                          std::to_string(port), 0), 0u)
      << down.status().message();
}

TEST_F(KubeClientTest, BearerTokenOverHttpsAndUnauthorized) {
  FakeKubeOptions o = TlsOptions();
  o.required_token = "t0ken";
  auto server = Serve(o);
  RestConfig c = ConfigFor(*server);
  c.token = "t0ken";
  ASSERT_TRUE(Backend(c)->Get("Deployment", "production", "payment-service").ok());
  EXPECT_EQ(server->Requests().back().headers["authorization"], "Bearer t0ken");

  c.token = "wrong";
  Result<Json> r = Backend(c)->Get("Deployment", "production", "payment-service");
  EXPECT_EQ(r.status().ToString(),
            "Unauthenticated: You must be logged in to the server (Unauthorized): the API server at 127.0.0.1:" +
                std::to_string(server->port()) + " rejected the credentials of context \"test\" of test.yaml");
}

TEST_F(KubeClientTest, TokenFileIsReadAndRereadAfterAMinute) {
  FakeKubeOptions o = TlsOptions();
  o.required_token = "first";
  auto server = Serve(o);
  std::string dir = testing::TempDir();
  std::ofstream(dir + "/token") << "first\n";
  RestConfig c = ConfigFor(*server);
  c.token_file = dir + "/token";
  VirtualClock clock(1000000);
  auto b = Backend(c, &clock);
  ASSERT_TRUE(b->Get("Deployment", "production", "payment-service").ok());
  std::ofstream(dir + "/token") << "second\n";
  ASSERT_TRUE(b->Get("Deployment", "production", "payment-service").ok());  // cached
  EXPECT_EQ(server->Requests().back().headers["authorization"], "Bearer first");
  clock.Sleep(60 * 1000);
  EXPECT_EQ(b->Get("Deployment", "production", "payment-service").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(server->Requests().back().headers["authorization"], "Bearer second");
}

TEST_F(KubeClientTest, CaVerificationInsecureSkipAndTlsServerName) {
  auto server = Serve(TlsOptions());
  RestConfig c = ConfigFor(*server);
  c.ca_pem.clear();
  c.ca_file = testing::GetTestPki().other_ca_crt;
  Result<Json> wrong_ca = Backend(c)->Get("Deployment", "production", "payment-service");
  EXPECT_EQ(wrong_ca.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(wrong_ca.status().message().rfind("TLS verification of the Kubernetes API server at 127.0.0.1:" +
                                              std::to_string(server->port()) + " failed: ", 0), 0u)
      << wrong_ca.status().message();
  EXPECT_NE(wrong_ca.status().message().find("(check certificate-authority, or insecure-skip-tls-verify for a test cluster)"),
            std::string::npos);

  c.ca_file = testing::GetTestPki().ca_crt;  // the file form of the right CA
  EXPECT_TRUE(Backend(c)->Get("Deployment", "production", "payment-service").ok());

  RestConfig insecure = ConfigFor(*server);
  insecure.ca_pem.clear();
  insecure.insecure_skip_tls_verify = true;
  EXPECT_TRUE(Backend(insecure)->Get("Deployment", "production", "payment-service").ok());

  // The certificate names kubernetes.default.svc; the URL's "localhost"
  // alone would verify too, so use a name the certificate lacks first.
  RestConfig named = ConfigFor(*server);
  named.tls_server_name = "not-in-cert.example";
  EXPECT_EQ(Backend(named)->Get("Deployment", "production", "payment-service").status().code(),
            StatusCode::kUnavailable);
  named.tls_server_name = "kubernetes.default.svc";
  Result<Json> ok = Backend(named)->Get("Deployment", "production", "payment-service");
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST_F(KubeClientTest, ClientCertificateDataAndFiles) {
  FakeKubeOptions o = TlsOptions();
  o.client_ca_file = testing::GetTestPki().ca_crt;
  auto server = Serve(o);
  RestConfig c = ConfigFor(*server);
  EXPECT_EQ(Backend(c)->Get("Deployment", "production", "payment-service").status().code(),
            StatusCode::kUnavailable);  // no client certificate: the handshake fails
  c.client_cert_pem = kubetest::ReadAll(testing::GetTestPki().client_crt);
  c.client_key_pem = kubetest::ReadAll(testing::GetTestPki().client_key);  // SEC1 EC key
  Result<Json> with_data = Backend(c)->Get("Deployment", "production", "payment-service");
  EXPECT_TRUE(with_data.ok()) << with_data.status().ToString();
  RestConfig files = ConfigFor(*server);
  files.client_cert_file = testing::GetTestPki().client_crt;
  files.client_key_file = testing::GetTestPki().client_key;
  Result<Json> with_files = Backend(files)->Get("Deployment", "production", "payment-service");
  EXPECT_TRUE(with_files.ok()) << with_files.status().ToString();
}

// Writes an executable plugin script that logs each run and prints `body`.
std::string WritePlugin(const std::string& dir, const std::string& body, int exit_code = 0) {
  std::string path = dir + "/plugin.sh";
  std::ofstream(path) << "#!/bin/sh\necho \"$KUBERNETES_EXEC_INFO $PLUGIN_ENV $1\" >> " << dir
                      << "/runs\ncat <<'JSON'\n" << body << "\nJSON\nexit " << exit_code << "\n";
  chmod(path.c_str(), 0755);
  return path;
}

ExecConfig Plugin(const std::string& path) {
  ExecConfig e;
  e.api_version = "client.authentication.k8s.io/v1beta1";
  e.command = path;
  e.args = {"get-token"};
  e.env = {{"PLUGIN_ENV", "from-kubeconfig"}};
  e.provide_cluster_info = true;
  e.interactive_mode = "IfAvailable";
  return e;
}

TEST_F(KubeClientTest, ExecPluginTokenIsCachedUntilExpiryAndRefreshedOn401) {
  FakeKubeOptions o = TlsOptions();
  o.required_token = "exec-token";
  auto server = Serve(o);
  std::string dir = testing::TempDir();
  std::string plugin = WritePlugin(dir, R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",
   "status":{"token":"exec-token","expirationTimestamp":"2026-03-10T15:00:00Z"}})");
  RestConfig c = ConfigFor(*server);
  c.exec = Plugin(plugin);
  UnixMillis t;
  ASSERT_TRUE(ParseRfc3339("2026-03-10T14:50:00Z", &t));
  VirtualClock clock(t);
  auto b = Backend(c, &clock);
  ASSERT_TRUE(b->Get("Deployment", "production", "payment-service").ok());
  ASSERT_TRUE(b->Get("Deployment", "production", "payment-service").ok());
  EXPECT_EQ(b->http().exec_runs(), 1);
  EXPECT_EQ(server->Requests().back().headers["authorization"], "Bearer exec-token");
  std::string runs = kubetest::ReadAll(dir + "/runs");
  EXPECT_NE(runs.find("\"apiVersion\":\"client.authentication.k8s.io/v1beta1\""), std::string::npos) << runs;
  EXPECT_NE(runs.find("\"server\":\"" + server->BaseUrl() + "\""), std::string::npos) << runs;
  EXPECT_NE(runs.find("\"interactive\":false"), std::string::npos) << runs;
  EXPECT_NE(runs.find(" from-kubeconfig get-token"), std::string::npos) << runs;

  clock.Sleep(10 * 60 * 1000);  // past expirationTimestamp
  ASSERT_TRUE(b->Get("Deployment", "production", "payment-service").ok());
  EXPECT_EQ(b->http().exec_runs(), 2);

  // A 401 re-runs the plugin once, then reports Unauthorized.
  FakeKubeOptions o2 = TlsOptions();
  o2.required_token = "rotated";
  auto server2 = Serve(o2);
  RestConfig c2 = ConfigFor(*server2);
  c2.exec = Plugin(plugin);
  auto b2 = Backend(c2, &clock);
  EXPECT_EQ(b2->Get("Deployment", "production", "payment-service").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(b2->http().exec_runs(), 2);
}

TEST(ExecPluginTest, ErrorsAreClear) {
  std::string dir = testing::TempDir();
  ExecConfig missing = Plugin("no-such-credential-plugin");
  missing.install_hint = "install it with apt";
  EXPECT_EQ(RunExecPlugin(missing, "{}").status().message(),
            "exec plugin: executable \"no-such-credential-plugin\" not found: install it with apt");
  ExecConfig v1 = Plugin(WritePlugin(dir, R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x"}})"));
  EXPECT_EQ(RunExecPlugin(v1, "{}").status().message(),
            "exec plugin is configured to use API version client.authentication.k8s.io/v1beta1, plugin "
            "returned version client.authentication.k8s.io/v1");
  ExecConfig empty = Plugin(WritePlugin(dir, R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{}})"));
  EXPECT_EQ(RunExecPlugin(empty, "{}").status().message(), "exec plugin didn't return a token or cert/key pair");
  ExecConfig failing = Plugin(WritePlugin(dir, "{}", 3));
  EXPECT_EQ(RunExecPlugin(failing, "{}").status().message(),
            "exec plugin \"" + failing.command + "\" failed: exit status 3");
  ExecConfig certs = Plugin(WritePlugin(dir, R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",
    "status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----","clientKeyData":"-----BEGIN EC PRIVATE KEY-----"}})"));
  Result<ExecCredential> pair = RunExecPlugin(certs, "{}");
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  EXPECT_EQ(pair->client_cert_pem, "-----BEGIN CERTIFICATE-----");
  EXPECT_EQ(pair->expires, 0);
}

}  // namespace
}  // namespace kf::kube
