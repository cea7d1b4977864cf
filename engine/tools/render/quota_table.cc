// `kubectl get resourcequota`: printResourceQuota's NAME AGE REQUEST LIMIT,
// each resource of spec.hard (sorted) as "name: used/hard", limits.* in LIMIT.
#include <string>
#include <vector>

#include "engine/core/strings.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/table_rows.h"

namespace kf::render {

std::vector<std::vector<std::string>> ResourceQuotaRows(const Json& items, UnixMillis now) {
  std::vector<std::vector<std::string>> rows = {{"NAME", "AGE", "REQUEST", "LIMIT"}};
  for (const Json& q : items) {
    const Json& hard = At(q, {"spec", "hard"});
    std::vector<std::string> request, limit;
    if (hard.is_object()) {
      for (auto it = hard.begin(); it != hard.end(); ++it) {  // nlohmann::json keeps keys sorted
        const std::string used = Str(Field(At(q, {"status", "used"}), it.key().c_str()));
        const std::string cap = Str(Field(At(q, {"status", "hard"}), it.key().c_str()));
        const std::string cell = it.key() + ": " + (used.empty() ? "0" : used) + "/" + (cap.empty() ? "0" : cap);
        (it.key().starts_with("limits.") ? limit : request).push_back(cell);
      }
    }
    rows.push_back({Str(At(q, {"metadata", "name"})), Since(At(q, {"metadata", "creationTimestamp"}), now),
                    Join(request, ", "), Join(limit, ", ")});
  }
  return rows;
}

}  // namespace kf::render
