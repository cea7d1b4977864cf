// kubectl renderings from Kubernetes JSON (engine/tools/render). Expected
// texts are kubectl 1.2x's output for the flagship payment-service objects
// in fixtures/render/ at 2026-03-10T14:47:00Z.
#include <gtest/gtest.h>

#include <sstream>

#include "engine/tools/render/kubectl_render.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

Json Fixture(const std::string& name) {
  return Json::parse(testing::ReadFileOrDie(testing::SourceDir() + "/fixtures/render/" + name));
}
UnixMillis At(const char* rfc3339) {
  UnixMillis t = 0;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t));
  return t;
}
UnixMillis Now() { return At("2026-03-10T14:47:00Z"); }
Json List(const Json& item) { return Json{{"kind", "List"}, {"items", Json::array({item})}}; }
// A pod's STATUS cell.
std::string StatusOf(const Json& pod) {
  std::string table = RenderPodsTable(List(pod), Now());
  std::string row = table.substr(table.find('\n') + 1);
  // NAME READY STATUS ...: the third whitespace-separated field.
  std::istringstream in(row);
  std::string name, ready, status;
  in >> name >> ready >> status;
  return status;
}

TEST(PodsTable, FlagshipPods) {
  EXPECT_EQ(RenderPodsTable(Fixture("payment_pods.json"), Now()),
            "NAME                              READY   STATUS             RESTARTS     AGE\n"
            "payment-service-6b8f9d4c7-h2k4l   1/1     Running            0            18m\n"
            "payment-service-6b8f9d4c7-m9x2p   1/1     Running            0            18m\n"
            "payment-service-6b8f9d4c7-q7j8r   1/1     Running            3 (8m ago)   18m\n"
            "payment-service-6b8f9d4c7-v5n1s   0/1     CrashLoopBackOff   5 (2m ago)   18m\n");
}

TEST(PodsTable, WideAddsIpNodeNominatedNodeAndReadinessGates) {
  Json pods = Fixture("payment_pods.json");
  pods["items"] = Json::array({pods["items"][0]});
  EXPECT_EQ(RenderPodsTable(pods, Now(), /*wide=*/true),
            "NAME                              READY   STATUS    RESTARTS   AGE   IP           NODE     "
            "NOMINATED NODE   READINESS GATES\n"
            "payment-service-6b8f9d4c7-h2k4l   1/1     Running   0          18m   10.244.1.7   node-1   "
            "<none>           <none>\n");
}

TEST(PodsTable, EmptyListNamesTheNamespaceWhenTheCallerSetsIt) {
  EXPECT_EQ(RenderPodsTable(Json::parse(R"({"kind":"PodList","items":[]})"), Now()), "No resources found\n");
  EXPECT_EQ(RenderPodsTable(Json::parse(R"({"kind":"PodList","metadata":{"namespace":"production"},"items":[]})"),
                            Now()),
            "No resources found in production namespace.\n");
}

Json BasePod() {
  return Json::parse(R"({"metadata":{"name":"p","creationTimestamp":"2026-03-10T14:00:00Z"},
    "spec":{"containers":[{"name":"app"}]},
    "status":{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,
      "state":{"running":{"startedAt":"2026-03-10T14:00:05Z"}}}]}})");
}

