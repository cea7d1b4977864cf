// The mutating kubernetes.* tools and PreviewMutation against the fixture.
#include <gtest/gtest.h>

#include "engine/sim/api_errors.h"
#include "engine/tools/mutation_preview.h"
#include "engine/tools/tool.h"
#include "tests/testing/fake_cluster.h"

namespace kf {
namespace {

using testing::FakeCluster;

Json SeedPatch() {
  return Json::parse(R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
      "resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]}}}})");
}

class ToolsMutateTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::LoadPaymentServiceFixture(&cluster_); }
  ToolResult Invoke(const std::string& tool, const Json& args) {
    return ToolCatalog::Default().Invoke(tool, args, ctx());
  }
  ToolContext ctx() { return ToolContext{&cluster_, nullptr}; }
  const Json& Deployment() { return *cluster_.Find("Deployment", "production", "payment-service"); }
  Json Container0() { return Deployment()["spec"]["template"]["spec"]["containers"][0]; }
  FakeCluster cluster_;
};

TEST_F(ToolsMutateTest, PatchResourceStrategicMergesTheNamedContainer) {
  ToolResult r = Invoke("kubernetes.patch_resource", {{"kind", "deployment"},
                                                      {"name", "payment-service"},
                                                      {"namespace", "production"},
                                                      {"patch", SeedPatch()}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command,
            "kubectl patch deployment payment-service -n production -p "
            "'{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"payment-service\","
            "\"resources\":{\"limits\":{\"memory\":\"512Mi\"},\"requests\":{\"memory\":\"256Mi\"}}}]}}}}'");
  EXPECT_EQ(r.text, "deployment.apps/payment-service patched\n");
  EXPECT_EQ(r.structured["action"], "patched");
  EXPECT_EQ(r.structured["changed"], true);
  Json c = Container0();
  EXPECT_EQ(c["resources"]["limits"], (Json{{"cpu", "250m"}, {"memory", "512Mi"}}));
  EXPECT_EQ(c["resources"]["requests"], (Json{{"cpu", "100m"}, {"memory", "256Mi"}}));
  EXPECT_EQ(c["image"], "registry.internal/payment-service:v2.14.0");
  EXPECT_EQ(r.structured["object"], Deployment());

  // The same patch again changes nothing, as kubectl reports.
  r = Invoke("kubernetes.patch_resource", {{"kind", "deploy"}, {"name", "payment-service"},
                                           {"namespace", "production"}, {"patch", SeedPatch()}});
  EXPECT_EQ(r.text, "deployment.apps/payment-service patched (no change)\n");
  EXPECT_EQ(r.structured["changed"], false);
}

TEST_F(ToolsMutateTest, PatchResourceMergeAndJsonTypes) {
  ToolResult r = Invoke("kubernetes.patch_resource",
                        {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"},
                         {"patch", {{"metadata", {{"labels", {{"team", "payments"}}}}}}},
                         {"patch_type", "merge"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command,
            "kubectl patch deployment payment-service -n production --type=merge -p "
            "'{\"metadata\":{\"labels\":{\"team\":\"payments\"}}}'");
  EXPECT_EQ(Deployment()["metadata"]["labels"]["team"], "payments");

  r = Invoke("kubernetes.patch_resource",
             {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"},
              {"patch", Json::parse(R"([{"op":"replace","path":"/spec/replicas","value":6}])")},
              {"patch_type", "json"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(Deployment()["spec"]["replicas"], 6);

  r = Invoke("kubernetes.patch_resource",
             {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"},
              {"patch", Json::parse(R"([{"op":"test","path":"/spec/replicas","value":1}])")},
              {"patch_type", "json"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text.rfind("Error from server (BadRequest): ", 0), 0u) << r.text;
}

TEST_F(ToolsMutateTest, PatchResourceClientSideErrors) {
  ToolResult r = Invoke("kubernetes.patch_resource",
                        {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"},
                         {"patch", {{"spec", {}}}}, {"patch_type", "json"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "error: a json patch must be an array of operations");
  r = Invoke("kubernetes.patch_resource",
             {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"},
              {"patch", Json::array()}});
  EXPECT_EQ(r.text, "error: a strategic merge patch must be a JSON object");
  r = Invoke("kubernetes.patch_resource",
             {{"kind", "deployment"}, {"name", "nope"}, {"namespace", "production"}, {"patch", Json::object()}});
  EXPECT_EQ(r.text, "Error from server (NotFound): deployments.apps \"nope\" not found");
  r = Invoke("kubernetes.patch_resource",
             {{"kind", "thing"}, {"name", "x"}, {"namespace", "production"}, {"patch", Json::object()}});
  EXPECT_EQ(r.text, "error: the server doesn't have a resource type \"thing\"");
  EXPECT_EQ(r.command, "kubectl patch thing x -n production -p '{}'");
}

TEST_F(ToolsMutateTest, ScaleAndItsErrors) {
  ToolResult r = Invoke("kubernetes.scale",
                        {{"kind", "deployments"}, {"name", "payment-service"}, {"namespace", "production"},
                         {"replicas", 6}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl scale deployment/payment-service -n production --replicas=6");
  EXPECT_EQ(r.text, "deployment.apps/payment-service scaled\n");
  EXPECT_EQ(Deployment()["spec"]["replicas"], 6);
  EXPECT_EQ(cluster_.calls().back(), "patch Deployment production/payment-service merge");

  r = Invoke("kubernetes.scale", {{"kind", "pod"}, {"name", "x"}, {"namespace", "production"}, {"replicas", 1}});
  EXPECT_EQ(r.text, "error: scale is not supported for pods");
  r = Invoke("kubernetes.scale", {{"name", "nope"}, {"namespace", "production"}, {"replicas", 1}});
  EXPECT_EQ(r.text, "Error from server (NotFound): deployments.apps \"nope\" not found");
}

TEST_F(ToolsMutateTest, SetImage) {
  ToolResult r = Invoke("kubernetes.set_image",
                        {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"},
                         {"container", "payment-service"},
                         {"image", "registry.internal/payment-service:v2.13.2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command,
            "kubectl set image deployment/payment-service -n production "
            "payment-service=registry.internal/payment-service:v2.13.2");
  EXPECT_EQ(r.text, "deployment.apps/payment-service image updated\n");
  EXPECT_EQ(Container0()["image"], "registry.internal/payment-service:v2.13.2");
  EXPECT_EQ(Container0()["resources"]["limits"]["memory"], "256Mi");

  r = Invoke("kubernetes.set_image", {{"name", "payment-service"}, {"namespace", "production"},
                                      {"container", "nosuch"}, {"image", "x:1"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "error: unable to find container named \"nosuch\"");
}

TEST_F(ToolsMutateTest, RolloutUndoRestoresTheRevisionsTemplate) {
  ToolResult r = Invoke("kubernetes.rollout_undo",
                        {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 3}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl rollout undo deployment/payment-service -n production --to-revision=3");
  EXPECT_EQ(r.text, "deployment.apps/payment-service rolled back\n");
  EXPECT_EQ(Container0()["image"], "registry.internal/payment-service:v2.13.2");
  // pod-template-hash is not copied; change-cause is; revision stays the
  // deployment's until the controller bumps it.
  EXPECT_EQ(Deployment()["spec"]["template"]["metadata"]["labels"], (Json{{"app", "payment-service"}}));
  EXPECT_EQ(Deployment()["metadata"]["annotations"],
            (Json{{"deployment.kubernetes.io/revision", "4"},
                  {"kubernetes.io/change-cause", "v2.13.2 - routine patch"}}));
  EXPECT_EQ(cluster_.calls().back(), "patch Deployment production/payment-service json");
}

TEST_F(ToolsMutateTest, RolloutUndoDefaultsToThePreviousRevisionAndSkipsNoOps) {
  ToolResult r = Invoke("kubernetes.rollout_undo", {{"name", "payment-service"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl rollout undo deployment/payment-service -n production");
  EXPECT_EQ(Container0()["image"], "registry.internal/payment-service:v2.13.2");

  r = Invoke("kubernetes.rollout_undo",
             {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 3}});
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text,
            "deployment.apps/payment-service skipped rollback (current template already matches "
            "revision 3)\n");
  EXPECT_EQ(r.structured["action"], "skipped");
}

TEST_F(ToolsMutateTest, RolloutUndoErrors) {
  ToolResult r = Invoke("kubernetes.rollout_undo",
                        {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 9}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "error: unable to find specified revision 9 in history");
  EXPECT_EQ(r.structured["code"], "FailedPrecondition");

  Json only = *cluster_.Find("ReplicaSet", "production", "payment-service-7d4f8b9c6");
  ASSERT_TRUE(cluster_.Delete("ReplicaSet", "production", "payment-service-7d4f8b9c6").ok());
  r = Invoke("kubernetes.rollout_undo", {{"name", "payment-service"}, {"namespace", "production"}});
  EXPECT_EQ(r.text, "error: no rollout history found for deployment \"payment-service\"");
  cluster_.Put(only);

  ASSERT_TRUE(cluster_.Patch("Deployment", "production", "payment-service", PatchType::kMerge,
                             {{"spec", {{"paused", true}}}}).ok());
  r = Invoke("kubernetes.rollout_undo", {{"name", "payment-service"}, {"namespace", "production"}});
  EXPECT_EQ(r.text,
            "error: you cannot rollback a paused deployment; resume it first with 'kubectl "
            "rollout resume deployment/payment-service' and try again");
}

TEST_F(ToolsMutateTest, RolloutRestartStampsTheClockTime) {
  ToolResult r = Invoke("kubernetes.rollout_restart", {{"name", "payment-service"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl rollout restart deployment/payment-service -n production");
  EXPECT_EQ(r.text, "deployment.apps/payment-service restarted\n");
  EXPECT_EQ(Deployment()["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"],
            "2026-03-10T14:47:00Z");
  r = Invoke("kubernetes.rollout_restart", {{"kind", "svc"}, {"name", "x"}, {"namespace", "production"}});
  EXPECT_EQ(r.text, "error: rollout restart is not supported for services");
}

TEST_F(ToolsMutateTest, DeletePod) {
  ToolResult r = Invoke("kubernetes.delete_pod",
                        {{"name", "payment-service-6b8f9d4c7-v5n1s"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl delete pod payment-service-6b8f9d4c7-v5n1s -n production");
  EXPECT_EQ(r.text, "pod \"payment-service-6b8f9d4c7-v5n1s\" deleted\n");
  EXPECT_EQ(cluster_.Find("Pod", "production", "payment-service-6b8f9d4c7-v5n1s"), nullptr);
  r = Invoke("kubernetes.delete_pod", {{"name", "payment-service-6b8f9d4c7-v5n1s"}, {"namespace", "production"}});
  EXPECT_EQ(r.text, "Error from server (NotFound): pods \"payment-service-6b8f9d4c7-v5n1s\" not found");
}

TEST_F(ToolsMutateTest, BackendFailuresPassThroughAsKubectlErrors) {
  cluster_.FailNext("patch", Conflict("Operation cannot be fulfilled on deployments.apps "
                                      "\"payment-service\": the object has been modified; please "
                                      "apply your changes to the latest version and try again"));
  ToolResult r = Invoke("kubernetes.scale", {{"name", "payment-service"}, {"namespace", "production"}, {"replicas", 2}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text.rfind("Error from server (Conflict): Operation cannot be fulfilled", 0), 0u);
}

TEST_F(ToolsMutateTest, InvalidObjectsPrintAsKubectlDoes) {
  cluster_.FailNext("patch", InvalidError("Deployment", "payment-service",
                                          {InvalidValue("spec.replicas", -1,
                                                        "must be greater than or equal to 0")}));
  ToolResult r = Invoke("kubernetes.scale", {{"name", "payment-service"}, {"namespace", "production"}, {"replicas", 2}});
  EXPECT_EQ(r.text,
            "The Deployment \"payment-service\" is invalid: spec.replicas: Invalid value: -1: must be "
            "greater than or equal to 0");
}

// --- PreviewMutation ------------------------------------------------------------

TEST_F(ToolsMutateTest, PreviewOfTheSeedPatchRendersLikeTheSeed) {
  Json before = Deployment();
  Result<MutationPreview> p = PreviewMutation(
      "kubernetes.patch_resource",
      {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"}, {"patch", SeedPatch()}},
      ctx());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->Render(),
            "Action: Patch deployment/payment-service in namespace production\n"
            "Change:\n"
            "containers[0].resources.requests.memory: 128Mi → 256Mi\n"
            "containers[0].resources.limits.memory: 256Mi → 512Mi\n"
            "This will trigger a rolling update of all pods.\n");
  EXPECT_EQ(p->changes[0].field, "spec.template.spec.containers[0].resources.requests.memory");
  EXPECT_FALSE(p->destructive);
  EXPECT_FALSE(p->no_op);
  EXPECT_EQ(p->after["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"], "512Mi");
  // Nothing was written: the dry run left the object as it was.
  EXPECT_EQ(Deployment(), before);
  EXPECT_EQ(cluster_.calls().back(), "patch Deployment production/payment-service strategic dry-run");
  EXPECT_EQ(p->ToJson()["changes"][1]["after"], "512Mi");
}

TEST_F(ToolsMutateTest, PreviewOfScaleToZeroIsDestructive) {
  Result<MutationPreview> p = PreviewMutation(
      "kubernetes.scale", {{"name", "payment-service"}, {"namespace", "production"}, {"replicas", 0}}, ctx());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->Render(),
            "Action: Scale deployment/payment-service in namespace production\n"
            "Change:\n"
            "spec.replicas: 4 → 0\n"
            "This will scale payment-service from 4 to 0 replicas.\n");
  EXPECT_TRUE(p->destructive);
  EXPECT_EQ(Deployment()["spec"]["replicas"], 4);
}

TEST_F(ToolsMutateTest, PreviewOfSetImageAndUndo) {
  Result<MutationPreview> p = PreviewMutation(
      "kubernetes.set_image",
      {{"name", "payment-service"}, {"namespace", "production"}, {"container", "payment-service"},
       {"image", "registry.internal/payment-service:v2.13.2"}},
      ctx());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->changes.size(), 1u);
  EXPECT_EQ(p->changes[0].Line(),
            "containers[0].image: registry.internal/payment-service:v2.14.0 → "
            "registry.internal/payment-service:v2.13.2");
  EXPECT_EQ(p->consequence, "This will trigger a rolling update of all pods.");

  p = PreviewMutation("kubernetes.rollout_undo",
                      {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 3}}, ctx());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->action, "Roll back deployment/payment-service in namespace production to revision 3");
  std::vector<std::string> lines;
  for (const PreviewChange& c : p->changes) lines.push_back(c.Line());
  // In field order: metadata before spec.
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "metadata.annotations[\"kubernetes.io/change-cause\"]: v2.14.0 - added payment "
                       "reconciliation batch job → v2.13.2 - routine patch",
                       "containers[0].image: registry.internal/payment-service:v2.14.0 → "
                       "registry.internal/payment-service:v2.13.2"}));
  EXPECT_EQ(Container0()["image"], "registry.internal/payment-service:v2.14.0");
}

TEST_F(ToolsMutateTest, PreviewErrorsAndNoOps) {
  Result<MutationPreview> p = PreviewMutation(
      "kubernetes.rollout_undo", {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 9}},
      ctx());
  EXPECT_EQ(p.status().message(), "unable to find specified revision 9 in history");
  p = PreviewMutation("kubernetes.scale", {{"name", "payment-service"}, {"namespace", "production"},
                                           {"replicas", "3"}}, ctx());
  EXPECT_EQ(p.status().message(), "invalid arguments for kubernetes.scale: replicas: expected integer, got string");
  p = PreviewMutation("kubernetes.list_pods", {{"namespace", "production"}}, ctx());
  EXPECT_EQ(p.status().message(), "tool kubernetes.list_pods is not a mutating tool");

  p = PreviewMutation("kubernetes.scale", {{"name", "payment-service"}, {"namespace", "production"},
                                           {"replicas", 4}}, ctx());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->no_op);
  EXPECT_EQ(p->consequence, "No change: deployment/payment-service already matches.");

  p = PreviewMutation("kubernetes.delete_pod",
                      {{"name", "payment-service-6b8f9d4c7-v5n1s"}, {"namespace", "production"}}, ctx());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->destructive);
  EXPECT_TRUE(p->after.is_null());
  EXPECT_EQ(p->consequence,
            "This will delete pod payment-service-6b8f9d4c7-v5n1s; its controller will create a replacement.");
  EXPECT_EQ(p->Render(),
            "Action: Delete pod/payment-service-6b8f9d4c7-v5n1s in namespace production\n"
            "Change:\n"
            "pod/payment-service-6b8f9d4c7-v5n1s: deleted\n"
            "This will delete pod payment-service-6b8f9d4c7-v5n1s; its controller will create a "
            "replacement.\n");
  EXPECT_NE(cluster_.Find("Pod", "production", "payment-service-6b8f9d4c7-v5n1s"), nullptr);
}

// --- rollout status -----------------------------------------------------------------

// Scripts a rollout: at each 5s poll the deployment's status advances.
void ScriptRollout(FakeCluster* c, std::vector<Json> statuses) {
  for (size_t i = 0; i < statuses.size(); ++i) {
    c->virtual_clock().Schedule(c->clock().Now() + 5000 * static_cast<int64_t>(i + 1) - 1,
                                [c, s = statuses[i]] {
                                  Json d = *c->Find("Deployment", "production", "payment-service");
                                  d["status"].update(s);
                                  c->Put(d);
                                });
  }
}

TEST_F(ToolsMutateTest, RolloutStatusWaitsOnTheClockAndPrintsChanges) {
  ASSERT_TRUE(cluster_.Patch("Deployment", "production", "payment-service", PatchType::kStrategicMerge,
                             SeedPatch()).ok());
  // generation is now 5; the controller sees it, then pods become available.
  ScriptRollout(&cluster_, {{{"observedGeneration", 5}, {"updatedReplicas", 4}, {"availableReplicas", 2}},
                            {{"availableReplicas", 2}},
                            {{"availableReplicas", 3}},
                            {{"availableReplicas", 4}, {"readyReplicas", 4}}});
  UnixMillis start = cluster_.clock().Now();
  ToolResult r = Invoke("kubernetes.rollout_status", {{"name", "payment-service"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl rollout status deployment/payment-service -n production");
  EXPECT_EQ(r.text,
            "Waiting for deployment spec update to be observed...\n"
            "Waiting for deployment \"payment-service\" rollout to finish: 2 of 4 updated replicas are available...\n"
            "Waiting for deployment \"payment-service\" rollout to finish: 3 of 4 updated replicas are available...\n"
            "deployment \"payment-service\" successfully rolled out\n");
  EXPECT_EQ(r.structured["done"], true);
  EXPECT_EQ(r.structured["lines"].size(), 4u);
  EXPECT_EQ(r.structured["available_replicas"], 4);
  EXPECT_EQ(r.structured["waited_seconds"], 20);
  EXPECT_EQ(cluster_.clock().Now() - start, 20000);
}

TEST_F(ToolsMutateTest, RolloutStatusTimesOutAndChecksOnce) {
  ToolResult r = Invoke("kubernetes.rollout_status",
                        {{"name", "payment-service"}, {"namespace", "production"}, {"timeout_seconds", 12}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.command, "kubectl rollout status deployment/payment-service -n production --timeout=12s");
  EXPECT_EQ(r.text,
            "Waiting for deployment \"payment-service\" rollout to finish: 3 of 4 updated replicas are available...\n"
            "error: timed out waiting for the condition\n");
  EXPECT_EQ(r.structured["done"], false);
  EXPECT_EQ(r.structured["waited_seconds"], 15);

  r = Invoke("kubernetes.rollout_status", {{"name", "payment-service"}, {"namespace", "production"}, {"wait", false}});
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.command, "kubectl rollout status deployment/payment-service -n production --watch=false");
  EXPECT_EQ(r.structured["done"], false);
  EXPECT_EQ(r.structured["lines"].size(), 1u);
}

TEST_F(ToolsMutateTest, RolloutStatusProgressDeadline) {
  Json d = Deployment();
  d["status"]["conditions"][1]["reason"] = "ProgressDeadlineExceeded";
  cluster_.Put(d);
  ToolResult r = Invoke("kubernetes.rollout_status", {{"name", "payment-service"}, {"namespace", "production"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "error: deployment \"payment-service\" exceeded its progress deadline\n");
}

}  // namespace
}  // namespace kf
