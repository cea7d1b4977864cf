// Factories for the standard catalog's tools, one per tool file. Used by
// ToolCatalog::Default() and by tests that want one tool alone.
#pragma once

#include <memory>

#include "engine/tools/tool.h"

namespace kf {

// Read-only Kubernetes tools.
std::unique_ptr<Tool> MakeListPodsTool();          // kubernetes.list_pods
std::unique_ptr<Tool> MakeGetPodLogsTool();        // kubernetes.get_pod_logs
std::unique_ptr<Tool> MakeTopPodsTool();           // kubernetes.top_pods
std::unique_ptr<Tool> MakeGetEventsTool();         // kubernetes.get_events
std::unique_ptr<Tool> MakeDescribeTool();          // kubernetes.describe
std::unique_ptr<Tool> MakeGetResourceTool();       // kubernetes.get_resource
std::unique_ptr<Tool> MakeRolloutHistoryTool();    // kubernetes.get_rollout_history
std::unique_ptr<Tool> MakeRolloutStatusTool();     // kubernetes.rollout_status

// Mutating Kubernetes tools.
std::unique_ptr<Tool> MakePatchResourceTool();     // kubernetes.patch_resource
std::unique_ptr<Tool> MakeRolloutUndoTool();       // kubernetes.rollout_undo
std::unique_ptr<Tool> MakeRolloutRestartTool();    // kubernetes.rollout_restart
std::unique_ptr<Tool> MakeScaleTool();             // kubernetes.scale
std::unique_ptr<Tool> MakeSetImageTool();          // kubernetes.set_image
std::unique_ptr<Tool> MakeDeletePodTool();         // kubernetes.delete_pod

// Prometheus tools.
std::unique_ptr<Tool> MakePrometheusQueryTool();       // prometheus.query
std::unique_ptr<Tool> MakePrometheusQueryRangeTool();  // prometheus.query_range

}  // namespace kf
