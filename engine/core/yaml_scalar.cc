#include "engine/core/yaml_scalar.h"

#include <cstdint>
#include <cstdlib>
#include <limits>

namespace kf::yaml_internal {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Digits of `s` from `i` in `base`; false on an empty run or a bad digit.
bool ParseUnsigned(const std::string& s, size_t i, int base, unsigned __int128* out,
                   bool* overflow) {
  if (i >= s.size()) return false;
  unsigned __int128 v = 0;
  *overflow = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    int d;
    if (IsDigit(c)) d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    if (d >= base) return false;
    if (v > (static_cast<unsigned __int128>(UINT64_MAX) << 4)) *overflow = true;
    else v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
  }
  *out = v;
  return true;
}

}  // namespace

bool ResolveNull(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool ResolveBool(const std::string& s, bool* out) {
  if (s == "true" || s == "True" || s == "TRUE") return *out = true, true;
  if (s == "false" || s == "False" || s == "FALSE") return *out = false, true;
  return false;
}

bool ResolveInt(const std::string& s, Json* out) {
  int base = 10;
  size_t i = 0;
  bool neg = false;
  if (s.starts_with("0x")) {
    base = 16;
    i = 2;
  } else if (s.starts_with("0o")) {
    base = 8;
    i = 2;
  } else if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    i = 1;
  }
  unsigned __int128 v;
  bool overflow;
  if (!ParseUnsigned(s, i, base, &v, &overflow)) return false;
  if (overflow || v > UINT64_MAX) {
    // Hex and octal beyond 2^68 saturate to infinity.
    if (base == 10) {
      *out = std::strtod(s.c_str(), nullptr);
    } else {
      *out = overflow ? std::numeric_limits<double>::infinity() : static_cast<double>(v);
    }
    return true;
  }
  if (neg) {
    if (v <= static_cast<unsigned __int128>(INT64_MAX) + 1) {
      *out = static_cast<int64_t>(-static_cast<__int128>(v));
    } else {
      *out = -static_cast<double>(v);
    }
  } else if (v <= static_cast<unsigned __int128>(INT64_MAX)) {
    *out = static_cast<int64_t>(v);
  } else {
    *out = static_cast<uint64_t>(v);
  }
  return true;
}

bool ResolveFloat(const std::string& s, Json* out) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  std::string rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") {
    *out = neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    return i - start;
  };
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  if (i != s.size()) return false;
  *out = std::strtod(s.c_str(), nullptr);
  return true;
}

Json ResolvePlain(const std::string& s) {
  Json out;
  bool b;
  if (ResolveNull(s)) return nullptr;
  if (ResolveBool(s, &b)) return b;
  if (ResolveInt(s, &out) || ResolveFloat(s, &out)) return out;
  return s;
}

}  // namespace kf::yaml_internal
