// Kinds table and Kubernetes Status errors.
#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/sim/api_errors.h"
#include "engine/sim/kinds.h"

namespace kf {
namespace {

Json J(const char* text) { return Json::parse(text); }

TEST(KindsTest, FindsByKindResourceShortNameAndGroup) {
  for (const char* name : {"Deployment", "deployment", "deployments", "deploy", "DEPLOY",
                           "deployments.apps", "deploy.apps"}) {
    const KindInfo* k = FindKind(name);
    ASSERT_NE(k, nullptr) << name;
    EXPECT_EQ(k->kind, "Deployment") << name;
  }
  const std::pair<const char*, const char*> shorts[] = {
      {"po", "Pod"}, {"rs", "ReplicaSet"}, {"svc", "Service"}, {"ep", "Endpoints"},
      {"cm", "ConfigMap"}, {"ns", "Namespace"}, {"no", "Node"}, {"ev", "Event"},
      {"pvc", "PersistentVolumeClaim"}, {"pv", "PersistentVolume"}, {"sc", "StorageClass"},
      {"quota", "ResourceQuota"}, {"limits", "LimitRange"}, {"hpa", "HorizontalPodAutoscaler"},
      {"ing", "Ingress"}, {"sa", "ServiceAccount"}, {"pdb", "PodDisruptionBudget"},
      {"sts", "StatefulSet"}, {"ds", "DaemonSet"}, {"cj", "CronJob"}, {"jobs", "Job"},
      {"secrets", "Secret"}, {"endpoints", "Endpoints"}};
  for (const auto& [name, kind] : shorts) {
    const KindInfo* k = FindKind(name);
    ASSERT_NE(k, nullptr) << name;
    EXPECT_EQ(k->kind, kind) << name;
  }
  EXPECT_EQ(FindKind("widgets"), nullptr);
  EXPECT_EQ(FindKind(""), nullptr);
  EXPECT_EQ(FindKind("deployments.batch"), nullptr);
}

TEST(KindsTest, GroupsVersionsAndScope) {
  EXPECT_EQ(FindKind("Pod")->ApiVersion(), "v1");
  EXPECT_EQ(FindKind("Deployment")->ApiVersion(), "apps/v1");
  EXPECT_EQ(FindKind("CronJob")->ApiVersion(), "batch/v1");
  EXPECT_EQ(FindKind("hpa")->ApiVersion(), "autoscaling/v2");
  EXPECT_EQ(FindKind("Ingress")->ApiVersion(), "networking.k8s.io/v1");
  EXPECT_EQ(FindKind("pdb")->ApiVersion(), "policy/v1");
  EXPECT_EQ(FindKind("sc")->ApiVersion(), "storage.k8s.io/v1");
  EXPECT_FALSE(FindKind("Node")->namespaced);
  EXPECT_FALSE(FindKind("Namespace")->namespaced);
  EXPECT_FALSE(FindKind("PersistentVolume")->namespaced);
  EXPECT_FALSE(FindKind("StorageClass")->namespaced);
  EXPECT_EQ(FindKind("pc")->ApiVersion(), "scheduling.k8s.io/v1");
  EXPECT_FALSE(FindKind("PriorityClass")->namespaced);
  EXPECT_TRUE(FindKind("Event")->namespaced);
  EXPECT_EQ(FindKind("Pod")->ListKind(), "PodList");
  EXPECT_EQ(AllKinds().size(), 24u);
}

TEST(KindsTest, ResourceNames) {
  EXPECT_EQ(ResourceName("Pod"), "pods");
  EXPECT_EQ(ResourceName("Deployment"), "deployments.apps");
  EXPECT_EQ(ResourceName("ReplicaSet"), "replicasets.apps");
  EXPECT_EQ(ResourceName("Event"), "events");
  EXPECT_EQ(ResourceName("Service"), "services");
  EXPECT_EQ(ResourceName("Endpoints"), "endpoints");
  EXPECT_EQ(ResourceName("Ingress"), "ingresses.networking.k8s.io");
  EXPECT_EQ(ResourceName("HorizontalPodAutoscaler"), "horizontalpodautoscalers.autoscaling");
  EXPECT_EQ(ResourceName("Widget"), "widgets");
  EXPECT_EQ(ResourceName("Policy"), "policies");
}

TEST(ApiErrorsTest, Messages) {
  EXPECT_EQ(NotFoundError("Deployment", "nope").ToString(), "NotFound: deployments.apps \"nope\" not found");
  EXPECT_EQ(NotFoundError("pods", "x").message(), "pods \"x\" not found");
  EXPECT_EQ(NamespaceNotFoundError("staging").message(), "namespaces \"staging\" not found");
  EXPECT_EQ(AlreadyExistsError("Pod", "x").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(AlreadyExistsError("Pod", "x").message(), "pods \"x\" already exists");
  EXPECT_EQ(ConflictError("Deployment", "payment-service").message(),
            "Operation cannot be fulfilled on deployments.apps \"payment-service\": the object has "
            "been modified; please apply your changes to the latest version and try again");
  EXPECT_EQ(InvalidError("Deployment", "payment-service",
                         {InvalidValue("spec.replicas", -1, "must be greater than or equal to 0")})
                .message(),
            "Deployment.apps \"payment-service\" is invalid: spec.replicas: Invalid value: -1: must "
            "be greater than or equal to 0");
  EXPECT_EQ(InvalidError("Pod", "p",
                         {RequiredValue("spec.containers[0].image"),
                          UnsupportedValue("spec.restartPolicy", "Sometimes", {"Always", "Never", "OnFailure"})})
                .message(),
            "Pod \"p\" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: "
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\"]");
}

TEST(ApiErrorsTest, NotFoundStatusObjectIsTheServersShape) {
  const Json got = StatusObject(NotFoundError("Deployment", "payment-service"), "Deployment", "payment-service");
  EXPECT_EQ(got, J(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
      "message":"deployments.apps \"payment-service\" not found","reason":"NotFound",
      "details":{"name":"payment-service","group":"apps","kind":"deployments"},"code":404})"));
  const Json core = StatusObject(NotFoundError("Pod", "x"), "Pod", "x");
  EXPECT_EQ(core["details"], J(R"({"name":"x","kind":"pods"})"));
}

TEST(ApiErrorsTest, CodesAndReasons) {
  struct Case { Status status; int code; const char* reason; };
  const Case cases[] = {
      {AlreadyExistsError("Pod", "x"), 409, "AlreadyExists"},
      {ConflictError("Deployment", "x"), 409, "Conflict"},
      {BadRequestError("field label not supported: foo"), 400, "BadRequest"},
      {PermissionDenied("no"), 403, "Forbidden"},
      {Unauthenticated("Unauthorized"), 401, "Unauthorized"},
      {Unavailable("metrics down"), 503, "ServiceUnavailable"},
      {ResourceExhausted("slow down"), 429, "TooManyRequests"},
      {Internal("boom"), 500, "InternalError"},
      {DeadlineExceeded("late"), 504, "Timeout"},
  };
  for (const Case& c : cases) {
    const Json s = StatusObject(c.status, "Deployment", "x");
    EXPECT_EQ(s["code"], c.code) << c.status.ToString();
    EXPECT_EQ(s["reason"], c.reason) << c.status.ToString();
    EXPECT_EQ(s["message"], c.status.message());
    EXPECT_EQ(s["status"], "Failure");
    EXPECT_EQ(HttpStatusCode(c.status.code()), c.code == 422 ? 400 : c.code);
  }
  const Json bare = StatusObject(BadRequestError("bad"));
  EXPECT_FALSE(bare.contains("details"));
  EXPECT_EQ(StatusObject(Status()), J(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":200})"));
}

TEST(ApiErrorsTest, InvalidStatusObjectCarriesCauses) {
  const Status st = InvalidError("Deployment", "payment-service",
                                 {InvalidValue("spec.replicas", -1, "must be greater than or equal to 0"),
                                  RequiredValue("spec.template.spec.containers[0].image")});
  const Json got = StatusObject(st, "Deployment", "payment-service");
  EXPECT_EQ(got["code"], 422);
  EXPECT_EQ(got["reason"], "Invalid");
  EXPECT_EQ(got["details"], J(R"({"name":"payment-service","group":"apps","kind":"Deployment","causes":[
      {"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"},
      {"reason":"FieldValueRequired","message":"Required value","field":"spec.template.spec.containers[0].image"}]})"));
}

TEST(ApiErrorsTest, UnsupportedMediaType) {
  const Json got = StatusObject(Unimplemented(
      "the body of the request was in an unknown format - accepted media types include: x"));
  EXPECT_EQ(got["code"], 415);
  EXPECT_EQ(got["reason"], "UnsupportedMediaType");
}

}  // namespace
}  // namespace kf
