// Patch application (merge, JSON, strategic merge) and object diffs.
#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/sim/object_diff.h"
#include "engine/sim/patch.h"
#include "engine/sim/smp_schema.h"

namespace kf {
namespace {

Json J(const char* text) { return Json::parse(text); }

Json PaymentDeployment() {
  return J(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "payment-service", "namespace": "production",
                 "annotations": {"deployment.kubernetes.io/revision": "5"},
                 "finalizers": ["a"]},
    "spec": {
      "replicas": 3,
      "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
      "template": {
        "metadata": {"labels": {"app": "payment-service"}},
        "spec": {
          "containers": [
            {"name": "payment-service", "image": "registry/payment-service:v2.14.0",
             "ports": [{"containerPort": 8080, "protocol": "TCP"}],
             "env": [{"name": "JAVA_OPTS", "value": "-Xmx200m"}, {"name": "LOG", "value": "info"}],
             "resources": {"requests": {"cpu": "250m", "memory": "128Mi"},
                           "limits": {"cpu": "500m", "memory": "256Mi"}},
             "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
             "volumeMounts": [{"name": "config", "mountPath": "/etc/config"}]},
            {"name": "sidecar", "image": "envoy:1.29"}
          ],
          "volumes": [{"name": "config", "configMap": {"name": "payment-config"}}],
          "tolerations": [{"key": "a", "operator": "Exists"}]
        }
      }
    }
  })");
}

Result<Json> Smp(const Json& original, const char* patch) {
  return ApplyPatch(original, PatchType::kStrategicMerge, J(patch));
}

const Json& Container(const Json& deploy, size_t i) {
  return deploy["spec"]["template"]["spec"]["containers"][i];
}

// ---- strategic merge -------------------------------------------------------

TEST(StrategicMergeTest, FlagshipPatchKeepsTheOtherContainerFields) {
  const Json before = PaymentDeployment();
  auto r = Smp(before,
               R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
                   "resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]}}}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Json& c = Container(*r, 0);
  EXPECT_EQ(c["image"], "registry/payment-service:v2.14.0");
  EXPECT_EQ(c["resources"], J(R"({"requests":{"cpu":"250m","memory":"256Mi"},
                                  "limits":{"cpu":"500m","memory":"512Mi"}})"));
  EXPECT_EQ(c["livenessProbe"], Container(before, 0)["livenessProbe"]);
  EXPECT_EQ(c["env"], Container(before, 0)["env"]);
  EXPECT_EQ(Container(*r, 1), Container(before, 1));
  EXPECT_EQ((*r)["spec"]["template"]["spec"]["containers"].size(), 2u);
  // Nothing else moved.
  Json expected = before;
  expected["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["memory"] = "256Mi";
  expected["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"] = "512Mi";
  EXPECT_EQ(*r, expected);
}

TEST(StrategicMergeTest, NewContainerNameIsAppended) {
  auto r = Smp(PaymentDeployment(),
               R"({"spec":{"template":{"spec":{"containers":[{"name":"debug","image":"busybox"}]}}}})");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ((*r)["spec"]["template"]["spec"]["containers"].size(), 3u);
  EXPECT_EQ(Container(*r, 2), J(R"({"name":"debug","image":"busybox"})"));
}

TEST(StrategicMergeTest, EnvMergesByNameAndNullDeletesAKey) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"spec":{"containers":[
      {"name":"payment-service","livenessProbe":null,
       "env":[{"name":"JAVA_OPTS","value":"-Xmx400m"},{"name":"NEW","value":"1"}]}]}}}})");
  ASSERT_TRUE(r.ok());
  const Json& c = Container(*r, 0);
  EXPECT_FALSE(c.contains("livenessProbe"));
  EXPECT_EQ(c["env"], J(R"([{"name":"JAVA_OPTS","value":"-Xmx400m"},{"name":"LOG","value":"info"},
                            {"name":"NEW","value":"1"}])"));
}