TEST(PodStatus, ContainerWaitingAndTerminatedReasons) {
  Json pod = BasePod();
  EXPECT_EQ(StatusOf(pod), "Running");
  for (const char* reason : {"ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "ContainerCreating"}) {
    pod["status"]["containerStatuses"][0]["state"] = {{"waiting", {{"reason", reason}}}};
    EXPECT_EQ(StatusOf(pod), reason);
  }
  pod["status"]["containerStatuses"][0]["state"] = Json::parse(R"({"terminated":{"reason":"OOMKilled","exitCode":137}})");
  EXPECT_EQ(StatusOf(pod), "OOMKilled");
  pod["status"]["containerStatuses"][0]["state"] = Json::parse(R"({"terminated":{"exitCode":1}})");
  EXPECT_EQ(StatusOf(pod), "ExitCode:1");
  pod["status"]["containerStatuses"][0]["state"] = Json::parse(R"({"terminated":{"exitCode":0,"signal":9}})");
  EXPECT_EQ(StatusOf(pod), "Signal:9");
}

TEST(PodStatus, RunningButNotReadyShowsRunningWithZeroReady) {
  Json pod = BasePod();
  pod["status"]["containerStatuses"][0]["ready"] = false;
  std::string table = RenderPodsTable(List(pod), Now());
  EXPECT_NE(table.find("p      0/1     Running   0          47m\n"), std::string::npos) << table;
}

TEST(PodStatus, CompletedWithARunningContainerIsRunningOrNotReady) {
  Json pod = BasePod();
  pod["spec"]["containers"].push_back({{"name", "job"}});
  pod["status"]["containerStatuses"].push_back(
      Json::parse(R"({"name":"job","ready":false,"state":{"terminated":{"reason":"Completed","exitCode":0}}})"));
  EXPECT_EQ(StatusOf(pod), "NotReady");
  pod["status"]["conditions"] = Json::parse(R"([{"type":"Ready","status":"True"}])");
  EXPECT_EQ(StatusOf(pod), "Running");
}

TEST(PodStatus, InitContainers) {
  Json pod = BasePod();
  pod["status"]["phase"] = "Pending";
  pod["spec"]["initContainers"] = Json::parse(R"([{"name":"migrate"},{"name":"warm"}])");
  pod["status"]["containerStatuses"][0]["state"] = Json::parse(R"({"waiting":{"reason":"PodInitializing"}})");
  pod["status"]["containerStatuses"][0]["ready"] = false;
  pod["status"]["initContainerStatuses"] = Json::parse(R"([
    {"name":"migrate","restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
    {"name":"warm","restartCount":0,"state":{"running":{}}}])");
  EXPECT_EQ(StatusOf(pod), "Init:1/2");
  pod["status"]["initContainerStatuses"][1]["state"] = Json::parse(R"({"waiting":{"reason":"CrashLoopBackOff"}})");
  EXPECT_EQ(StatusOf(pod), "Init:CrashLoopBackOff");
  pod["status"]["initContainerStatuses"][1]["state"] = Json::parse(R"({"terminated":{"exitCode":2}})");
  EXPECT_EQ(StatusOf(pod), "Init:ExitCode:2");
}

TEST(PodStatus, DeletionTimestampIsTerminatingUnlessTerminal) {
  Json pod = BasePod();
  pod["metadata"]["deletionTimestamp"] = "2026-03-10T14:46:00Z";
  EXPECT_EQ(StatusOf(pod), "Terminating");
  pod["status"]["phase"] = "Succeeded";
  pod["status"]["containerStatuses"][0]["state"] = Json::parse(R"({"terminated":{"reason":"Completed","exitCode":0}})");
  EXPECT_EQ(StatusOf(pod), "Completed");
}

TEST(PodStatus, StatusReasonAndPending) {
  Json pod = BasePod();
  pod["status"] = Json::parse(R"({"phase":"Pending"})");
  EXPECT_EQ(StatusOf(pod), "Pending");
  pod["status"] = Json::parse(R"({"phase":"Failed","reason":"Evicted"})");
  EXPECT_EQ(StatusOf(pod), "Evicted");
}

TEST(DeploymentsTable, ReadyUpToDateAvailableAge) {
  EXPECT_EQ(RenderDeploymentsTable(List(Fixture("payment_deployment.json")), Now()),
            "NAME              READY   UP-TO-DATE   AVAILABLE   AGE\n"
            "payment-service   3/4     4            3           45m\n");
}

TEST(ReplicaSetsTable, DispatchedFromRenderTable) {
  EXPECT_EQ(RenderTable(Fixture("payment_replicasets.json"), Now()),
            "NAME                        DESIRED   CURRENT   READY   AGE\n"
            "payment-service-6b8f9d4c7   4         4         3       18m\n"
            "payment-service-5d9c7b8f6   0         0         0       7d4h\n");
}

TEST(EventsTable, LastSeenTypeReasonObjectMessageInListOrder) {
  Json events = Fixture("payment_pod_events.json");
  events["items"] = Json::array({events["items"][0], events["items"][5]});
  EXPECT_EQ(RenderEventsTable(events, Now()),
            "LAST SEEN   TYPE      REASON      OBJECT                                MESSAGE\n"
            "2m          Warning   BackOff     pod/payment-service-6b8f9d4c7-v5n1s   Back-off restarting failed "
            "container payment-service in pod payment-service-6b8f9d4c7-v5n1s_production(pod-uid-v5n1s)\n"
            "16m         Warning   OOMKilled   pod/payment-service-6b8f9d4c7-v5n1s   Container payment-service "
            "exceeded memory limit\n");
}

TEST(EventsTable, EmptyIsNoResourcesFound) {
  EXPECT_EQ(RenderEventsTable(Json::parse(R"({"kind":"EventList","metadata":{"namespace":"production"},"items":[]})"),
                              Now()),
            "No resources found in production namespace.\n");
}

TEST(DescribePod, FlagshipCrashLoopingPod) {
  Json pod = Fixture("payment_pods.json")["items"][3];
  EXPECT_EQ(RenderDescribePod(pod, Fixture("payment_pod_events.json"), Now()),
            testing::ReadFileOrDie(testing::SourceDir() + "/fixtures/render/describe_pod_v5n1s.txt"));
}

TEST(DescribePod, EventsSectionSortedByLastSeenWithIntervals) {
  Json pod = Fixture("payment_pods.json")["items"][3];
  std::string out = RenderDescribePod(pod, Fixture("payment_pod_events.json"), Now());
  std::string events = out.substr(out.find("Events:"));
  EXPECT_EQ(events,
            "Events:\n"
            "  Type     Reason     Age                From               Message\n"
            "  ----     ------     ----               ----               -------\n"
            "  Normal   Scheduled  18m                default-scheduler  Successfully assigned "
            "production/payment-service-6b8f9d4c7-v5n1s to node-2\n"
            "  Normal   Created    18m                kubelet            Created container payment-service\n"
            "  Normal   Started    18m                kubelet            Started container payment-service\n"
            "  Normal   Pulled     16m (x5 over 18m)  kubelet            Container image "
            "\"registry.internal/payment-service:v2.14.0\" already present on machine\n"
            "  Warning  OOMKilled  16m                kubelet            Container payment-service exceeded memory "
            "limit\n"
            "  Warning  BackOff    2m (x14 over 16m)  kubelet            Back-off restarting failed container "
            "payment-service in pod payment-service-6b8f9d4c7-v5n1s_production(pod-uid-v5n1s)\n");
}

TEST(DescribePod, NoEventsIsNoneAlignedWithTheBlockAbove) {
  Json pod = Fixture("payment_pods.json")["items"][0];
  std::string out = RenderDescribePod(pod, Json::parse(R"({"items":[]})"), Now());
  EXPECT_NE(out.find("Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
                     "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
                     "Events:                      <none>\n"),
            std::string::npos)
      << out;
}

TEST(DescribeDeployment, FlagshipDeployment) {
  EXPECT_EQ(RenderDescribeDeployment(Fixture("payment_deployment.json"), Fixture("payment_replicasets.json"),
                                     Json::parse(R"({"items":[]})"), Now()),
            testing::ReadFileOrDie(testing::SourceDir() + "/fixtures/render/describe_deployment.txt"));
}

TEST(DescribeDeployment, OldReplicaSetsWithReplicasDuringARollout) {
  Json rs = Fixture("payment_replicasets.json");
  rs["items"][1]["spec"]["replicas"] = 1;
  rs["items"][1]["status"]["replicas"] = 1;
  std::string out = RenderDescribeDeployment(Fixture("payment_deployment.json"), rs, Json(), Now());
  EXPECT_NE(out.find("OldReplicaSets:  payment-service-5d9c7b8f6 (1/1 replicas created)\n"
                     "NewReplicaSet:   payment-service-6b8f9d4c7 (4/4 replicas created)\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("Events:"), std::string::npos);  // null event list: no Events section
}

TEST(DescribeGeneric, SmartLabelsAndNestedContent) {
  Json cm = Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"payment-config","namespace":"production","uid":"u-1",
                "creationTimestamp":"2026-03-10T14:00:00Z","managedFields":[{"manager":"kubectl"}]},
    "data":{"LOG_LEVEL":"info","poolSize":"20"}})");
  EXPECT_EQ(RenderDescribeGeneric(cm, Json::parse(R"({"items":[]})"), Now()),
            "Name:         payment-config\n"
            "Namespace:    production\n"
            "Labels:       <none>\n"
            "Annotations:  <none>\n"
            "API Version:  v1\n"
            "Data:\n"
            "  LOG_LEVEL:  info\n"
            "  Pool Size:  20\n"
            "Kind:         ConfigMap\n"
            "Metadata:\n"
            "  Creation Timestamp:  2026-03-10T14:00:00Z\n"
            "  UID:                 u-1\n"
            "Events:                <none>\n");
}

