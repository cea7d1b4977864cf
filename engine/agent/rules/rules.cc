#include "engine/agent/rules/rule.h"

namespace kf::agent::rules {

const std::vector<Rule>& AllRules() {
  static const std::vector<Rule> kRules = {OomRule, ImagePullRule, SchedulingRule, ProbeRule,
                                           CrashLoopRule};
  return kRules;
}

}  // namespace kf::agent::rules
