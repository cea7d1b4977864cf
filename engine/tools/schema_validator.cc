#include "engine/tools/schema_validator.h"

#include <cmath>
#include <string>
#include <vector>

namespace kf {
namespace {

bool IsIntegral(const Json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool HasType(const Json& value, const std::string& type) {
  if (type == "integer") return IsIntegral(value);
  if (type == "number") return value.is_number();
  return type == JsonTypeName(value);
}

std::string Prefix(const std::string& path) { return path.empty() ? "" : path + ": "; }

std::string ChildPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string NumberText(const Json& n) {
  if (IsIntegral(n)) return std::to_string(static_cast<long long>(n.get<double>()));
  return n.dump();
}

// "integer", "string or null", "object or array".
std::string TypeList(const std::vector<std::string>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += i + 1 == types.size() ? " or " : ", ";
    out += types[i];
  }
  return out;
}

Status Validate(const Json& schema, const Json& value, const std::string& path);

Status ValidateType(const Json& schema, const Json& value, const std::string& path) {
  auto it = schema.find("type");
  if (it == schema.end()) return Status::Ok();
  std::vector<std::string> types;
  if (it->is_string()) types.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const Json& t : *it) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  for (const std::string& t : types) {
    if (HasType(value, t)) return Status::Ok();
  }
  return InvalidArgument(Prefix(path) + "expected " + TypeList(types) + ", got " +
                         JsonTypeName(value));
}

Status ValidateEnum(const Json& schema, const Json& value, const std::string& path) {
  auto it = schema.find("enum");
  if (it == schema.end() || !it->is_array()) return Status::Ok();
  std::vector<std::string> options;
  for (const Json& option : *it) {
    if (option == value) return Status::Ok();
    options.push_back(option.dump());
  }
  std::string list;
  for (size_t i = 0; i < options.size(); ++i) list += (i ? ", " : "") + options[i];
  return InvalidArgument(Prefix(path) + "must be one of " + list);
}

Status ValidateBounds(const Json& schema, const Json& value, const std::string& path) {
  if (value.is_number()) {
    double v = value.get<double>();
    auto min = schema.find("minimum");
    if (min != schema.end() && min->is_number() && v < min->get<double>()) {
      return InvalidArgument(Prefix(path) + "must be >= " + NumberText(*min));
    }
    auto max = schema.find("maximum");
    if (max != schema.end() && max->is_number() && v > max->get<double>()) {
      return InvalidArgument(Prefix(path) + "must be <= " + NumberText(*max));
    }
  }
  if (value.is_string()) {
    auto min_len = schema.find("minLength");
    if (min_len != schema.end() && min_len->is_number_integer() &&
        value.get_ref<const std::string&>().size() < min_len->get<size_t>()) {
      return min_len->get<size_t>() == 1
                 ? InvalidArgument(Prefix(path) + "must not be empty")
                 : InvalidArgument(Prefix(path) + "must be at least " +
                                   std::to_string(min_len->get<size_t>()) + " characters");
    }
  }
  return Status::Ok();
}

Status ValidateObject(const Json& schema, const Json& value, const std::string& path) {
  if (!value.is_object()) return Status::Ok();
  auto required = schema.find("required");
  if (required != schema.end() && required->is_array()) {
    for (const Json& name : *required) {
      if (name.is_string() && !value.contains(name.get<std::string>())) {
        return InvalidArgument(Prefix(path) + "missing required property " + name.dump());
      }
    }
  }
  static const Json kNoProperties = Json::object();
  auto props_it = schema.find("properties");
  const Json& props = props_it != schema.end() ? *props_it : kNoProperties;
  auto additional = schema.find("additionalProperties");
  bool closed = additional != schema.end() && additional->is_boolean() && !additional->get<bool>();
  for (auto it = value.begin(); it != value.end(); ++it) {
    auto prop = props.find(it.key());
    if (prop == props.end()) {
      if (closed) return InvalidArgument(Prefix(path) + "unknown property \"" + it.key() + "\"");
      continue;
    }
    KF_RETURN_IF_ERROR(Validate(*prop, it.value(), ChildPath(path, it.key())));
  }
  return Status::Ok();
}

Status ValidateArray(const Json& schema, const Json& value, const std::string& path) {
  auto items = schema.find("items");
  if (!value.is_array() || items == schema.end() || !items->is_object()) return Status::Ok();
  for (size_t i = 0; i < value.size(); ++i) {
    KF_RETURN_IF_ERROR(Validate(*items, value[i], path + "[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

// Exactly one branch must match. When no branch's type fits, the error lists
// the branch types ("expected object or array, got string"); when one branch
// has the right type but fails inside, that branch's error is returned.
Status ValidateOneOf(const Json& schema, const Json& value, const std::string& path) {
  auto one_of = schema.find("oneOf");
  if (one_of == schema.end() || !one_of->is_array()) return Status::Ok();
  std::vector<std::string> types;
  Status typed_failure;
  int matches = 0;
  for (const Json& branch : *one_of) {
    Status s = Validate(branch, value, path);
    if (s.ok()) {
      ++matches;
      continue;
    }
    bool type_fits = ValidateType(branch, value, path).ok();
    if (type_fits && typed_failure.ok()) typed_failure = s;
    if (branch.contains("type") && branch["type"].is_string()) {
      types.push_back(branch["type"].get<std::string>());
    }
  }
  if (matches == 1) return Status::Ok();
  if (matches > 1) return InvalidArgument(Prefix(path) + "matches more than one allowed form");
  if (!typed_failure.ok()) return typed_failure;
  return InvalidArgument(Prefix(path) + "expected " + TypeList(types) + ", got " +
                         JsonTypeName(value));
}

Status Validate(const Json& schema, const Json& value, const std::string& path) {
  if (!schema.is_object()) return Status::Ok();
  KF_RETURN_IF_ERROR(ValidateType(schema, value, path));
  KF_RETURN_IF_ERROR(ValidateOneOf(schema, value, path));
  KF_RETURN_IF_ERROR(ValidateEnum(schema, value, path));
  KF_RETURN_IF_ERROR(ValidateBounds(schema, value, path));
  KF_RETURN_IF_ERROR(ValidateObject(schema, value, path));
  return ValidateArray(schema, value, path);
}

}  // namespace

const char* JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::string: return "string";
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return IsIntegral(value) ? "integer" : "number";
    default: return "unknown";
  }
}

Status ValidateJson(const Json& schema, const Json& value) { return Validate(schema, value, ""); }

}  // namespace kf
