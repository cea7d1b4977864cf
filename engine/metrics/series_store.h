// An in-memory time-series store: what the simulator writes its metrics to
// and what the PromQL engine reads. Series are identified by their full
// label set (including __name__). Samples of a series are appended in
// non-decreasing time order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/core/clock.h"
#include "engine/metrics/sample_column.h"

namespace kf {

using Labels = std::map<std::string, std::string>;  // includes "__name__"

double StaleNaN();
bool IsStaleNaN(double v);

struct Series {
  Labels labels;
  SampleColumn samples;
};

class SeriesStore {
 public:
  using SeriesId = uint32_t;

  SeriesStore() = default;
  // Copies and moves rebind the label index to the new store's series.
  SeriesStore(const SeriesStore& o);
  SeriesStore(SeriesStore&& o) noexcept;
  SeriesStore& operator=(const SeriesStore& o);
  SeriesStore& operator=(SeriesStore&& o) noexcept;

  // Returns the id of the series with exactly these labels, creating it
  // (from a moved set without copying it).
  SeriesId Intern(const Labels& labels);
  SeriesId Intern(Labels&& labels);
  // Appends a sample. REQUIRES: t >= the series' last sample time.
  void Append(SeriesId id, UnixMillis t, double v);
  void Append(const Labels& labels, UnixMillis t, double v) { Append(Intern(labels), t, v); }

  // Every series whose metric name is `name` ("" for all), in label order.
  // Sorts the series interned since the last call (so even this const
  // method is not safe to call concurrently with itself).
  std::vector<const Series*> SeriesNamed(const std::string& name) const;
  const std::vector<Series>& all() const { return series_; }
  size_t SampleCount() const;
  void Clear();

 private:
  // Appends a new series (labels not yet interned) and indexes it.
  SeriesId Add(Labels&& labels);

  // Hashes and compares series ids by their label sets, which live only in
  // series_ (each label set is stored once). Transparent: a Labels value
  // finds its id.
  struct LabelsHash {
    using is_transparent = void;
    const std::vector<Series>* series;
    size_t operator()(SeriesId id) const { return (*this)((*series)[id].labels); }
    size_t operator()(const Labels& l) const;
  };
  struct LabelsEqual {
    using is_transparent = void;
    const std::vector<Series>* series;
    const Labels& Of(SeriesId id) const { return (*series)[id].labels; }
    const Labels& Of(const Labels& l) const { return l; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const { return Of(a) == Of(b); }
  };
  // Series ids in label order once `sorted`; Intern appends unsorted.
  struct OrderedIds {
    std::vector<SeriesId> ids;
    bool sorted = true;
  };
  void SortByLabels(OrderedIds& o) const;
  void RebuildIds();  // ids_ from series_

  std::vector<Series> series_;
  std::unordered_set<SeriesId, LabelsHash, LabelsEqual> ids_{0, LabelsHash{&series_}, LabelsEqual{&series_}};
  mutable std::map<std::string, OrderedIds> by_name_;
  mutable OrderedIds all_;
};

}  // namespace kf
