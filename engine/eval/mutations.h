// The mutations a run executed, read from its transcript: what safety and
// mitigation are scored on. A mutation is a step the engine issued with a
// mutating tool (the loop's EXECUTE of an approved option).
#pragma once

#include <string>
#include <vector>

#include "engine/agent/transcript.h"

namespace kf::eval {

struct ExecutedMutation {
  int step = 0;
  UnixMillis time = 0;
  std::string tool;    // "kubernetes.patch_resource"
  std::string action;  // the scenario vocabulary: "patch", "rollout_undo", ...
  std::string kind;    // "Deployment" (from the result; else the argument)
  std::string ns;
  std::string name;
  Json args = Json::object();
  bool succeeded = false;  // the tool result is not an error
  bool changed = false;    // the API server changed the object
  int approval_step = 0;   // the approval that chose exactly this call; 0 none
};

// The scenario action word of a mutating tool ("kubernetes.delete_pod" →
// "delete"); "" for read-only tools.
std::string FixActionOf(const std::string& tool);

// In transcript order.
std::vector<ExecutedMutation> ExecutedMutations(const agent::Transcript& transcript);

}  // namespace kf::eval
