// The samples of one series, stored compactly with random access.
//
// Samples are kept in runs. A run whose timestamps advance by a fixed step
// keeps only its first time and the step; a run of one repeated value keeps
// the value once (compared bit for bit, so a staleness marker is a value
// like any other). Other runs keep their times or values in plain arrays.
// Scrapes land at a fixed interval and most exporter values (limits,
// requests, restart counts, replicas) rarely change, so a scraped series
// costs at most 8 bytes per sample and often next to nothing, where a
// (time, value) pair costs 16. Reading sample i is O(1) for a series of one
// run and O(log runs) otherwise; time searches are O(log runs) plus
// O(log n) within an irregular run.
//
// The run being appended to is kept inside the column itself, not in the
// array of closed runs: an append then reads and writes memory it already
// holds (a scrape appends to tens of thousands of series in turn, and a
// second cache miss per append was most of its cost).
//
// Appends must not go back in time (SeriesStore::Append's REQUIRES); the
// searches assume it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "engine/core/clock.h"

namespace kf {

struct Sample {
  UnixMillis t;
  double v;  // a staleness marker is the special NaN from StaleNaN()
  bool operator==(const Sample& o) const;  // bit-identical values
};

class SampleColumn {
 public:
  // Yields samples by value (they are decoded, not stored as pairs).
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Sample;
    using difference_type = std::ptrdiff_t;
    using reference = Sample;
    using pointer = void;

    const_iterator() = default;
    const_iterator(const SampleColumn* c, size_t i) : c_(c), i_(i) {}
    Sample operator*() const { return (*c_)[i_]; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++i_;
      return old;
    }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }

   private:
    const SampleColumn* c_ = nullptr;
    size_t i_ = 0;
  };

  void push_back(const Sample& s);

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Sample operator[](size_t i) const;
  Sample front() const { return (*this)[0]; }
  Sample back() const { return (*this)[size_ - 1]; }
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size_); }

  // Index of the first sample with time > t (size() when none).
  size_t UpperBound(UnixMillis t) const;
  // Index of the first sample with time >= t (size() when none).
  size_t LowerBound(UnixMillis t) const;

  // Bytes held for samples (heap capacity and the inline last run), for
  // benchmarks.
  size_t MemoryBytes() const;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Run {
    uint32_t first = 0;      // index of the run's first sample in the column
    uint32_t times = kNone;  // kNone: t0 + k * step; else where its times start in times_
    uint32_t values = kNone; // kNone: every sample is `value`; else where its values start in values_
    int64_t t0 = 0;
    int64_t step = 0;        // meaningful from the run's second sample
    double value = 0;
  };

  // Runs in order: the closed runs_, then tail_ (when there are samples).
  size_t RunCount() const { return runs_.size() + (size_ > 0 ? 1 : 0); }
  const Run& RunAt(size_t r) const { return r < runs_.size() ? runs_[r] : tail_; }
  const Run& RunOf(size_t i) const;
  size_t RunSize(size_t r) const;
  UnixMillis TimeAt(const Run& r, size_t k) const;
  // First index k in [0, n) of run r with time > t (strict) or >= t.
  size_t SearchRun(const Run& r, size_t n, UnixMillis t, bool strict) const;
  size_t Search(UnixMillis t, bool strict) const;
  void StartRun(const Sample& s);

  Run tail_;               // the last run; meaningful when size_ > 0
  std::vector<Run> runs_;  // the runs before it
  std::vector<int64_t> times_;
  std::vector<double> values_;
  uint32_t size_ = 0;
};

}  // namespace kf
