// The builtin agent's container-side evidence beyond the seed's plan: the
// service's 5xx error ratio and the pods' CFS throttling ratio. Asked for
// only when every pod is Running, Ready and never restarted (then the
// Kubernetes objects alone cannot explain an incident), so investigations
// that find failing pods keep their plan unchanged. Verification repeats
// whichever of these the investigation asked, over a short window, and
// checks the ratio is back down.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/agent/facts.h"
#include "engine/agent/verification.h"

namespace kf::agent {

// max by (pod) throttled periods / periods over W of the pods "<deployment>-..." in ns,
// or of exactly `pods` when given.
std::string ThrottlingQuery(const std::string& ns, const std::string& deployment,
                            const std::vector<std::string>& pods = {}, const std::string& window = "5m");

// The error ratio now / 30 minutes earlier and the throttling ratio, when asked.
std::optional<Located<double>> ErrorRatioNow(const Facts& f);
std::optional<Located<double>> ErrorRatioBaseline(const Facts& f);
std::optional<Located<double>> ThrottledRatio(const Facts& f);

// Appends the extra investigation calls (see above) to plan.
void AppendPodInvestigation(const Facts& f, std::vector<ToolCall>* plan);
// plan plus the verification queries matching the investigation's
// (`incident`: facts of iteration 1's investigation; `now`: this scope).
std::vector<ToolCall> WithPodVerification(std::vector<ToolCall> plan, const Transcript& t,
                                          const Facts& now, const std::string& prompt);
// Checks for the verification queries made: error-ratio, cpu-throttling.
void AddPodChecks(const Facts& incident, const Facts& now, std::vector<Check>* checks);

}  // namespace kf::agent
