#include "engine/core/duration.h"

#include <cstdint>

#include "engine/core/strings.h"

namespace kf {

namespace {

constexpr int64_t kNs = 1;
constexpr int64_t kUs = 1000 * kNs;
constexpr int64_t kMsNs = 1000 * kUs;
constexpr int64_t kSecNs = 1000 * kMsNs;
constexpr int64_t kMinNs = 60 * kSecNs;
constexpr int64_t kHourNs = 60 * kMinNs;
constexpr int64_t kDayNs = 24 * kHourNs;

// Nanoseconds per unit; 0 when unknown.
int64_t UnitNs(std::string_view u) {
  if (u == "ns") return kNs;
  if (u == "us" || u == "\xC2\xB5s" || u == "\xCE\xBCs") return kUs;
  if (u == "ms") return kMsNs;
  if (u == "s") return kSecNs;
  if (u == "m") return kMinNs;
  if (u == "h") return kHourNs;
  if (u == "d") return kDayNs;
  if (u == "w") return 7 * kDayNs;
  if (u == "y") return 365 * kDayNs;
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Largest magnitude in nanoseconds whose millisecond count fits an int64.
constexpr __int128 kMaxNs = static_cast<__int128>(INT64_MAX) * kMsNs;

}  // namespace

Result<DurationMs> ParseDuration(const std::string& s) {
  const std::string quoted = "\"" + s + "\"";
  auto invalid = [&] { return InvalidArgument("time: invalid duration " + quoted); };
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  if (s.substr(i) == "0") return DurationMs{0};
  if (i == s.size()) return invalid();
  __int128 total = 0;
  while (i < s.size()) {
    __int128 whole = 0;
    __int128 frac = 0, scale = 1;
    size_t start = i;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      whole = whole * 10 + (s[i] - '0');
      if (whole > kMaxNs) return invalid();
    }
    bool had_whole = i > start;
    bool had_frac = false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      size_t fstart = i;
      for (; i < s.size() && IsDigit(s[i]); ++i) {
        if (scale < static_cast<__int128>(1000000000000000000LL)) {
          frac = frac * 10 + (s[i] - '0');
          scale *= 10;
        }
      }
      had_frac = i > fstart;
    }
    if (!had_whole && !had_frac) return invalid();
    size_t ustart = i;
    while (i < s.size() && s[i] != '.' && !IsDigit(s[i])) ++i;
    if (i == ustart) return InvalidArgument("time: missing unit in duration " + quoted);
    std::string_view unit = std::string_view(s).substr(ustart, i - ustart);
    int64_t ns = UnitNs(unit);
    if (ns == 0) {
      return InvalidArgument("time: unknown unit \"" + std::string(unit) + "\" in duration " +
                             quoted);
    }
    if (whole > kMaxNs / ns) return invalid();
    total += whole * ns + frac * ns / scale;
    if (total > kMaxNs) return invalid();
  }
  int64_t ms = static_cast<int64_t>(total / kMsNs);
  return neg ? -ms : ms;
}

std::string FormatDuration(DurationMs d) {
  if (d == 0) return "0s";
  std::string sign = d < 0 ? "-" : "";
  uint64_t v = d < 0 ? ~static_cast<uint64_t>(d) + 1 : static_cast<uint64_t>(d);
  if (v < 1000) return sign + std::to_string(v) + "ms";
  uint64_t h = v / 3600000, m = v / 60000 % 60, s = v / 1000 % 60, ms = v % 1000;
  std::string out = sign;
  if (h > 0) out += std::to_string(h) + "h";
  if (m > 0) out += std::to_string(m) + "m";
  if (s > 0 || ms > 0) {
    out += std::to_string(s);
    if (ms > 0) {
      std::string frac = StrFormat("%03d", static_cast<int>(ms));
      while (frac.back() == '0') frac.pop_back();
      out += "." + frac;
    }
    out += "s";
  }
  return out;
}

std::string HumanDuration(DurationMs d) {
  const int64_t seconds = d / 1000;  // truncates toward zero, as Go's int(d.Seconds())
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return StrFormat("%llds", static_cast<long long>(seconds));
  const long long minutes = d / 60000;
  if (minutes < 10) {
    const long long s = seconds % 60;
    if (s == 0) return StrFormat("%lldm", minutes);
    return StrFormat("%lldm%llds", minutes, s);
  }
  if (minutes < 60 * 3) return StrFormat("%lldm", minutes);
  const long long hours = d / 3600000;
  if (hours < 8) {
    const long long m = minutes % 60;
    if (m == 0) return StrFormat("%lldh", hours);
    return StrFormat("%lldh%lldm", hours, m);
  }
  if (hours < 48) return StrFormat("%lldh", hours);
  if (hours < 24 * 8) {
    const long long h = hours % 24;
    if (h == 0) return StrFormat("%lldd", hours / 24);
    return StrFormat("%lldd%lldh", hours / 24, h);
  }
  if (hours < 24 * 365 * 2) return StrFormat("%lldd", hours / 24);
  if (hours < 24 * 365 * 8) {
    const long long dy = hours / 24 % 365;
    if (dy == 0) return StrFormat("%lldy", hours / 24 / 365);
    return StrFormat("%lldy%lldd", hours / 24 / 365, dy);
  }
  return StrFormat("%lldy", hours / 24 / 365);
}

std::string FormatAge(UnixMillis then, UnixMillis now) {
  if (then == 0) return "<unknown>";
  return HumanDuration(now - then);
}

std::string FormatEventInterval(UnixMillis first, UnixMillis last, int count, UnixMillis now) {
  if (count > 1) {
    return FormatAge(last, now) + " (x" + std::to_string(count) + " over " +
           FormatAge(first, now) + ")";
  }
  return FormatAge(first != 0 ? first : last, now);
}

}  // namespace kf
