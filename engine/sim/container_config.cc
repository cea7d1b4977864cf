// Config references of a container: env[].valueFrom.configMapKeyRef /
// secretKeyRef and envFrom[].configMapRef / secretRef. When one that is not
// `optional` names a ConfigMap/Secret or key that does not exist, the
// kubelet cannot build the container's environment: the container waits
// with reason CreateContainerConfigError and the error as message, a
// Warning `Failed` event reads "Error: <error>" with the kubelet's wording
//   couldn't find key <key> in ConfigMap <ns>/<name>
//   configmap "<name>" not found
// (and the same for Secrets), and the kubelet retries on every sync
// (kubelet.backoff_resync) until the reference resolves.
#include "engine/sim/kubelet.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

// "" when `ref` (configMapKeyRef/secretKeyRef/configMapRef/secretRef)
// resolves in ns; else the kubelet's error.
std::string RefError(const ObjectStore& store, const std::string& ns, const Json& ref, bool secret,
                     bool keyed) {
  if (ref.value("optional", false)) return "";
  const std::string name = JsonString(ref, "name");
  const Json* obj = store.Get(secret ? "Secret" : "ConfigMap", ns, name);
  if (obj == nullptr) return std::string(secret ? "secret" : "configmap") + " \"" + name + "\" not found";
  if (!keyed) return "";
  const std::string key = JsonString(ref, "key");
  const Json* data = JsonAtPath(*obj, "data");
  const Json* binary = JsonAtPath(*obj, "binaryData");
  const bool found = (data != nullptr && data->is_object() && data->contains(key)) ||
                     (binary != nullptr && binary->is_object() && binary->contains(key));
  if (found) return "";
  return "couldn't find key " + key + " in " + (secret ? "Secret " : "ConfigMap ") + ns + "/" + name;
}

}  // namespace

bool Kubelet::BlockedByConfig(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  std::string error;
  if (const Json* env = JsonAtPath(c.spec, "env"); env != nullptr && env->is_array()) {
    for (const Json& e : *env) {
      if (!error.empty()) break;
      if (const Json* r = JsonAtPath(e, "valueFrom.configMapKeyRef")) error = RefError(w_->store, p.ns, *r, false, true);
      if (const Json* r = JsonAtPath(e, "valueFrom.secretKeyRef"); r && error.empty()) {
        error = RefError(w_->store, p.ns, *r, true, true);
      }
    }
  }
  if (const Json* from = JsonAtPath(c.spec, "envFrom"); from != nullptr && from->is_array()) {
    for (const Json& e : *from) {
      if (!error.empty()) break;
      if (const Json* r = JsonAtPath(e, "configMapRef")) error = RefError(w_->store, p.ns, *r, false, false);
      if (const Json* r = JsonAtPath(e, "secretRef"); r && error.empty()) {
        error = RefError(w_->store, p.ns, *r, true, false);
      }
    }
  }
  if (error.empty()) return false;
  ++c.epoch;
  c.state = State::kCreating;
  c.ready = false;
  c.waiting_reason = "CreateContainerConfigError";
  c.waiting_message = error;
  Event(p, &c, "Warning", "Failed", "Error: " + error);
  WriteStatus(p);
  const std::string key = KeyOf(p.ns, p.name);
  const uint64_t epoch = c.epoch;
  w_->clock.Schedule(w_->clock.Now() + w_->scenario.kubelet.backoff_resync, [this, key, i, epoch] {
    PodRuntime* pod = Lookup(key);
    if (pod == nullptr || pod->containers[i].epoch != epoch) return;
    ContainerRuntime& cc = pod->containers[i];
    Event(*pod, &cc, "Normal", "Pulled", "Container image \"" + cc.image + "\" already present on machine");
    StartContainer(*pod, i);
  });
  return true;
}

}  // namespace kf::sim
