// The read-only kubernetes.* tools against the hand-written flagship fixture.
#include <gtest/gtest.h>

#include "engine/tools/tool.h"
#include "tests/testing/fake_cluster.h"

namespace kf {
namespace {

using testing::FakeCluster;

class ToolsReadTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::LoadPaymentServiceFixture(&cluster_); }
  ToolResult Invoke(const std::string& tool, const Json& args) {
    return ToolCatalog::Default().Invoke(tool, args, ToolContext{&cluster_, nullptr});
  }
  FakeCluster cluster_;
};

std::vector<std::string> Names(const Json& list) {
  std::vector<std::string> out;
  for (const Json& item : list["items"]) out.push_back(item["metadata"]["name"]);
  return out;
}

TEST_F(ToolsReadTest, ListPods) {
  ToolResult r = Invoke("kubernetes.list_pods",
                        {{"namespace", "production"}, {"label_selector", "app=payment-service"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl get pods -n production -l app=payment-service");
  EXPECT_EQ(r.structured["kind"], "PodList");
  EXPECT_EQ(Names(r.structured),
            (std::vector<std::string>{"payment-service-6b8f9d4c7-h2k4l", "payment-service-6b8f9d4c7-m9x2p",
                                      "payment-service-6b8f9d4c7-q7j8r", "payment-service-6b8f9d4c7-v5n1s"}));
  EXPECT_NE(r.text.find("payment-service-6b8f9d4c7-v5n1s"), std::string::npos);
  EXPECT_NE(r.text.find("CrashLoopBackOff"), std::string::npos);

  r = Invoke("kubernetes.list_pods", {{"namespace", "production"},
                                      {"label_selector", "app in (payment-service)"},
                                      {"field_selector", "metadata.name=payment-service-6b8f9d4c7-m9x2p"}});
  EXPECT_EQ(r.command,
            "kubectl get pods -n production -l 'app in (payment-service)' --field-selector "
            "metadata.name=payment-service-6b8f9d4c7-m9x2p");
  EXPECT_EQ(Names(r.structured), (std::vector<std::string>{"payment-service-6b8f9d4c7-m9x2p"}));

  r = Invoke("kubernetes.list_pods", {{"namespace", "staging"}});
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text, "No resources found in staging namespace.\n");
}

TEST_F(ToolsReadTest, ListPodsBadSelectorIsAServerError) {
  ToolResult r = Invoke("kubernetes.list_pods",
                        {{"namespace", "production"}, {"field_selector", "spec.bogus=1"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Error from server (BadRequest): field label not supported: spec.bogus");
}

TEST_F(ToolsReadTest, GetEventsFiltersAndSortsByLastTimestamp) {
  ToolResult r = Invoke("kubernetes.get_events",
                        {{"namespace", "production"},
                         {"involved_object_name", "payment-service-6b8f9d4c7-v5n1s"},
                         {"involved_object_kind", "po"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command,
            "kubectl get events -n production --field-selector "
            "involvedObject.name=payment-service-6b8f9d4c7-v5n1s,involvedObject.kind=Pod "
            "--sort-by='.lastTimestamp'");
  std::vector<std::string> reasons;
  for (const Json& e : r.structured["items"]) reasons.push_back(e["reason"]);
  // Last seen 18m, 18m, 16m, 16m, 2m ago.
  EXPECT_EQ(reasons, (std::vector<std::string>{"Scheduled", "Started", "Pulled", "OOMKilled", "BackOff"}));
  EXPECT_EQ(r.structured["kind"], "EventList");
}

TEST_F(ToolsReadTest, GetEventsByReasonMatchesTheSeedCommand) {
  ToolResult r = Invoke("kubernetes.get_events", {{"namespace", "production"}, {"reason", "OOMKilling"}});
  EXPECT_EQ(r.command,
            "kubectl get events -n production --field-selector reason=OOMKilling "
            "--sort-by='.lastTimestamp'");
  EXPECT_EQ(r.structured["items"].size(), 1u);
  // Since filters on last occurrence: the OOMKilling event was last seen 4m ago.
  r = Invoke("kubernetes.get_events", {{"namespace", "production"}, {"reason", "OOMKilling"}, {"since", "3m"}});
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text, "No resources found in production namespace.\n");
  EXPECT_TRUE(r.structured["items"].empty());

  r = Invoke("kubernetes.get_events", {{"namespace", "production"}, {"since", "soon"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "since: invalid duration \"soon\" (use e.g. \"15m\", \"1h\")");
  r = Invoke("kubernetes.get_events", {{"namespace", "production"}, {"involved_object_kind", "widget"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "error: the server doesn't have a resource type \"widget\"");
}

TEST_F(ToolsReadTest, PodLogsDefaultContainerPreviousAndTail) {
  ToolResult r = Invoke("kubernetes.get_pod_logs", {{"namespace", "production"},
                                                    {"pod", "payment-service-6b8f9d4c7-v5n1s"},
                                                    {"previous", true},
                                                    {"tail_lines", 1}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command,
            "kubectl logs payment-service-6b8f9d4c7-v5n1s -n production --previous --tail=1");
  EXPECT_EQ(r.text, "ERROR java.lang.OutOfMemoryError: Java heap space\n");
  EXPECT_EQ(r.structured["container"], "payment-service");
  EXPECT_EQ(r.structured["lines"], Json::array({"ERROR java.lang.OutOfMemoryError: Java heap space"}));
  // kubectl fetches the pod to pick the container.
  EXPECT_EQ(cluster_.calls()[0], "get Pod production/payment-service-6b8f9d4c7-v5n1s");

  r = Invoke("kubernetes.get_pod_logs", {{"namespace", "production"},
                                         {"pod", "payment-service-6b8f9d4c7-h2k4l"},
                                         {"container", "payment-service"},
                                         {"previous", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Error from server (BadRequest): previous terminated container \"payment-service\" in "
            "pod \"payment-service-6b8f9d4c7-h2k4l\" not found");
  r = Invoke("kubernetes.get_pod_logs", {{"namespace", "production"}, {"pod", "nope"}});
  EXPECT_EQ(r.text, "Error from server (NotFound): pods \"nope\" not found");
}

TEST_F(ToolsReadTest, DescribePodIncludesItsEvents) {
  ToolResult r = Invoke("kubernetes.describe", {{"kind", "pod"},
                                                {"name", "payment-service-6b8f9d4c7-v5n1s"},
                                                {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl describe pod payment-service-6b8f9d4c7-v5n1s -n production");
  EXPECT_EQ(r.structured["object"]["metadata"]["name"], "payment-service-6b8f9d4c7-v5n1s");
  EXPECT_EQ(r.structured["events"]["items"].size(), 5u);
  EXPECT_NE(r.text.find("Back-off restarting failed container"), std::string::npos);
  // Events are matched on the pod's uid, as kubectl does.
  EXPECT_EQ(cluster_.calls()[1],
            "list Event production labels= fields=involvedObject.name=payment-service-6b8f9d4c7-v5n1s,"
            "involvedObject.namespace=production,involvedObject.uid=pod-uid-v5n1s");
}

TEST_F(ToolsReadTest, DescribeDeploymentIncludesReplicaSets) {
  ToolResult r = Invoke("kubernetes.describe",
                        {{"kind", "deploy"}, {"name", "payment-service"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl describe deployment payment-service -n production");
  EXPECT_EQ(r.structured["replicasets"]["items"].size(), 2u);
  EXPECT_NE(r.text.find("payment-service-6b8f9d4c7"), std::string::npos);
}

TEST_F(ToolsReadTest, DescribeByPrefixAndNotFound) {
  ToolResult r = Invoke("kubernetes.describe",
                        {{"kind", "pods"}, {"name", "payment-service-6b8f9d4c7-"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["items"].size(), 4u);
  r = Invoke("kubernetes.describe", {{"kind", "pod"}, {"name", "nope"}, {"namespace", "production"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Error from server (NotFound): pods \"nope\" not found");
  r = Invoke("kubernetes.describe", {{"kind", "gizmo"}, {"name", "x"}, {"namespace", "production"}});
  EXPECT_EQ(r.text, "error: the server doesn't have a resource type \"gizmo\"");
}

TEST_F(ToolsReadTest, GetResourceWithJsonPathMatchesTheSeed) {
  ToolResult r = Invoke("kubernetes.get_resource",
                        {{"kind", "deployment"},
                         {"name", "payment-service"},
                         {"namespace", "production"},
                         {"jsonpath", "{.spec.template.spec.containers[0].resources}"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command,
            "kubectl get deployment payment-service -n production -o "
            "jsonpath='{.spec.template.spec.containers[0].resources}'");
  EXPECT_EQ(r.text, R"({"limits":{"cpu":"250m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}})");
  EXPECT_EQ(r.structured["kind"], "Deployment");
}

TEST_F(ToolsReadTest, GetResourceTableListAndErrors) {
  ToolResult r = Invoke("kubernetes.get_resource",
                        {{"kind", "Deployment"}, {"name", "payment-service"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl get deployment payment-service -n production");
  EXPECT_NE(r.text.find("3/4"), std::string::npos);

  r = Invoke("kubernetes.get_resource", {{"kind", "rs"}, {"namespace", "production"},
                                         {"label_selector", "app=payment-service"},
                                         {"jsonpath", "{.items[*].metadata.name}"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "payment-service-6b8f9d4c7 payment-service-7d4f8b9c6");
  EXPECT_EQ(r.structured["kind"], "ReplicaSetList");

  r = Invoke("kubernetes.get_resource", {{"kind", "ns"}, {"name", "production"}, {"namespace", "x"}});
  EXPECT_EQ(r.command, "kubectl get namespace production");
  EXPECT_FALSE(r.is_error) << r.text;

  r = Invoke("kubernetes.get_resource", {{"kind", "deployment"}, {"name", "nope"}, {"namespace", "production"}});
  EXPECT_EQ(r.text, "Error from server (NotFound): deployments.apps \"nope\" not found");
  r = Invoke("kubernetes.get_resource",
             {{"kind", "deployment"}, {"name", "a"}, {"namespace", "production"}, {"label_selector", "x=y"}});
  EXPECT_EQ(r.text, "error: when specifying a name, a label selector (-l) cannot be used");
}

TEST_F(ToolsReadTest, ListsWithoutANamespaceSpanEveryNamespaceAsKubectlDashA) {
  ToolResult r = Invoke("kubernetes.get_resource", {{"kind", "deployment"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl get deployment -A");
  EXPECT_EQ(r.text.rfind("NAMESPACE    NAME              READY   UP-TO-DATE   AVAILABLE   AGE\n"
                         "production   payment-service   3/4 ",
                         0),
            0u)
      << r.text;

  r = Invoke("kubernetes.list_pods", {{"label_selector", "app=payment-service"}});
  EXPECT_EQ(r.command, "kubectl get pods -A -l app=payment-service");
  EXPECT_EQ(r.text.rfind("NAMESPACE    NAME ", 0), 0u) << r.text;
  EXPECT_NE(r.text.find("\nproduction   payment-service-6b8f9d4c7-v5n1s "), std::string::npos) << r.text;

  r = Invoke("kubernetes.top_pods", {{"label_selector", "app=payment-service"}});
  EXPECT_EQ(r.command, "kubectl top pods -A -l app=payment-service");
  EXPECT_EQ(r.text.rfind("NAMESPACE    NAME ", 0), 0u) << r.text;

  // Cluster-scoped kinds have no namespace, so no -A and no "in ... namespace"
  // (this fixture holds no nodes).
  r = Invoke("kubernetes.get_resource", {{"kind", "nodes"}});
  EXPECT_EQ(r.command, "kubectl get node");
  EXPECT_EQ(r.text.rfind("No resources found", 0), 0u) << r.text;
  EXPECT_EQ(r.text.find("namespace"), std::string::npos) << r.text;
}

TEST_F(ToolsReadTest, TopPods) {
  ToolResult r = Invoke("kubernetes.top_pods",
                        {{"namespace", "production"}, {"label_selector", "app=payment-service"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl top pods -n production -l app=payment-service");
  EXPECT_EQ(r.structured["kind"], "PodMetricsList");
  EXPECT_EQ(r.structured["items"].size(), 4u);
  EXPECT_NE(r.text.find("241Mi"), std::string::npos);
  r = Invoke("kubernetes.top_pods", {{"namespace", "staging"}});
  EXPECT_EQ(r.text, "No resources found in staging namespace.\n");
}

TEST_F(ToolsReadTest, RolloutHistory) {
  ToolResult r = Invoke("kubernetes.get_rollout_history",
                        {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl rollout history deployment/payment-service -n production");
  const Json& revs = r.structured["revisions"];
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0]["revision"], 3);
  EXPECT_EQ(revs[0]["change_cause"], "v2.13.2 - routine patch");
  EXPECT_EQ(revs[0]["replicaset"], "payment-service-7d4f8b9c6");
  EXPECT_EQ(revs[0]["images"], Json::array({"registry.internal/payment-service:v2.13.2"}));
  EXPECT_EQ(revs[1]["revision"], 4);
  EXPECT_EQ(revs[1]["resources"][0]["container"], "payment-service");
  EXPECT_EQ(revs[1]["resources"][0]["limits"]["memory"], "256Mi");
  EXPECT_EQ(r.structured["current_revision"], 4);
  EXPECT_NE(r.text.find("v2.14.0 - added payment reconciliation batch job"), std::string::npos);

  r = Invoke("kubernetes.get_rollout_history", {{"kind", "pod"}, {"name", "x"}, {"namespace", "production"}});
  EXPECT_EQ(r.text, "error: rollout history is supported for deployments only, not pods");
}

TEST_F(ToolsReadTest, RolloutHistoryIgnoresReplicaSetsOfOtherOwners) {
  Json rs = *cluster_.Find("ReplicaSet", "production", "payment-service-7d4f8b9c6");
  rs["metadata"]["name"] = "payment-service-impostor";
  rs["metadata"]["uid"] = "rs-uid-impostor";
  rs["metadata"]["ownerReferences"][0]["uid"] = "someone-else";
  cluster_.Put(rs);
  ToolResult r = Invoke("kubernetes.get_rollout_history",
                        {{"name", "payment-service"}, {"namespace", "production"}});
  EXPECT_EQ(r.structured["revisions"].size(), 2u);
}

}  // namespace
}  // namespace kf
