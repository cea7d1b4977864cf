// `kubectl describe` for kinds without a dedicated describer here: kubectl's
// genericDescriber (used for custom resources). Name, Namespace, Labels,
// Annotations, then every other field in key order, with smart labels
// ("creationTimestamp" → "Creation Timestamp", "uid" → "UID"), then Events.
#include <cctype>

#include "engine/core/strings.h"
#include "engine/tools/render/describe_common.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"

namespace kf {
namespace {

using namespace render;

enum class CharClass { kLower, kUpper, kDigit, kOther };
CharClass ClassOf(char c) {
  if (islower(static_cast<unsigned char>(c))) return CharClass::kLower;
  if (isupper(static_cast<unsigned char>(c))) return CharClass::kUpper;
  if (isdigit(static_cast<unsigned char>(c))) return CharClass::kDigit;
  return CharClass::kOther;
}

// github.com/fatih/camelcase Split: runs of one character class, with an
// upper→lower boundary moving the last capital to the next word
// ("HTTPServer" → HTTP Server).
std::vector<std::string> CamelSplit(const std::string& s) {
  std::vector<std::string> runs;
  CharClass last = CharClass::kOther;
  for (size_t i = 0; i < s.size(); ++i) {
    CharClass c = ClassOf(s[i]);
    if (i == 0 || c != last) runs.emplace_back();
    runs.back() += s[i];
    last = c;
  }
  for (size_t i = 0; i + 1 < runs.size(); ++i) {
    if (ClassOf(runs[i][0]) == CharClass::kUpper && ClassOf(runs[i + 1][0]) == CharClass::kLower) {
      runs[i + 1] = runs[i].back() + runs[i + 1];
      runs[i].pop_back();
    }
  }
  std::vector<std::string> out;
  for (auto& r : runs)
    if (!r.empty()) out.push_back(r);
  return out;
}

std::string SmartLabel(const std::string& field) {
  for (char c : field)
    if (!isalpha(static_cast<unsigned char>(c)) && c != '-') return field;
  std::vector<std::string> parts;
  for (std::string part : CamelSplit(field)) {
    std::string upper = part;
    for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
    if (upper == "API" || upper == "URL" || upper == "UID" || upper == "OSB" || upper == "GUID") {
      part = upper;
    } else {
      part[0] = static_cast<char>(toupper(static_cast<unsigned char>(part[0])));
    }
    parts.push_back(part);
  }
  return Join(parts, " ");
}

bool Skipped(const std::string& path) {
  return path == ".metadata.managedFields" || path == ".metadata.name" || path == ".metadata.namespace" ||
         path == ".metadata.labels" || path == ".metadata.annotations";
}

// printUnstructuredContent.
void WriteContent(TabWriter& w, int level, const Json& content, const std::string& prefix) {
  for (auto it = content.begin(); it != content.end(); ++it) {
    std::string path = prefix + "." + it.key();
    if (Skipped(path)) continue;
    const Json& v = it.value();
    if (v.is_object()) {
      w.Write(level, SmartLabel(it.key()) + ":\n");
      WriteContent(w, level + 1, v, path);
    } else if (v.is_array()) {
      w.Write(level, SmartLabel(it.key()) + ":\n");
      for (const Json& child : v) {
        if (child.is_object()) WriteContent(w, level + 1, child, path);
        else w.Write(level + 1, GoValue(child) + "\n");
      }
    } else {
      w.Write(level, SmartLabel(it.key()) + ":\t" + GoValue(v) + "\n");
    }
  }
}

}  // namespace

std::string RenderDescribeGeneric(const Json& object, const Json& event_list, UnixMillis now) {
  TabWriter w(0, 2);
  w.Write("Name:\t" + Str(At(object, {"metadata", "name"})) + "\n");
  w.Write("Namespace:\t" + Str(At(object, {"metadata", "namespace"})) + "\n");
  WriteLabels(w, "Labels", At(object, {"metadata", "labels"}));
  WriteAnnotations(w, "Annotations", At(object, {"metadata", "annotations"}));
  if (object.is_object()) WriteContent(w, 0, object, "");
  if (!event_list.is_null()) WriteEvents(w, event_list, now);
  return w.Finish();
}

}  // namespace kf
