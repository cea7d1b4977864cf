#include "engine/tools/tool_util.h"

#include <algorithm>
#include <vector>

#include "engine/core/strings.h"

namespace kf {

Json StringProp(std::string_view description) {
  return {{"type", "string"}, {"description", std::string(description)}};
}

Json IntProp(std::string_view description, int64_t minimum, int64_t maximum) {
  Json p = {{"type", "integer"}, {"description", std::string(description)}, {"minimum", minimum}};
  if (maximum >= minimum) p["maximum"] = maximum;
  return p;
}

Json BoolProp(std::string_view description) {
  return {{"type", "boolean"}, {"description", std::string(description)}};
}

Json EnumProp(std::string_view description, std::initializer_list<const char*> values) {
  Json list = Json::array();
  for (const char* v : values) list.push_back(v);
  return {{"type", "string"}, {"description", std::string(description)}, {"enum", list}};
}

Json ObjectSchema(Json properties, std::initializer_list<const char*> required) {
  Json req = Json::array();
  for (const char* r : required) req.push_back(r);
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", req},
          {"additionalProperties", false}};
}

std::string ArgString(const Json& args, const char* key, std::string fallback) {
  auto it = args.find(key);
  if (it == args.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

int64_t ArgInt(const Json& args, const char* key, int64_t fallback) {
  auto it = args.find(key);
  if (it == args.end() || !it->is_number()) return fallback;
  return static_cast<int64_t>(it->get<double>());
}

bool ArgBool(const Json& args, const char* key, bool fallback) {
  auto it = args.find(key);
  if (it == args.end() || !it->is_boolean()) return fallback;
  return it->get<bool>();
}

ToolResult ErrorResult(std::string command, std::string text) {
  ToolResult r;
  r.command = std::move(command);
  r.structured = {{"error", text}};
  r.text = std::move(text);
  r.is_error = true;
  return r;
}

std::string KubectlErrorText(const Status& status) {
  const std::string& m = status.message();
  switch (status.code()) {
    case StatusCode::kNotFound: return "Error from server (NotFound): " + m;
    case StatusCode::kAlreadyExists: return "Error from server (AlreadyExists): " + m;
    case StatusCode::kConflict: return "Error from server (Conflict): " + m;
    case StatusCode::kInvalidArgument: {
      // 422: `Deployment.apps "x" is invalid: ...` prints as
      // `The Deployment "x" is invalid: ...`.
      size_t quote = m.find(" \"");
      if (quote != std::string::npos && m.find("\" is invalid: ") != std::string::npos &&
          m.find(' ') == quote) {
        std::string kind = m.substr(0, quote);
        kind = kind.substr(0, kind.find('.'));
        return "The " + kind + m.substr(quote);
      }
      return "Error from server (BadRequest): " + m;
    }
    case StatusCode::kPermissionDenied: return "Error from server (Forbidden): " + m;
    case StatusCode::kUnauthenticated:
      return "error: You must be logged in to the server (Unauthorized)";
    case StatusCode::kUnavailable: return "Error from server (ServiceUnavailable): " + m;
    case StatusCode::kDeadlineExceeded: return "Error from server (Timeout): " + m;
    case StatusCode::kInternal: return "Error from server (InternalError): " + m;
    default: return "error: " + m;
  }
}

ToolResult StatusResult(std::string command, const Status& status) {
  ToolResult r = ErrorResult(std::move(command), KubectlErrorText(status));
  r.structured["code"] = StatusCodeName(status.code());
  return r;
}

std::string ShellQuote(std::string_view word) {
  bool plain = !word.empty();
  for (char c : word) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("_./:=,@+-").find(c) != std::string_view::npos;
    if (!ok) plain = false;
  }
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string NamespaceFlag(const std::string& ns) { return ns.empty() ? "" : " -n " + ShellQuote(ns); }

std::string ListNamespaceFlag(const std::string& ns) { return ns.empty() ? " -A" : NamespaceFlag(ns); }

std::string SelectorString(const Json& selector) {
  std::vector<std::string> terms;
  if (const Json* labels = JsonAtPath(selector, "matchLabels"); labels && labels->is_object()) {
    for (auto it = labels->begin(); it != labels->end(); ++it) {
      if (it->is_string()) terms.push_back(it.key() + "=" + it->get<std::string>());
    }
  }
  if (const Json* exprs = JsonAtPath(selector, "matchExpressions"); exprs && exprs->is_array()) {
    for (const Json& e : *exprs) {
      std::string key = JsonString(e, "key");
      std::string op = JsonString(e, "operator");
      std::vector<std::string> values;
      if (e.contains("values") && e["values"].is_array()) {
        for (const Json& v : e["values"]) {
          if (v.is_string()) values.push_back(v.get<std::string>());
        }
      }
      if (op == "In") terms.push_back(key + " in (" + Join(values, ",") + ")");
      if (op == "NotIn") terms.push_back(key + " notin (" + Join(values, ",") + ")");
      if (op == "Exists") terms.push_back(key);
      if (op == "DoesNotExist") terms.push_back("!" + key);
    }
  }
  return Join(terms, ",");
}

const Json& Metadata(const Json& object) {
  static const Json* const kEmpty = new Json(Json::object());
  if (!object.is_object()) return *kEmpty;
  auto it = object.find("metadata");
  return it != object.end() && it->is_object() ? *it : *kEmpty;
}

std::string Annotation(const Json& object, const std::string& key) {
  const Json* annotations = JsonAtPath(object, "metadata.annotations");
  if (!annotations || !annotations->is_object()) return "";
  return JsonString(*annotations, key);
}

Json SingleItemList(const Json& object) {
  return {{"apiVersion", JsonString(object, "apiVersion", "v1")},
          {"kind", JsonString(object, "kind") + "List"},
          {"metadata", Json::object()},
          {"items", Json::array({object})}};
}

Json ListInNamespace(const Json& list, const std::string& ns) {
  Json copy = list;
  if (ns.empty()) {
    copy["metadata"]["allNamespaces"] = true;
  } else {
    copy["metadata"]["namespace"] = ns;
  }
  return copy;
}

UnixMillis EventLastSeen(const Json& event) {
  for (const char* path : {"lastTimestamp", "eventTime", "metadata.creationTimestamp"}) {
    const Json* v = JsonAtPath(event, path);
    UnixMillis t = 0;
    if (v && v->is_string() && ParseRfc3339(v->get<std::string>(), &t)) return t;
  }
  return 0;
}

void SortEventsByLastSeen(Json* event_list) {
  if (!event_list->contains("items") || !(*event_list)["items"].is_array()) return;
  std::vector<Json> items = (*event_list)["items"].get<std::vector<Json>>();
  std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    return EventLastSeen(a) < EventLastSeen(b);
  });
  (*event_list)["items"] = Json(std::move(items));
}

}  // namespace kf
