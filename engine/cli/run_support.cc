#include "engine/cli/run_support.h"

#include <unistd.h>

#include <iostream>

#include "engine/cli/cli.h"

namespace kf::cli {

Result<std::unique_ptr<agent::ApprovalGate>> MakeGate(const std::string& approve, bool json) {
  if (!approve.empty()) {
    KF_ASSIGN_OR_RETURN(agent::PolicyGate policy, agent::PolicyGate::Parse(approve));
    return std::unique_ptr<agent::ApprovalGate>(new agent::PolicyGate(std::move(policy)));
  }
  if (isatty(STDIN_FILENO)) {
    return std::unique_ptr<agent::ApprovalGate>(new agent::TerminalGate(std::cin, json ? std::cerr : std::cout));
  }
  return std::unique_ptr<agent::ApprovalGate>(new agent::NoTerminalGate());
}

int ExitCodeFor(agent::RunOutcome outcome) {
  switch (outcome) {
    case agent::RunOutcome::kPassed: return kExitOk;
    case agent::RunOutcome::kNoAction: return kExitOk;
    case agent::RunOutcome::kVerificationFailed: return kExitVerificationFailed;
    case agent::RunOutcome::kStoppedAtGate: return kExitStoppedAtGate;
    case agent::RunOutcome::kDenied: return kExitDenied;
    case agent::RunOutcome::kBudgetExhausted: return kExitError;
    case agent::RunOutcome::kError: return kExitError;
  }
  return kExitError;
}

}  // namespace kf::cli
