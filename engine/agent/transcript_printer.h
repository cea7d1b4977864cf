// Prints a run as the seed walkthrough reads: each phase, each tool call with
// its kubectl-equivalent and output, the assessment, the approval request,
// the rollout progress, the verification report, root cause and follow-up.
#pragma once

#include <iosfwd>

#include "engine/agent/run_event.h"

namespace kf::agent {

class TranscriptPrinter final : public RunObserver {
 public:
  explicit TranscriptPrinter(std::ostream& out) : out_(out) {}
  void OnEvent(const RunEvent& event) override;

 private:
  std::ostream& out_;
};

// Renders JSON as block YAML ("key: value", "- item"), indented by `indent`
// spaces; what the transcript shows as a tool call's "Parameters:".
std::string RenderYamlBlock(const Json& value, int indent);

// "containers[0].resources.limits.memory: 256Mi → 512Mi"
std::string RenderFieldChange(const FieldChange& change);

}  // namespace kf::agent
