// `kubectl get events` (printEvent): LAST SEEN is lastTimestamp, else
// firstTimestamp, else eventTime (series.lastObservedTime when a series is
// set); OBJECT is lowercase(kind)/name; MESSAGE is trimmed.
#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/table_rows.h"

namespace kf {

namespace render {

std::vector<std::vector<std::string>> EventRows(const Json& items, UnixMillis now) {
  std::vector<std::vector<std::string>> rows = {{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}};
  for (const Json& e : items) {
    std::string first = Since(Field(e, "firstTimestamp"), now);
    if (Time(Field(e, "firstTimestamp")) == 0) first = Since(Field(e, "eventTime"), now);
    std::string last = Since(Field(e, "lastTimestamp"), now);
    if (Time(Field(e, "lastTimestamp")) == 0) last = first;
    if (Field(e, "series").is_object()) last = Since(At(e, {"series", "lastObservedTime"}), now);
    const Json& obj = Field(e, "involvedObject");
    std::string target = ToLower(Str(Field(obj, "kind")));
    if (!Str(Field(obj, "name")).empty()) target += "/" + Str(Field(obj, "name"));
    rows.push_back({last, Str(Field(e, "type")), Str(Field(e, "reason")), target,
                    Trim(Str(Field(e, "message")))});
  }
  return rows;
}

}  // namespace render

std::string RenderEventsTable(const Json& event_list, UnixMillis now) {
  using namespace render;
  const Json& items = Items(event_list);
  if (items.empty()) return NoResources(event_list);
  return ListTable(event_list, EventRows(items, now));
}

}  // namespace kf
