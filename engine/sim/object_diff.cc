#include "engine/sim/object_diff.h"

#include <algorithm>

namespace kf {
namespace {

std::string KeyStep(const std::string& path, const std::string& key) {
  if (key.find_first_of("./[]") != std::string::npos || key.empty()) {
    return path + "[" + Json(key).dump() + "]";
  }
  return path.empty() ? key : path + "." + key;
}

std::string IndexStep(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

bool AllNamed(const Json& list) {
  if (list.empty()) return false;
  for (const Json& item : list) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) return false;
  }
  return true;
}

void Diff(const Json& before, const Json& after, const std::string& path,
          std::vector<FieldChange>* out);

void DiffObjectsAt(const Json& before, const Json& after, const std::string& path,
                   std::vector<FieldChange>* out) {
  // Keys in sorted order over both sides.
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (a == after.end() || (b != before.end() && b.key() < a.key())) {
      out->push_back({KeyStep(path, b.key()), *b, std::nullopt});
      ++b;
    } else if (b == before.end() || a.key() < b.key()) {
      out->push_back({KeyStep(path, a.key()), std::nullopt, *a});
      ++a;
    } else {
      Diff(*b, *a, KeyStep(path, a.key()), out);
      ++a;
      ++b;
    }
  }
}

void DiffNamedLists(const Json& before, const Json& after, const std::string& path,
                    std::vector<FieldChange>* out) {
  auto find = [](const Json& list, const Json& name) -> std::optional<size_t> {
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i]["name"] == name) return i;
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < after.size(); ++i) {
    if (auto j = find(before, after[i]["name"])) {
      Diff(before[*j], after[i], IndexStep(path, i), out);
    } else {
      out->push_back({IndexStep(path, i), std::nullopt, after[i]});
    }
  }
  for (size_t j = 0; j < before.size(); ++j) {
    if (!find(after, before[j]["name"])) out->push_back({IndexStep(path, j), before[j], std::nullopt});
  }
}

void Diff(const Json& before, const Json& after, const std::string& path,
          std::vector<FieldChange>* out) {
  if (before == after) return;
  if (before.is_object() && after.is_object()) {
    DiffObjectsAt(before, after, path, out);
    return;
  }
  if (before.is_array() && after.is_array()) {
    if (AllNamed(before) && AllNamed(after)) {
      DiffNamedLists(before, after, path, out);
      return;
    }
    const size_t n = std::max(before.size(), after.size());
    for (size_t i = 0; i < n; ++i) {
      if (i >= before.size()) {
        out->push_back({IndexStep(path, i), std::nullopt, after[i]});
      } else if (i >= after.size()) {
        out->push_back({IndexStep(path, i), before[i], std::nullopt});
      } else {
        Diff(before[i], after[i], IndexStep(path, i), out);
      }
    }
    return;
  }
  out->push_back({path, before, after});
}

std::string ValueText(const std::optional<Json>& v) {
  if (!v) return "<none>";
  if (v->is_string()) return v->get<std::string>();
  return v->dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::vector<FieldChange> DiffObjects(const Json& before, const Json& after) {
  std::vector<FieldChange> out;
  Diff(before, after, "", &out);
  return out;
}

std::string FormatFieldChange(const FieldChange& change) {
  return change.path + ": " + ValueText(change.before) + " → " + ValueText(change.after);
}

}  // namespace kf
