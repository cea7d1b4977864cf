// `kubectl describe pod` (describePod in k8s.io/kubectl/pkg/describe).
// Times print in UTC (kubectl uses the local zone of the machine it runs on).
#include "engine/core/duration.h"
#include "engine/tools/render/describe_common.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"

namespace kf {
namespace {

using namespace render;

// status.qosClass, or the class computed from the containers' resources
// (simplified: Guaranteed when every container's cpu and memory limits equal
// its requests, BestEffort when nothing is set).
std::string QosClass(const Json& pod) {
  std::string qos = Str(At(pod, {"status", "qosClass"}));
  if (!qos.empty()) return qos;
  bool any = false, guaranteed = true;
  for (const Json& c : At(pod, {"spec", "containers"})) {
    const Json& limits = At(c, {"resources", "limits"});
    const Json& requests = At(c, {"resources", "requests"});
    if ((limits.is_object() && !limits.empty()) || (requests.is_object() && !requests.empty())) any = true;
    for (const char* r : {"cpu", "memory"}) {
      const Json& l = Field(limits, r);
      const Json& q = Field(requests, r);
      if (l.is_null() || (!q.is_null() && q != l)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

}  // namespace

std::string RenderDescribePod(const Json& pod, const Json& event_list, UnixMillis now) {
  const Json& meta = Field(pod, "metadata");
  const Json& spec = Field(pod, "spec");
  const Json& status = Field(pod, "status");
  TabWriter w(0, 2);
  w.Write("Name:\t" + Str(Field(meta, "name")) + "\n");
  w.Write("Namespace:\t" + Str(Field(meta, "namespace")) + "\n");
  if (!Field(spec, "priority").is_null()) w.Write("Priority:\t" + std::to_string(Int(Field(spec, "priority"))) + "\n");
  if (!Str(Field(spec, "priorityClassName")).empty())
    w.Write("Priority Class Name:\t" + Str(Field(spec, "priorityClassName")) + "\n");
  if (!Str(Field(spec, "runtimeClassName")).empty())
    w.Write("Runtime Class Name:\t" + Str(Field(spec, "runtimeClassName")) + "\n");
  if (!Str(Field(spec, "serviceAccountName")).empty())
    w.Write("Service Account:\t" + Str(Field(spec, "serviceAccountName")) + "\n");
  std::string node = Str(Field(spec, "nodeName"));
  w.Write("Node:\t" + (node.empty() ? "<none>" : node + "/" + Str(Field(status, "hostIP"))) + "\n");
  if (!Field(status, "startTime").is_null()) w.Write("Start Time:\t" + Rfc1123z(Field(status, "startTime")) + "\n");
  WriteLabels(w, "Labels", Field(meta, "labels"));
  WriteAnnotations(w, "Annotations", Field(meta, "annotations"));
  std::string phase = Str(Field(status, "phase"));
  if (!Field(meta, "deletionTimestamp").is_null() && phase != "Failed" && phase != "Succeeded") {
    w.Write("Status:\tTerminating (lasts " + Since(Field(meta, "deletionTimestamp"), now) + ")\n");
    w.Write("Termination Grace Period:\t" + std::to_string(Int(Field(meta, "deletionGracePeriodSeconds"))) + "s\n");
  } else {
    w.Write("Status:\t" + phase + "\n");
  }
  if (!Str(Field(status, "reason")).empty()) w.Write("Reason:\t" + Str(Field(status, "reason")) + "\n");
  if (!Str(Field(status, "message")).empty()) w.Write("Message:\t" + Str(Field(status, "message")) + "\n");
  const Json& seccomp = At(spec, {"securityContext", "seccompProfile"});
  if (seccomp.is_object()) {
    w.Write("SeccompProfile:\t" + Str(Field(seccomp, "type")) + "\n");
    if (!Str(Field(seccomp, "localhostProfile")).empty())
      w.Write("LocalhostProfile:\t" + Str(Field(seccomp, "localhostProfile")) + "\n");
  }
  w.Write("IP:\t" + Str(Field(status, "podIP")) + "\n");
  const Json& ips = Field(status, "podIPs");
  if (!ips.is_array() || ips.empty()) {
    w.Write("IPs:\t<none>\n");
  } else {
    w.Write("IPs:\n");
    for (const Json& ip : ips) w.Write(1, "IP:\t" + Str(Field(ip, "ip")) + "\n");
  }
  const Json& owner = ControllerRef(pod);
  if (!owner.is_null())
    w.Write("Controlled By:\t" + Str(Field(owner, "kind")) + "/" + Str(Field(owner, "name")) + "\n");
  if (!Str(Field(status, "nominatedNodeName")).empty())
    w.Write("NominatedNodeName:\t" + Str(Field(status, "nominatedNodeName")) + "\n");
  if (Field(spec, "initContainers").is_array() && !Field(spec, "initContainers").empty())
    WriteContainers(w, "Init Containers", Field(spec, "initContainers"), Field(status, "initContainerStatuses"), "",
                    &pod);
  WriteContainers(w, "Containers", Field(spec, "containers"), Field(status, "containerStatuses"), "", &pod);
  const Json& gates = Field(spec, "readinessGates");
  if (gates.is_array() && !gates.empty()) {
    w.Write("Readiness Gates:\n  Type\tStatus\n");
    for (const Json& g : gates) {
      std::string type = Str(Field(g, "conditionType")), st = "<none>";
      for (const Json& c : Field(status, "conditions"))
        if (Str(Field(c, "type")) == type) st = Str(Field(c, "status"));
      w.Write(1, type + " \t" + st + " \n");
    }
  }
  const Json& conds = Field(status, "conditions");
  if (conds.is_array() && !conds.empty()) {
    w.Write("Conditions:\n  Type\tStatus\n");
    for (const Json& c : conds) w.Write(1, Str(Field(c, "type")) + " \t" + Str(Field(c, "status")) + " \n");
  }
  WriteVolumes(w, Field(spec, "volumes"), "");
  w.Write("QoS Class:\t" + QosClass(pod) + "\n");
  WriteLabels(w, "Node-Selectors", Field(spec, "nodeSelector"));
  WriteTolerations(w, "Tolerations", Field(spec, "tolerations"));
  if (!event_list.is_null()) WriteEvents(w, event_list, now);
  return w.Finish();
}

}  // namespace kf
