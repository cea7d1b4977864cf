#include "engine/replay/replay_cluster.h"

namespace kf::replay {

namespace {
Status NoCluster(const std::string& what) {
  return FailedPrecondition("replay has no cluster: " + what + " is not in the recording");
}
}  // namespace

Result<Json> ReplayCluster::Get(const std::string& kind, const std::string& ns, const std::string& name) {
  return NoCluster("get " + kind + " " + ns + "/" + name);
}
Result<Json> ReplayCluster::List(const std::string& kind, const std::string& ns, const ListOptions&) {
  return NoCluster("list " + kind + " in " + ns);
}
Result<Json> ReplayCluster::Patch(const std::string& kind, const std::string& ns, const std::string& name,
                                  PatchType, const Json&, bool) {
  return NoCluster("patch " + kind + " " + ns + "/" + name);
}
Result<Json> ReplayCluster::Create(const std::string& kind, const std::string& ns, const Json&, bool) {
  return NoCluster("create " + kind + " in " + ns);
}
Result<Json> ReplayCluster::Delete(const std::string& kind, const std::string& ns, const std::string& name,
                                   bool) {
  return NoCluster("delete " + kind + " " + ns + "/" + name);
}
Result<std::string> ReplayCluster::Logs(const std::string& ns, const std::string& pod, const std::string&,
                                        bool, int) {
  return NoCluster("logs of " + ns + "/" + pod);
}
Result<Json> ReplayCluster::PodMetrics(const std::string& ns, const std::string&) {
  return NoCluster("pod metrics in " + ns);
}

}  // namespace kf::replay
