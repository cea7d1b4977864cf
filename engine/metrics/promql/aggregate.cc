#include "engine/metrics/promql/aggregate.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "engine/metrics/promql/value_format.h"

namespace kf::promql {

double GoMax(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  if (a == 0 && b == 0) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

double GoMin(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  if (a == 0 && b == 0) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

double Quantile(double q, std::vector<double> values) {
  if (values.empty()) return NAN;
  if (std::isnan(q)) return NAN;
  if (q < 0) return -HUGE_VAL;
  if (q > 1) return HUGE_VAL;
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return !std::isnan(b);
    return a < b;
  });
  double n = static_cast<double>(values.size());
  double rank = q * (n - 1);
  double lower = std::max(0.0, std::floor(rank));
  double upper = std::min(n - 1, lower + 1);
  double weight = rank - std::floor(rank);
  return values[static_cast<size_t>(lower)] * (1 - weight) +
         values[static_cast<size_t>(upper)] * weight;
}

namespace {

struct Group {
  LabelsPtr labels;
  double value = 0;
  double mean = 0;
  int64_t count = 0;
  std::vector<size_t> members;  // topk/bottomk/quantile: indexes into the input
};

std::string GroupKey(const Labels& l, const std::vector<std::string>& grouping, bool without) {
  std::string key;
  if (without) {
    for (const auto& [k, v] : l) {
      if (k == kMetricName) continue;
      if (std::find(grouping.begin(), grouping.end(), k) != grouping.end()) continue;
      key += k + '\xff' + v + '\xff';
    }
  } else {
    for (const auto& g : grouping) {
      key += GetLabel(l, g);
      key += '\xff';
    }
  }
  return key;
}

LabelsPtr GroupLabels(const Labels& l, const std::vector<std::string>& grouping, bool without) {
  Labels out;
  if (without) {
    for (const auto& [k, v] : l) {
      if (k == kMetricName) continue;
      if (std::find(grouping.begin(), grouping.end(), k) != grouping.end()) continue;
      out.emplace(k, v);
    }
  } else {
    for (const auto& g : grouping) {
      auto it = l.find(g);
      if (it != l.end() && !it->second.empty()) out.emplace(g, it->second);
    }
  }
  return MakeLabels(std::move(out));
}

bool ConvertibleToInt64(double v) { return v <= 9.223372036854775e18 && v >= -9.223372036854775e18; }

}  // namespace

Result<Vector> Aggregate(const Expr& e, const Vector& in, const AggregateParam& param) {
  AggOp op = e.agg;
  std::vector<std::string> grouping = e.grouping;
  int64_t k = 0;
  if (op == AggOp::kTopk || op == AggOp::kBottomk) {
    if (!ConvertibleToInt64(param.number) || std::isnan(param.number)) {
      return InvalidArgument("Scalar value " + FormatValue(param.number) + " overflows int64");
    }
    k = static_cast<int64_t>(param.number);
    if (k < 1) return Vector{};
  }
  const std::string& value_label = param.str;
  if (op == AggOp::kCountValues) {
    if (!IsValidLabelName(value_label)) {
      return InvalidArgument("invalid label name \"" + value_label + "\"");
    }
    if (!e.without) grouping.push_back(value_label);
  }

  std::vector<Group> groups;
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < in.size(); ++i) {
    const VecSample& s = in[i];
    LabelsPtr metric = s.metric;
    if (op == AggOp::kCountValues) {
      Labels l = *metric;
      l[value_label] = FormatValue(s.v);
      metric = MakeLabels(std::move(l));
    }
    std::string key = GroupKey(*metric, grouping, e.without);
    auto it = index.find(key);
    if (it == index.end()) {
      index.emplace(key, groups.size());
      Group g;
      g.labels = GroupLabels(*metric, grouping, e.without);
      g.value = s.v;
      g.mean = s.v;
      g.count = 1;
      if (op == AggOp::kStddev || op == AggOp::kStdvar) g.value = 0;
      if (op == AggOp::kGroup) g.value = 1;
      g.members.push_back(i);
      groups.push_back(std::move(g));
      continue;
    }
    Group& g = groups[it->second];
    switch (op) {
      case AggOp::kSum:
        g.value += s.v;
        break;
      case AggOp::kAvg: {
        g.count++;
        if (std::isinf(g.mean)) {
          if (std::isinf(s.v) && (g.mean > 0) == (s.v > 0)) break;
          if (!std::isinf(s.v) && !std::isnan(s.v)) break;
        }
        double n = static_cast<double>(g.count);
        g.mean += s.v / n - g.mean / n;
        break;
      }
      case AggOp::kGroup:
        break;
      case AggOp::kMax:
        if (g.value < s.v || std::isnan(g.value)) g.value = s.v;
        break;
      case AggOp::kMin:
        if (g.value > s.v || std::isnan(g.value)) g.value = s.v;
        break;
      case AggOp::kCount:
      case AggOp::kCountValues:
        g.count++;
        break;
      case AggOp::kStddev:
      case AggOp::kStdvar: {
        g.count++;
        double delta = s.v - g.mean;
        g.mean += delta / static_cast<double>(g.count);
        g.value += delta * (s.v - g.mean);
        break;
      }
      case AggOp::kTopk:
      case AggOp::kBottomk:
      case AggOp::kQuantile:
        g.members.push_back(i);
        break;
    }
  }

  Vector out;
  for (Group& g : groups) {
    double n = static_cast<double>(g.count);
    switch (op) {
      case AggOp::kAvg:
        g.value = g.mean;
        break;
      case AggOp::kCount:
      case AggOp::kCountValues:
        g.value = n;
        break;
      case AggOp::kStdvar:
        g.value = g.value / n;
        break;
      case AggOp::kStddev:
        g.value = std::sqrt(g.value / n);
        break;
      case AggOp::kTopk:
      case AggOp::kBottomk: {
        bool top = op == AggOp::kTopk;
        // Best first; NaN always last.
        std::stable_sort(g.members.begin(), g.members.end(), [&](size_t a, size_t b) {
          double va = in[a].v, vb = in[b].v;
          if (std::isnan(va)) return false;
          if (std::isnan(vb)) return true;
          return top ? va > vb : va < vb;
        });
        size_t take = std::min<size_t>(g.members.size(), static_cast<size_t>(k));
        for (size_t j = 0; j < take; ++j) {
          const VecSample& s = in[g.members[j]];
          out.push_back(VecSample{s.metric, s.v, 0});
        }
        continue;
      }
      case AggOp::kQuantile: {
        std::vector<double> vals;
        for (size_t idx : g.members) vals.push_back(in[idx].v);
        g.value = Quantile(param.number, std::move(vals));
        break;
      }
      default:
        break;
    }
    out.push_back(VecSample{g.labels, g.value, 0});
  }
  return out;
}

}  // namespace kf::promql
