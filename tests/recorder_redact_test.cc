#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "recorder/export.h"
#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "recorder/redact.h"
#include "tests/recorder_testing.h"

namespace kf::recorder {
namespace {

using testing::SampleEvent;
using testing::SampleRunInfo;
using testing::TempDb;

std::string Text(std::string s) {
  RedactText(&s);
  return s;
}

TEST(RecorderRedactTest, HeadersAreRedactedKeepingTheirNames) {
  Json j = Json::parse(R"({"headers": {"Authorization": "Bearer abc.def.ghi", "Proxy-Authorization": "Basic dXNlcjpw",
      "x-api-key": "k", "api-key": "k2", "Content-Type": "application/json"}})");
  EXPECT_EQ(RedactJson(&j), 4);
  EXPECT_EQ(j, Json::parse(R"({"headers": {"Authorization": "[REDACTED]", "Proxy-Authorization": "[REDACTED]",
      "x-api-key": "[REDACTED]", "api-key": "[REDACTED]", "Content-Type": "application/json"}})"));
}

TEST(RecorderRedactTest, HeaderListsAndEnvVarsAreRedactedByName) {
  Json j = Json::parse(R"({"env": [{"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "LOG_LEVEL", "value": "debug"},
      {"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "token"}}}],
      "headers": [{"key": "Authorization", "value": "Basic Zm9vOmJhcg=="}], "raw": [["Authorization", "Bearer sekrit-token-1"]]})");
  RedactJson(&j);
  EXPECT_EQ(j["env"][0]["value"], "[REDACTED]");
  EXPECT_EQ(j["env"][1]["value"], "debug");
  EXPECT_EQ(j["env"][2]["valueFrom"]["secretKeyRef"]["key"], "token");
  EXPECT_EQ(j["headers"][0]["value"], "[REDACTED]");
  EXPECT_EQ(j["raw"][0][1], "Bearer [REDACTED]");
}

TEST(RecorderRedactTest, FieldNamesDecideHowMuchIsRedacted) {
  Json j = Json::parse(R"({"password": "pw", "client_secret": "s", "access_token": "t", "max_tokens": 1000,
      "tokens_in": 812, "token_type": "Bearer", "secretName": "payment-db-creds",
      "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "tokenizer": "cl100k_base", "name": "payment-service"})");
  RedactJson(&j);
  EXPECT_EQ(j["password"], "[REDACTED]");
  EXPECT_EQ(j["client_secret"], "[REDACTED]");
  EXPECT_EQ(j["access_token"], "[REDACTED]");
  EXPECT_EQ(j["max_tokens"], 1000);
  EXPECT_EQ(j["tokens_in"], 812);
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["secretName"], "payment-db-creds");
  EXPECT_EQ(j["secretAccessKey"], "[REDACTED]");
  EXPECT_EQ(j["tokenizer"], "cl100k_base");
  EXPECT_EQ(j["name"], "payment-service");
}

TEST(RecorderRedactTest, SecretsAnywhereIncludingListItems) {
  Json j = Json::parse(R"({"result": {"kind": "List", "items": [
      {"kind": "ConfigMap", "data": {"mode": "fast"}},
      {"kind": "Secret", "type": "Opaque", "data": {"db-url": "cG9zdGdyZXM6Ly91OnBAaA=="},
       "stringData": {"note": "plain"}, "metadata": {"name": "db", "annotations": {
         "kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"db-url\":\"cG9zdGdyZXM6Ly91OnBAaA==\"}}"}}}]},
      "secrets": {"kind": "SecretList", "items": [{"metadata": {"name": "tls"}, "data": {"tls.key": "LS0tLS1CRUdJTg=="}}]},
      "bare": {"type": "kubernetes.io/dockerconfigjson", "data": {".dockerconfigjson": "eyJhdXRocyI6e319"}}})");
  RedactJson(&j);
  EXPECT_EQ(j["result"]["items"][0]["data"]["mode"], "fast");
  const Json& secret = j["result"]["items"][1];
  EXPECT_EQ(secret["data"]["db-url"], "[REDACTED]");
  EXPECT_EQ(secret["stringData"]["note"], "[REDACTED]");
  EXPECT_EQ(secret["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"], "[REDACTED]");
  EXPECT_EQ(secret["metadata"]["name"], "db");
  EXPECT_EQ(j["secrets"]["items"][0]["data"]["tls.key"], "[REDACTED]");
  EXPECT_EQ(j["bare"]["data"][".dockerconfigjson"], "[REDACTED]");
}

