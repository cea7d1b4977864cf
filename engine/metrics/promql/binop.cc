#include "engine/metrics/promql/binop.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace kf::promql {

namespace {

struct ElemResult {
  double v;
  bool keep;
};

ElemResult ElemBinop(BinOp op, double l, double r) {
  switch (op) {
    case BinOp::kAdd: return {l + r, true};
    case BinOp::kSub: return {l - r, true};
    case BinOp::kMul: return {l * r, true};
    case BinOp::kDiv: return {l / r, true};
    case BinOp::kPow: return {std::pow(l, r), true};
    case BinOp::kMod: return {std::fmod(l, r), true};
    case BinOp::kAtan2: return {std::atan2(l, r), true};
    case BinOp::kEql: return {l, l == r};
    case BinOp::kNeq: return {l, l != r};
    case BinOp::kGtr: return {l, l > r};
    case BinOp::kLss: return {l, l < r};
    case BinOp::kGte: return {l, l >= r};
    case BinOp::kLte: return {l, l <= r};
    default: return {0, false};
  }
}

bool DropsMetricName(BinOp op) {
  return op == BinOp::kAdd || op == BinOp::kSub || op == BinOp::kMul || op == BinOp::kDiv ||
         op == BinOp::kPow || op == BinOp::kMod;
}

Vector VectorScalar(const Expr& e, Vector lhs, double scalar, bool swap) {
  Vector out;
  out.reserve(lhs.size());
  for (auto& s : lhs) {
    double lv = s.v, rv = scalar;
    if (swap) std::swap(lv, rv);
    ElemResult r = ElemBinop(e.op, lv, rv);
    if (IsComparison(e.op) && swap) r.v = rv;
    if (e.return_bool) {
      r.v = r.keep ? 1.0 : 0.0;
      r.keep = true;
    }
    if (!r.keep) continue;
    s.v = r.v;
    if (DropsMetricName(e.op) || e.return_bool) s.metric = DropMetricName(s.metric);
    out.push_back(std::move(s));
  }
  return out;
}

std::string Sig(const VectorMatching& m, const Labels& l) {
  return MatchSignature(l, m.on, m.labels);
}

Labels MatchedLabels(const VectorMatching& m, const Labels& l) {
  Labels out;
  for (const auto& [k, v] : l) {
    bool listed = std::find(m.labels.begin(), m.labels.end(), k) != m.labels.end();
    if (m.on ? listed : (!listed && k != kMetricName)) out.emplace(k, v);
  }
  return out;
}

Vector SetOp(const Expr& e, Vector lhs, Vector rhs) {
  const VectorMatching& m = e.matching;
  Vector out;
  if (e.op == BinOp::kOr) {
    std::unordered_set<std::string> left;
    for (auto& s : lhs) {
      left.insert(Sig(m, *s.metric));
      out.push_back(std::move(s));
    }
    for (auto& s : rhs) {
      if (!left.count(Sig(m, *s.metric))) out.push_back(std::move(s));
    }
    return out;
  }
  std::unordered_set<std::string> right;
  for (const auto& s : rhs) right.insert(Sig(m, *s.metric));
  bool want = e.op == BinOp::kAnd;
  for (auto& s : lhs) {
    if ((right.count(Sig(m, *s.metric)) > 0) == want) out.push_back(std::move(s));
  }
  return out;
}

LabelsPtr ResultMetric(const Expr& e, const Labels& lhs, const Labels& rhs) {
  const VectorMatching& m = e.matching;
  Labels out = lhs;
  if (DropsMetricName(e.op)) out.erase(kMetricName);
  if (m.card == VectorMatching::Card::kOneToOne) {
    if (m.on) {
      for (auto it = out.begin(); it != out.end();) {
        bool listed = std::find(m.labels.begin(), m.labels.end(), it->first) != m.labels.end();
        it = listed ? std::next(it) : out.erase(it);
      }
    } else {
      for (const auto& l : m.labels) out.erase(l);
    }
  }
  for (const auto& l : m.include) {
    const std::string& v = GetLabel(rhs, l);
    if (!v.empty()) {
      out[l] = v;
    } else {
      out.erase(l);
    }
  }
  return MakeLabels(std::move(out));
}

Result<Vector> VectorVector(const Expr& e, Vector lhs, Vector rhs) {
  const VectorMatching& m = e.matching;
  bool one_to_many = m.card == VectorMatching::Card::kOneToMany;
  if (one_to_many) std::swap(lhs, rhs);

  std::unordered_map<std::string, size_t> right_sigs;
  for (size_t i = 0; i < rhs.size(); ++i) {
    std::string sig = Sig(m, *rhs[i].metric);
    auto [it, inserted] = right_sigs.emplace(sig, i);
    if (!inserted) {
      return InvalidArgument(
          "found duplicate series for the match group " +
          LabelsString(MatchedLabels(m, *rhs[i].metric)) + " on the " +
          (one_to_many ? "left" : "right") + " hand-side of the operation: [" +
          LabelsString(*rhs[i].metric) + ", " + LabelsString(*rhs[it->second].metric) +
          "];many-to-many matching not allowed: matching labels must be unique on one side");
    }
  }

  // For one-to-one: which signatures matched; for many-to-one: the result
  // label sets produced per signature.
  std::unordered_map<std::string, std::unordered_set<std::string>> matched;
  Vector out;
  for (auto& ls : lhs) {
    std::string sig = Sig(m, *ls.metric);
    auto rit = right_sigs.find(sig);
    if (rit == right_sigs.end()) continue;
    const VecSample& rs = rhs[rit->second];
    double vl = ls.v, vr = rs.v;
    if (one_to_many) std::swap(vl, vr);
    ElemResult r = ElemBinop(e.op, vl, vr);
    if (e.return_bool) {
      r.v = r.keep ? 1.0 : 0.0;
    } else if (!r.keep) {
      continue;
    }
    LabelsPtr metric = ResultMetric(e, *ls.metric, *rs.metric);
    if (e.return_bool) metric = DropMetricName(metric);
    auto mit = matched.find(sig);
    if (m.card == VectorMatching::Card::kOneToOne) {
      if (mit != matched.end()) {
        return InvalidArgument(
            "multiple matches for labels: many-to-one matching must be explicit "
            "(group_left/group_right)");
      }
      matched[sig];
    } else {
      std::string key = LabelsString(*metric);
      auto& set = matched[sig];
      if (!set.insert(key).second) {
        return InvalidArgument(
            "multiple matches for labels: grouping labels must ensure unique matches");
      }
    }
    out.push_back(VecSample{std::move(metric), r.v, 0});
  }
  return out;
}

}  // namespace

Result<Value> ApplyBinary(const Expr& e, Value lhs, Value rhs) {
  auto* ls = std::get_if<Scalar>(&lhs);
  auto* rs = std::get_if<Scalar>(&rhs);
  if (ls && rs) {
    ElemResult r = ElemBinop(e.op, ls->v, rs->v);
    if (e.return_bool) r.v = r.keep ? 1.0 : 0.0;
    return Value(Scalar{r.v});
  }
  if (rs) return Value(VectorScalar(e, std::move(std::get<Vector>(lhs)), rs->v, false));
  if (ls) return Value(VectorScalar(e, std::move(std::get<Vector>(rhs)), ls->v, true));
  auto& lv = std::get<Vector>(lhs);
  auto& rv = std::get<Vector>(rhs);
  if (IsSetOp(e.op)) return Value(SetOp(e, std::move(lv), std::move(rv)));
  KF_ASSIGN_OR_RETURN(Vector out, VectorVector(e, std::move(lv), std::move(rv)));
  return Value(std::move(out));
}

}  // namespace kf::promql
