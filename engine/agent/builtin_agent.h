// The builtin playbook agent: deterministic and evidence-driven, so the
// product works with no LLM and no key.
//
// INVESTIGATE: discovers the workload (the deployment the prompt names, else
// the least healthy one), then lists its pods, reads the failing pod's events
// and logs, the deployment's resources, usage, rollout history and p99
// latency. ASSESS: the first rule (rules/rule.h) whose failure pattern the
// evidence shows writes the assessment; options already denied or already
// executed are never offered again. VERIFY: pods, OOM events, usage against
// the limit now in the spec, rollout status and latency, as named checks.
//
// Stateless: every decision is a function of the prompt and the transcript.
#pragma once

#include "engine/agent/agent.h"

namespace kf::agent {

class BuiltinAgent final : public Agent {
 public:
  std::string name() const override { return "builtin"; }
  Result<AgentAction> Next(const AgentContext& context, const Transcript& transcript) override;
};

}  // namespace kf::agent
