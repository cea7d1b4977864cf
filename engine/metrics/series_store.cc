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

size_t SeriesStore::LabelsHash::operator()(const Labels& l) const {
  size_t h = l.size();
  std::hash<std::string> hash;
  for (const auto& [k, v] : l) {
    h = (h ^ hash(k)) * 0x100000001b3ULL;
    h = (h ^ hash(v)) * 0x100000001b3ULL;
  }
  return h;
}

void SeriesStore::RebuildIds() {
  ids_.clear();
  ids_.reserve(series_.size());
  for (SeriesId id = 0; id < series_.size(); ++id) ids_.insert(id);
}

SeriesStore::SeriesStore(const SeriesStore& o) : series_(o.series_), by_name_(o.by_name_), all_(o.all_) {
  RebuildIds();
}

SeriesStore::SeriesStore(SeriesStore&& o) noexcept
    : series_(std::move(o.series_)), by_name_(std::move(o.by_name_)), all_(std::move(o.all_)) {
  RebuildIds();
  o.Clear();
}

SeriesStore& SeriesStore::operator=(const SeriesStore& o) {
  if (this != &o) *this = SeriesStore(o);
  return *this;
}

SeriesStore& SeriesStore::operator=(SeriesStore&& o) noexcept {
  if (this == &o) return *this;
  series_ = std::move(o.series_);
  by_name_ = std::move(o.by_name_);
  all_ = std::move(o.all_);
  RebuildIds();
  o.Clear();
  return *this;
}

SeriesStore::SeriesId SeriesStore::Intern(const Labels& labels) {
  auto it = ids_.find(labels);
  return it != ids_.end() ? *it : Add(Labels(labels));
}

SeriesStore::SeriesId SeriesStore::Intern(Labels&& labels) {
  auto it = ids_.find(labels);
  return it != ids_.end() ? *it : Add(std::move(labels));
}

SeriesStore::SeriesId SeriesStore::Add(Labels&& new_labels) {
  SeriesId id = static_cast<SeriesId>(series_.size());
  series_.push_back(Series{std::move(new_labels), {}});
  ids_.insert(id);
  const Labels& labels = series_.back().labels;
  auto name = labels.find("__name__");
  for (OrderedIds* o : {&by_name_[name == labels.end() ? std::string() : name->second], &all_}) {
    o->sorted = o->sorted && (o->ids.empty() || series_[o->ids.back()].labels < labels);
    o->ids.push_back(id);
  }
  return id;
}

void SeriesStore::Append(SeriesId id, UnixMillis t, double v) {
  series_[id].samples.push_back(Sample{t, v});
}

void SeriesStore::SortByLabels(OrderedIds& o) const {
  if (o.sorted) return;
  std::sort(o.ids.begin(), o.ids.end(),
            [this](SeriesId a, SeriesId b) { return series_[a].labels < series_[b].labels; });
  o.sorted = true;
}

std::vector<const Series*> SeriesStore::SeriesNamed(const std::string& name) const {
  std::vector<const Series*> out;
  OrderedIds* o = &all_;
  if (!name.empty()) {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return out;
    o = &it->second;
  }
  SortByLabels(*o);
  out.reserve(o->ids.size());
  for (SeriesId id : o->ids) out.push_back(&series_[id]);
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
  all_ = OrderedIds{};
}

}  // namespace kf
