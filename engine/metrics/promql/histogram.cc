#include "engine/metrics/promql/histogram.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

namespace kf::promql {

namespace {

// Go's strconv.ParseFloat for the forms `le` values take.
bool ParseGoFloat(const std::string& s, double* out) {
  if (s.empty()) return false;
  std::string l;
  for (char c : s) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l == "+inf" || l == "inf" || l == "+infinity" || l == "infinity") {
    *out = HUGE_VAL;
    return true;
  }
  if (l == "-inf" || l == "-infinity") {
    *out = -HUGE_VAL;
    return true;
  }
  if (l == "nan") {
    *out = NAN;
    return true;
  }
  for (char c : l) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == '+' ||
          c == '-' || c == '_' || c == 'x' || (c >= 'a' && c <= 'f') || c == 'p')) {
      return false;
    }
  }
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

}  // namespace

double BucketQuantile(double q, std::vector<Bucket> buckets) {
  if (std::isnan(q)) return NAN;
  if (q < 0) return -HUGE_VAL;
  if (q > 1) return HUGE_VAL;
  std::sort(buckets.begin(), buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.upper_bound < b.upper_bound; });
  if (buckets.empty() || !std::isinf(buckets.back().upper_bound) || buckets.back().upper_bound < 0) {
    return NAN;
  }
  // Coalesce buckets with the same bound.
  std::vector<Bucket> merged;
  for (const Bucket& b : buckets) {
    if (!merged.empty() && merged.back().upper_bound == b.upper_bound) {
      merged.back().count += b.count;
    } else {
      merged.push_back(b);
    }
  }
  // Ensure monotonic counts.
  double max = -HUGE_VAL;
  for (Bucket& b : merged) {
    if (b.count > max) {
      max = b.count;
    } else if (b.count < max) {
      b.count = max;
    }
  }
  if (merged.size() < 2) return NAN;
  double observations = merged.back().count;
  if (observations == 0) return NAN;
  double rank = q * observations;
  // First bucket (excluding +Inf) whose count >= rank.
  size_t n = merged.size() - 1;
  size_t b = std::lower_bound(merged.begin(), merged.begin() + n, rank,
                              [](const Bucket& x, double r) { return x.count < r; }) -
             merged.begin();
  if (b == n) return merged[n - 1].upper_bound;
  if (b == 0 && merged[0].upper_bound <= 0) return merged[0].upper_bound;
  double bucket_start = 0;
  double bucket_end = merged[b].upper_bound;
  double count = merged[b].count;
  if (b > 0) {
    bucket_start = merged[b - 1].upper_bound;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  return bucket_start + (bucket_end - bucket_start) * (rank / count);
}

Vector HistogramQuantile(double q, const Vector& v) {
  struct Hist {
    LabelsPtr metric;
    std::vector<Bucket> buckets;
  };
  std::vector<Hist> hists;
  std::unordered_map<std::string, size_t> index;
  for (const auto& s : v) {
    double ub;
    auto le = s.metric->find("le");
    if (le == s.metric->end() || !ParseGoFloat(le->second, &ub)) continue;
    std::string key;
    for (const auto& [k, val] : *s.metric) {
      if (k == "le") continue;
      key += k + '\xff' + val + '\xff';
    }
    auto it = index.find(key);
    if (it == index.end()) {
      Labels l = *s.metric;
      l.erase("le");
      l.erase(kMetricName);
      it = index.emplace(key, hists.size()).first;
      hists.push_back(Hist{MakeLabels(std::move(l)), {}});
    }
    hists[it->second].buckets.push_back(Bucket{ub, s.v});
  }
  Vector out;
  for (auto& h : hists) {
    out.push_back(VecSample{h.metric, BucketQuantile(q, std::move(h.buckets)), 0});
  }
  return out;
}

}  // namespace kf::promql