TEST(DescribeGeneric, LongAnnotationsGoOnTheirOwnLineShortened) {
  Json obj = Json::parse(R"({"kind":"Widget","metadata":{"name":"w","annotations":{"note":"x"}}})");
  obj["metadata"]["annotations"]["note"] = std::string(150, 'a');
  std::string out = RenderDescribeGeneric(obj, Json(), Now());
  EXPECT_NE(out.find("Annotations:  note:\n                " + std::string(138, 'a') + "...\nKind:"),
            std::string::npos)
      << out;
}

TEST(TopPods, SumsContainersRoundsAndSortsByName) {
  // kubectl's tabwriter terminates every cell, so lines keep trailing padding.
  EXPECT_EQ(RenderTopPods(Fixture("payment_pod_metrics.json")),
            "NAME                              CPU(cores)   MEMORY(bytes)   \n"
            "payment-service-6b8f9d4c7-h2k4l   89m          241Mi           \n"
            "payment-service-6b8f9d4c7-m9x2p   94m          238Mi           \n"
            "payment-service-6b8f9d4c7-q7j8r   102m         251Mi           \n");
}

TEST(RolloutHistory, RevisionsFromControlledReplicaSets) {
  EXPECT_EQ(RenderRolloutHistory(Fixture("payment_deployment.json"), Fixture("payment_replicasets.json")),
            "deployment.apps/payment-service \n"
            "REVISION  CHANGE-CAUSE\n"
            "3         v2.13.2 - routine patch\n"
            "4         v2.14.0 - added payment reconciliation batch job\n"
            "\n");
}