TEST(StrategicMergeTest, PortsMergeByContainerPortAndMountsByMountPath) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"spec":{"containers":[
      {"name":"payment-service","ports":[{"containerPort":8080,"name":"http"},{"containerPort":9090}],
       "volumeMounts":[{"mountPath":"/etc/config","readOnly":true}]}]}}}})");
  ASSERT_TRUE(r.ok());
  const Json& c = Container(*r, 0);
  EXPECT_EQ(c["ports"], J(R"([{"containerPort":8080,"protocol":"TCP","name":"http"},{"containerPort":9090}])"));
  EXPECT_EQ(c["volumeMounts"], J(R"([{"name":"config","mountPath":"/etc/config","readOnly":true}])"));
}

TEST(StrategicMergeTest, PatchDeleteRemovesAListElement) {
  auto r = Smp(PaymentDeployment(),
               R"({"spec":{"template":{"spec":{"containers":[{"$patch":"delete","name":"sidecar"}]}}}})");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ((*r)["spec"]["template"]["spec"]["containers"].size(), 1u);
  EXPECT_EQ(Container(*r, 0)["name"], "payment-service");
}

TEST(StrategicMergeTest, PatchDeleteOfAnEnvVarByName) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"spec":{"containers":[
      {"name":"payment-service","env":[{"name":"LOG","$patch":"delete"}]}]}}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Container(*r, 0)["env"], J(R"([{"name":"JAVA_OPTS","value":"-Xmx200m"}])"));
}

TEST(StrategicMergeTest, PatchReplaceElementReplacesTheWholeList) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"spec":{"containers":[
      {"$patch":"replace"},{"name":"only","image":"x"}]}}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["template"]["spec"]["containers"], J(R"([{"name":"only","image":"x"}])"));
}

TEST(StrategicMergeTest, PatchReplaceInAMapReplacesTheMap) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"spec":{"containers":[
      {"name":"payment-service","resources":{"$patch":"replace","limits":{"memory":"1Gi"}}}]}}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Container(*r, 0)["resources"], J(R"({"limits":{"memory":"1Gi"}})"));
  EXPECT_EQ(Container(*r, 0)["image"], "registry/payment-service:v2.14.0");
}

TEST(StrategicMergeTest, PatchDeleteInAMapDeletesTheMap) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"strategy":{"$patch":"delete"}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE((*r)["spec"].contains("strategy"));
  EXPECT_EQ((*r)["spec"]["replicas"], 3);
}

TEST(StrategicMergeTest, PatchMergeIsTheDefault) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"strategy":{"$patch":"merge","type":"Recreate"}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["strategy"]["type"], "Recreate");
  EXPECT_TRUE((*r)["spec"]["strategy"].contains("rollingUpdate"));
}

TEST(StrategicMergeTest, UnknownPatchDirectiveIsAnError) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"strategy":{"$patch":"explode"}}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "unknown patch type: explode in map: map[$patch:explode]");
}

TEST(StrategicMergeTest, RetainKeysClearsUnlistedFields) {
  auto r = Smp(PaymentDeployment(),
               R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["strategy"], J(R"({"type":"Recreate"})"));
}

TEST(StrategicMergeTest, SetElementOrderIsConsumedAndOrders) {
  // What `kubectl set image` sends.
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"sidecar"},{"name":"payment-service"}],
      "containers":[{"image":"registry/payment-service:v2.13.0","name":"payment-service"}]}}}})");
  ASSERT_TRUE(r.ok());
  const Json& spec = (*r)["spec"]["template"]["spec"];
  EXPECT_FALSE(spec.contains("$setElementOrder/containers"));
  ASSERT_EQ(spec["containers"].size(), 2u);
  EXPECT_EQ(spec["containers"][0]["name"], "sidecar");
  EXPECT_EQ(spec["containers"][1]["image"], "registry/payment-service:v2.13.0");
  EXPECT_EQ(spec["containers"][1]["resources"]["limits"]["memory"], "256Mi");
}

