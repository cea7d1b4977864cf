#include "engine/agent/rules/rule.h"

namespace kf::agent::rules {

const std::vector<Rule>& AllRules() {
  static const std::vector<Rule> kRules = {OomRule, ImagePullRule, SchedulingRule, ProbeRule,
                                           CrashLoopRule};
  static const std::vector<Rule> kAll = [] {
    std::vector<Rule> all = kRules;
    all.insert(all.begin() + 3, {ConfigRule, LivenessProbeRule});  // before ProbeRule and CrashLoopRule
    all.insert(all.end(), {BadRolloutRule, ThrottlingRule});
    return all;
  }();
  return kAll;
}

}  // namespace kf::agent::rules
