// Renames a scenario: every namespace, object and node name, app label, container and
// image repository gets a new name drawn from a seeded RNG, consistently in
// every string of the file (manifests, history, events, logs, PromQL queries,
// the prompt, expectations, pins). A scenario and its renaming describe the
// same incident; an agent that solves one and not the other keys off names.
//
// Names are replaced as whole tokens (bounded by characters other than
// [A-Za-z0-9]), longest first, in one pass, so "checkout" inside
// "checkout-web" or "shop/checkout-7d9f" is renamed and "checkouts" is not.
// Tokens shorter than 3 characters and words that are also Kubernetes or
// protocol vocabulary ("default", "http", "api", ...) are left alone.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/core/status.h"

namespace kf {

struct RenamedScenario {
  std::map<std::string, std::string> names;  // old → new
  // The renamed scenario as JSON text (valid YAML: LoadScenarioText reads it).
  std::string text;
};

// Errors: the text's YAML errors ("FILE:LINE: yaml: ...").
Result<RenamedScenario> RenameScenario(const std::string& text, const std::string& filename, uint64_t seed);

}  // namespace kf