TEST(StrategicMergeTest, FinalizersAreASetAndDeleteFromPrimitiveList) {
  auto r = Smp(PaymentDeployment(), R"({"metadata":{"finalizers":["b","a"]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["metadata"]["finalizers"], J(R"(["a","b"])"));
  auto d = Smp(*r, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["metadata"]["finalizers"], J(R"(["b"])"));
  EXPECT_FALSE((*d)["metadata"].contains("$deleteFromPrimitiveList/finalizers"));
}

TEST(StrategicMergeTest, ListsWithoutAStrategyAreReplaced) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"spec":{
      "tolerations":[{"key":"b","operator":"Exists"}],
      "containers":[{"name":"payment-service","args":["--x"]}]}}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["template"]["spec"]["tolerations"], J(R"([{"key":"b","operator":"Exists"}])"));
  EXPECT_EQ(Container(*r, 0)["args"], J(R"(["--x"])"));
}

TEST(StrategicMergeTest, RolloutRestartAnnotationMergesIntoTemplateMetadata) {
  auto r = Smp(PaymentDeployment(), R"({"spec":{"template":{"metadata":{"annotations":
      {"kubectl.kubernetes.io/restartedAt":"2026-11-28T00:25:48Z"}}}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["template"]["metadata"],
            J(R"({"labels":{"app":"payment-service"},
                  "annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-28T00:25:48Z"}})"));
}

TEST(StrategicMergeTest, MissingMergeKeyIsAnError) {
  auto r = Smp(PaymentDeployment(),
               R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "map: map[image:x] does not contain declared merge key: name");
}

TEST(StrategicMergeTest, NewSubtreesDropNullsAndDirectives) {
  auto r = Smp(J(R"({"kind":"ConfigMap","metadata":{"name":"c"}})"),
               R"({"data":{"a":"1","b":null},"metadata":{"labels":{"x":"y","z":null}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, J(R"({"kind":"ConfigMap","metadata":{"name":"c","labels":{"x":"y"}},"data":{"a":"1"}})"));
}

TEST(StrategicMergeTest, PodContainersAndConditionsMergeByKey) {
  const Json pod = J(R"({"kind":"Pod","spec":{"containers":[{"name":"app","image":"a:1"}]},
      "status":{"conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}]}})");
  auto r = Smp(pod, R"({"spec":{"containers":[{"name":"app","image":"a:2"}]},
                        "status":{"conditions":[{"type":"Ready","status":"True"}]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, J(R"({"kind":"Pod","spec":{"containers":[{"name":"app","image":"a:2"}]},
      "status":{"conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]}})"));
}

TEST(StrategicMergeTest, ServicePortsMergeByPort) {
  const Json svc = J(R"({"kind":"Service","spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}})");
  auto r = Smp(svc, R"({"spec":{"ports":[{"port":80,"targetPort":9090}]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["ports"], J(R"([{"port":80,"targetPort":9090},{"port":443}])"));
}

TEST(StrategicMergeTest, CronJobTemplateContainersMergeByName) {
  const Json cj = J(R"({"kind":"CronJob","spec":{"jobTemplate":{"spec":{"template":{"spec":
      {"containers":[{"name":"job","image":"j:1","command":["run"]}]}}}}}})");
  auto r = Smp(cj, R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":
      {"containers":[{"name":"job","image":"j:2"}]}}}}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"],
            J(R"([{"name":"job","image":"j:2","command":["run"]}])"));
}

