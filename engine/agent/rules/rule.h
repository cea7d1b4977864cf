// Assessment rules of the builtin agent: each reads the facts of an
// investigation and, when its failure pattern is present, returns a finding
// with root cause, impact, evidence (citing steps) and remedies. Rules key
// off evidence (pod states, events, usage, history), never off names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/agent/facts.h"
#include "engine/agent/transcript.h"

namespace kf::agent::rules {

struct Finding {
  RootCause root_cause;
  std::string impact;
  std::vector<EvidenceItem> evidence;
  std::vector<Option> options;  // most recommended first
  std::string follow_up;
};

using Rule = std::optional<Finding> (*)(const Facts& facts);

std::optional<Finding> OomRule(const Facts& facts);
std::optional<Finding> ImagePullRule(const Facts& facts);
std::optional<Finding> ProbeRule(const Facts& facts);
std::optional<Finding> CrashLoopRule(const Facts& facts);
std::optional<Finding> SchedulingRule(const Facts& facts);
std::optional<Finding> QuotaRule(const Facts& facts);           // quota_rule.cc
std::optional<Finding> InitDependencyRule(const Facts& facts);  // init_rule.cc
std::optional<Finding> StorageRule(const Facts& facts);         // storage_rule.cc
std::optional<Finding> ConfigRule(const Facts& facts);         // config_rule.cc
std::optional<Finding> LivenessProbeRule(const Facts& facts);  // liveness_rule.cc
std::optional<Finding> BadRolloutRule(const Facts& facts);     // bad_rollout_rule.cc
std::optional<Finding> ThrottlingRule(const Facts& facts);     // throttling_rule.cc
std::optional<Finding> ServiceSelectorRule(const Facts& facts);  // service_rule.cc
std::optional<Finding> ServicePortRule(const Facts& facts);      // service_rule.cc
std::optional<Finding> HpaMaxRule(const Facts& facts);           // hpa_rule.cc
std::optional<Finding> NodePressureRule(const Facts& facts);     // node_pressure_rule.cc
std::optional<Finding> NodeNotReadyRule(const Facts& facts);     // node_not_ready_rule.cc
std::optional<Finding> HealthyRule(const Facts& facts);          // healthy_rule.cc: last

// The rules in the order they are tried; the first finding wins.
const std::vector<Rule>& AllRules();

}  // namespace kf::agent::rules
