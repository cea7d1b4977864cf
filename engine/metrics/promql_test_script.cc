#include "engine/metrics/promql_test_script.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "engine/metrics/promql/function_table.h"
#include "engine/metrics/promql/lexer.h"
#include "engine/metrics/promql/labels.h"
#include "engine/metrics/promql/parser.h"
#include "engine/metrics/promql/query.h"
#include "engine/metrics/promql/value_format.h"

namespace kf::promql {

namespace {

std::string TrimSpace(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool StartsWithWord(const std::string& s, const std::string& w) {
  return s.compare(0, w.size(), w) == 0 &&
         (s.size() == w.size() || s[w.size()] == ' ' || s[w.size()] == '\t' || s[w.size()] == '_');
}

std::string LowerStr(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Scans a number at s[*i] (Go ParseFloat forms: 1, -1.5, .5, 2., 1e-3, Inf,
// NaN) and advances *i. Leaves *i unchanged and returns false when there is
// none.
bool ScanNumber(const std::string& s, size_t* i, double* out) {
  size_t j = *i;
  bool neg = false;
  if (j < s.size() && (s[j] == '+' || s[j] == '-')) {
    neg = s[j] == '-';
    ++j;
  }
  if (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) {
    size_t k = j;
    while (k < s.size() && std::isalpha(static_cast<unsigned char>(s[k]))) ++k;
    std::string w = LowerStr(s.substr(j, k - j));
    // 'x' may follow directly ("Infx3" is not used, but "NaNx3" may be).
    if (w.size() > 3 && (w.rfind("inf", 0) == 0 || w.rfind("nan", 0) == 0) && w[3] == 'x' &&
        w != "infinity") {
      k = j + 3;
      w = w.substr(0, 3);
    }
    if (w == "inf" || w == "infinity") {
      *out = neg ? -HUGE_VAL : HUGE_VAL;
    } else if (w == "nan") {
      *out = NAN;
    } else {
      return false;
    }
    *i = k;
    return true;
  }
  size_t start = j;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
  if (j < s.size() && s[j] == '.') {
    ++j;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
  }
  if (j == start || (j == start + 1 && s[start] == '.')) return false;
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
    size_t k = j + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
      while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
      j = k;
    }
  }
  *out = std::strtod(s.substr(*i, j - *i).c_str(), nullptr);
  *i = j;
  return true;
}

bool ParseWholeNumber(const std::string& s, double* out) {
  size_t i = 0;
  return ScanNumber(s, &i, out) && i == s.size();
}

bool ScanUint(const std::string& s, size_t* i, uint64_t* out) {
  size_t j = *i;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
  if (j == *i) return false;
  *out = std::strtoull(s.substr(*i, j - *i).c_str(), nullptr, 10);
  *i = j;
  return true;
}

Status ParseValueItem(const std::string& item, std::vector<std::optional<double>>* out) {
  auto bad = [&] { return InvalidArgument("bad series value \"" + item + "\""); };
  if (item == "_") {
    out->push_back(std::nullopt);
    return Status::Ok();
  }
  if (item == "stale") {
    out->push_back(StaleNaN());
    return Status::Ok();
  }
  size_t i = 0;
  uint64_t times = 0;
  if (item.rfind("_x", 0) == 0) {
    i = 2;
    if (!ScanUint(item, &i, &times) || i != item.size()) return bad();
    for (uint64_t k = 0; k < times; ++k) out->push_back(std::nullopt);
    return Status::Ok();
  }
  double v;
  if (!ScanNumber(item, &i, &v)) return bad();
  if (i == item.size()) {
    out->push_back(v);
    return Status::Ok();
  }
  if (item[i] == 'x') {
    ++i;
    if (!ScanUint(item, &i, &times) || i != item.size()) return bad();
    for (uint64_t k = 0; k <= times; ++k) out->push_back(v);
    return Status::Ok();
  }
  double delta;
  if ((item[i] != '+' && item[i] != '-') || !ScanNumber(item, &i, &delta)) return bad();
  if (i >= item.size() || item[i] != 'x') return bad();
  ++i;
  if (!ScanUint(item, &i, &times) || i != item.size()) return bad();
  out->push_back(v);
  for (uint64_t k = 1; k <= times; ++k) {
    v += delta;
    out->push_back(v);
  }
  return Status::Ok();
}

// Parses `name{l="v", ...}` (either part optional) at the start of `line`.
Status ParseMetric(const std::string& line, size_t* i, Labels* labels) {
  auto ident_char = [](char c, bool first) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
           (!first && std::isdigit(static_cast<unsigned char>(c)));
  };
  size_t j = *i;
  if (j < line.size() && ident_char(line[j], true)) {
    size_t k = j;
    while (k < line.size() && ident_char(line[k], k == j)) ++k;
    (*labels)["__name__"] = line.substr(j, k - j);
    j = k;
  }
  if (j < line.size() && line[j] == '{') {
    size_t end = j + 1;
    bool in_str = false;
    char quote = 0;
    for (; end < line.size(); ++end) {
      char c = line[end];
      if (in_str) {
        if (c == '\\') {
          ++end;
        } else if (c == quote) {
          in_str = false;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        in_str = true;
        quote = c;
      } else if (c == '}') {
        break;
      }
    }
    if (end >= line.size()) return InvalidArgument("unclosed label set");
    std::vector<Token> toks = Lex(line.substr(j, end - j + 1));
    // { name = "v" , ... }
    size_t t = 1;
    while (t < toks.size() && toks[t].type != Tok::kRBrace) {
      if (toks[t].type != Tok::kIdentifier || t + 2 >= toks.size() ||
          toks[t + 1].type != Tok::kAssign || toks[t + 2].type != Tok::kString) {
        return InvalidArgument("bad label set \"" + line.substr(j, end - j + 1) + "\"");
      }
      (*labels)[toks[t].text] = toks[t + 2].text;
      t += 3;
      if (t < toks.size() && toks[t].type == Tok::kComma) ++t;
    }
    j = end + 1;
  }
  *i = j;
  return Status::Ok();
}

}  // namespace

Result<TestSeries> ParseSeriesLine(const std::string& line) {
  TestSeries s;
  size_t i = 0;
  KF_RETURN_IF_ERROR(ParseMetric(line, &i, &s.labels));
  std::string rest = line.substr(i);
  size_t p = 0;
  while (p < rest.size()) {
    while (p < rest.size() && (rest[p] == ' ' || rest[p] == '\t')) ++p;
    if (p >= rest.size()) break;
    size_t q = p;
    while (q < rest.size() && rest[q] != ' ' && rest[q] != '\t') ++q;
    KF_RETURN_IF_ERROR(ParseValueItem(rest.substr(p, q - p), &s.values));
    p = q;
  }
  return s;
}

Result<TestScript> ParseTestScript(const std::string& text, const std::string& name) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string l = TrimSpace(text.substr(start, nl - start));
    if (!l.empty() && l[0] == '#') l.clear();
    lines.push_back(l);
    start = nl + 1;
  }
  TestScript script;
  script.name = name;
  auto err = [&](size_t i, const std::string& msg) {
    return InvalidArgument(name + ":" + std::to_string(i + 1) + ": " + msg);
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.empty()) continue;
    TestCommand cmd;
    cmd.line = static_cast<int>(i + 1);
    if (l == "clear") {
      cmd.kind = TestCommand::Kind::kClear;
      script.commands.push_back(std::move(cmd));
      continue;
    }
    if (StartsWithWord(l, "load")) {
      cmd.kind = TestCommand::Kind::kLoad;
      auto d = ParsePromDuration(TrimSpace(l.substr(4)));
      if (!d.ok()) return err(i, d.status().message());
      cmd.interval = *d;
      while (i + 1 < lines.size() && !lines[i + 1].empty()) {
        ++i;
        auto s = ParseSeriesLine(lines[i]);
        if (!s.ok()) return err(i, s.status().message());
        cmd.series.push_back(std::move(*s));
      }
      script.commands.push_back(std::move(cmd));
      continue;
    }
    if (!StartsWithWord(l, "eval")) return err(i, "invalid command \"" + l + "\"");
    cmd.kind = TestCommand::Kind::kEval;
    // eval[_fail|_ordered] instant at <time> <expr>
    std::vector<std::string> words;
    size_t p = 0;
    while (words.size() < 4 && p < l.size()) {
      while (p < l.size() && (l[p] == ' ' || l[p] == '\t')) ++p;
      size_t q = p;
      while (q < l.size() && l[q] != ' ' && l[q] != '\t') ++q;
      words.push_back(l.substr(p, q - p));
      p = q;
    }
    if (words.size() < 4 || words[1] != "instant" || words[2] != "at") {
      return err(i, "invalid eval command \"" + l + "\"");
    }
    if (words[0] == "eval_fail") {
      cmd.expect_fail = true;
    } else if (words[0] == "eval_ordered") {
      cmd.ordered = true;
    } else if (words[0] != "eval") {
      return err(i, "invalid eval command \"" + l + "\"");
    }
    auto at = ParsePromDuration(words[3]);
    if (!at.ok()) return err(i, at.status().message());
    cmd.at = *at;
    cmd.expr = TrimSpace(l.substr(p));
    while (i + 1 < lines.size() && !lines[i + 1].empty()) {
      ++i;
      double v;
      if (ParseWholeNumber(lines[i], &v)) {
        cmd.expect_scalar = true;
        cmd.scalar = v;
        continue;
      }
      auto s = ParseSeriesLine(lines[i]);
      if (!s.ok()) return err(i, s.status().message());
      if (s->values.size() != 1 || !s->values[0]) {
        return err(i, "expecting exactly one value in instant evaluation");
      }
      cmd.expected.push_back(TestExpected{s->labels, *s->values[0]});
    }
    script.commands.push_back(std::move(cmd));
  }
  return script;
}