TEST(StrategicMergeTest, UnknownKindReplacesLists) {
  const Json obj = J(R"({"kind":"Widget","spec":{"containers":[{"name":"a","image":"1"}]}})");
  auto r = Smp(obj, R"({"spec":{"containers":[{"name":"a"}]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["containers"], J(R"([{"name":"a"}])"));
}

TEST(StrategicMergeTest, NonObjectPatchIsRejectedAsTheServerDoes) {
  auto r = ApplyPatch(PaymentDeployment(), PatchType::kStrategicMerge, J("[1]"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "json: cannot unmarshal array into Go value of type map[string]interface {}");
}

TEST(StrategicMergeTest, EmptyPatchIsANoOp) {
  auto r = Smp(PaymentDeployment(), "{}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, PaymentDeployment());
}

TEST(SmpSchemaTest, KnownListStrategies) {
  using T = SmpListStrategy::Type;
  EXPECT_EQ(SmpListStrategyAt("Deployment", "spec.template.spec.containers").merge_key, "name");
  EXPECT_EQ(SmpListStrategyAt("Deployment", "spec.template.spec.initContainers[].env").merge_key, "name");
  EXPECT_EQ(SmpListStrategyAt("StatefulSet", "spec.template.spec.volumes").merge_key, "name");
  EXPECT_EQ(SmpListStrategyAt("DaemonSet", "spec.template.spec.hostAliases").merge_key, "ip");
  EXPECT_EQ(SmpListStrategyAt("Pod", "spec.imagePullSecrets").merge_key, "name");
  EXPECT_EQ(SmpListStrategyAt("Pod", "spec.containers[].volumeDevices").merge_key, "devicePath");
  EXPECT_EQ(SmpListStrategyAt("Node", "status.addresses").merge_key, "type");
  EXPECT_EQ(SmpListStrategyAt("ReplicaSet", "metadata.ownerReferences").merge_key, "uid");
  EXPECT_EQ(SmpListStrategyAt("Deployment", "metadata.finalizers").type, T::kMergeSet);
  EXPECT_EQ(SmpListStrategyAt("Pod", "spec.tolerations").type, T::kReplace);
  EXPECT_EQ(SmpListStrategyAt("Pod", "spec.containers[].args").type, T::kReplace);
  EXPECT_EQ(SmpListStrategyAt("Service", "spec.containers").type, T::kReplace);
}

// ---- merge patch (RFC 7386) ------------------------------------------------

TEST(MergePatchTest, ListsAreReplacedWholesale) {
  auto r = ApplyPatch(PaymentDeployment(), PatchType::kMerge,
                      J(R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
                          "resources":{"limits":{"memory":"1Gi"}}}]}}}})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["template"]["spec"]["containers"],
            J(R"([{"name":"payment-service","resources":{"limits":{"memory":"1Gi"}}}])"));
}

TEST(MergePatchTest, MapsMergeAndNullDeletes) {
  auto r = ApplyPatch(PaymentDeployment(), PatchType::kMerge,
                      J(R"({"spec":{"replicas":5,"strategy":null},"metadata":{"labels":{"a":"b"}}})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["spec"]["replicas"], 5);
  EXPECT_FALSE((*r)["spec"].contains("strategy"));
  EXPECT_EQ((*r)["metadata"]["labels"], J(R"({"a":"b"})"));
  EXPECT_EQ((*r)["metadata"]["name"], "payment-service");
}

TEST(MergePatchTest, Rfc7386AppendixExamples) {
  struct Case { const char* target; const char* patch; const char* result; };
  const Case cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ApplyMergePatch(J(c.target), J(c.patch)), J(c.result)) << c.target << " + " << c.patch;
  }
}

TEST(MergePatchTest, ScaleBody) {
  auto r = ApplyPatch(J(R"({"spec":{"replicas":3}})"), PatchType::kMerge, J(R"({"spec":{"replicas":5}})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, J(R"({"spec":{"replicas":5}})"));
}

// ---- JSON patch (RFC 6902) -------------------------------------------------

Result<Json> JsonPatch(const Json& doc, const char* ops) {
  return ApplyPatch(doc, PatchType::kJson, J(ops));
}

TEST(JsonPatchTest, AddReplaceRemove) {
  auto r = JsonPatch(PaymentDeployment(), R"([
      {"op":"replace","path":"/spec/replicas","value":5},
      {"op":"add","path":"/metadata/labels","value":{"team":"payments"}},
      {"op":"remove","path":"/spec/template/spec/tolerations"},
      {"op":"add","path":"/spec/template/spec/containers/0/env/-","value":{"name":"Z","value":"1"}},
      {"op":"add","path":"/spec/template/spec/containers/0/env/0","value":{"name":"A","value":"0"}}])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["spec"]["replicas"], 5);
  EXPECT_EQ((*r)["metadata"]["labels"]["team"], "payments");
  EXPECT_FALSE((*r)["spec"]["template"]["spec"].contains("tolerations"));
  const Json& env = Container(*r, 0)["env"];
  ASSERT_EQ(env.size(), 4u);
  EXPECT_EQ(env[0]["name"], "A");
  EXPECT_EQ(env[3]["name"], "Z");
}

