#include "engine/metrics/openmetrics.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include "engine/core/strings.h"
#include "engine/metrics/promql/value_format.h"

namespace kf {
namespace {

const std::string& NameOf(const Labels& l) {
  static const std::string kEmpty;
  auto it = l.find("__name__");
  return it == l.end() ? kEmpty : it->second;
}

std::string Escape(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

// name{a="1",b="2"} without the trailing space; labels in name order.
std::string SeriesText(const Labels& l) {
  std::string out = NameOf(l);
  std::vector<std::string> pairs;
  for (const auto& [k, v] : l) {
    if (k != "__name__") pairs.push_back(k + "=\"" + Escape(v) + "\"");
  }
  if (!pairs.empty()) out += "{" + Join(pairs, ",") + "}";
  return out;
}

void WritePoint(const Labels& l, const Sample& s, std::ostream& out) {
  out << SeriesText(l) << ' ' << promql::FormatValue(s.v) << ' ' << OpenMetricsTimestamp(s.t)
      << '\n';
}

Labels Without(Labels l, const char* key) {
  l.erase(key);
  return l;
}

Labels Renamed(Labels l, const std::string& name) {
  l["__name__"] = name;
  return l;
}

double LeOf(const Labels& l) {
  auto it = l.find("le");
  if (it == l.end()) return 0;
  if (it->second == "+Inf") return 1.0 / 0.0;
  return std::strtod(it->second.c_str(), nullptr);
}

// The base names of histograms: X with X_bucket{le} and X_sum and X_count.
std::set<std::string> HistogramBases(const SeriesStore& s) {
  std::set<std::string> names, bases;
  for (const Series& series : s.all()) names.insert(NameOf(series.labels));
  for (const std::string& n : names) {
    if (!EndsWith(n, "_bucket")) continue;
    std::string base = n.substr(0, n.size() - 7);
    if (names.count(base + "_sum") && names.count(base + "_count")) bases.insert(base);
  }
  return bases;
}

void WriteSimpleFamily(const std::vector<const Series*>& series, std::ostream& out) {
  for (const Series* s : series) {
    for (const Sample& p : s->samples) WritePoint(s->labels, p, out);
  }
}

// One histogram family: per label set without `le`, per timestamp, the
// buckets in `le` order, then _count and _sum.
void WriteHistogramFamily(const SeriesStore& s, const std::string& base, std::ostream& out) {
  struct Metric {
    std::vector<const Series*> parts;  // buckets by le, then count, then sum
  };
  std::map<Labels, Metric> metrics;
  for (const Series* b : s.SeriesNamed(base + "_bucket")) {
    metrics[Renamed(Without(b->labels, "le"), base)].parts.push_back(b);
  }
  for (auto& [key, m] : metrics) {
    std::stable_sort(m.parts.begin(), m.parts.end(), [](const Series* a, const Series* b) {
      return LeOf(a->labels) < LeOf(b->labels);
    });
  }
  for (const char* suffix : {"_count", "_sum"}) {
    for (const Series* x : s.SeriesNamed(base + suffix)) {
      metrics[Renamed(x->labels, base)].parts.push_back(x);
    }
  }
  for (const auto& [key, m] : metrics) {
    std::vector<size_t> next(m.parts.size(), 0);
    while (true) {
      UnixMillis t = INT64_MAX;
      for (size_t i = 0; i < m.parts.size(); ++i) {
        if (next[i] < m.parts[i]->samples.size()) t = std::min(t, m.parts[i]->samples[next[i]].t);
      }
      if (t == INT64_MAX) break;
      for (size_t i = 0; i < m.parts.size(); ++i) {
        const auto& samples = m.parts[i]->samples;
        if (next[i] < samples.size() && samples[next[i]].t == t) {
          WritePoint(m.parts[i]->labels, samples[next[i]++], out);
        }
      }
    }
  }
}

}  // namespace

std::string OpenMetricsTimestamp(UnixMillis t) {
  if (t < 0) return "-" + OpenMetricsTimestamp(-t);  // parsers truncate toward zero
  const lldiv_t d = std::lldiv(t, 1000);
  if (d.rem == 0) return std::to_string(d.quot);
  return StrFormat("%lld.%03lld1", static_cast<long long>(d.quot), static_cast<long long>(d.rem));
}

SeriesStore ExportedSeries(const SeriesStore& store, const ExportWindow& w) {
  SeriesStore out;
  for (const Series* s : store.SeriesNamed("")) {
    SeriesStore::SeriesId id = UINT32_MAX;
    int64_t last_slot = INT64_MIN;
    for (const Sample& p : s->samples) {
      if (p.t < w.from || p.t > w.to || IsStaleNaN(p.v)) continue;
      if (w.step > 0) {
        const int64_t slot = (p.t - w.from) / w.step;
        if (slot == last_slot) continue;
        last_slot = slot;
      }
      if (id == UINT32_MAX) id = out.Intern(s->labels);
      out.Append(id, p.t, p.v);
    }
  }
  return out;
}

void WriteOpenMetrics(const SeriesStore& store, const ExportWindow& window, std::ostream& out) {
  const SeriesStore s = ExportedSeries(store, window);
  const std::set<std::string> histograms = HistogramBases(s);
  std::set<std::string> names;
  for (const Series& series : s.all()) names.insert(NameOf(series.labels));
  for (const std::string& name : names) {
    if (EndsWith(name, "_bucket") || EndsWith(name, "_sum") || EndsWith(name, "_count")) {
      const std::string base = name.substr(0, name.rfind('_'));
      if (histograms.count(base)) {
        if (EndsWith(name, "_bucket")) {
          out << "# TYPE " << base << " histogram\n";
          WriteHistogramFamily(s, base, out);
        }
        continue;
      }
    }
    if (EndsWith(name, "_total")) {
      out << "# TYPE " << name.substr(0, name.size() - 6) << " counter\n";
    } else {
      out << "# TYPE " << name << " gauge\n";
    }
    WriteSimpleFamily(s.SeriesNamed(name), out);
  }
  out << "# EOF\n";
}

}  // namespace kf
