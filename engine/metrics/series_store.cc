#include "engine/metrics/series_store.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace kf {

namespace {
// Prometheus's staleness marker: a NaN with a distinct payload
// (value.StaleNaN = 0x7ff0000000000002).
constexpr uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;
}  // namespace

double StaleNaN() { return std::bit_cast<double>(kStaleNaNBits); }

bool IsStaleNaN(double v) { return std::bit_cast<uint64_t>(v) == kStaleNaNBits; }

SeriesStore::SeriesStore(const SeriesStore& o) : series_(o.series_), by_name_(o.by_name_) {
  ids_.insert(o.ids_.begin(), o.ids_.end());
}

SeriesStore::SeriesStore(SeriesStore&& o) noexcept
    : series_(std::move(o.series_)), by_name_(std::move(o.by_name_)) {
  ids_.insert(o.ids_.begin(), o.ids_.end());
  o.Clear();
}

SeriesStore& SeriesStore::operator=(const SeriesStore& o) {
  if (this != &o) *this = SeriesStore(o);
  return *this;
}

SeriesStore& SeriesStore::operator=(SeriesStore&& o) noexcept {
  if (this == &o) return *this;
  ids_.clear();
  series_ = std::move(o.series_);
  by_name_ = std::move(o.by_name_);
  ids_.insert(o.ids_.begin(), o.ids_.end());
  o.Clear();
  return *this;
}

SeriesStore::SeriesId SeriesStore::Intern(const Labels& labels) {
  auto it = ids_.find(labels);
  if (it != ids_.end()) return *it;
  SeriesId id = static_cast<SeriesId>(series_.size());
  series_.push_back(Series{labels, {}});
  ids_.insert(id);
  auto name = labels.find("__name__");
  // Keep each name's list in label order so SeriesNamed need not sort.
  auto& ids = by_name_[name == labels.end() ? std::string() : name->second];
  auto pos = std::lower_bound(ids.begin(), ids.end(), labels, [this](SeriesId a, const Labels& l) {
    return series_[a].labels < l;
  });
  ids.insert(pos, id);
  return id;
}

void SeriesStore::Append(SeriesId id, UnixMillis t, double v) {
  series_[id].samples.push_back(Sample{t, v});
}

std::vector<const Series*> SeriesStore::SeriesNamed(const std::string& name) const {
  std::vector<const Series*> out;
  if (name.empty()) {
    // ids_ is ordered by label set, which is the order promised.
    out.reserve(series_.size());
    for (SeriesId id : ids_) out.push_back(&series_[id]);
    return out;
  }
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return out;
  out.reserve(it->second.size());
  for (SeriesId id : it->second) out.push_back(&series_[id]);
  return out;
}

size_t SeriesStore::SampleCount() const {
  size_t n = 0;
  for (const auto& s : series_) n += s.samples.size();
  return n;
}

void SeriesStore::Clear() {
  series_.clear();
  ids_.clear();
  by_name_.clear();
}

}  // namespace kf