TEST(JsonPatchTest, PointerEscapes) {
  auto r = JsonPatch(PaymentDeployment(), R"([
      {"op":"replace","path":"/metadata/annotations/deployment.kubernetes.io~1revision","value":"3"},
      {"op":"add","path":"/metadata/annotations/a~0b","value":"tilde"}])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "3");
  EXPECT_EQ((*r)["metadata"]["annotations"]["a~b"], "tilde");
}

TEST(JsonPatchTest, TestOpPassesAndFails) {
  auto ok = JsonPatch(PaymentDeployment(), R"([{"op":"test","path":"/spec/replicas","value":3},
                                              {"op":"replace","path":"/spec/replicas","value":4}])");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["spec"]["replicas"], 4);
  auto bad = JsonPatch(PaymentDeployment(), R"([{"op":"replace","path":"/spec/replicas","value":4},
                                               {"op":"test","path":"/spec/replicas","value":3}])");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "testing value /spec/replicas failed: test failed");
}

TEST(JsonPatchTest, MoveAndCopy) {
  auto r = JsonPatch(J(R"({"a":{"b":1},"c":[1,2]})"), R"([
      {"op":"copy","from":"/a/b","path":"/c/0"},
      {"op":"move","from":"/a","path":"/d"}])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, J(R"({"c":[1,1,2],"d":{"b":1}})"));
}

TEST(JsonPatchTest, RootReplace) {
  auto r = JsonPatch(J(R"({"a":1})"), R"([{"op":"replace","path":"","value":{"b":2}}])");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, J(R"({"b":2})"));
}

TEST(JsonPatchTest, ErrorTexts) {
  struct Case { const char* ops; const char* message; };
  const Case cases[] = {
      {R"([{"op":"replace","path":"/metadata/labels","value":{}}])",
       "replace operation does not apply: doc is missing key: /metadata/labels: missing value"},
      {R"([{"op":"replace","path":"/nope/x","value":1}])",
       "replace operation does not apply: doc is missing path: /nope/x: missing value"},
      {R"([{"op":"remove","path":"/metadata/labels"}])",
       "Unable to remove nonexistent key: labels: missing value"},
      {R"([{"op":"remove","path":"/nope/x"}])",
       "remove operation does not apply: doc is missing path: \"/nope/x\": missing value"},
      {R"([{"op":"add","path":"/nope/x","value":1}])",
       "add operation does not apply: doc is missing path: \"/nope/x\": missing value"},
      {R"([{"op":"add","path":"/spec/template/spec/containers/5","value":{}}])",
       "Unable to access invalid index: 5: invalid index referenced"},
      {R"([{"op":"remove","path":"/spec/template/spec/containers/9"}])",
       "Unable to remove invalid index: 9: invalid index referenced"},
      {R"([{"op":"add","path":"/spec/template/spec/containers/x","value":{}}])",
       "value was not a proper array index: 'x'"},
      {R"([{"op":"frobnicate","path":"/a"}])", "Unexpected kind: frobnicate"},
      {R"([{"op":"add","value":1}])", "add operation failed to decode path: missing value"},
      {R"([{"op":"move","from":"/nope","path":"/a"}])",
       "move operation does not apply: doc is missing from path: /nope: missing value"},
      {R"([{"op":"copy","from":"/spec","path":"/a/b"}])",
       "copy operation does not apply: doc is missing destination path: /a/b: missing value"},
      {R"([{"op":"test","path":"/a/b","value":1}])",
       "test operation does not apply: is missing path: /a/b: missing value"},
      {R"({"op":"add"})", "json: cannot unmarshal object into Go value of type jsonpatch.Patch"},
  };
  for (const Case& c : cases) {
    auto r = JsonPatch(PaymentDeployment(), c.ops);
    ASSERT_FALSE(r.ok()) << c.ops;
    EXPECT_EQ(r.status().message(), c.message) << c.ops;
  }
}

TEST(JsonPatchTest, FailureLeavesTheOriginalUntouched) {
  const Json before = PaymentDeployment();
  auto r = JsonPatch(before, R"([{"op":"replace","path":"/spec/replicas","value":9},
                                 {"op":"remove","path":"/nope"}])");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(before, PaymentDeployment());
}

