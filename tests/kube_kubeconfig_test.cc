// kubeconfig loading, merging and errors (engine/kube/kubeconfig.h), and the
// in-cluster service account (engine/kube/in_cluster.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "engine/kube/in_cluster.h"
#include "engine/kube/kubeconfig.h"
#include "tests/testing/test_util.h"

namespace kf::kube {
namespace {

using testing::TempDir;

std::string Write(const std::string& dir, const std::string& name, const std::string& text) {
  std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::function<std::string(const std::string&)> Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& k) {
    auto it = vars.find(k);
    return it == vars.end() ? std::string() : it->second;
  };
}

const char* kFirst = R"(apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster:
    server: https://dev.example:6443/
    certificate-authority: certs/ca.crt
users:
- name: alice
  user:
    tokenFile: tokens/alice
contexts:
- name: dev
  context: {cluster: dev, user: alice, namespace: payments}
)";

const char* kSecond = R"(apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: dev
  cluster:
    server: https://shadowed.example
- name: prod
  cluster:
    server: https://prod.example
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    tls-server-name: kubernetes.default.svc
    proxy-url: socks5://127.0.0.1:1080
users:
- name: bob
  user:
    token: s3cret
contexts:
- name: prod
  context: {cluster: prod, user: bob}
- name: dev
  context: {cluster: prod, user: bob}
)";

TEST(KubeconfigTest, MergesKubeconfigListFirstDefinitionWins) {
  std::string dir = TempDir();
  std::string a = Write(dir, "a.yaml", kFirst);
  std::string b = Write(dir, "b.yaml", kSecond);
  KubeconfigOptions o;
  o.getenv = Env({{"KUBECONFIG", a + ":" + dir + "/missing.yaml:" + b}});
  EXPECT_EQ(KubeconfigFiles(o), (std::vector<std::string>{a, b}));

  // current-context comes from the first file that sets it (b).
  Result<RestConfig> prod = LoadKubeconfig(o);
  ASSERT_TRUE(prod.ok()) << prod.status().ToString();
  EXPECT_EQ(prod->context, "prod");
  EXPECT_EQ(prod->server, "https://prod.example");
  EXPECT_EQ(prod->ca_pem, "-----BEGIN CERTIFICATE-----\n");
  EXPECT_EQ(prod->tls_server_name, "kubernetes.default.svc");
  EXPECT_EQ(prod->proxy_url, "socks5://127.0.0.1:1080");
  EXPECT_EQ(prod->token, "s3cret");
  EXPECT_EQ(prod->ns, "default");
  EXPECT_EQ(prod->origin, "context \"prod\" of " + b);

  // --context dev: the first file's context and cluster win over b's.
  o.context = "dev";
  Result<RestConfig> dev = LoadKubeconfig(o);
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  EXPECT_EQ(dev->server, "https://dev.example:6443");
  EXPECT_EQ(dev->ns, "payments");
  EXPECT_EQ(dev->user, "alice");
  // Relative paths are relative to the file that named them.
  EXPECT_EQ(dev->ca_file, dir + "/certs/ca.crt");
  EXPECT_EQ(dev->token_file, dir + "/tokens/alice");
  EXPECT_TRUE(dev->token.empty());
}

TEST(KubeconfigTest, ExplicitPathReplacesKubeconfigAndHome) {
  std::string dir = TempDir();
  std::string a = Write(dir, "a.yaml", kFirst);
  KubeconfigOptions o;
  o.explicit_path = a;
  o.getenv = Env({{"KUBECONFIG", dir + "/b.yaml"}});
  EXPECT_EQ(KubeconfigFiles(o), std::vector<std::string>{a});
  // a has no current-context.
  Result<RestConfig> r = LoadKubeconfig(o);
  EXPECT_EQ(r.status().message(), "no current-context is set in " + a + "; pass --context (contexts: dev)");

  o.explicit_path = dir + "/nope.yaml";
  EXPECT_EQ(LoadKubeconfig(o).status().message(), "kubeconfig " + dir + "/nope.yaml does not exist");
  KubeconfigOptions none;
  none.getenv = Env({{"HOME", dir}});
  EXPECT_EQ(LoadKubeconfig(none).status().message(),
            "no kubeconfig: ~/.kube/config does not exist and KUBECONFIG is not set");
}

TEST(KubeconfigTest, HomeConfigIsTheDefault) {
  std::string home = TempDir();
  std::filesystem::create_directories(home + "/.kube");
  Write(home + "/.kube", "config", kSecond);
  KubeconfigOptions o;
  o.getenv = Env({{"HOME", home}});
  Result<RestConfig> r = LoadKubeconfig(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->server, "https://prod.example");
}

struct BadCase {
  std::string yaml;
  std::string context;
  std::string error;  // FILE is replaced by the path
};