namespace {

bool AlmostEqual(double a, double b) {
  constexpr double kEpsilon = 0.000001;
  constexpr double kMinNormal = 2.2250738585072014e-308;
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || diff < kMinNormal) return diff < kEpsilon * kMinNormal;
  return diff / (std::fabs(a) + std::fabs(b)) < kEpsilon;
}

std::string ExpectedList(const TestCommand& cmd) {
  std::string out;
  for (const auto& e : cmd.expected) {
    out += "\n  " + SeriesString(e.labels) + " " + FormatValue(e.value);
  }
  return out.empty() ? " (nothing)" : out;
}

std::string VectorList(const Vector& v) {
  std::string out;
  for (const auto& s : v) out += "\n  " + SeriesString(*s.metric) + " " + FormatValue(s.v);
  return out.empty() ? " (nothing)" : out;
}

Status CompareResult(const TestCommand& cmd, const Value& v, bool ordered) {
  if (auto* s = std::get_if<Scalar>(&v)) {
    if (!cmd.expect_scalar) {
      return InvalidArgument("got scalar " + FormatValue(s->v) + ", expected vector:" +
                             ExpectedList(cmd));
    }
    if (!AlmostEqual(cmd.scalar, s->v)) {
      return InvalidArgument("expected scalar " + FormatValue(cmd.scalar) + " but got " +
                             FormatValue(s->v));
    }
    return Status::Ok();
  }
  if (std::holds_alternative<Matrix>(v)) {
    return InvalidArgument("received range result on instant evaluation");
  }
  if (std::holds_alternative<StringValue>(v)) {
    return InvalidArgument("received string result");
  }
  const Vector& vec = std::get<Vector>(v);
  if (cmd.expect_scalar) {
    return InvalidArgument("expected scalar " + FormatValue(cmd.scalar) + ", got vector:" +
                           VectorList(vec));
  }
  std::vector<bool> seen(cmd.expected.size(), false);
  for (size_t pos = 0; pos < vec.size(); ++pos) {
    const VecSample& s = vec[pos];
    size_t found = cmd.expected.size();
    for (size_t k = 0; k < cmd.expected.size(); ++k) {
      if (cmd.expected[k].labels == *s.metric) {
        found = k;
        break;
      }
    }
    if (found == cmd.expected.size()) {
      return InvalidArgument("unexpected metric " + SeriesString(*s.metric) + " " +
                             FormatValue(s.v) + " in result; got:" + VectorList(vec) +
                             "\nexpected:" + ExpectedList(cmd));
    }
    if (ordered && found != pos) {
      return InvalidArgument("expected metric " + SeriesString(*s.metric) + " at position " +
                             std::to_string(found + 1) + " but was at " +
                             std::to_string(pos + 1));
    }
    if (!AlmostEqual(cmd.expected[found].value, s.v)) {
      return InvalidArgument("expected " + FormatValue(cmd.expected[found].value) + " for " +
                             SeriesString(*s.metric) + " but got " + FormatValue(s.v));
    }
    seen[found] = true;
  }
  for (size_t k = 0; k < seen.size(); ++k) {
    if (!seen[k]) {
      return InvalidArgument("expected metric " + SeriesString(cmd.expected[k].labels) + " " +
                             FormatValue(cmd.expected[k].value) + " not found; got:" +
                             VectorList(vec));
    }
  }
  return Status::Ok();
}

