#include "engine/tools/render/render_util.h"

#include <algorithm>
#include <ctime>

#include "engine/core/duration.h"
#include "engine/core/strings.h"

namespace kf::render {

namespace {
const Json& Null() {
  static const Json kNull;
  return kNull;
}
}  // namespace

const Json& Field(const Json& j, const char* key) {
  if (!j.is_object()) return Null();
  auto it = j.find(key);
  return it == j.end() ? Null() : *it;
}

const Json& At(const Json& j, std::initializer_list<const char*> path) {
  const Json* cur = &j;
  for (const char* k : path) cur = &Field(*cur, k);
  return *cur;
}

std::string Str(const Json& j) { return j.is_string() ? j.get<std::string>() : ""; }

int64_t Int(const Json& j, int64_t fallback) {
  if (j.is_number_integer() || j.is_number_unsigned()) return j.get<int64_t>();
  if (j.is_number_float()) return static_cast<int64_t>(j.get<double>());
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.empty()) return fallback;
    char* end = nullptr;
    long long v = strtoll(s.c_str(), &end, 10);
    if (end && *end == '\0') return v;
  }
  return fallback;
}

bool Bool(const Json& j) { return j.is_boolean() && j.get<bool>(); }

const Json& Items(const Json& list) {
  const Json& items = Field(list, "items");
  static const Json kEmpty = Json::array();
  return items.is_array() ? items : kEmpty;
}

UnixMillis Time(const Json& ts) {
  UnixMillis t = 0;
  if (!ts.is_string() || !ParseRfc3339(ts.get<std::string>(), &t)) return 0;
  return t;
}

std::string Since(const Json& ts, UnixMillis now) { return FormatAge(Time(ts), now); }

std::string Rfc1123z(const Json& ts) {
  UnixMillis t = Time(ts);
  if (t == 0 && !ts.is_string()) t = 0;
  time_t secs = static_cast<time_t>(t / 1000);
  struct tm g;
  gmtime_r(&secs, &g);
  char buf[64];
  strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &g);
  return buf;
}

std::string NoResources(const Json& list) {
  std::string ns = Str(At(list, {"metadata", "namespace"}));
  if (ns.empty()) return "No resources found\n";
  return "No resources found in " + ns + " namespace.\n";
}

bool AllNamespaces(const Json& list) { return Bool(At(list, {"metadata", "allNamespaces"})); }

std::string ListTable(const Json& list, std::vector<std::vector<std::string>> rows) {
  if (AllNamespaces(list) && !rows.empty()) {
    const Json& items = Items(list);
    rows[0].insert(rows[0].begin(), "NAMESPACE");
    for (size_t i = 1; i < rows.size(); ++i) {
      std::string ns = i - 1 < items.size() ? Str(At(items[i - 1], {"metadata", "namespace"})) : "";
      rows[i].insert(rows[i].begin(), ns);
    }
  }
  return FormatTable(rows);
}

std::string SelectorString(const Json& sel) {
  // labels.Selector sorts requirements by key.
  std::vector<std::pair<std::string, std::string>> reqs;
  const Json& ml = Field(sel, "matchLabels");
  if (ml.is_object())
    for (auto it = ml.begin(); it != ml.end(); ++it)
      reqs.push_back({it.key(), it.key() + "=" + Str(it.value())});
  const Json& me = Field(sel, "matchExpressions");
  if (me.is_array()) {
    for (const Json& e : me) {
      std::string key = Str(Field(e, "key")), op = Str(Field(e, "operator"));
      std::vector<std::string> vals;
      for (const Json& v : Field(e, "values")) vals.push_back(Str(v));
      std::sort(vals.begin(), vals.end());
      std::string r;
      if (op == "In") r = key + " in (" + Join(vals, ",") + ")";
      else if (op == "NotIn") r = key + " notin (" + Join(vals, ",") + ")";
      else if (op == "Exists") r = key;
      else if (op == "DoesNotExist") r = "!" + key;
      else r = key;
      reqs.push_back({key, r});
    }
  }
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> parts;
  for (auto& r : reqs) parts.push_back(r.second);
  return Join(parts, ",");
}

const Json& ControllerRef(const Json& object) {
  const Json& refs = At(object, {"metadata", "ownerReferences"});
  if (refs.is_array())
    for (const Json& r : refs)
      if (Bool(Field(r, "controller"))) return r;
  return Null();
}

std::string GoValue(const Json& v) {
  if (v.is_null()) return "<nil>";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return GoJson(v);
}

namespace {
void GoJsonString(const std::string& s, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': *out += "\\\""; continue;
      case '\\': *out += "\\\\"; continue;
      case '\n': *out += "\\n"; continue;
      case '\r': *out += "\\r"; continue;
      case '\t': *out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      *out += "\\u00";
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      *out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

void GoJsonTo(const Json& v, std::string* out) {
  if (v.is_object()) {
    out->push_back('{');
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {  // nlohmann keeps keys sorted
      if (!first) out->push_back(',');
      first = false;
      GoJsonString(it.key(), out);
      out->push_back(':');
      GoJsonTo(it.value(), out);
    }
    out->push_back('}');
  } else if (v.is_array()) {
    out->push_back('[');
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out->push_back(',');
      GoJsonTo(v[i], out);
    }
    out->push_back(']');
  } else if (v.is_string()) {
    GoJsonString(v.get<std::string>(), out);
  } else {
    *out += v.dump();
  }
}
}  // namespace

std::string GoJson(const Json& v) {
  std::string out;
  GoJsonTo(v, &out);
  return out;
}

std::string OrNone(const std::string& s) { return s.empty() ? "<none>" : s; }

}  // namespace kf::render
