#include "engine/agent/phase.h"

namespace kf::agent {

const char* PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kInvestigate: return "INVESTIGATE";
    case Phase::kAssess: return "ASSESS";
    case Phase::kApprove: return "APPROVE";
    case Phase::kExecute: return "EXECUTE";
    case Phase::kVerify: return "VERIFY";
    case Phase::kReport: return "REPORT";
  }
  return "UNKNOWN";
}

bool PhaseAllowsTool(Phase phase, bool read_only) {
  if (!read_only) return false;
  return phase == Phase::kInvestigate || phase == Phase::kAssess || phase == Phase::kExecute ||
         phase == Phase::kVerify;
}

}  // namespace kf::agent
