// JSON redaction rules and key classification (see redact.h); text rules are
// in redact_text.cc.
#include "recorder/redact.h"

#include <array>
#include <cmath>

#include "engine/core/strings.h"

namespace kf::recorder {

namespace {

constexpr std::array<std::string_view, 8> kExactKeys = {
    "authorization", "proxyauthorization", "xapikey", "apikey",
    "cookie",        "setcookie",          "auth",    "clientkeydata",
};
constexpr std::array<std::string_view, 6> kSuffixKeys = {
    "password", "passwd", "secret", "token", "apikey", "privatekey",
};
constexpr std::array<std::string_view, 7> kInfixKeys = {
    "token", "secret", "password", "passwd", "apikey", "credential", "accesskey",
};

constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

// Lower case, without '-', '_', '.' and spaces: "X-Api-Key" → "xapikey".
std::string NormalizeKey(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '-' || c == '_' || c == '.' || c == ' ') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool IsSecretType(const std::string& type) {
  return type == "Opaque" || StartsWith(type, "kubernetes.io/") ||
         StartsWith(type, "bootstrap.kubernetes.io/");
}

bool HasMap(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_object();
}

// A Secret object: kind Secret, or (as items of a list often are) no kind but
// a Secret type and a data map.
bool IsSecret(const Json& o) {
  auto kind = o.find("kind");
  if (kind != o.end()) return kind->is_string() && kind->get_ref<const std::string&>() == "Secret";
  auto type = o.find("type");
  return type != o.end() && type->is_string() && IsSecretType(type->get_ref<const std::string&>()) &&
         (HasMap(o, "data") || HasMap(o, "stringData"));
}

int Replace(Json* v) {
  if (v->is_string() && v->get_ref<const std::string&>() == kRedacted) return 0;
  if (v->is_null()) return 0;
  *v = std::string(kRedacted);
  return 1;
}

int RedactSecretObject(Json* secret) {
  int n = 0;
  for (const char* field : {"data", "stringData"}) {
    auto it = secret->find(field);
    if (it == secret->end() || !it->is_object()) continue;
    for (auto& [key, value] : it->items()) n += Replace(&value);
  }
  if (const Json* a = JsonAtPath(*secret, "metadata.annotations"); a && a->is_object()) {
    auto& annotations = (*secret)["metadata"]["annotations"];
    auto it = annotations.find(std::string(kLastApplied));
    if (it != annotations.end()) n += Replace(&*it);
  }
  return n;
}

int RedactString(Json* v);
int RedactValue(Json* v, KeySensitivity sensitivity);

int RedactSensitiveString(Json* v, KeySensitivity sensitivity) {
  const std::string& s = v->get_ref<const std::string&>();
  if (s.empty() || s == kRedacted) return 0;
  if (sensitivity == KeySensitivity::kAlways) return Replace(v);
  if (sensitivity == KeySensitivity::kIfTokenLike && LooksLikeToken(s)) return Replace(v);
  return RedactString(v);
}

// {"name": "DB_PASSWORD", "value": "..."} and {"key": ..., "value": ...}.
int RedactNameValuePair(Json* o) {
  auto value = o->find("value");
  if (value == o->end() || !value->is_string()) return 0;
  for (const char* name_field : {"name", "key"}) {
    auto name = o->find(name_field);
    if (name == o->end() || !name->is_string()) continue;
    KeySensitivity s = ClassifyKey(name->get_ref<const std::string&>());
    if (s != KeySensitivity::kNone) return RedactSensitiveString(&*value, s);
  }
  return 0;
}

int RedactObject(Json* o) {
  int n = 0;
  if (IsSecret(*o)) n += RedactSecretObject(o);
  auto kind = o->find("kind");
  auto items = o->find("items");
  if (kind != o->end() && *kind == "SecretList" && items != o->end() && items->is_array()) {
    for (Json& item : *items) {
      if (item.is_object()) n += RedactSecretObject(&item);
    }
  }
  n += RedactNameValuePair(o);
  for (auto& [key, value] : o->items()) {
    // A key's sensitivity matters only for the strings under it.
    if (value.is_object()) {
      n += RedactObject(&value);
    } else if (value.is_string() || value.is_array()) {
      n += RedactValue(&value, ClassifyKey(key));
    }
  }
  return n;
}

int RedactValue(Json* v, KeySensitivity sensitivity) {
  if (v->is_string()) return RedactSensitiveString(v, sensitivity);
  if (v->is_object()) return RedactObject(v);
  int n = 0;
  if (v->is_array()) {
    for (Json& element : *v) n += RedactValue(&element, sensitivity);
  }
  return n;
}

// A string holding JSON is redacted as JSON; any other through RedactText.
int RedactString(Json* v) {
  std::string& s = v->get_ref<std::string&>();
  size_t first = s.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (s[first] == '{' || s[first] == '[')) {
    Json parsed = Json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) {
      int n = RedactJson(&parsed);
      if (n > 0) s = parsed.dump();
      return n;
    }
  }
  return RedactText(&s);
}

}  // namespace

KeySensitivity ClassifyKey(std::string_view key) {
  std::string k = NormalizeKey(key);
  for (std::string_view exact : kExactKeys) {
    if (k == exact) return KeySensitivity::kAlways;
  }
  for (std::string_view suffix : kSuffixKeys) {
    if (EndsWith(k, suffix)) return KeySensitivity::kAlways;
  }
  for (std::string_view infix : kInfixKeys) {
    if (k.find(infix) != std::string::npos) return KeySensitivity::kIfTokenLike;
  }
  return KeySensitivity::kNone;
}

bool LooksLikeToken(std::string_view s) {
  if (s.size() < 20) return false;
  bool lower = false, upper = false, digit = false;
  std::array<int, 128> counts{};
  for (char c : s) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else if (std::string_view("+/=_.~:-").find(c) == std::string_view::npos) {
      return false;
    }
    ++counts[static_cast<unsigned char>(c)];
  }
  if (lower + upper + digit < 2) return false;
  double entropy = 0;
  for (int count : counts) {
    if (count == 0) continue;
    double p = static_cast<double>(count) / static_cast<double>(s.size());
    entropy -= p * std::log2(p);
  }
  return entropy >= 3.0;
}

int RedactJson(Json* value) { return RedactValue(value, KeySensitivity::kNone); }

Json Redacted(Json value) {
  RedactJson(&value);
  return value;
}

}  // namespace kf::recorder
