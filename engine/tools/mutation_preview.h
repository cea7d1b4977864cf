// What a mutating tool call would change, computed before it runs, so the
// approval gate can show a person the exact change:
//
//   Action: Patch deployment/payment-service in namespace production
//   Change:
//   containers[0].resources.requests.memory: 128Mi → 256Mi
//   containers[0].resources.limits.memory: 256Mi → 512Mi
//   This will trigger a rolling update of all pods.
//
// The preview runs the same plan the tool runs (mutation_plan.h) through the
// backend's dry run (ClusterBackend::Patch with dry_run=true), so the "after"
// object is what the API server would store, defaults and merge rules
// included. Nothing is written.
#pragma once

#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/tools/tool.h"

namespace kf {

struct PreviewChange {
  std::string path;     // display path: "containers[0].resources.limits.memory"
  std::string field;    // full path in the object: "spec.template.spec.containers[0]..."
  Json before;          // null when the field is added
  Json after;           // null when the field is removed
  // "containers[0].resources.limits.memory: 256Mi → 512Mi"; absent values
  // print as <none>, strings unquoted, other values as compact JSON.
  std::string Line() const;
};

struct MutationPreview {
  std::string tool;     // "kubernetes.patch_resource"
  std::string command;  // the kubectl command the tool will run
  std::string kind;     // "Deployment"
  std::string name;
  std::string ns;
  // "Patch deployment/payment-service in namespace production"
  std::string action;
  Json before;  // the object now
  Json after;   // the object after the change; null for a delete
  std::vector<PreviewChange> changes;  // spec/metadata changes; status and bookkeeping omitted
  // One or more sentences, e.g. "This will trigger a rolling update of all
  // pods." or "This will scale payment-service from 4 to 0 replicas."
  std::string consequence;
  bool destructive = false;  // deletes, or scales to zero
  bool no_op = false;        // nothing would change (the tool would skip or no-op)

  // The approval text shown above: Action, Change lines, consequence; ends
  // with a newline.
  std::string Render() const;
  // {"tool","command","kind","name","namespace","action","changes":[{path,
  //  field,before,after}],"consequence","destructive","no_op","before","after"}
  Json ToJson() const;
};

// Previews `tool_name` (kubernetes.patch_resource, scale, set_image,
// rollout_undo, rollout_restart, delete_pod) with `args`. Errors:
// InvalidArgument for unknown or read-only tools and for arguments that fail
// the tool's schema ("invalid arguments for kubernetes.scale: replicas:
// expected integer, got string"); otherwise the error the tool itself would
// report (e.g. FailedPrecondition "unable to find specified revision 9 in
// history", NotFound from the backend).
Result<MutationPreview> PreviewMutation(const std::string& tool_name, const Json& args,
                                        const ToolContext& ctx);

}  // namespace kf
