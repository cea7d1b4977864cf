// LoadPaymentServiceFixture: the seed walkthrough's cluster state at the
// alert, written out by hand for tool tests that must not depend on the
// simulator.
#include "engine/core/clock.h"
#include "tests/testing/fake_cluster.h"

namespace kf::testing {
namespace {

constexpr int64_t kMinute = 60 * 1000;

std::string Ago(int64_t minutes) { return FormatRfc3339(kFakeNow - minutes * kMinute); }

Json Container(const std::string& version) {
  return {{"name", "payment-service"},
          {"image", "registry.internal/payment-service:" + version},
          {"ports", {{{"containerPort", 8080}, {"protocol", "TCP"}}}},
          {"resources",
           {{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}},
            {"limits", {{"cpu", "250m"}, {"memory", "256Mi"}}}}}};
}

Json Template(const std::string& version, const std::string& hash) {
  Json labels = {{"app", "payment-service"}};
  if (!hash.empty()) labels["pod-template-hash"] = hash;
  return {{"metadata", {{"labels", labels}}},
          {"spec", {{"containers", {Container(version)}}, {"restartPolicy", "Always"}}}};
}

Json ReplicaSet(const std::string& hash, const std::string& version, int revision,
                const std::string& cause, int replicas, int64_t age_minutes) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "ReplicaSet"},
          {"metadata",
           {{"name", "payment-service-" + hash},
            {"namespace", "production"},
            {"uid", "rs-uid-" + hash},
            {"creationTimestamp", Ago(age_minutes)},
            {"labels", {{"app", "payment-service"}, {"pod-template-hash", hash}}},
            {"annotations",
             {{"deployment.kubernetes.io/revision", std::to_string(revision)},
              {"kubernetes.io/change-cause", cause}}},
            {"ownerReferences",
             {{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "payment-service"},
               {"uid", "deploy-uid-payment-service"}, {"controller", true}}}}}},
          {"spec",
           {{"replicas", replicas},
            {"selector", {{"matchLabels", {{"app", "payment-service"}, {"pod-template-hash", hash}}}}},
            {"template", Template(version, hash)}}},
          {"status", {{"replicas", replicas}, {"readyReplicas", replicas == 0 ? 0 : 3},
                      {"availableReplicas", replicas == 0 ? 0 : 3}}}};
}

Json Pod(const std::string& suffix, int restarts, bool crashing) {
  std::string name = "payment-service-6b8f9d4c7-" + suffix;
  Json status = {{"name", "payment-service"},
                 {"image", "registry.internal/payment-service:v2.14.0"},
                 {"ready", !crashing},
                 {"restartCount", restarts},
                 {"started", !crashing}};
  if (crashing) {
    status["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"},
                                    {"message", "back-off 5m0s restarting failed container"}}}};
  } else {
    status["state"] = {{"running", {{"startedAt", Ago(restarts > 0 ? 4 : 18)}}}};
  }
  if (restarts > 0) {
    status["lastState"] = {{"terminated", {{"reason", "OOMKilled"}, {"exitCode", 137},
                                           {"startedAt", Ago(6)}, {"finishedAt", Ago(crashing ? 2 : 4)}}}};
  }
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata",
           {{"name", name},
            {"namespace", "production"},
            {"uid", "pod-uid-" + suffix},
            {"creationTimestamp", Ago(18)},
            {"labels", {{"app", "payment-service"}, {"pod-template-hash", "6b8f9d4c7"}}},
            {"ownerReferences",
             {{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", "payment-service-6b8f9d4c7"},
               {"uid", "rs-uid-6b8f9d4c7"}, {"controller", true}}}}}},
          {"spec", {{"containers", {Container("v2.14.0")}}, {"nodeName", "node-1"}}},
          {"status",
           {{"phase", "Running"},
            {"startTime", Ago(18)},
            {"podIP", "10.244.1." + std::to_string(10 + restarts)},
            {"qosClass", "Burstable"},
            {"containerStatuses", {status}}}}};
}

Json Event(const std::string& pod_suffix, const std::string& id, const std::string& type,
           const std::string& reason, const std::string& component, const std::string& message,
           int64_t first_ago, int64_t last_ago, int count) {
  std::string pod = "payment-service-6b8f9d4c7-" + pod_suffix;
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", pod + "." + id}, {"namespace", "production"},
                        {"creationTimestamp", Ago(first_ago)}}},
          {"involvedObject", {{"kind", "Pod"}, {"namespace", "production"}, {"name", pod},
                              {"uid", "pod-uid-" + pod_suffix}, {"apiVersion", "v1"}}},
          {"reason", reason},
          {"message", message},
          {"source", {{"component", component}}},
          {"firstTimestamp", Ago(first_ago)},
          {"lastTimestamp", Ago(last_ago)},
          {"count", count},
          {"type", type}};
}