TEST(RolloutHistory, MissingChangeCauseAndForeignReplicaSets) {
  Json rs = Fixture("payment_replicasets.json");
  rs["items"][1]["metadata"]["annotations"].erase("kubernetes.io/change-cause");
  Json foreign = rs["items"][0];
  foreign["metadata"]["ownerReferences"][0]["uid"] = "someone-else";
  foreign["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "9";
  rs["items"].push_back(foreign);
  EXPECT_EQ(RenderRolloutHistory(Fixture("payment_deployment.json"), rs),
            "deployment.apps/payment-service \n"
            "REVISION  CHANGE-CAUSE\n"
            "3         <none>\n"
            "4         v2.14.0 - added payment reconciliation batch job\n"
            "\n");
  Json none = Json::parse(R"({"items":[]})");
  EXPECT_EQ(RenderRolloutHistory(Fixture("payment_deployment.json"), none),
            "deployment.apps/payment-service No rollout history found.\n");
}

TEST(RolloutStatus, Lines) {
  Json d = Fixture("payment_deployment.json");
  bool done = true;
  d["status"]["availableReplicas"] = 2;
  EXPECT_EQ(RenderRolloutStatusLine(d, &done),
            "Waiting for deployment \"payment-service\" rollout to finish: 2 of 4 updated replicas are available...\n");
  EXPECT_FALSE(done);
  d["status"]["updatedReplicas"] = 1;
  EXPECT_EQ(RenderRolloutStatusLine(d, &done),
            "Waiting for deployment \"payment-service\" rollout to finish: 1 out of 4 new replicas have been "
            "updated...\n");
  d["status"]["updatedReplicas"] = 4;
  d["status"]["replicas"] = 5;
  EXPECT_EQ(RenderRolloutStatusLine(d, &done),
            "Waiting for deployment \"payment-service\" rollout to finish: 1 old replicas are pending "
            "termination...\n");
  d["metadata"]["generation"] = 5;
  EXPECT_EQ(RenderRolloutStatusLine(d, &done), "Waiting for deployment spec update to be observed...\n");
  d["status"] = Json::parse(R"({"observedGeneration":5,"replicas":4,"updatedReplicas":4,"availableReplicas":4})");
  EXPECT_EQ(RenderRolloutStatusLine(d, &done), "deployment \"payment-service\" successfully rolled out\n");
  EXPECT_TRUE(done);
}

TEST(GenericTable, Services) {
  Json list = Json::parse(R"({"kind":"ServiceList","items":[
    {"metadata":{"name":"payment-service","creationTimestamp":"2026-03-10T14:02:00Z"},
     "spec":{"type":"ClusterIP","clusterIP":"10.96.12.34","clusterIPs":["10.96.12.34"],
             "ports":[{"port":80,"protocol":"TCP","targetPort":8080}]}},
    {"metadata":{"name":"payment-lb","creationTimestamp":"2026-03-10T14:02:00Z"},
     "spec":{"type":"LoadBalancer","clusterIP":"10.96.12.35","ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]}}]})");
  EXPECT_EQ(RenderTable(list, Now()),
            "NAME              TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)         AGE\n"
            "payment-service   ClusterIP      10.96.12.34   <none>        80/TCP          45m\n"
            "payment-lb        LoadBalancer   10.96.12.35   <pending>     443:31443/TCP   45m\n");
}

TEST(GenericTable, NodesConfigMapsSecretsEndpointsAndUnknownKinds) {
  EXPECT_EQ(RenderTable(Json::parse(R"({"kind":"NodeList","items":[{"metadata":{"name":"node-1",
      "creationTimestamp":"2026-02-01T00:00:00Z","labels":{"node-role.kubernetes.io/control-plane":""}},
      "spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"True"}],
      "nodeInfo":{"kubeletVersion":"v1.32.5"}}}]})"), Now()),
            "NAME     STATUS                     ROLES           AGE   VERSION\n"
            "node-1   Ready,SchedulingDisabled   control-plane   37d   v1.32.5\n");
  EXPECT_EQ(RenderTable(Json::parse(R"({"kind":"ConfigMapList","items":[{"metadata":{"name":"payment-config",
      "creationTimestamp":"2026-03-10T14:46:30Z"},"data":{"a":"1","b":"2"}}]})"), Now()),
            "NAME             DATA   AGE\npayment-config   2      30s\n");
  EXPECT_EQ(RenderTable(Json::parse(R"({"kind":"SecretList","items":[{"metadata":{"name":"payment-db",
      "creationTimestamp":"2026-03-10T14:42:00Z"},"type":"Opaque","data":{"password":"cw=="}}]})"), Now()),
            "NAME         TYPE     DATA   AGE\npayment-db   Opaque   1      5m\n");
  EXPECT_EQ(RenderTable(Json::parse(R"({"kind":"EndpointsList","items":[{"metadata":{"name":"payment-service",
      "creationTimestamp":"2026-03-10T14:02:00Z"},"subsets":[{"addresses":[{"ip":"10.244.1.7"},{"ip":"10.244.2.4"},
      {"ip":"10.244.1.9"},{"ip":"10.244.2.8"}],"ports":[{"port":8080}]}]}]})"), Now()),
            "NAME              ENDPOINTS                                                     AGE\n"
            "payment-service   10.244.1.7:8080,10.244.2.4:8080,10.244.1.9:8080 + 1 more...   45m\n");
  EXPECT_EQ(RenderTable(Json::parse(R"({"kind":"WidgetList","items":[{"metadata":{"name":"w",
      "creationTimestamp":"2026-03-10T12:47:00Z"}}]})"), Now()),
            "NAME   AGE\nw      120m\n");
}

