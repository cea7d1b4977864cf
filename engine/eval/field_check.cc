#include "engine/eval/field_check.h"

#include <optional>

#include "engine/core/quantity.h"

namespace kf::eval {

namespace {

// The text of a scalar: strings as they are, numbers and booleans as JSON.
std::string Text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::optional<Quantity> AsQuantity(const Json& v) {
  if (!v.is_string() && !v.is_number()) return std::nullopt;
  Result<Quantity> q = Quantity::Parse(Text(v));
  if (!q.ok()) return std::nullopt;
  return *q;
}

// -1, 0, 1 when both parse as quantities; nullopt otherwise.
std::optional<int> Compare(const Json& a, const Json& b) {
  std::optional<Quantity> qa = AsQuantity(a), qb = AsQuantity(b);
  if (!qa || !qb) return std::nullopt;
  return *qa < *qb ? -1 : (*qa == *qb ? 0 : 1);
}

}  // namespace

FieldCheck CheckField(const Json& object, const Json& spec) {
  FieldCheck out;
  const std::string path = JsonString(spec, "path");
  const Json* value = JsonAtPath(object, path);
  if (value == nullptr || value->is_null()) {
    out.detail = path + " is missing";
    return out;
  }
  std::string want;
  bool ok = true;
  if (spec.contains("equals")) {
    const Json& e = spec["equals"];
    std::optional<int> c = Compare(*value, e);
    ok = ok && (c ? *c == 0 : Text(*value) == Text(e));
    want += "equals " + Text(e);
  }
  if (spec.contains("min")) {
    std::optional<int> c = Compare(*value, spec["min"]);
    ok = ok && c && *c >= 0;
    want += (want.empty() ? "" : ", ") + std::string("min ") + Text(spec["min"]);
  }
  if (spec.contains("max")) {
    std::optional<int> c = Compare(*value, spec["max"]);
    ok = ok && c && *c <= 0;
    want += (want.empty() ? "" : ", ") + std::string("max ") + Text(spec["max"]);
  }
  out.passed = ok;
  out.detail = path + " is " + (value->is_string() ? "\"" + Text(*value) + "\"" : Text(*value)) +
               " (want " + want + ")";
  return out;
}

}  // namespace kf::eval
