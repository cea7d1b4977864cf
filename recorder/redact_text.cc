// Text redaction rules (see redact.h). Each rule marks byte ranges to
// replace; overlapping ranges merge; the text is rebuilt once.
#include <algorithm>
#include <array>
#include <vector>

#include "engine/core/strings.h"
#include "recorder/redact.h"

namespace kf::recorder {

namespace {

constexpr std::string_view kPemBody = "\n[REDACTED]\n";

struct Span {
  size_t begin;
  size_t end;
  std::string_view replacement;
};

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsUpperOrDigit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsWordish(char c) { return IsAlnum(c) || c == '_' || c == '-'; }
bool IsTokenChar(char c) { return IsWordish(c) || c == '.' || c == '~' || c == '+' || c == '/' || c == '='; }
bool IsKeyChar(char c) { return IsWordish(c) || c == '.' || c == '/'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// Provider keys recognised by prefix: the body must have at least min_body
// characters accepted by `body`.
struct PrefixRule {
  std::string_view prefix;
  bool (*body)(char);
  size_t min_body;
};
constexpr std::array<PrefixRule, 17> kPrefixRules = {{
    {"sk-", IsWordish, 16},       {"AKIA", IsUpperOrDigit, 16}, {"ASIA", IsUpperOrDigit, 16},
    {"ghp_", IsAlnum, 20},        {"gho_", IsAlnum, 20},        {"ghu_", IsAlnum, 20},
    {"ghs_", IsAlnum, 20},        {"ghr_", IsAlnum, 20},        {"github_pat_", IsWordish, 20},
    {"xoxb-", IsWordish, 10},     {"xoxp-", IsWordish, 10},     {"xoxa-", IsWordish, 10},
    {"xoxr-", IsWordish, 10},     {"xoxs-", IsWordish, 10},     {"xapp-", IsWordish, 10},
    {"glpat-", IsWordish, 20},    {"AIza", IsWordish, 30},
}};

size_t RunOf(std::string_view s, size_t i, bool (*pred)(char)) {
  while (i < s.size() && pred(s[i])) ++i;
  return i;
}

// Whether some rule's prefix (or a JWT's "eyJ") starts with c.
bool StartsAPrefix(char c) { return c == 's' || c == 'A' || c == 'g' || c == 'x' || c == 'e'; }

void PrefixTokens(std::string_view s, std::vector<Span>* spans) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!StartsAPrefix(s[i]) || (i > 0 && IsAlnum(s[i - 1]))) continue;
    for (const PrefixRule& rule : kPrefixRules) {
      if (rule.prefix[0] != s[i] || s.compare(i, rule.prefix.size(), rule.prefix) != 0) continue;
      size_t end = RunOf(s, i + rule.prefix.size(), rule.body);
      if (end - i - rule.prefix.size() >= rule.min_body) spans->push_back({i, end, kRedacted});
    }
    // JWT: three base64url parts, the first two starting with eyJ ('{"').
    if (s.compare(i, 3, "eyJ") == 0) {
      size_t end = RunOf(s, i, [](char c) { return IsWordish(c) || c == '.'; });
      std::string_view jwt = s.substr(i, end - i);
      if (jwt.size() >= 30 && std::count(jwt.begin(), jwt.end(), '.') >= 2) spans->push_back({i, end, kRedacted});
    }
  }
}

void BearerTokens(std::string_view s, std::vector<Span>* spans) {
  for (size_t i = 0; i + 6 < s.size(); ++i) {
    if ((s[i] != 'b' && s[i] != 'B') || (i > 0 && IsAlnum(s[i - 1])) || !EqualsIgnoreCase(s.substr(i, 6), "bearer")) {
      continue;
    }
    size_t start = RunOf(s, i + 6, IsSpace);
    if (start == i + 6) continue;
    size_t end = RunOf(s, start, IsTokenChar);
    if (end - start >= 8) spans->push_back({start, end, kRedacted});
  }
}

// The end of a value starting at `i`: a quoted value ends at its closing
// quote; a header value at the end of the line; any other at a separator.
size_t ValueEnd(std::string_view s, size_t i, char quote, bool whole_line) {
  for (size_t j = i; j < s.size(); ++j) {
    char c = s[j];
    if (quote != 0) {
      if (c == '\\') {
        ++j;
        continue;
      }
      if (c == quote) return j;
    } else if (c == '\n' || c == '\r' || c == '"' || c == '\'') {
      return j;
    } else if (!whole_line && (IsSpace(c) || c == ',' || c == ';' || c == '&' || c == '}' || c == ')' || c == ']')) {
      return j;
    }
  }
  return s.size();
}