TEST(GenericTable, HpaAndJob) {
  EXPECT_EQ(RenderTable(Json::parse(R"({"kind":"HorizontalPodAutoscalerList","items":[{"metadata":{"name":"payment",
      "creationTimestamp":"2026-03-10T14:02:00Z"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"payment-service"},
      "minReplicas":2,"maxReplicas":8,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization",
      "averageUtilization":80}}}]},"status":{"currentReplicas":4,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu",
      "current":{"averageUtilization":45}}}]}}]})"), Now()),
            "NAME      REFERENCE                    TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\n"
            "payment   Deployment/payment-service   cpu: 45%/80%   2         8         4          45m\n");
  EXPECT_EQ(RenderTable(Json::parse(R"({"kind":"JobList","items":[{"metadata":{"name":"reconcile",
      "creationTimestamp":"2026-03-10T14:40:00Z"},"spec":{"completions":1},"status":{"succeeded":1,
      "startTime":"2026-03-10T14:40:00Z","completionTime":"2026-03-10T14:41:30Z",
      "conditions":[{"type":"Complete","status":"True"}]}}]})"), Now()),
            "NAME        STATUS     COMPLETIONS   DURATION   AGE\nreconcile   Complete   1/1           90s        7m\n");
}

}  // namespace
}  // namespace kf
