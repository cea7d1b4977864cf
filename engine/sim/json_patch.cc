// RFC 6902 JSON patch with the messages of evanphx/json-patch (v4), the
// library the API server uses.
#include <string>
#include <vector>

#include "engine/sim/patch.h"

namespace kf {
namespace {

constexpr char kMissing[] = ": missing value";
constexpr char kInvalidIndex[] = ": invalid index referenced";

std::string DecodeToken(const std::string& token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && token[i + 1] == '1') {
      out += '/';
      ++i;
    } else if (token[i] == '~' && i + 1 < token.size() && token[i + 1] == '0') {
      out += '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// "/a/b~1c" → {"a", "b/c"}; a path not starting with "/" has no tokens and
// no parent (nullopt), except "" which is the root (empty vector).
std::optional<std::vector<std::string>> SplitPointer(const std::string& path) {
  if (path.empty()) return std::vector<std::string>{};
  if (path[0] != '/') return std::nullopt;
  std::vector<std::string> tokens;
  size_t start = 1;
  while (true) {
    const size_t slash = path.find('/', start);
    tokens.push_back(DecodeToken(path.substr(start, slash == std::string::npos ? slash : slash - start)));
    if (slash == std::string::npos) return tokens;
    start = slash + 1;
  }
}

bool ParseIndex(const std::string& token, long long* out) {
  if (token.empty()) return false;
  size_t i = token[0] == '-' ? 1 : 0;
  if (i == token.size()) return false;
  for (; i < token.size(); ++i) {
    if (token[i] < '0' || token[i] > '9') return false;
  }
  try {
    *out = std::stoll(token);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

// The container holding the last token (object or array), or nullptr.
Json* FindParent(Json& doc, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return nullptr;
  Json* cur = &doc;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (cur->is_object()) {
      auto it = cur->find(tokens[i]);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else if (cur->is_array()) {
      long long idx = 0;
      if (!ParseIndex(tokens[i], &idx) || idx < 0 || idx >= static_cast<long long>(cur->size())) {
        return nullptr;
      }
      cur = &(*cur)[static_cast<size_t>(idx)];
    } else {
      return nullptr;
    }
  }
  return (cur->is_object() || cur->is_array()) ? cur : nullptr;
}

// The value at key in container, or nullptr.
Json* Child(Json& container, const std::string& key) {
  if (container.is_object()) {
    auto it = container.find(key);
    return it == container.end() ? nullptr : &*it;
  }
  long long idx = 0;
  if (!ParseIndex(key, &idx) || idx < 0 || idx >= static_cast<long long>(container.size())) {
    return nullptr;
  }
  return &container[static_cast<size_t>(idx)];
}

Status BadIndex(const std::string& prefix, const std::string& key) {
  long long idx = 0;
  if (!ParseIndex(key, &idx)) {
    return InvalidArgument("value was not a proper array index: '" + key + "'");
  }
  return InvalidArgument(prefix + std::to_string(idx) + kInvalidIndex);
}

Status Add(Json& doc, const std::string& path, Json value) {
  auto tokens = SplitPointer(path);
  if (tokens && tokens->empty()) {
    doc = std::move(value);
    return Status::Ok();
  }
  Json* parent = tokens ? FindParent(doc, *tokens) : nullptr;
  if (parent == nullptr) {
    return InvalidArgument("add operation does not apply: doc is missing path: \"" + path + "\"" + kMissing);
  }
  const std::string& key = tokens->back();
  if (parent->is_object()) {
    (*parent)[key] = std::move(value);
    return Status::Ok();
  }
  if (key == "-") {
    parent->push_back(std::move(value));
    return Status::Ok();
  }
  long long idx = 0;
  if (!ParseIndex(key, &idx) || idx < 0 || idx > static_cast<long long>(parent->size())) {
    return BadIndex("Unable to access invalid index: ", key);
  }
  parent->insert(parent->begin() + idx, std::move(value));
  return Status::Ok();
}

// Removes and returns the value at path; what_missing names the op for the
// missing-parent message.
Result<Json> Remove(Json& doc, const std::string& path, const std::string& op) {
  auto tokens = SplitPointer(path);
  Json* parent = tokens ? FindParent(doc, *tokens) : nullptr;
  if (parent == nullptr) {
    return InvalidArgument(op + " operation does not apply: doc is missing path: \"" + path + "\"" + kMissing);
  }
  const std::string& key = tokens->back();
  if (parent->is_object()) {
    auto it = parent->find(key);
    if (it == parent->end()) {
      return InvalidArgument("Unable to remove nonexistent key: " + key + kMissing);
    }
    Json out = std::move(*it);
    parent->erase(it);
    return out;
  }
  long long idx = 0;
  if (!ParseIndex(key, &idx) || idx < 0 || idx >= static_cast<long long>(parent->size())) {
    return BadIndex("Unable to remove invalid index: ", key);
  }
  Json out = std::move((*parent)[static_cast<size_t>(idx)]);
  parent->erase(parent->begin() + idx);
  return out;
}

Status Replace(Json& doc, const std::string& path, Json value) {
  auto tokens = SplitPointer(path);
  if (tokens && tokens->empty()) {
    doc = std::move(value);
    return Status::Ok();
  }
  Json* parent = tokens ? FindParent(doc, *tokens) : nullptr;
  if (parent == nullptr) {
    return InvalidArgument("replace operation does not apply: doc is missing path: " + path + kMissing);
  }
  Json* target = Child(*parent, tokens->back());
  if (target == nullptr) {
    if (parent->is_array()) return BadIndex("Unable to access invalid index: ", tokens->back());
    return InvalidArgument("replace operation does not apply: doc is missing key: " + path + kMissing);
  }
  *target = std::move(value);
  return Status::Ok();
}

// The value at path, or nullptr; *parent_missing tells why.
const Json* Get(Json& doc, const std::string& path, bool* parent_missing) {
  auto tokens = SplitPointer(path);
  *parent_missing = false;
  if (tokens && tokens->empty()) return &doc;
  Json* parent = tokens ? FindParent(doc, *tokens) : nullptr;
  if (parent == nullptr) {
    *parent_missing = true;
    return nullptr;
  }
  return Child(*parent, tokens->back());
}

Status MoveOrCopy(Json& doc, const Json& op, const std::string& name, const std::string& path) {
  if (!op.contains("from") || !op["from"].is_string()) {
    return InvalidArgument(name + " operation failed to decode from" + kMissing);
  }
  const std::string from = op["from"].get<std::string>();
  bool parent_missing = false;
  const Json* source = Get(doc, from, &parent_missing);
  if (source == nullptr) {
    return InvalidArgument(name + " operation does not apply: doc is missing from path: " + from + kMissing);
  }
  Json value = *source;
  if (name == "move") {
    if (path.size() > from.size() && path.compare(0, from.size(), from) == 0 && path[from.size()] == '/') {
      return InvalidArgument("move operation does not apply: from is a prefix of path: " + from);
    }
    KF_ASSIGN_OR_RETURN(value, Remove(doc, from, "move"));
  }
  auto tokens = SplitPointer(path);
  if (!(tokens && tokens->empty()) && (!tokens || FindParent(doc, *tokens) == nullptr)) {
    return InvalidArgument(name + " operation does not apply: doc is missing destination path: " + path + kMissing);
  }
  return Add(doc, path, std::move(value));
}

Status Test(Json& doc, const Json& op, const std::string& path) {
  bool parent_missing = false;
  const Json* actual = Get(doc, path, &parent_missing);
  if (parent_missing) {
    return InvalidArgument("test operation does not apply: is missing path: " + path + kMissing);
  }
  const Json expected = op.value("value", Json());
  if ((actual == nullptr && expected.is_null()) || (actual != nullptr && *actual == expected)) {
    return Status::Ok();
  }
  return InvalidArgument("testing value " + path + " failed: test failed");
}

Status ApplyOne(Json& doc, const Json& op) {
  if (!op.is_object()) {
    return InvalidArgument("json: cannot unmarshal " + std::string(op.type_name()) +
                           " into Go value of type jsonpatch.Operation");
  }
  const std::string name = op.contains("op") && op["op"].is_string() ? op["op"].get<std::string>() : "";
  const bool known = name == "add" || name == "remove" || name == "replace" || name == "move" ||
                     name == "copy" || name == "test";
  if (!known) return InvalidArgument("Unexpected kind: " + (name.empty() ? "unknown" : name));
  if (!op.contains("path") || !op["path"].is_string()) {
    return InvalidArgument(name + " operation failed to decode path" + kMissing);
  }
  const std::string path = op["path"].get<std::string>();
  const bool needs_value = name == "add" || name == "replace";
  if (needs_value && !op.contains("value")) {
    return InvalidArgument(name + " operation has no value field" + kMissing);
  }
  if (name == "add") return Add(doc, path, op["value"]);
  if (name == "replace") return Replace(doc, path, op["value"]);
  if (name == "remove") return Remove(doc, path, "remove").status();
  if (name == "test") return Test(doc, op, path);
  return MoveOrCopy(doc, op, name, path);
}

}  // namespace

Result<Json> ApplyJsonPatch(const Json& original, const Json& patch) {
  if (!patch.is_array()) {
    return InvalidArgument("json: cannot unmarshal " + std::string(patch.type_name()) +
                           " into Go value of type jsonpatch.Patch");
  }
  try {
    Json doc = original;
    for (const Json& op : patch) KF_RETURN_IF_ERROR(ApplyOne(doc, op));
    return doc;
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("json patch: ") + e.what());
  }
}

}  // namespace kf
