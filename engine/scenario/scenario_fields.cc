#include "engine/scenario/scenario_fields.h"

#include <algorithm>
#include <cstring>

#include "engine/core/duration.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::scenario_internal {

namespace {

bool Present(const Json& map, const char* key) {
  return map.is_object() && map.contains(key) && !map.at(key).is_null();
}

std::string Quoted(const Json& v) {
  return v.is_string() ? "\"" + v.get<std::string>() + "\"" : v.dump();
}

// A quantity with an optional leading '-' (Quantity::Parse takes signs too,
// but its errors do not matter here: the caller reports its own text).
bool ParseSignedQuantity(const std::string& s, int64_t* milli) {
  auto q = Quantity::Parse(s);
  if (!q.ok()) return false;
  *milli = q->milli();
  return true;
}

}  // namespace

Status Fields::Error(const std::string& path, const std::string& message) const {
  std::string where = file_ + ":" + std::to_string(Line(path)) + ": ";
  if (!path.empty()) where += path + ": ";
  return InvalidArgument(where + message);
}

Status Fields::CheckMap(const Json& v, const std::string& path,
                        std::initializer_list<const char*> allowed) const {
  if (!v.is_object()) return Error(path, "expected a mapping");
  for (auto it = v.begin(); it != v.end(); ++it) {
    bool known = std::any_of(allowed.begin(), allowed.end(),
                             [&](const char* a) { return it.key() == a; });
    if (!known) return Error(JoinPath(path, it.key()), "unknown field");
  }
  return Status::Ok();
}

Status Fields::CheckList(const Json& v, const std::string& path) const {
  if (!v.is_array()) return Error(path, "expected a list");
  return Status::Ok();
}

Status Fields::String(const Json& map, const std::string& path, const char* key,
                      std::string* out, bool required) const {
  const std::string p = JoinPath(path, key);
  if (!Present(map, key)) return required ? Error(p, "required field missing") : Status::Ok();
  const Json& v = map.at(key);
  if (!v.is_string()) return Error(p, "expected a string, got " + v.dump());
  *out = v.get<std::string>();
  if (required && out->empty()) return Error(p, "must not be empty");
  return Status::Ok();
}

Status Fields::StringList(const Json& map, const std::string& path, const char* key,
                          std::vector<std::string>* out) const {
  const std::string p = JoinPath(path, key);
  if (!Present(map, key)) return Status::Ok();
  const Json& v = map.at(key);
  KF_RETURN_IF_ERROR(CheckList(v, p));
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) return Error(JoinIndex(p, i), "expected a string, got " + v[i].dump());
    out->push_back(v[i].get<std::string>());
  }
  return Status::Ok();
}

Status Fields::Int(const Json& map, const std::string& path, const char* key, int64_t* out,
                   bool required) const {
  const std::string p = JoinPath(path, key);
  if (!Present(map, key)) return required ? Error(p, "required field missing") : Status::Ok();
  const Json& v = map.at(key);
  if (!v.is_number_integer()) return Error(p, "expected an integer, got " + Quoted(v));
  *out = v.get<int64_t>();
  return Status::Ok();
}

Status Fields::Double(const Json& map, const std::string& path, const char* key,
                      double* out) const {
  const std::string p = JoinPath(path, key);
  if (!Present(map, key)) return Status::Ok();
  const Json& v = map.at(key);
  if (!v.is_number()) return Error(p, "expected a number, got " + Quoted(v));
  *out = v.get<double>();
  return Status::Ok();
}

Status Fields::Duration(const Json& map, const std::string& path, const char* key,
                        DurationMs* out, bool required) const {
  const std::string p = JoinPath(path, key);
  if (!Present(map, key)) return required ? Error(p, "required field missing") : Status::Ok();
  const Json& v = map.at(key);
  if (v.is_number_integer() && v.get<int64_t>() == 0) {
    *out = 0;
    return Status::Ok();
  }
  if (!v.is_string()) return Error(p, "invalid duration " + Quoted(v));
  auto d = ParseDuration(v.get<std::string>());
  if (!d.ok()) return Error(p, "invalid duration " + Quoted(v));
  *out = *d;
  return Status::Ok();
}

Status Fields::Bytes(const Json& map, const std::string& path, const char* key,
                     int64_t* out) const {
  const std::string p = JoinPath(path, key);
  if (!Present(map, key)) return Status::Ok();
  const Json& v = map.at(key);
  if (v.is_number_integer()) {
    *out = v.get<int64_t>();
    return Status::Ok();
  }
  int64_t milli;
  if (!v.is_string() || !ParseSignedQuantity(v.get<std::string>(), &milli)) {
    return Error(p, "invalid quantity " + Quoted(v));
  }
  *out = milli / 1000;
  return Status::Ok();
}

Status Fields::Millicores(const Json& map, const std::string& path, const char* key,
                          double* out) const {
  const std::string p = JoinPath(path, key);
  if (!Present(map, key)) return Status::Ok();
  const Json& v = map.at(key);
  if (v.is_number()) {
    *out = v.get<double>();
    return Status::Ok();
  }
  int64_t milli;
  if (!v.is_string() || !ParseSignedQuantity(v.get<std::string>(), &milli)) {
    return Error(p, "invalid quantity " + Quoted(v));
  }
  *out = static_cast<double>(milli);
  return Status::Ok();
}

}  // namespace kf::scenario_internal
