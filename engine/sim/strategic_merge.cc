// Strategic merge patch, after apimachinery pkg/util/strategicpatch (the
// server side: mergeMap/mergeSlice and the $-directives).
#include <algorithm>
#include <optional>

#include "engine/sim/patch.h"
#include "engine/sim/smp_schema.h"

namespace kf {
namespace {

constexpr std::string_view kPatchDirective = "$patch";
constexpr std::string_view kRetainKeys = "$retainKeys";
constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
constexpr std::string_view kSetElementOrder = "$setElementOrder/";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Go's %v rendering of a decoded JSON value, for error texts.
std::string GoFormat(const Json& j) {
  if (j.is_null()) return "<nil>";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object()) {
    std::string out = "map[";
    bool first = true;
    for (const auto& [k, v] : j.items()) {
      out += (first ? "" : " ") + k + ":" + GoFormat(v);
      first = false;
    }
    return out + "]";
  }
  if (j.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < j.size(); ++i) out += (i > 0 ? " " : "") + GoFormat(j[i]);
    return out + "]";
  }
  return j.dump();
}

std::string ListPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

class Merger {
 public:
  explicit Merger(std::string kind) : kind_(std::move(kind)) {}

  // Merges patch (an object) into original (an object, or null for none).
  // nullopt means the map is deleted ($patch: delete).
  Result<std::optional<Json>> MergeMap(const Json& original, const Json& patch,
                                       const std::string& path) {
    Json result = original.is_object() ? original : Json::object();
    if (auto it = patch.find(kPatchDirective); it != patch.end()) {
      const std::string directive = it->is_string() ? it->get<std::string>() : GoFormat(*it);
      if (directive == "delete") return std::optional<Json>();
      if (directive == "replace") {
        Json rest = patch;
        rest.erase(std::string(kPatchDirective));
        return MergeMap(Json::object(), rest, path);
      }
      if (directive != "merge") {
        return InvalidArgument("unknown patch type: " + directive + " in map: " + GoFormat(patch));
      }
    }
    if (auto it = patch.find(kRetainKeys); it != patch.end()) {
      KF_RETURN_IF_ERROR(RetainKeys(*it, result));
    }
    for (const auto& [key, value] : patch.items()) {
      if (!StartsWith(key, kDeleteFromPrimitiveList)) continue;
      KF_RETURN_IF_ERROR(
          DeleteFromPrimitiveList(key.substr(kDeleteFromPrimitiveList.size()), value, result));
    }
    for (const auto& [key, value] : patch.items()) {
      if (StartsWith(key, "$")) continue;  // directives are consumed, never stored
      KF_RETURN_IF_ERROR(MergeField(key, value, path, result));
    }
    for (const auto& [key, value] : patch.items()) {
      if (!StartsWith(key, kSetElementOrder)) continue;
      const std::string field = key.substr(kSetElementOrder.size());
      KF_RETURN_IF_ERROR(SetElementOrder(field, value, ListPath(path, field), result));
    }
    return std::optional<Json>(std::move(result));
  }

 private:
  Status MergeField(const std::string& key, const Json& value, const std::string& path,
                    Json& result) {
    if (value.is_null()) {
      result.erase(key);
      return Status::Ok();
    }
    const std::string child = ListPath(path, key);
    if (value.is_object()) {
      auto it = result.find(key);
      const Json original = (it != result.end() && it->is_object()) ? *it : Json();
      KF_ASSIGN_OR_RETURN(std::optional<Json> merged, MergeMap(original, value, child));
      if (merged) {
        result[key] = std::move(*merged);
      } else {
        result.erase(key);
      }
      return Status::Ok();
    }
    if (value.is_array()) {
      const SmpListStrategy strategy = SmpListStrategyAt(kind_, child);
      if (strategy.type == SmpListStrategy::Type::kReplace) {
        result[key] = value;
        return Status::Ok();
      }
      auto it = result.find(key);
      const Json original = (it != result.end() && it->is_array()) ? *it : Json::array();
      KF_ASSIGN_OR_RETURN(Json merged, MergeList(original, value, strategy, child + "[]"));
      result[key] = std::move(merged);
      return Status::Ok();
    }
    result[key] = value;
    return Status::Ok();
  }

