#include "engine/sim/selector_validation.h"

#include <cctype>
#include <cstdlib>
#include <vector>

#include "engine/core/json.h"

namespace kf {
namespace {

constexpr size_t kQualifiedNameMaxLength = 63;
constexpr size_t kLabelValueMaxLength = 63;
constexpr size_t kDns1123SubdomainMaxLength = 253;
constexpr char kQualifiedNameFmt[] = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr char kQualifiedNameErrMsg[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr char kLabelValueErrMsg[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";
constexpr char kDns1123SubdomainErrMsg[] =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr char kDns1123SubdomainFmt[] =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesQualifiedName(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

bool IsDnsLabelChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool MatchesDns1123Subdomain(std::string_view s) {
  if (s.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (label.empty() || !IsDnsLabelChar(label.front()) || !IsDnsLabelChar(label.back())) {
      return false;
    }
    for (char c : label) {
      if (!IsDnsLabelChar(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string RegexError(const std::string& msg, const std::string& fmt,
                       const std::vector<std::string>& examples) {
  std::string s = msg;
  if (!examples.empty()) {
    s += " (e.g. ";
    for (size_t i = 0; i < examples.size(); ++i) {
      if (i > 0) s += " or ";
      s += "'" + examples[i] + "', ";
    }
    s += "regex used for validation is '" + fmt + "')";
  }
  return s;
}

std::string MaxLenError(size_t n) { return "must be no more than " + std::to_string(n) + " characters"; }

std::vector<std::string> IsQualifiedName(std::string_view value) {
  std::vector<std::string> errs;
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = value.find('/', start);
    parts.push_back(value.substr(start, slash == value.npos ? value.npos : slash - start));
    if (slash == value.npos) break;
    start = slash + 1;
  }
  const std::string name_regex =
      RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"});
  std::string_view name;
  if (parts.size() == 1) {
    name = parts[0];
  } else if (parts.size() == 2) {
    std::string_view prefix = parts[0];
    name = parts[1];
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > kDns1123SubdomainMaxLength) {
        errs.push_back("prefix part " + MaxLenError(kDns1123SubdomainMaxLength));
      }
      if (!MatchesDns1123Subdomain(prefix)) {
        errs.push_back("prefix part " + RegexError(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt,
                                                   {"example.com"}));
      }
    }
  } else {
    errs.push_back("a qualified name " + name_regex +
                   " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    return errs;
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > kQualifiedNameMaxLength) {
    errs.push_back("name part " + MaxLenError(kQualifiedNameMaxLength));
  }
  if (!MatchesQualifiedName(name)) errs.push_back("name part " + name_regex);
  return errs;
}

std::vector<std::string> IsValidLabelValue(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelValueMaxLength) errs.push_back(MaxLenError(kLabelValueMaxLength));
  if (!value.empty() && !MatchesQualifiedName(value)) {
    errs.push_back(RegexError(kLabelValueErrMsg, std::string("(") + kQualifiedNameFmt + ")?",
                              {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::string JoinErrs(const std::vector<std::string>& errs, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < errs.size(); ++i) out += (i > 0 ? std::string(sep) : "") + errs[i];
  return out;
}

std::string GoQuote(std::string_view s) { return Json(std::string(s)).dump(); }

// Go's %#v of a []string: []string{"a", "b"}.
std::string GoStringSlice(const std::vector<std::string>& v) {
  std::string out = "[]string{";
  for (size_t i = 0; i < v.size(); ++i) out += (i > 0 ? ", " : "") + GoQuote(v[i]);
  return out + "}";
}

std::string Child(std::string_view path, std::string_view name) {
  return path.empty() ? std::string(name) : std::string(path) + "." + std::string(name);
}

bool IsInteger(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtoll(s.c_str(), &end, 10);
  return *end == '\0';
}

}  // namespace

std::string ValidateLabelKey(std::string_view key, std::string_view path) {
  std::vector<std::string> errs = IsQualifiedName(key);
  if (errs.empty()) return "";
  return std::string(path) + ": Invalid value: " + GoQuote(key) + ": " + JoinErrs(errs, "; ");
}

std::string ValidateLabelValue(std::string_view key, std::string_view value, std::string_view path) {
  std::vector<std::string> errs = IsValidLabelValue(value);
  if (errs.empty()) return "";
  return std::string(path) + "[" + std::string(key) + "]: Invalid value: " + GoQuote(value) + ": " +
         JoinErrs(errs, "; ");
}

std::string ValidateRequirement(const LabelRequirement& req, std::string_view path) {
  using Op = LabelRequirement::Op;
  std::vector<std::string> errs;
  if (std::string e = ValidateLabelKey(req.key, Child(path, "key")); !e.empty()) errs.push_back(e);
  const std::string values_path = Child(path, "values");
  const std::string invalid = values_path + ": Invalid value: " + GoStringSlice(req.values) + ": ";
  switch (req.op) {
    case Op::kIn:
    case Op::kNotIn:
      if (req.values.empty()) errs.push_back(invalid + "for 'in', 'notin' operators, values set can't be empty");
      break;
    case Op::kEquals:
    case Op::kDoubleEquals:
    case Op::kNotEquals:
      if (req.values.size() != 1) errs.push_back(invalid + "exact-match compatibility requires one single value");
      break;
    case Op::kExists:
    case Op::kDoesNotExist:
      if (!req.values.empty()) errs.push_back(invalid + "values set must be empty for exists and does not exist");
      break;
    case Op::kGreaterThan:
    case Op::kLessThan:
      if (req.values.size() != 1) {
        errs.push_back(invalid + "for 'Gt', 'Lt' operators, exactly one value is required");
      }
      for (size_t i = 0; i < req.values.size(); ++i) {
        if (!IsInteger(req.values[i])) {
          errs.push_back(values_path + "[" + std::to_string(i) + "]: Invalid value: " +
                         GoQuote(req.values[i]) +
                         ": for 'Gt', 'Lt' operators, the value must be an integer");
        }
      }
      break;
  }
  for (size_t i = 0; i < req.values.size(); ++i) {
    std::string e = ValidateLabelValue(req.key, req.values[i], values_path + "[" + std::to_string(i) + "]");
    if (!e.empty()) errs.push_back(e);
  }
  if (errs.empty()) return "";
  if (errs.size() == 1) return errs[0];
  return "[" + JoinErrs(errs, ", ") + "]";
}

}  // namespace kf
