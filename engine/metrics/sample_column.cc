#include "engine/metrics/sample_column.h"

#include <algorithm>
#include <bit>

namespace kf {

namespace {

// A run shorter than this whose time step or value breaks stores its times
// (values) explicitly instead of ending: short runs would cost more than
// the samples they describe.
constexpr size_t kMinRunToSplit = 4;

bool SameBits(double a, double b) { return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b); }

// push_back with a growth of 1.25x instead of the library's 2x: a series'
// arrays only grow, and half-empty capacity would be most of their cost.
template <typename T>
void Grow(std::vector<T>& v, T x) {
  if (v.size() == v.capacity()) v.reserve(v.size() + v.size() / 4 + 8);
  v.push_back(x);
}

}  // namespace

bool Sample::operator==(const Sample& o) const { return t == o.t && SameBits(v, o.v); }

void SampleColumn::StartRun(const Sample& s) {
  if (size_ > 0) runs_.push_back(tail_);
  tail_ = Run{};
  tail_.first = size_;
  tail_.t0 = s.t;
  tail_.value = s.v;
  ++size_;
}

void SampleColumn::push_back(const Sample& s) {
  if (size_ == 0) return StartRun(s);
  Run& r = tail_;
  const size_t n = size_ - r.first;
  if (r.times == kNone && n >= 2 && s.t != r.t0 + static_cast<int64_t>(n) * r.step) {
    if (n >= kMinRunToSplit) return StartRun(s);
    r.times = static_cast<uint32_t>(times_.size());
    for (size_t k = 0; k < n; ++k) Grow(times_, r.t0 + static_cast<int64_t>(k) * r.step);
  }
  if (r.values == kNone && !SameBits(s.v, r.value)) {
    if (n >= kMinRunToSplit) return StartRun(s);
    r.values = static_cast<uint32_t>(values_.size());
    for (size_t k = 0; k < n; ++k) Grow(values_, r.value);
  }
  if (r.times != kNone) {
    Grow(times_, s.t);
  } else if (n == 1) {
    r.step = s.t - r.t0;
  }
  if (r.values != kNone) Grow(values_, s.v);
  ++size_;
}

const SampleColumn::Run& SampleColumn::RunOf(size_t i) const {
  if (i >= tail_.first) return tail_;
  auto it = std::upper_bound(runs_.begin(), runs_.end(), i,
                             [](size_t x, const Run& r) { return x < r.first; });
  return *(it - 1);
}

size_t SampleColumn::RunSize(size_t r) const {
  return (r + 1 < RunCount() ? RunAt(r + 1).first : size_) - RunAt(r).first;
}

UnixMillis SampleColumn::TimeAt(const Run& r, size_t k) const {
  return r.times == kNone ? r.t0 + static_cast<int64_t>(k) * r.step : times_[r.times + k];
}

Sample SampleColumn::operator[](size_t i) const {
  const Run& r = RunOf(i);
  const size_t k = i - r.first;
  return Sample{TimeAt(r, k), r.values == kNone ? r.value : values_[r.values + k]};
}

size_t SampleColumn::SearchRun(const Run& r, size_t n, UnixMillis t, bool strict) const {
  if (r.times != kNone) {
    auto begin = times_.begin() + r.times, end = begin + static_cast<std::ptrdiff_t>(n);
    return (strict ? std::upper_bound(begin, end, t) : std::lower_bound(begin, end, t)) - begin;
  }
  if (strict ? t < r.t0 : t <= r.t0) return 0;
  if (n == 1 || r.step == 0) return n;  // every time is t0, which is on the wrong side
  const int64_t d = t - r.t0;
  const int64_t k = strict ? d / r.step + 1 : (d + r.step - 1) / r.step;
  return std::min<size_t>(static_cast<size_t>(k), n);
}

size_t SampleColumn::Search(UnixMillis t, bool strict) const {
  // The first run whose first time is on the far side of t; the answer is
  // in the run before it, or is that run's first sample.
  auto after = [&](const Run& r) { return strict ? r.t0 > t : r.t0 >= t; };
  // Every run's t0 is its first time, explicit or not.
  size_t rr = std::partition_point(runs_.begin(), runs_.end(), [&](const Run& r) { return !after(r); }) -
              runs_.begin();
  if (rr == runs_.size() && size_ > 0 && !after(tail_)) ++rr;
  if (rr == 0) return 0;
  const Run& prev = RunAt(rr - 1);
  const size_t n = RunSize(rr - 1);
  const size_t k = SearchRun(prev, n, t, strict);
  return k < n ? prev.first + k : (rr < RunCount() ? RunAt(rr).first : size_);
}

size_t SampleColumn::UpperBound(UnixMillis t) const { return Search(t, true); }

size_t SampleColumn::LowerBound(UnixMillis t) const { return Search(t, false); }

size_t SampleColumn::MemoryBytes() const {
  return sizeof(tail_) + runs_.capacity() * sizeof(Run) + times_.capacity() * sizeof(int64_t) +
         values_.capacity() * sizeof(double);
}

}  // namespace kf