bool IsAtUnsafe(const std::string& fn) {
  static const char* kUnsafe[] = {"days_in_month", "day_of_month", "day_of_week", "day_of_year",
                                  "hour",          "minute",       "month",       "year",
                                  "predict_linear", "time",        "timestamp"};
  for (const char* u : kUnsafe) {
    if (fn == u) return true;
  }
  return false;
}

// Sets @ ts on every selector and subquery not inside a subquery (those
// with one keep it). Returns false when the expression calls a function
// whose result depends on the evaluation time (outside subqueries).
bool SetAtModifiers(Expr* e, UnixMillis ts) {
  if (!e) return true;
  AtModifier at;
  at.kind = AtModifier::Kind::kTimestamp;
  at.ms = ts;
  switch (e->kind) {
    case ExprKind::kVectorSelector:
      if (!e->at) e->at = at;
      return true;
    case ExprKind::kMatrixSelector:
      if (!e->lhs->at) e->lhs->at = at;
      return true;
    case ExprKind::kSubquery:
      if (!e->at) e->at = at;
      return true;
    case ExprKind::kCall: {
      bool safe = !IsAtUnsafe(e->func->name);
      for (auto& a : e->args) safe = SetAtModifiers(a.get(), ts) && safe;
      return safe;
    }
    default: {
      bool safe = SetAtModifiers(e->lhs.get(), ts);
      safe = SetAtModifiers(e->rhs.get(), ts) && safe;
      safe = SetAtModifiers(e->param.get(), ts) && safe;
      return safe;
    }
  }
}