  Result<Json> MergeList(const Json& original, const Json& patch, const SmpListStrategy& strategy,
                         const std::string& item_path) {
    if (strategy.type == SmpListStrategy::Type::kMergeSet) {
      Json out = original;
      for (const Json& v : patch) {
        if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
      }
      return out;
    }
    const std::string& key = strategy.merge_key;
    // An element {"$patch":"replace"} makes the patch list replace the list.
    for (const Json& item : patch) {
      if (item.is_object() && item.value(std::string(kPatchDirective), Json()) == "replace") {
        return ReplaceList(patch, key, item_path);
      }
    }
    Json out = original;
    for (const Json& item : patch) {
      if (!item.is_object() || !item.contains(key)) {
        return InvalidArgument("map: " + GoFormat(item) + " does not contain declared merge key: " + key);
      }
      if (item.value(std::string(kPatchDirective), Json()) == "delete") {
        Json kept = Json::array();
        for (const Json& o : out) {
          if (!(o.is_object() && o.contains(key) && o[key] == item[key])) kept.push_back(o);
        }
        out = std::move(kept);
      }
    }
    for (const Json& item : patch) {
      if (item.value(std::string(kPatchDirective), Json()) == "delete") continue;
      auto match = std::find_if(out.begin(), out.end(), [&](const Json& o) {
        return o.is_object() && o.contains(key) && o[key] == item[key];
      });
      const Json base = match != out.end() ? *match : Json();
      KF_ASSIGN_OR_RETURN(std::optional<Json> merged, MergeMap(base, item, item_path));
      if (match != out.end()) {
        if (merged) {
          *match = std::move(*merged);
        } else {
          out.erase(match);
        }
      } else if (merged) {
        out.push_back(std::move(*merged));
      }
    }
    return out;
  }

  Result<Json> ReplaceList(const Json& patch, const std::string& key, const std::string& item_path) {
    Json out = Json::array();
    for (const Json& item : patch) {
      if (item.is_object() && item.value(std::string(kPatchDirective), Json()) == "replace" &&
          !item.contains(key)) {
        continue;
      }
      if (!item.is_object()) {
        out.push_back(item);
        continue;
      }
      KF_ASSIGN_OR_RETURN(std::optional<Json> merged, MergeMap(Json(), item, item_path));
      if (merged) out.push_back(std::move(*merged));
    }
    return out;
  }

  static Status RetainKeys(const Json& keys, Json& result) {
    if (!keys.is_array()) return InvalidArgument("invalid type for $retainKeys: " + GoFormat(keys));
    Json kept = Json::object();
    for (const Json& k : keys) {
      if (!k.is_string()) return InvalidArgument("invalid type for $retainKeys: " + GoFormat(keys));
      const std::string name = k.get<std::string>();
      if (auto it = result.find(name); it != result.end()) kept[name] = *it;
    }
    result = std::move(kept);
    return Status::Ok();
  }

  static Status DeleteFromPrimitiveList(const std::string& field, const Json& values, Json& result) {
    if (!values.is_array()) {
      return InvalidArgument("invalid type for $deleteFromPrimitiveList/" + field + ": " + GoFormat(values));
    }
    auto it = result.find(field);
    if (it == result.end() || !it->is_array()) return Status::Ok();
    Json kept = Json::array();
    for (const Json& v : *it) {
      if (std::find(values.begin(), values.end(), v) == values.end()) kept.push_back(v);
    }
    *it = std::move(kept);
    return Status::Ok();
  }

  // Reorders the items named by order into that order, in the positions those
  // items occupy; items the order does not name stay where they are.
  Status SetElementOrder(const std::string& field, const Json& order, const std::string& list_path,
                         Json& result) {
    if (!order.is_array()) {
      return InvalidArgument("invalid type for $setElementOrder/" + field + ": " + GoFormat(order));
    }
    auto it = result.find(field);
    if (it == result.end() || !it->is_array()) return Status::Ok();
    const SmpListStrategy strategy = SmpListStrategyAt(kind_, list_path);
    const std::string& key = strategy.merge_key;
    auto rank = [&](const Json& item) -> std::optional<size_t> {
      for (size_t i = 0; i < order.size(); ++i) {
        const Json& o = order[i];
        if (strategy.type == SmpListStrategy::Type::kMergeByKey) {
          if (o.is_object() && item.is_object() && o.contains(key) && item.contains(key) &&
              o[key] == item[key]) {
            return i;
          }
        } else if (o == item) {
          return i;
        }
      }
      return std::nullopt;
    };
    Json& list = *it;
    std::vector<size_t> slots;
    std::vector<std::pair<size_t, Json>> ranked;
    for (size_t i = 0; i < list.size(); ++i) {
      if (auto r = rank(list[i])) {
        slots.push_back(i);
        ranked.emplace_back(*r, list[i]);
      }
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < slots.size(); ++i) list[slots[i]] = std::move(ranked[i].second);
    return Status::Ok();
  }

  std::string kind_;
};

}  // namespace

Result<Json> ApplyStrategicMergePatch(const Json& original, const Json& patch,
                                      std::string_view kind) {
  if (!patch.is_object()) {
    return InvalidArgument("json: cannot unmarshal " + std::string(patch.type_name()) +
                           " into Go value of type map[string]interface {}");
  }
  try {
    Merger merger{std::string(kind)};
    KF_ASSIGN_OR_RETURN(std::optional<Json> merged, merger.MergeMap(original, patch, ""));
    if (!merged) return Json::object();
    return std::move(*merged);
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("strategic merge patch: ") + e.what());
  }
}

}  // namespace kf
