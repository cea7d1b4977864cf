// `kubectl rollout history` and one `kubectl rollout status` line
// (k8s.io/kubectl/pkg/polymorphichelpers history.go, rollout_status.go).
#include <algorithm>
#include <map>

#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/replicasets.h"
#include "engine/tools/render/tabwriter.h"

namespace kf {

// "deployment.apps/NAME " then the table, then the blank line kubectl's
// name printer leaves (the history text already ends in a newline).
std::string RenderRolloutHistory(const Json& deployment, const Json& replicaset_list) {
  using namespace render;
  std::string head = "deployment.apps/" + Str(At(deployment, {"metadata", "name"})) + " ";
  render::RolloutReplicaSets sets = ClassifyReplicaSets(deployment, replicaset_list);
  std::map<int64_t, std::string> history;  // revision → change-cause
  for (const Json* rs : sets.all) {
    int64_t rev = Int(At(*rs, {"metadata", "annotations", "deployment.kubernetes.io/revision"}), -1);
    if (rev < 0) continue;
    std::string cause = Str(At(*rs, {"metadata", "annotations", "kubernetes.io/change-cause"}));
    history[rev] = cause.empty() ? "<none>" : cause;
  }
  if (history.empty()) return head + "No rollout history found.\n";
  TabWriter w(0, 2);
  w.Write("REVISION\tCHANGE-CAUSE\n");
  for (const auto& [rev, cause] : history) w.Write(std::to_string(rev) + "\t" + cause + "\n");
  return head + "\n" + w.Finish() + "\n";
}

std::string RenderRolloutStatusLine(const Json& deployment, bool* done) {
  using namespace render;
  std::string name = Str(At(deployment, {"metadata", "name"}));
  const Json& status = Field(deployment, "status");
  if (done) *done = false;
  if (Int(At(deployment, {"metadata", "generation"})) > Int(Field(status, "observedGeneration")))
    return "Waiting for deployment spec update to be observed...\n";
  for (const Json& c : Field(status, "conditions"))
    if (Str(Field(c, "type")) == "Progressing" && Str(Field(c, "reason")) == "ProgressDeadlineExceeded")
      return "error: deployment \"" + name + "\" exceeded its progress deadline\n";
  int64_t want = Int(At(deployment, {"spec", "replicas"}), 1);
  int64_t updated = Int(Field(status, "updatedReplicas"));
  int64_t replicas = Int(Field(status, "replicas"));
  int64_t available = Int(Field(status, "availableReplicas"));
  std::string waiting = "Waiting for deployment \"" + name + "\" rollout to finish: ";
  if (updated < want)
    return waiting + std::to_string(updated) + " out of " + std::to_string(want) +
           " new replicas have been updated...\n";
  if (replicas > updated)
    return waiting + std::to_string(replicas - updated) + " old replicas are pending termination...\n";
  if (available < updated)
    return waiting + std::to_string(available) + " of " + std::to_string(updated) +
           " updated replicas are available...\n";
  if (done) *done = true;
  return "deployment \"" + name + "\" successfully rolled out\n";
}

}  // namespace kf