TEST(RecorderRedactTest, KubeconfigCredentials) {
  Json j = Json::parse(R"({"users": [{"name": "admin", "user": {"client-certificate-data": "Q0VSVA==",
      "client-key-data": "S0VZ", "token": "abc"}}, {"name": "oidc", "user": {"auth-provider": {"config":
      {"id-token": "x", "refresh-token": "y", "client-secret": "z", "idp-issuer-url": "https://idp"}}}}]})");
  RedactJson(&j);
  EXPECT_EQ(j["users"][0]["user"]["client-certificate-data"], "Q0VSVA==");
  EXPECT_EQ(j["users"][0]["user"]["client-key-data"], "[REDACTED]");
  EXPECT_EQ(j["users"][0]["user"]["token"], "[REDACTED]");
  const Json& config = j["users"][1]["user"]["auth-provider"]["config"];
  EXPECT_EQ(config["id-token"], "[REDACTED]");
  EXPECT_EQ(config["refresh-token"], "[REDACTED]");
  EXPECT_EQ(config["client-secret"], "[REDACTED]");
  EXPECT_EQ(config["idp-issuer-url"], "https://idp");
}

TEST(RecorderRedactTest, ProviderKeysInFreeText) {
  EXPECT_EQ(Text("key sk-proj-AbCdEf0123456789xyz is invalid"), "key [REDACTED] is invalid");
  EXPECT_EQ(Text("x sk-ant-api03-AbCdEf0123456789_-xyz."), "x [REDACTED].");
  EXPECT_EQ(Text("aws AKIAIOSFODNN7EXAMPLE ok"), "aws [REDACTED] ok");
  EXPECT_EQ(Text("gh ghp_0123456789abcdefghijABCDEFGHIJ012345"), "gh [REDACTED]");
  EXPECT_EQ(Text("slack xoxb-123456789012-abcdefABCDEF"), "slack [REDACTED]");
  EXPECT_EQ(Text("curl -H 'Authorization: Bearer abc123def456' https://x"),
            "curl -H 'Authorization: [REDACTED]' https://x");
  EXPECT_EQ(Text("token is Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"), "token is Bearer [REDACTED]");
  EXPECT_EQ(Text("password=hunter2 user=bob"), "password=[REDACTED] user=bob");
  EXPECT_EQ(Text("  client-key-data: LS0tLS1CRUdJTg==\n  server: https://k8s"),
            "  client-key-data: [REDACTED]\n  server: https://k8s");
  EXPECT_EQ(Text("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAK\n-----END RSA PRIVATE KEY-----"),
            "-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n-----END RSA PRIVATE KEY-----");
  // The shortest texts a rule redacts without a ':' or '=' (15 characters).
  EXPECT_EQ(Text("Bearer abcd1234"), "Bearer [REDACTED]");
  EXPECT_EQ(Text("xoxb-0123456789"), "[REDACTED]");
  EXPECT_EQ(Text("xoxb-012345678"), "xoxb-012345678");  // one short of a Slack token
  EXPECT_EQ(Text("pw=a"), "pw=a");
  EXPECT_EQ(Text("passwd=a"), "passwd=[REDACTED]");
  // Look-alikes stay.
  for (std::string same : {"task-manager-0123456789abcdef", "disk-pressure", "max_tokens: 1000", "Bearer auth",
                           "https://example.com:8443/path", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"}) {
    EXPECT_EQ(Text(same), same);
  }
}

TEST(RecorderRedactTest, SecretYamlAndJsonInsideStrings) {
  std::string yaml =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n"
      "    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"data\":{\"url\":\"c2VjcmV0\"}}\n"
      "data:\n  url: c2VjcmV0\n  user: YWRtaW4=\ntype: Opaque\n";
  EXPECT_EQ(Text(yaml),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n"
            "    kubectl.kubernetes.io/last-applied-configuration: [REDACTED]\n      [REDACTED]\n"
            "data:\n  url: [REDACTED]\n  user: [REDACTED]\ntype: Opaque\n");
  Json j = {{"text", R"({"kind":"Secret","data":{"url":"c2VjcmV0"}})"}, {"args", R"({"note":"no secrets"})"}};
  RedactJson(&j);
  EXPECT_EQ(j["text"], R"({"data":{"url":"[REDACTED]"},"kind":"Secret"})");
  EXPECT_EQ(j["args"], R"({"note":"no secrets"})");  // unchanged text is kept as it was
}

TEST(RecorderRedactTest, IsIdempotentAndDeterministic) {
  Json j = Json::parse(R"({"Authorization": "Bearer abcdefghijk", "text": "password=x sk-AbCdEf0123456789xyz",
      "s": {"kind": "Secret", "data": {"a": "b"}}})");
  Json once = Redacted(j);
  EXPECT_EQ(Redacted(j), once);
  Json twice = once;
  EXPECT_EQ(RedactJson(&twice), 0);
  EXPECT_EQ(twice, once);
}

