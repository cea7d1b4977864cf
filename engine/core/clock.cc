#include "engine/core/clock.h"

#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace kf {

UnixMillis WallClock::Now() const {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since).count();
}

void WallClock::Sleep(DurationMs d) {
  if (d <= 0) return;
  timespec req{static_cast<time_t>(d / 1000), static_cast<long>((d % 1000) * 1000000)};
  timespec rem{};
  while (nanosleep(&req, &rem) == -1 && errno == EINTR) req = rem;
}

VirtualClock::TimerId VirtualClock::Schedule(UnixMillis at, std::function<void()> fn) {
  if (at < now_) at = now_;
  TimerId id = next_id_++;
  timers_.emplace(std::make_pair(at, id), std::move(fn));
  due_by_id_.emplace(id, at);
  return id;
}

void VirtualClock::Cancel(TimerId id) {
  auto it = due_by_id_.find(id);
  if (it == due_by_id_.end()) return;
  timers_.erase(std::make_pair(it->second, id));
  due_by_id_.erase(it);
}

void VirtualClock::AdvanceTo(UnixMillis t) {
  assert(t >= now_);
  while (!timers_.empty() && timers_.begin()->first.first <= t) {
    auto it = timers_.begin();
    now_ = it->first.first;
    std::function<void()> fn = std::move(it->second);
    due_by_id_.erase(it->first.second);
    timers_.erase(it);
    fn();
  }
  if (t > now_) now_ = t;
}

UnixMillis VirtualClock::NextTimer() const {
  return timers_.empty() ? -1 : timers_.begin()->first.first;
}

namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Howard Hinnant's civil-from-days and days-from-civil (proleptic Gregorian).
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Writes v (0 <= v < 10^n) as n digits at out; returns the end.
char* PutDigits(char* out, int64_t v, int n) {
  for (int k = n - 1; k >= 0; --k) {
    out[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + n;
}

// Writes "YYYY-MM-DDTHH:MM:SS" of t to out (room for 40 chars) and returns
// the end; the year as %04lld (wider, or with a sign, outside 0..9999).
// *millis gets t's milliseconds within the second. Digits are written by
// hand: timestamps are formatted for every event and pod status, and
// snprintf cost ~3,000 instructions a call.
char* FormatSeconds(UnixMillis t, int64_t* millis, char* out) {
  int64_t days = FloorDiv(t, 86400000);
  int64_t rest = t - days * 86400000;
  int64_t y;
  int mo, d;
  CivilFromDays(days, &y, &mo, &d);
  int64_t secs = rest / 1000;
  *millis = rest % 1000;
  char* p = out;
  if (y >= 0 && y <= 9999) {
    p = PutDigits(p, y, 4);
  } else {
    p += std::snprintf(out, 24, "%04lld", static_cast<long long>(y));
  }
  *p++ = '-';
  p = PutDigits(p, mo, 2);
  *p++ = '-';
  p = PutDigits(p, d, 2);
  *p++ = 'T';
  p = PutDigits(p, secs / 3600, 2);
  *p++ = ':';
  p = PutDigits(p, secs / 60 % 60, 2);
  *p++ = ':';
  return PutDigits(p, secs % 60, 2);
}

// Reads exactly n digits at s[*i]; false when any is not a digit.
bool Digits(const std::string& s, size_t* i, int n, int* out) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

bool Expect(const std::string& s, size_t* i, char c1, char c2 = 0) {
  if (*i >= s.size() || (s[*i] != c1 && (c2 == 0 || s[*i] != c2))) return false;
  ++*i;
  return true;
}

}  // namespace

std::string FormatRfc3339(UnixMillis t) {
  int64_t ms;
  char buf[48];
  char* end = FormatSeconds(t, &ms, buf);
  *end++ = 'Z';
  return std::string(buf, end);
}

std::string FormatRfc3339Micro(UnixMillis t) {
  int64_t ms;
  char buf[56];
  char* end = FormatSeconds(t, &ms, buf);
  *end++ = '.';
  end = PutDigits(end, ms, 3);
  for (int i = 0; i < 3; ++i) *end++ = '0';
  *end++ = 'Z';
  return std::string(buf, end);
}

bool ParseRfc3339(const std::string& s, UnixMillis* out) {
  size_t i = 0;
  int y, mo, d, h, mi, se;
  if (!Digits(s, &i, 4, &y) || !Expect(s, &i, '-') || !Digits(s, &i, 2, &mo) ||
      !Expect(s, &i, '-') || !Digits(s, &i, 2, &d) || !Expect(s, &i, 'T', 't') ||
      !Digits(s, &i, 2, &h) || !Expect(s, &i, ':') || !Digits(s, &i, 2, &mi) ||
      !Expect(s, &i, ':') || !Digits(s, &i, 2, &se)) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo) || h > 23 || mi > 59 || se > 59) {
    return false;
  }
  int64_t millis = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    int64_t scale = 100;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      millis += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return false;
  }
  int64_t offset_min = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int oh, om;
    if (!Digits(s, &i, 2, &oh) || !Expect(s, &i, ':') || !Digits(s, &i, 2, &om)) return false;
    if (oh > 23 || om > 59) return false;
    offset_min = sign * (oh * 60 + om);
  } else {
    return false;
  }
  if (i != s.size()) return false;
  int64_t days = DaysFromCivil(y, mo, d);
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset_min * 60;
  *out = secs * 1000 + millis;
  return true;
}

}  // namespace kf
