// Prints a run as the seed walkthrough reads: each phase, each tool call with
// its kubectl-equivalent and output, the assessment, the approval request,
// the rollout progress, the verification report, root cause and follow-up.
// Model exchanges (LLM agents) get one compact line each (tokens, cost), and
// the report ends with the run's model totals.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "engine/agent/run_event.h"

namespace kf::agent {

class TranscriptPrinter final : public RunObserver {
 public:
  explicit TranscriptPrinter(std::ostream& out) : out_(out) {}
  void OnEvent(const RunEvent& event) override;

  // Model usage summed over the run's model_exchange events.
  struct ModelTotals {
    int exchanges = 0;
    int64_t input_tokens = 0;
    int64_t output_tokens = 0;
    double cost_usd = 0;
    bool unpriced = false;  // some exchange had no price
  };

 private:
  std::ostream& out_;
  ModelTotals totals_;
};

// "$0.0123"; "cost unknown" when nothing was priced; "at least $0.0123 (some
// exchanges unpriced)" when part of it was.
std::string RenderCost(double usd, bool any_priced, bool any_unpriced);

// Renders JSON as block YAML ("key: value", "- item"), indented by `indent`
// spaces; what the transcript shows as a tool call's "Parameters:".
std::string RenderYamlBlock(const Json& value, int indent);

// "containers[0].resources.limits.memory: 256Mi → 512Mi"
std::string RenderFieldChange(const FieldChange& change);

}  // namespace kf::agent