Json Metrics(const std::string& suffix, const std::string& cpu, const std::string& memory) {
  return {{"apiVersion", "metrics.k8s.io/v1beta1"},
          {"kind", "PodMetrics"},
          {"metadata", {{"name", "payment-service-6b8f9d4c7-" + suffix}, {"namespace", "production"},
                        {"labels", {{"app", "payment-service"}, {"pod-template-hash", "6b8f9d4c7"}}}}},
          {"timestamp", FormatRfc3339(kFakeNow)},
          {"window", "15s"},
          {"containers", {{{"name", "payment-service"}, {"usage", {{"cpu", cpu}, {"memory", memory}}}}}}};
}

}  // namespace

void LoadPaymentServiceFixture(FakeCluster* c) {
  c->Put({{"apiVersion", "v1"}, {"kind", "Namespace"},
          {"metadata", {{"name", "production"}}}, {"status", {{"phase", "Active"}}}});
  c->Put({{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata",
           {{"name", "payment-service"},
            {"namespace", "production"},
            {"uid", "deploy-uid-payment-service"},
            {"generation", 4},
            {"creationTimestamp", Ago(40)},
            {"labels", {{"app", "payment-service"}}},
            {"annotations",
             {{"deployment.kubernetes.io/revision", "4"},
              {"kubernetes.io/change-cause", "v2.14.0 - added payment reconciliation batch job"}}}}},
          {"spec",
           {{"replicas", 4},
            {"selector", {{"matchLabels", {{"app", "payment-service"}}}}},
            {"strategy", {{"type", "RollingUpdate"},
                          {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}}},
            {"template", Template("v2.14.0", "")}}},
          {"status",
           {{"observedGeneration", 4},
            {"replicas", 4},
            {"updatedReplicas", 4},
            {"readyReplicas", 3},
            {"availableReplicas", 3},
            {"unavailableReplicas", 1},
            {"conditions",
             {{{"type", "Available"}, {"status", "True"}, {"reason", "MinimumReplicasAvailable"}},
              {{"type", "Progressing"}, {"status", "True"}, {"reason", "NewReplicaSetAvailable"}}}}}}});
  c->Put(ReplicaSet("7d4f8b9c6", "v2.13.2", 3, "v2.13.2 - routine patch", 0, 7 * 24 * 60));
  c->Put(ReplicaSet("6b8f9d4c7", "v2.14.0", 4, "v2.14.0 - added payment reconciliation batch job",
                    4, 20));
  c->Put(Pod("h2k4l", 0, false));
  c->Put(Pod("m9x2p", 0, false));
  c->Put(Pod("q7j8r", 3, false));
  c->Put(Pod("v5n1s", 5, true));
  const std::string image = "registry.internal/payment-service:v2.14.0";
  c->Put(Event("v5n1s", "1", "Normal", "Scheduled", "default-scheduler",
               "Successfully assigned production/payment-service-6b8f9d4c7-v5n1s to node-1", 18, 18, 1));
  c->Put(Event("v5n1s", "2", "Normal", "Pulled", "kubelet",
               "Container image \"" + image + "\" already present on machine", 18, 16, 5));
  c->Put(Event("v5n1s", "3", "Normal", "Started", "kubelet", "Started container payment-service",
               18, 18, 1));
  c->Put(Event("v5n1s", "4", "Warning", "OOMKilled", "kubelet",
               "Container payment-service exceeded memory limit", 16, 16, 1));
  c->Put(Event("v5n1s", "5", "Warning", "BackOff", "kubelet",
               "Back-off restarting failed container", 16, 2, 14));
  c->Put(Event("q7j8r", "1", "Warning", "OOMKilling", "kernel-monitor",
               "Memory cgroup out of memory: Killed process 4242 (java)", 12, 4, 3));
  c->Put(Metrics("h2k4l", "89m", "241Mi"));
  c->Put(Metrics("m9x2p", "94m", "238Mi"));
  c->Put(Metrics("q7j8r", "102m", "251Mi"));
  c->Put(Metrics("v5n1s", "0", "0"));
  c->SetLogs("production", "payment-service-6b8f9d4c7-v5n1s", "payment-service", true,
             "INFO starting payment-service v2.14.0\n"
             "INFO reconciliation: loading 184,312 pending payments\n"
             "ERROR java.lang.OutOfMemoryError: Java heap space\n");
  c->SetLogs("production", "payment-service-6b8f9d4c7-v5n1s", "payment-service", false,
             "INFO starting payment-service v2.14.0\n");
}

}  // namespace kf::testing