// "password: x", "password=x", "\"password\": \"x\"", "Authorization: Bearer x".
void KeyValues(std::string_view s, std::vector<Span>* spans) {
  for (size_t p = 0; p < s.size(); ++p) {
    if (s[p] != ':' && s[p] != '=') continue;
    size_t key_end = p;
    while (key_end > 0 && IsSpace(s[key_end - 1])) --key_end;
    if (key_end > 0 && (s[key_end - 1] == '"' || s[key_end - 1] == '\'')) --key_end;
    size_t key_begin = key_end;
    while (key_begin > 0 && IsKeyChar(s[key_begin - 1])) --key_begin;
    if (key_begin == key_end) continue;
    std::string_view key = s.substr(key_begin, key_end - key_begin);
    KeySensitivity sensitivity = ClassifyKey(key);
    if (sensitivity == KeySensitivity::kNone) continue;
    size_t v = RunOf(s, p + 1, IsSpace);
    char quote = v < s.size() && (s[v] == '"' || s[v] == '\'') ? s[v] : 0;
    if (quote != 0) ++v;
    if (v >= s.size() || s[v] == '{' || s[v] == '[' || (quote == 0 && s[v] == '=')) continue;
    if (s.compare(v, kRedacted.size(), kRedacted) == 0) continue;
    std::string k = ToLower(key);
    bool whole_line = k == "authorization" || k == "proxy-authorization" || k == "cookie" || k == "set-cookie";
    size_t end = ValueEnd(s, v, quote, whole_line);
    while (quote == 0 && end > v && IsSpace(s[end - 1])) --end;
    std::string_view value = s.substr(v, end - v);
    if (value.empty()) continue;
    if (sensitivity == KeySensitivity::kIfTokenLike && !LooksLikeToken(value)) continue;
    spans->push_back({v, end, kRedacted});
  }
}

void PemPrivateKeys(std::string_view s, std::vector<Span>* spans) {
  for (size_t b = s.find("-----BEGIN "); b != std::string_view::npos; b = s.find("-----BEGIN ", b + 1)) {
    size_t header_end = s.find("-----", b + 11);
    if (header_end == std::string_view::npos) return;
    if (s.substr(b, header_end - b).find("PRIVATE KEY") == std::string_view::npos) continue;
    size_t body = header_end + 5;
    size_t end = s.find("-----END", body);
    if (end == std::string_view::npos) end = s.size();
    if (s.substr(body, end - body) != kPemBody) spans->push_back({body, end, kPemBody});
  }
}

// In YAML text of a Secret: values under data:/stringData:, and the whole
// last-applied-configuration annotation (it repeats the data).
void YamlSecretData(std::string_view s, std::vector<Span>* spans) {
  if (s.find("kind: Secret") == std::string_view::npos) return;
  enum class Block { kNone, kDataMap, kWholeLines };
  Block block = Block::kNone;
  size_t block_indent = 0;
  for (size_t line = 0; line < s.size();) {
    size_t eol = s.find('\n', line);
    if (eol == std::string_view::npos) eol = s.size();
    size_t text = RunOf(s, line, IsSpace);
    size_t indent = text - line;
    size_t end = eol;
    while (end > text && (IsSpace(s[end - 1]) || s[end - 1] == '\r')) --end;
    std::string_view content = s.substr(text, end - text);
    if (!content.empty() && block != Block::kNone && indent <= block_indent) block = Block::kNone;
    size_t colon = content.find(": ");
    if (content.empty() || content == kRedacted) {
      // nothing to do
    } else if (block == Block::kWholeLines) {
      spans->push_back({text, end, kRedacted});
    } else if (block == Block::kDataMap) {
      size_t v = colon == std::string_view::npos ? text : text + colon + 2;
      if (s.substr(v, end - v) != kRedacted) spans->push_back({v, end, kRedacted});
    } else if (content == "data:" || content == "stringData:") {
      block = Block::kDataMap;
      block_indent = indent;
    } else if (StartsWith(content, "kubectl.kubernetes.io/last-applied-configuration:")) {
      block = Block::kWholeLines;
      block_indent = indent;
      size_t v = RunOf(s, text + content.find(':') + 1, IsSpace);
      if (v < end && s.substr(v, end - v) != kRedacted) spans->push_back({v, end, kRedacted});
    }
    line = eol + 1;
  }
}

// Whether no rule can match: the shortest text a rule redacts without a ':'
// or '=' (a key and its value) has 15 characters ("Bearer " and 8 token
// characters, "xoxb-" and 10); PEM headers, JWTs and the other prefixed keys
// are longer. Most strings of a payload are names like this: one scan.
bool TooShortForSecrets(std::string_view s) {
  return s.size() < 15 && s.find_first_of(":=") == std::string_view::npos;
}

}  // namespace

int RedactText(std::string* text) {
  std::string_view s = *text;
  if (TooShortForSecrets(s)) return 0;
  std::vector<Span> spans;
  PemPrivateKeys(s, &spans);
  YamlSecretData(s, &spans);
  KeyValues(s, &spans);
  BearerTokens(s, &spans);
  PrefixTokens(s, &spans);
  if (spans.empty()) return 0;
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && span.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, span.end);
    } else {
      merged.push_back(span);
    }
  }
  std::string out;
  out.reserve(s.size());
  size_t at = 0;
  for (const Span& span : merged) {
    out.append(s.substr(at, span.begin - at));
    out.append(span.replacement);
    at = span.end;
  }
  out.append(s.substr(at));
  *text = std::move(out);
  return static_cast<int>(merged.size());
}

}  // namespace kf::recorder
