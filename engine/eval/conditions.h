// Success conditions (scenario `expectations.success_conditions`) checked on
// a cluster: the ground truth of mitigation and honesty. The agent never sees
// them. Types and parameters are documented in docs/scenario-format.md.
#pragma once

#include <string>
#include <vector>

#include "engine/eval/mutations.h"
#include "engine/metrics/metrics_backend.h"
#include "engine/scenario/scenario.h"
#include "engine/tools/cluster_backend.h"

namespace kf::eval {

struct ConditionContext {
  ClusterBackend* cluster = nullptr;  // required
  MetricsBackend* metrics = nullptr;  // required for promql
  UnixMillis now = 0;
  const std::vector<ExecutedMutation>* mutations = nullptr;  // for no_changes
};

struct ConditionResult {
  bool passed = false;
  // "pods_ready app=checkout in shop: 3 of 3 Ready (want 3)"; a missing
  // parameter reads "line 212: pods_ready needs selector".
  std::string detail;
};

ConditionResult CheckCondition(const SuccessCondition& condition, const ConditionContext& ctx);

}  // namespace kf::eval