TEST(JsonPatchTest, RolloutUndoAnnotationsReplace) {
  // kubectl rollout undo replaces /metadata/annotations, which must exist.
  auto r = JsonPatch(PaymentDeployment(), R"([{"op":"replace","path":"/spec/template",
      "value":{"metadata":{"labels":{"app":"payment-service"}},"spec":{"containers":[]}}},
      {"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"3"}}])");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "3");
}

// ---- content types -----------------------------------------------------------

TEST(PatchContentTypeTest, RoundTripsAndRejectsUnknown) {
  for (PatchType t : {PatchType::kStrategicMerge, PatchType::kMerge, PatchType::kJson}) {
    auto r = PatchTypeFromContentType(PatchContentType(t));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, t);
  }
  auto charset = PatchTypeFromContentType("application/merge-patch+json; charset=utf-8");
  ASSERT_TRUE(charset.ok());
  EXPECT_EQ(*charset, PatchType::kMerge);
  auto bad = PatchTypeFromContentType("text/plain");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/apply-patch+yaml, application/strategic-merge-patch+json");
}

// ---- object diff -------------------------------------------------------------

TEST(ObjectDiffTest, FlagshipChangeReadsAsTheGateShowsIt) {
  const Json before = PaymentDeployment();
  auto after = Smp(before, R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
      "resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]}}}})");
  ASSERT_TRUE(after.ok());
  const std::vector<FieldChange> changes = DiffObjects(before, *after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(FormatFieldChange(changes[0]),
            "spec.template.spec.containers[0].resources.limits.memory: 256Mi → 512Mi");
  EXPECT_EQ(FormatFieldChange(changes[1]),
            "spec.template.spec.containers[0].resources.requests.memory: 128Mi → 256Mi");
  EXPECT_EQ(changes[1].before, Json("128Mi"));
  EXPECT_EQ(changes[1].after, Json("256Mi"));
}

TEST(ObjectDiffTest, AddedRemovedAndRenamedKeys) {
  const auto changes = DiffObjects(
      J(R"({"metadata":{"annotations":{"a.b/c":"1"}},"spec":{"replicas":3,"paused":true}})"),
      J(R"({"metadata":{"annotations":{"a.b/c":"2"}},"spec":{"replicas":5,"minReadySeconds":10}})"));
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(FormatFieldChange(changes[0]), "metadata.annotations[\"a.b/c\"]: 1 → 2");
  EXPECT_EQ(FormatFieldChange(changes[1]), "spec.minReadySeconds: <none> → 10");
  EXPECT_FALSE(changes[1].before.has_value());
  EXPECT_EQ(FormatFieldChange(changes[2]), "spec.paused: true → <none>");
  EXPECT_FALSE(changes[2].after.has_value());
  EXPECT_EQ(FormatFieldChange(changes[3]), "spec.replicas: 3 → 5");
}

TEST(ObjectDiffTest, NamedListsMatchByName) {
  const auto changes = DiffObjects(
      J(R"({"c":[{"name":"a","image":"1"},{"name":"b","image":"1"}]})"),
      J(R"({"c":[{"name":"b","image":"2"},{"name":"n","image":"1"}]})"));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(FormatFieldChange(changes[0]), "c[0].image: 1 → 2");
  EXPECT_EQ(FormatFieldChange(changes[1]), "c[1]: <none> → {\"image\":\"1\",\"name\":\"n\"}");
  EXPECT_EQ(FormatFieldChange(changes[2]), "c[0]: {\"image\":\"1\",\"name\":\"a\"} → <none>");
}

TEST(ObjectDiffTest, PositionalListsAndTypeChanges) {
  const auto changes = DiffObjects(J(R"({"args":["a","b"],"x":{"y":1}})"), J(R"({"args":["a","c","d"],"x":"s"})"));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(FormatFieldChange(changes[0]), "args[1]: b → c");
  EXPECT_EQ(FormatFieldChange(changes[1]), "args[2]: <none> → d");
  EXPECT_EQ(FormatFieldChange(changes[2]), "x: {\"y\":1} → s");
  EXPECT_TRUE(DiffObjects(PaymentDeployment(), PaymentDeployment()).empty());
}

}  // namespace
}  // namespace kf