// Plants secrets in every place a payload, summary, label or verdict can hold
// one, writes them through the recorder, and scans the raw file bytes
// (database, WAL) and an export for each.
TEST(RecorderRedactTest, PlantedSecretsNeverReachTheFile) {
  const std::vector<std::string> secrets = {
      "planted-bearer-0001",  "sk-plantedOPENAI0002abcdef",      "sk-ant-api03-planted0003abcdef",
      "AKIAPLANTED000000004", "ghp_planted0005abcdefghijABCDEFGHIJKL", "xoxb-planted-0006-abcdef",
      "planted-secret-b64-0007", "planted-string-data-0008", "planted-password-0009",
      "planted-kube-key-0010", "planted-kube-token-0011", "planted-x-api-key-0012",
      "plantedHighEntropy0013AbCdEfGhIj", "planted-label-0014", "planted-summary-0015",
      "planted-list-item-0016", "planted-yaml-0017", "planted-json-text-0018",
      "planted-verdict-0019",
  };
  Json payload;
  payload["request"]["headers"] = {{"Authorization", "Bearer " + secrets[0]}, {"x-api-key", secrets[11]}};
  payload["request"]["body"]["messages"] = Json::array({{{"role", "user"}, {"content", "use key " + secrets[1]}}});
  payload["tool_text"] = "export ANTHROPIC_API_KEY=" + secrets[2] + "\naws " + secrets[3];
  Json secret_item = {{"metadata", {{"name", "a"}}}, {"data", {{"k", secrets[6]}}}, {"stringData", {{"k", secrets[7]}}}};
  payload["structured"] = {{"kind", "SecretList"}, {"items", Json::array({secret_item})}};
  Json listed_secret = {{"kind", "Secret"}, {"data", {{"x", secrets[15]}}}};
  payload["list"] = {{"kind", "List"}, {"items", Json::array({listed_secret})}};
  payload["env"] = Json::array({{{"name", "DB_PASSWORD"}, {"value", secrets[8]}}});
  Json user = {{"client-key-data", secrets[9]}, {"token", secrets[10]}};
  payload["kubeconfig"]["users"] = Json::array({{{"name", "admin"}, {"user", user}}});
  payload["github"] = secrets[4];
  payload["slack"] = "notify " + secrets[5];
  payload["session_token_value"] = secrets[12];
  payload["yaml"] = "kind: Secret\ndata:\n  pw: " + secrets[16] + "\n";
  payload["json_text"] = Json({{"kind", "Secret"}, {"data", {{"z", secrets[17]}}}}).dump();
  std::string path = TempDb();
  auto rec = Recorder::Open(path);
  ASSERT_TRUE(rec.ok());
  RunInfo info = SampleRunInfo();
  info.labels = {{"api_key", secrets[13]}};
  std::string run = rec->BeginRun(info).value();
  RecordedEvent event = SampleEvent(1);
  event.payload = payload;
  event.summary = {{"auth", secrets[14]}};
  ASSERT_TRUE(rec->Append(run, event).ok());
  RunOutcome outcome;
  outcome.status = RunStatus::kError;
  outcome.verdict = "model call failed: Authorization: Bearer " + secrets[18];
  ASSERT_TRUE(rec->EndRun(run, outcome).ok());

  // While the WAL still holds the writes, and after the checkpoint on close.
  for (int pass = 0; pass < 2; ++pass) {
    std::string bytes = kf::testing::ReadFileOrDie(path);
    std::ifstream wal(path + "-wal", std::ios::binary);
    if (wal) bytes += std::string(std::istreambuf_iterator<char>(wal), {});
    auto reader = Reader::Open(path);
    ASSERT_TRUE(reader.ok());
    std::ostringstream exported;
    ASSERT_TRUE(ExportRuns(*reader, {}, exported).ok());
    bytes += exported.str();
    for (const std::string& secret : secrets) EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
    EXPECT_NE(bytes.find("[REDACTED]"), std::string::npos);
    if (pass == 0) {
      ASSERT_TRUE(rec->Close().ok());
    }
  }
}

}  // namespace
}  // namespace kf::recorder
