#include "engine/agent/rules/rule.h"

namespace kf::agent::rules {

// Most specific evidence first: a pod-level failure (OOM, image, init,
// quota, storage, scheduling, config, probes, crash) explains more than a
// Service that reaches no pod;
// a Service that reaches none of the healthy pods is more specific than a bad
// release or throttling; "nothing is wrong" is last.
const std::vector<Rule>& AllRules() {
  static const std::vector<Rule> kAll = {
      OomRule,
      NodePressureRule,  // evicted pods: the node, not the pods, is the failure
      NodeNotReadyRule,  // pods stuck Terminating on a NotReady node
      ImagePullRule,       InitDependencyRule, QuotaRule, StorageRule,
      SchedulingRule,  ConfigRule,     LivenessProbeRule, ProbeRule,
      CrashLoopRule, ServiceSelectorRule, ServicePortRule,
      HpaMaxRule,  // capacity: explains more than a bad release or throttling
      BadRolloutRule, ThrottlingRule,    HealthyRule,
  };
  return kAll;
}

}  // namespace kf::agent::rules
