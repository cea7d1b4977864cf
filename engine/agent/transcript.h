// The typed transcript of a run: what an agent sees, what observers and the
// recorder receive. Plain values, copyable, convertible to canonical JSON.
#pragma once

#include <string>
#include <vector>

#include "engine/agent/phase.h"
#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/tools/tool.h"

namespace kf::agent {

// One tool invocation as an agent asks for it.
struct ToolCall {
  std::string name;  // "kubernetes.patch_resource"
  Json args = Json::object();
  bool operator==(const ToolCall& o) const;  // name and args equal as JSON values
};

// A piece of evidence, pointing at the transcript step it came from.
struct EvidenceItem {
  int step = 0;
  std::string summary;
};

struct RootCause {
  std::string summary;
  std::string category;  // "oom", "crashloop", "image-pull", "probe", ...
  std::string resource;  // "deployment/payment-service"
  std::string ns;
};

// One field a mutation changes, as the approval request shows it:
// "containers[0].resources.limits.memory: 256Mi → 512Mi".
struct FieldChange {
  std::string path;
  std::string before;  // "" when the field is added (shown as <none>)
  std::string after;   // "" when the field is removed (shown as <none>)
};

// A remedy: a concrete mutating tool call. The agent fills title, call and
// rationale; the loop fills the preview (action .. consequence) before the
// gate sees it.
struct Option {
  std::string title;
  ToolCall call;
  std::string rationale;
  // Preview, from PreviewMutation.
  std::string action;       // "Patch deployment/payment-service in namespace production"
  std::string target_kind;  // "deployment"
  std::string target_name;
  std::string ns;
  std::vector<FieldChange> changes;
  std::string consequence;  // "This will trigger a rolling update of all pods."
};

struct Assessment {
  RootCause root_cause;
  std::string impact;
  std::vector<EvidenceItem> evidence;
  std::vector<Option> options;  // options[0] is the recommendation
  std::string follow_up;        // what to do after the fix
};

// One named verification check.
struct Check {
  std::string name;  // "pods-ready", "no-oom-events", ...
  bool passed = false;
  std::string evidence;  // "All 4 pods Ready, 0 restarts"
  std::vector<int> steps;  // transcript steps the evidence came from
};

struct Verification {
  std::vector<Check> checks;
  bool passed = false;   // the loop recomputes it as the conjunction of checks
  std::string summary;   // what was learned, e.g. for the next iteration
  std::vector<std::string> highlights;  // report lines ("p99 latency recovered: ...")
};

// What the approval gate is shown: the options of one assessment, previewed.
struct Proposal {
  int step = 0;  // transcript step of the approval request
  std::string summary;  // the root cause, one line
  std::vector<Option> options;
};

struct Decision {
  enum class Kind { kApprove, kDeny, kDefer };
  Kind kind = Kind::kDefer;
  int option = 0;        // 1-based, for kApprove
  std::string reason;    // why (deny, defer)
  std::string decided_by;  // "terminal", "policy:--approve=1", "no-terminal"
};
const char* DecisionKindName(Decision::Kind kind);  // "approve", "deny", "defer"

// One entry of the transcript.
struct Step {
  enum class Kind {
    kToolCall,      // call + result
    kRefused,       // the engine refused an action; note says why
    kAssessment,
    kApproval,      // proposal + decision
    kVerification,
    kFinish,        // note: the agent's final message
  };
  int number = 0;  // 1-based, without gaps
  Kind kind = Kind::kToolCall;
  Phase phase = Phase::kInvestigate;
  UnixMillis time = 0;  // virtual time when the step was recorded
  int iteration = 1;    // 1 + number of FAILED verifications before it
  ToolCall call;
  ToolResult result;
  bool by_engine = false;  // the loop issued the call (EXECUTE)
  Assessment assessment;
  Proposal proposal;
  Decision decision;
  Verification verification;
  std::string note;
};

using Transcript = std::vector<Step>;

// Canonical JSON forms (stable field names; what the JSON printer and the
// recorder write).
Json ToJson(const ToolCall& c);
Json ToJson(const Assessment& a);
Json ToJson(const Option& o);
Json ToJson(const Proposal& p);
Json ToJson(const Decision& d);
Json ToJson(const Check& c);
Json ToJson(const Verification& v);

}  // namespace kf::agent