TEST(KubeconfigTest, BadFilesNameFileLineAndField) {
  const std::vector<BadCase> cases = {
      {"current-context: x\ncontexts:\n- name: a\n  context: {cluster: c}\n", "",
       "context \"x\" not found in FILE (contexts: a)"},
      {"contexts:\n- name: a\n  context:\n    cluster: nope\n", "a",
       "FILE:4: contexts[0].context.cluster: cluster \"nope\" is not defined"},
      {"contexts:\n- name: a\n  context:\n    user: u\n", "a",
       "FILE:3: contexts[0].context.cluster: required"},
      {"clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: true\ncontexts:\n- name: a\n  context: {cluster: c}\n",
       "a", "FILE:3: clusters[0].cluster.server: required"},
      {"clusters:\n- name: c\n  cluster:\n    server: ftp://x\ncontexts:\n- name: a\n  context: {cluster: c}\n",
       "a", "FILE:4: clusters[0].cluster.server: expected an http:// or https:// URL, got \"ftp://x\""},
      {"clusters:\n- name: c\n  cluster:\n    server: https://x\n    certificate-authority-data: \"%%%\"\n"
       "contexts:\n- name: a\n  context: {cluster: c}\n",
       "a", "FILE:5: clusters[0].cluster.certificate-authority-data: invalid base64"},
      {"clusters:\n- name: c\n  cluster:\n    server: https://x\n    certificate-authority: /ca\n"
       "    insecure-skip-tls-verify: true\ncontexts:\n- name: a\n  context: {cluster: c}\n",
       "a", "FILE:6: clusters[0].cluster.insecure-skip-tls-verify: specifying a root certificates file with the insecure flag is not allowed"},
      {"clusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user:\n    client-certificate-data: QQ==\n"
       "contexts:\n- name: a\n  context: {cluster: c, user: u}\n",
       "a", "FILE:6: users[0].user: client-certificate(-data) is set but client-key(-data) is not"},
      {"clusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user:\n    exec:\n"
       "      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n"
       "contexts:\n- name: a\n  context: {cluster: c, user: u}\n",
       "a", "FILE:7: users[0].user.exec.interactiveMode: required for client.authentication.k8s.io/v1 (Never, IfAvailable or Always)"},
      {"clusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user:\n    exec:\n"
       "      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: aws\n"
       "contexts:\n- name: a\n  context: {cluster: c, user: u}\n",
       "a", "FILE:8: users[0].user.exec.apiVersion: client.authentication.k8s.io/v1alpha1 is no longer supported (removed in kubectl 1.24); use client.authentication.k8s.io/v1 or v1beta1"},
      {"clusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user:\n    auth-provider: {name: gcp}\n"
       "contexts:\n- name: a\n  context: {cluster: c, user: u}\n",
       "a", "FILE:7: users[0].user.auth-provider: the gcp auth provider was removed in kubectl 1.26; use the gke-gcloud-auth-plugin exec plugin (gcloud container clusters get-credentials writes it)"},
      {"clusters:\n- name: c\n  cluster: {server: https://x}\n- name: c\n  cluster: {server: https://y}\n", "a",
       "FILE:4: clusters[1].name: duplicate name \"c\""},
      {"clusters:\n- cluster: {server: https://x}\n", "a", "FILE:2: clusters[0].name: required"},
      {"clusters: {}\n", "a", "FILE:1: clusters: expected a list"},
      {"clusters:\n- name: c\n  cluster: {server: 7}\ncontexts:\n- name: a\n  context: {cluster: c}\n", "a",
       "FILE:3: clusters[0].cluster.server: expected a string"},
  };
  std::string dir = TempDir();
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string path = Write(dir, "bad" + std::to_string(i) + ".yaml", cases[i].yaml);
    Result<RestConfig> r = LoadKubeconfigFiles({path}, cases[i].context);
    std::string want = cases[i].error;
    for (size_t p; (p = want.find("FILE")) != std::string::npos;) want.replace(p, 4, path);
    ASSERT_FALSE(r.ok()) << i;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << i;
    EXPECT_EQ(r.status().message(), want) << i;
  }
}

TEST(KubeconfigTest, ExecPluginSettings) {
  std::string dir = TempDir();
  std::string path = Write(dir, "eks.yaml", R"(current-context: eks
clusters:
- name: eks
  cluster: {server: "https://abc.gr7.eu-west-1.eks.amazonaws.com"}
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: bin/get-token
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod]
      env: [{name: AWS_PROFILE, value: ops}]
      provideClusterInfo: true
contexts:
- name: eks
  context: {cluster: eks, user: eks}
)");
  Result<RestConfig> r = LoadKubeconfigFiles({path}, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->exec.has_value());
  EXPECT_EQ(r->exec->command, dir + "/bin/get-token");  // has a '/': relative to the file
  EXPECT_EQ(r->exec->args.size(), 6u);
  EXPECT_EQ(r->exec->env, (std::vector<std::pair<std::string, std::string>>{{"AWS_PROFILE", "ops"}}));
  EXPECT_EQ(r->exec->interactive_mode, "IfAvailable");  // v1beta1 default
  EXPECT_TRUE(r->exec->provide_cluster_info);
}

TEST(InClusterTest, ReadsServiceAccountAndEnvironment) {
  std::string sa = TempDir();
  Write(sa, "token", "sa-token\n");
  Write(sa, "ca.crt", "PEM");
  Write(sa, "namespace", "payments\n");
  InClusterOptions o;
  o.service_account_dir = sa;
  o.getenv = Env({{"KUBERNETES_SERVICE_HOST", "fd00::1"}, {"KUBERNETES_SERVICE_PORT", "443"}});
  EXPECT_TRUE(InCluster(o));
  Result<RestConfig> r = LoadInCluster(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->server, "https://[fd00::1]:443");
  EXPECT_EQ(r->token_file, sa + "/token");
  EXPECT_EQ(r->ca_file, sa + "/ca.crt");
  EXPECT_EQ(r->ns, "payments");
  EXPECT_EQ(r->origin, "the in-cluster service account");

  o.getenv = Env({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}});
  EXPECT_FALSE(InCluster(o));
  EXPECT_EQ(LoadInCluster(o).status().message(),
            "not running inside a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set");
  o.getenv = Env({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}});
  o.service_account_dir = sa + "/missing";
  EXPECT_EQ(LoadInCluster(o).status().message(),
            "in-cluster service account: cannot read token " + sa + "/missing/token");
}

}  // namespace
}  // namespace kf::kube
