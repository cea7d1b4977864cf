#include "engine/core/quantity.h"

#include <string_view>

#include "engine/core/strings.h"

namespace kf {

namespace {

// The texts k8s.io/apimachinery/pkg/api/resource returns.
constexpr const char* kErrFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr const char* kErrNumeric = "unable to parse numeric part of quantity";
constexpr const char* kErrSuffix = "unable to parse quantity's suffix";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Parts {
  bool negative = false;
  std::string num;    // digits before '.'
  std::string denom;  // digits after '.'
  std::string suffix;
};

// Splits as parseQuantityString does; false when the text does not match
// the quantity grammar.
bool SplitQuantity(std::string_view s, Parts* p) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) p->negative = s[i++] == '-';
  while (i < s.size() && IsDigit(s[i])) p->num += s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) p->denom += s[i++];
  }
  size_t suffix_start = i;
  while (i < s.size() && std::string_view("eEinumkKMGTP").find(s[i]) != std::string_view::npos) ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i != s.size()) return false;
  p->suffix = std::string(s.substr(suffix_start));
  return true;
}

// Interprets a suffix as 10^dec * 2^bin; false when unknown.
bool InterpretSuffix(const std::string& s, int64_t* dec, int* bin) {
  *dec = 0;
  *bin = 0;
  static const struct { const char* name; int dec; int bin; } kSuffixes[] = {
      {"", 0, 0},    {"n", -9, 0},  {"u", -6, 0},  {"m", -3, 0},  {"k", 3, 0},
      {"M", 6, 0},   {"G", 9, 0},   {"T", 12, 0},  {"P", 15, 0},  {"E", 18, 0},
      {"Ki", 0, 10}, {"Mi", 0, 20}, {"Gi", 0, 30}, {"Ti", 0, 40}, {"Pi", 0, 50},
      {"Ei", 0, 60},
  };
  for (const auto& k : kSuffixes) {
    if (s == k.name) {
      *dec = k.dec;
      *bin = k.bin;
      return true;
    }
  }
  if (s.size() < 2 || (s[0] != 'e' && s[0] != 'E')) return false;
  size_t i = 1;
  bool neg = false;
  if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
  if (i == s.size()) return false;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
    if (v < 1000000) v = v * 10 + (s[i] - '0');  // saturates; far beyond any int64
  }
  *dec = neg ? -v : v;
  return true;
}

// Decimal digit string times 2.
void Double(std::string* digits) {
  int carry = 0;
  for (size_t i = digits->size(); i-- > 0;) {
    int d = ((*digits)[i] - '0') * 2 + carry;
    (*digits)[i] = static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  if (carry) digits->insert(digits->begin(), static_cast<char>('0' + carry));
}

enum class Scaled { kOk, kTooLarge };

// ceil(digits * 10^exp10) into *out; digits has no leading zeros and is
// non-empty.
Scaled ScaleUp(std::string digits, int64_t exp10, int64_t* out) {
  if (exp10 >= 0) {
    if (exp10 > 19 || static_cast<int64_t>(digits.size()) + exp10 > 19) return Scaled::kTooLarge;
    digits.append(static_cast<size_t>(exp10), '0');
  } else {
    const size_t drop = static_cast<size_t>(-exp10);
    bool round_up = true;
    if (drop < digits.size()) {
      const size_t keep = digits.size() - drop;
      round_up = digits.find_first_not_of('0', keep) != std::string::npos;
      digits = digits.substr(0, keep);
    } else {
      digits = "0";
    }
    if (round_up) {
      // digits + 1
      size_t i = digits.size();
      while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
      if (i == 0) digits.insert(digits.begin(), '1');
      else ++digits[i - 1];
    }
  }
  if (digits.size() > 19) return Scaled::kTooLarge;
  unsigned __int128 v = 0;
  for (char c : digits) v = v * 10 + static_cast<unsigned>(c - '0');
  if (v > static_cast<unsigned __int128>(INT64_MAX)) return Scaled::kTooLarge;
  *out = static_cast<int64_t>(v);
  return Scaled::kOk;
}

}  // namespace

Result<Quantity> Quantity::Parse(const std::string& s) {
  if (s.empty()) return InvalidArgument(kErrFormatWrong);
  Parts p;
  if (!SplitQuantity(s, &p)) return InvalidArgument(kErrFormatWrong);
  int64_t dec;
  int bin;
  if (!InterpretSuffix(p.suffix, &dec, &bin)) return InvalidArgument(kErrSuffix);
  if (p.num.empty() && p.denom.empty()) return InvalidArgument(kErrNumeric);

  std::string digits = p.num + p.denom;
  size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) return Quantity();
  digits.erase(0, nz);
  for (int k = 0; k < bin; ++k) Double(&digits);
  int64_t milli = 0;
  const int64_t exp10 = dec + 3 - static_cast<int64_t>(p.denom.size());
  if (ScaleUp(digits, exp10, &milli) == Scaled::kTooLarge) {
    return InvalidArgument(StrFormat("quantity \"%s\" is too large", s.c_str()));
  }
  return FromMilli(p.negative ? -milli : milli);
}

int64_t Quantity::Value() const {
  if (milli_ >= 0) return milli_ / 1000 + (milli_ % 1000 != 0);
  return milli_ / 1000 - (milli_ % 1000 != 0);
}

std::string FormatMemory(int64_t bytes) {
  if (bytes == 0) return "0";
  static const char* kSuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  const bool neg = bytes < 0;
  uint64_t v = neg ? ~static_cast<uint64_t>(bytes) + 1 : static_cast<uint64_t>(bytes);
  int k = 0;
  while (k < 6 && v % 1024 == 0) {
    v /= 1024;
    ++k;
  }
  return (neg ? "-" : "") + std::to_string(v) + kSuffixes[k];
}

std::string FormatMemoryTop(int64_t bytes) {
  return std::to_string(bytes / (1024 * 1024)) + "Mi";
}

std::string FormatCpu(int64_t millicores) {
  if (millicores % 1000 == 0) return std::to_string(millicores / 1000);
  return std::to_string(millicores) + "m";
}

std::string FormatCpuTop(int64_t millicores) { return std::to_string(millicores) + "m"; }

}  // namespace kf
