// kubectl -o jsonpath (client-go util/jsonpath) over Kubernetes JSON.
#include <gtest/gtest.h>

#include "engine/tools/render/kubectl_render.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

Json Fixture(const std::string& name) {
  return Json::parse(testing::ReadFileOrDie(testing::SourceDir() + "/fixtures/render/" + name));
}
std::string Eval(const Json& obj, const std::string& tmpl) {
  Result<std::string> r = EvaluateJsonPath(obj, tmpl);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.value_or("");
}

TEST(JsonPath, ObjectsPrintAsCompactSortedJson) {
  EXPECT_EQ(Eval(Fixture("payment_deployment.json"), "{.spec.template.spec.containers[0].resources}"),
            R"({"limits":{"cpu":"250m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}})");
}

TEST(JsonPath, ScalarsWildcardsAndSpaceJoinedResults) {
  Json pods = Fixture("payment_pods.json");
  EXPECT_EQ(Eval(pods, "{.items[*].metadata.name}"),
            "payment-service-6b8f9d4c7-h2k4l payment-service-6b8f9d4c7-m9x2p payment-service-6b8f9d4c7-q7j8r "
            "payment-service-6b8f9d4c7-v5n1s");
  EXPECT_EQ(Eval(pods, "{.items[*].status.containerStatuses[0].restartCount}"), "0 0 3 5");
  EXPECT_EQ(Eval(pods, "{.items[3].status.containerStatuses[0].ready}"), "false");
  EXPECT_EQ(Eval(pods, "{.items[-1].metadata.name}"), "payment-service-6b8f9d4c7-v5n1s");
  EXPECT_EQ(Eval(pods, "{.items[1:3].status.podIP}"), "10.244.2.4 10.244.1.9");
  EXPECT_EQ(Eval(pods, "{.items[0:4:2].status.podIP}"), "10.244.1.7 10.244.1.9");
  EXPECT_EQ(Eval(pods, "{.items[0,2].status.podIP}"), "10.244.1.7 10.244.1.9");
  EXPECT_EQ(Eval(pods, "{.items[0].metadata.labels}"), R"({"app":"payment-service","pod-template-hash":"6b8f9d4c7"})");
  EXPECT_EQ(Eval(pods, "{.items[0].spec.containers[0].ports}"), R"([{"containerPort":8080,"protocol":"TCP"}])");
}

TEST(JsonPath, TextOutsideActionsAndQuotedLiterals) {
  Json d = Fixture("payment_deployment.json");
  EXPECT_EQ(Eval(d, "name={.metadata.name} replicas={.spec.replicas}{\"\\n\"}"), "name=payment-service replicas=4\n");
  EXPECT_EQ(Eval(d, "{.metadata.annotations.kubernetes\\.io/change-cause}"),
            "v2.14.0 - added payment reconciliation batch job");
  EXPECT_EQ(Eval(d, "{.metadata.annotations['deployment.kubernetes.io/revision']}"), "4");
}

TEST(JsonPath, RangeEnd) {
  Json pods = Fixture("payment_pods.json");
  EXPECT_EQ(Eval(pods, "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.containerStatuses[0].restartCount}"
                       "{\"\\n\"}{end}"),
            "payment-service-6b8f9d4c7-h2k4l\t0\npayment-service-6b8f9d4c7-m9x2p\t0\n"
            "payment-service-6b8f9d4c7-q7j8r\t3\npayment-service-6b8f9d4c7-v5n1s\t5\n");
  EXPECT_EQ(Eval(pods, "{range .items[2:]}{range .spec.containers[*]}[{.name}]{end}{\";\"}{end}"),
            "[payment-service];[payment-service];");
  EXPECT_EQ(Eval(pods, "{range .items[?(@.metadata.name==\"none\")]}x{end}after"), "after");
}

TEST(JsonPath, Filters) {
  Json pods = Fixture("payment_pods.json");
  EXPECT_EQ(Eval(pods, "{.items[?(@.status.containerStatuses[0].restartCount>0)].metadata.name}"),
            "payment-service-6b8f9d4c7-q7j8r payment-service-6b8f9d4c7-v5n1s");
  EXPECT_EQ(Eval(pods, "{.items[3].status.conditions[?(@.type==\"Ready\")].status}"), "False");
  EXPECT_EQ(Eval(pods, "{.items[*].status.containerStatuses[?(@.state.waiting)].state.waiting.reason}"),
            "CrashLoopBackOff");
  EXPECT_EQ(Eval(pods, "{.items[0].spec.containers[0].env[?(@.name=='JAVA_OPTS')].value}"), "-Xmx200m");
}

TEST(JsonPath, RecursiveDescent) {
  Json d = Fixture("payment_deployment.json");
  EXPECT_EQ(Eval(d, "{..image}"), "registry.internal/payment-service:v2.14.0");
  EXPECT_EQ(Eval(d, "{.spec.template..memory}"), "256Mi 128Mi");
}

TEST(JsonPath, MissingKeysPrintNothing) {
  Json d = Fixture("payment_deployment.json");
  EXPECT_EQ(Eval(d, "{.metadata.deletionTimestamp}"), "");
  EXPECT_EQ(Eval(d, "[{.spec.nope.deeper}]"), "[]");
}

TEST(JsonPath, GoJsonEscaping) {
  Json obj = Json::parse(R"({"a":{"msg":"<none> & \"q\"\n"}})");
  EXPECT_EQ(Eval(obj, "{.a}"), R"({"msg":"\u003cnone\u003e \u0026 \"q\"\n"})");
  EXPECT_EQ(Eval(obj, "{.a.msg}"), "<none> & \"q\"\n");
}

TEST(JsonPath, ParseErrorsNameThePosition) {
  Json d = Fixture("payment_deployment.json");
  Result<std::string> r = EvaluateJsonPath(d, "{.metadata.name");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "error parsing jsonpath {.metadata.name, unclosed action (at position 0)");
  r = EvaluateJsonPath(d, "x{.spec |}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "error parsing jsonpath x{.spec |}, unrecognized character in action: U+007C '|' "
                                  "(at position 8)");
  r = EvaluateJsonPath(d, "{end}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "error parsing jsonpath {end}, not in range, nothing to end (at position 1)");
  r = EvaluateJsonPath(d, "{.spec.template.spec.containers[x]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "error parsing jsonpath {.spec.template.spec.containers[x]}, invalid array index x (at position 32)");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(JsonPath, EvaluationErrors) {
  Json d = Fixture("payment_deployment.json");
  Result<std::string> r = EvaluateJsonPath(d, "{.spec.template.spec.containers[3]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "array index out of bounds: index 3, length 1");
  r = EvaluateJsonPath(d, "{.metadata[0]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "map[string]interface {} is not array or slice");
}

}  // namespace
}  // namespace kf
