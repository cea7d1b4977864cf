#include "engine/sim/patch.h"

#include <cctype>
#include <string>

namespace kf {
namespace {

std::string GoTypeName(const Json& j) {
  if (j.is_boolean()) return "bool";
  return j.type_name();
}

std::string LowerTrim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out(s.substr(b, e - b));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Json ApplyMergePatch(const Json& original, const Json& patch) {
  if (!patch.is_object()) return patch;
  Json result = original.is_object() ? original : Json::object();
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      result.erase(key);
      continue;
    }
    auto it = result.find(key);
    result[key] = ApplyMergePatch(it != result.end() ? *it : Json(), value);
  }
  return result;
}

Result<Json> ApplyPatch(const Json& original, PatchType type, const Json& patch) {
  if (type == PatchType::kJson) return ApplyJsonPatch(original, patch);
  // The API server decodes merge and strategic patches into a Go map.
  if (patch.is_null()) return original;
  if (!patch.is_object()) {
    return InvalidArgument("json: cannot unmarshal " + GoTypeName(patch) +
                           " into Go value of type map[string]interface {}");
  }
  if (type == PatchType::kMerge) {
    try {
      return ApplyMergePatch(original, patch);
    } catch (const std::exception& e) {
      return InvalidArgument(std::string("merge patch: ") + e.what());
    }
  }
  std::string kind;
  if (original.is_object() && original.contains("kind") && original["kind"].is_string()) {
    kind = original["kind"].get<std::string>();
  }
  return ApplyStrategicMergePatch(original, patch, kind);
}

const char* PatchContentType(PatchType type) {
  switch (type) {
    case PatchType::kStrategicMerge: return "application/strategic-merge-patch+json";
    case PatchType::kMerge: return "application/merge-patch+json";
    case PatchType::kJson: return "application/json-patch+json";
  }
  return "";
}

Result<PatchType> PatchTypeFromContentType(std::string_view content_type) {
  const std::string media = LowerTrim(content_type.substr(0, content_type.find(';')));
  if (media == "application/strategic-merge-patch+json") return PatchType::kStrategicMerge;
  if (media == "application/merge-patch+json") return PatchType::kMerge;
  if (media == "application/json-patch+json") return PatchType::kJson;
  return Unimplemented(
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
      "application/strategic-merge-patch+json");
}

}  // namespace kf
