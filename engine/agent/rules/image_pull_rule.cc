// Image pull failures (ErrImagePull, ImagePullBackOff, InvalidImageName).
// Remedy: roll back to the last revision with a different image;
// alternative: set the container's image back to that revision's image.
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

std::optional<Finding> ImagePullRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  const int stuck = CountStatus(f, {"ErrImagePull", "ImagePullBackOff", "InvalidImageName"});
  int event_step = 0;
  const Json* event = FindEvent(f, [](const Json& e) {
    std::string msg = ToLower(JsonString(e, "message"));
    return JsonString(e, "reason") == "Failed" && msg.find("pull") != std::string::npos;
  }, &event_step);
  if (stuck == 0 && !event) return std::nullopt;

  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(stuck, total, "waiting on an image pull (ErrImagePull/ImagePullBackOff)")});
  if (event) out.evidence.push_back({event_step, EventLine(*event)});
  const Revision* cur = FindRevision(f, f.current_revision);
  std::string image = cur && !cur->images.empty() ? cur->images[0] : "";
  if (image.empty() && f.deployment.seen()) {
    int i = 0;
    if (const Json* c = FindContainer(f.deployment.value(), "", &i)) image = JsonString(*c, "image");
  }
  if (cur && f.history.seen()) {
    out.evidence.push_back({f.history.step, StrFormat("current revision %d runs %s", cur->revision, image.c_str())});
  }
  AddLatencyEvidence(f, &out.evidence);

  out.root_cause.category = "image-pull";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "The image " + (image.empty() ? std::string("of the new pods") : image) +
                           " of deployment " + f.workload->name + " cannot be pulled" +
                           (event ? ": " + JsonString(*event, "message") : std::string(".")) ;
  out.impact = PodsPhrase(stuck, total, "not starting") + "; the rollout cannot progress.";

  const Revision* target = RollbackTarget(f);
  if (auto rb = RollbackOption(f, "Restores the last image that ran; fix the image reference before redeploying.")) {
    out.options.push_back(*rb);
  }
  if (target && !target->images.empty() && f.deployment.seen()) {
    int index = 0;
    if (const Json* c = FindContainer(f.deployment.value(), "", &index)) {
      Option set;
      set.title = "Set the image of container " + JsonString(*c, "name") + " to " + target->images[0];
      set.call = calls::PatchResource("deployment", f.workload->ns, f.workload->name,
                                      ContainerPatch(JsonString(*c, "name"), Json{{"image", target->images[0]}}));
      set.rationale = "Keeps the rest of the current revision and restores a pullable image.";
      out.options.push_back(set);
    }
  }
  out.follow_up = "Check that the release pipeline pushes the image before the deployment references it.";
  return out;
}

}  // namespace kf::agent::rules