struct EvalCase {
  ExprPtr expr;
  UnixMillis t;
  std::string label;  // "" for the original; "with @ ..." otherwise
};

Status RunCase(const SeriesStore& store, const TestCommand& cmd, const EvalCase& c,
               const TestRunOptions& opts) {
  auto res = EvalInstant(store, *c.expr, c.t, opts.lookback_delta);
  if (!res.ok()) {
    if (cmd.expect_fail) return Status::Ok();
    return res.status().WithPrefix("error evaluating query");
  }
  if (cmd.expect_fail) return InvalidArgument("expected error evaluating query but got none");
  KF_RETURN_IF_ERROR(CompareResult(cmd, *res, cmd.ordered));
  if (!opts.check_range_mode || cmd.ordered) return Status::Ok();
  if (c.expr->type != ValueType::kScalar && c.expr->type != ValueType::kVector) {
    return Status::Ok();
  }
  auto range = EvalRange(store, *c.expr, c.t - 60000, c.t + 60000, 60000, opts.lookback_delta);
  if (!range.ok()) return range.status().WithPrefix("error evaluating query in range mode");
  Vector vec;
  for (const auto& s : *range) {
    for (const auto& p : s.points) {
      if (p.t == c.t) {
        vec.push_back(VecSample{s.metric, p.v, p.t});
        break;
      }
    }
  }
  Status st;
  if (std::holds_alternative<Scalar>(*res)) {
    if (vec.empty()) return InvalidArgument("range mode: no value at the evaluation time");
    st = CompareResult(cmd, Value(Scalar{vec[0].v}), false);
  } else {
    st = CompareResult(cmd, Value(std::move(vec)), false);
  }
  return st.WithPrefix("in range mode");
}

}  // namespace

TestRunReport RunTestScript(const TestScript& script, const TestRunOptions& options) {
  TestRunReport report;
  SeriesStore store;
  for (const TestCommand& cmd : script.commands) {
    if (cmd.kind == TestCommand::Kind::kClear) {
      store.Clear();
      continue;
    }
    if (cmd.kind == TestCommand::Kind::kLoad) {
      for (const auto& s : cmd.series) {
        auto id = store.Intern(s.labels);
        UnixMillis last = INT64_MIN;
        const auto& existing = store.all()[id].samples;
        if (!existing.empty()) last = existing.back().t;
        for (size_t i = 0; i < s.values.size(); ++i) {
          UnixMillis t = static_cast<UnixMillis>(i) * cmd.interval;
          if (!s.values[i] || t < last) continue;
          store.Append(id, t, *s.values[i]);
        }
      }
      continue;
    }
    report.evals++;
    if (options.skip_lines.count(cmd.line)) {
      report.skipped++;
      continue;
    }
    auto fail = [&](const std::string& msg) {
      report.failures.push_back(TestEvalFailure{cmd.line, cmd.expr, msg});
    };
    auto parsed = ParseExpr(cmd.expr);
    if (!parsed.ok()) {
      if (cmd.expect_fail) {
        report.passed++;
      } else {
        fail(parsed.status().ToString());
      }
      continue;
    }
    std::vector<EvalCase> cases;
    cases.push_back(EvalCase{std::move(*parsed), cmd.at, ""});
    if (options.check_at_modifier) {
      auto probe = ParseExpr(cmd.expr);
      if (probe.ok() && SetAtModifiers(probe->get(), cmd.at)) {
        std::vector<UnixMillis> times = {-10 * cmd.at, 0, cmd.at / 5, cmd.at, 10 * cmd.at};
        if (cmd.at == 0) times = {-1000, 0, 1000};
        for (UnixMillis t : times) {
          auto e = ParseExpr(cmd.expr);
          SetAtModifiers(e->get(), cmd.at);
          cases.push_back(EvalCase{std::move(*e), t,
                                   "with @ " + FormatValue(static_cast<double>(cmd.at) / 1000) +
                                       " on every selector, evaluated at " +
                                       FormatValue(static_cast<double>(t) / 1000) + "s"});
        }
      }
    }
    bool ok = true;
    for (const auto& c : cases) {
      Status st = RunCase(store, cmd, c, options);
      if (!st.ok()) {
        fail(c.label.empty() ? st.message() : c.label + ": " + st.message());
        ok = false;
        break;
      }
    }
    if (ok) report.passed++;
  }
  return report;
}

}  // namespace kf::promql
