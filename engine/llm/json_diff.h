// A readable structural diff of two JSON values, for replay divergences:
// one line per difference, with the path and both values, long strings
// shown around the first differing character.
//
//   system: at character 120: recorded "…the loop. You are…" / now "…the loop. Be brief…"
//   messages[3].content: recorded "Step 4 (kubernetes.top_pods):…" / now (missing)
//   tools: recorded 17 items / now 16 items
#pragma once

#include <cstddef>
#include <string>

#include "engine/core/json.h"

namespace kf::llm {

// Differences of `now` from `recorded`, in document order (object keys
// sorted), at most `max_lines` lines (then "… N more differences"); "" when
// they are equal.
std::string DiffJson(const Json& recorded, const Json& now, size_t max_lines = 20);

}  // namespace kf::llm
