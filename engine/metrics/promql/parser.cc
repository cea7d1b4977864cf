#include "engine/metrics/promql/parser.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "engine/metrics/promql/function_table.h"
#include "engine/metrics/promql/lexer.h"

namespace kf::promql {

namespace {

std::string Lower(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

bool IsAggregator(const std::string& lower, AggOp* op) {
  static const std::pair<const char*, AggOp> kAggs[] = {
      {"sum", AggOp::kSum},         {"avg", AggOp::kAvg},
      {"count", AggOp::kCount},     {"min", AggOp::kMin},
      {"max", AggOp::kMax},         {"group", AggOp::kGroup},
      {"stddev", AggOp::kStddev},   {"stdvar", AggOp::kStdvar},
      {"topk", AggOp::kTopk},       {"bottomk", AggOp::kBottomk},
      {"quantile", AggOp::kQuantile}, {"count_values", AggOp::kCountValues},
  };
  for (const auto& [name, a] : kAggs) {
    if (lower == name) {
      *op = a;
      return true;
    }
  }
  return false;
}

bool AggTakesParam(AggOp op) {
  return op == AggOp::kTopk || op == AggOp::kBottomk || op == AggOp::kQuantile ||
         op == AggOp::kCountValues;
}

struct OpInfo {
  BinOp op;
  int prec;
  bool right_assoc;
};

bool BinaryOpOf(const Token& t, OpInfo* info) {
  switch (t.type) {
    case Tok::kAdd: *info = {BinOp::kAdd, 4, false}; return true;
    case Tok::kSub: *info = {BinOp::kSub, 4, false}; return true;
    case Tok::kMul: *info = {BinOp::kMul, 5, false}; return true;
    case Tok::kDiv: *info = {BinOp::kDiv, 5, false}; return true;
    case Tok::kMod: *info = {BinOp::kMod, 5, false}; return true;
    case Tok::kPow: *info = {BinOp::kPow, 6, true}; return true;
    case Tok::kEqlc: *info = {BinOp::kEql, 3, false}; return true;
    case Tok::kNeq: *info = {BinOp::kNeq, 3, false}; return true;
    case Tok::kLss: *info = {BinOp::kLss, 3, false}; return true;
    case Tok::kGtr: *info = {BinOp::kGtr, 3, false}; return true;
    case Tok::kLte: *info = {BinOp::kLte, 3, false}; return true;
    case Tok::kGte: *info = {BinOp::kGte, 3, false}; return true;
    case Tok::kIdentifier: {
      std::string l = Lower(t.text);
      if (l == "or") { *info = {BinOp::kOr, 1, false}; return true; }
      if (l == "and") { *info = {BinOp::kAnd, 2, false}; return true; }
      if (l == "unless") { *info = {BinOp::kUnless, 2, false}; return true; }
      if (l == "atan2") { *info = {BinOp::kAtan2, 5, false}; return true; }
      return false;
    }
    default:
      return false;
  }
}

class Parser {
 public:
  explicit Parser(const std::string& q) : q_(q), toks_(Lex(q)) {}

  Result<ExprPtr> Run() {
    KF_ASSIGN_OR_RETURN(ExprPtr e, ParseBinary(0));
    if (Peek().type != Tok::kEOF) return Unexpected(Peek(), "");
    return e;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, toks_.size() - 1);
    return toks_[i];
  }
  const Token& Take() {
    const Token& t = toks_[std::min(pos_, toks_.size() - 1)];
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  bool PeekKeyword(const char* kw) const {
    return Peek().type == Tok::kIdentifier && Lower(Peek().text) == kw;
  }

  Status ErrAt(size_t pos, const std::string& msg) const {
    int line = 1;
    size_t last_break = std::string::npos;
    for (size_t i = 0; i < pos && i < q_.size(); ++i) {
      if (q_[i] == '\n') {
        ++line;
        last_break = i;
      }
    }
    size_t col = last_break == std::string::npos ? pos + 1 : pos - last_break;
    return InvalidArgument(std::to_string(line) + ":" + std::to_string(col) +
                           ": parse error: " + msg);
  }
  Status Unexpected(const Token& t, const std::string& context, const std::string& expected = "") {
    if (t.type == Tok::kError) return ErrAt(t.pos, t.text);
    std::string msg = "unexpected " + DescribeToken(t);
    if (!context.empty()) msg += " in " + context;
    if (!expected.empty()) msg += ", expected " + expected;
    return ErrAt(t.pos, msg);
  }
  Status Expect(Tok type, const std::string& context, const std::string& expected) {
    if (Peek().type != type) return Unexpected(Peek(), context, expected);
    Take();
    return Status::Ok();
  }

  Result<ExprPtr> ParseBinary(int min_prec) {
    KF_ASSIGN_OR_RETURN(ExprPtr lhs, ParseUnary());
    while (true) {
      OpInfo info;
      if (!BinaryOpOf(Peek(), &info) || info.prec < min_prec) break;
      const Token& op_tok = Take();
      auto node = std::make_unique<Expr>();
      node->kind = ExprKind::kBinary;
      node->pos = op_tok.pos;
      node->op = info.op;
      KF_RETURN_IF_ERROR(ParseBinModifiers(node.get()));
      KF_ASSIGN_OR_RETURN(ExprPtr rhs, ParseBinary(info.right_assoc ? info.prec : info.prec + 1));
      node->lhs = std::move(lhs);
      node->rhs = std::move(rhs);
      KF_RETURN_IF_ERROR(CheckBinary(node.get()));
      lhs = std::move(node);
    }
    return lhs;
  }

  Status ParseBinModifiers(Expr* node) {
    if (PeekKeyword("bool")) {
      Take();
      node->return_bool = true;
    }
    bool have_on = false;
    if (PeekKeyword("on") || PeekKeyword("ignoring")) {
      node->matching.on = Lower(Take().text) == "on";
      have_on = true;
      KF_ASSIGN_OR_RETURN(node->matching.labels, ParseGroupingLabels());
      std::sort(node->matching.labels.begin(), node->matching.labels.end());
    }
    if (have_on && (PeekKeyword("group_left") || PeekKeyword("group_right"))) {
      node->matching.card = Lower(Take().text) == "group_left"
                                ? VectorMatching::Card::kManyToOne
                                : VectorMatching::Card::kOneToMany;
      if (Peek().type == Tok::kLParen) {
        KF_ASSIGN_OR_RETURN(node->matching.include, ParseGroupingLabels());
      }
    }
    return Status::Ok();
  }

  Result<std::vector<std::string>> ParseGroupingLabels() {
    std::vector<std::string> labels;
    KF_RETURN_IF_ERROR(Expect(Tok::kLParen, "grouping opts", "\"(\""));
    while (Peek().type != Tok::kRParen) {
      const Token& t = Peek();
      if (t.type != Tok::kIdentifier || !IsValidLabelNameToken(t.text)) {
        return Unexpected(t, "grouping opts", "label");
      }
      labels.push_back(Take().text);
      if (Peek().type == Tok::kComma) {
        Take();
        continue;
      }
      if (Peek().type != Tok::kRParen) return Unexpected(Peek(), "grouping opts", "\",\" or \")\"");
    }
    Take();
    return labels;
  }

  static bool IsValidLabelNameToken(const std::string& s) {
    if (s.empty()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
            (i > 0 && std::isdigit(static_cast<unsigned char>(c))))) {
        return false;
      }
    }
    return true;
  }

  Status CheckBinary(Expr* n) {
    ValueType lt = n->lhs->type, rt = n->rhs->type;
    if (n->return_bool && !IsComparison(n->op)) {
      return ErrAt(n->pos, "bool modifier can only be used on comparison operators");
    }
    if (IsComparison(n->op) && !n->return_bool && lt == ValueType::kScalar &&
        rt == ValueType::kScalar) {
      return ErrAt(n->pos, "comparisons between scalars must use BOOL modifier");
    }
    if (IsSetOp(n->op) && n->matching.card == VectorMatching::Card::kOneToOne) {
      n->matching.card = VectorMatching::Card::kManyToMany;
    }
    if (n->matching.on) {
      for (const auto& l1 : n->matching.labels) {
        for (const auto& l2 : n->matching.include) {
          if (l1 == l2) {
            return ErrAt(n->pos, "label " + Quote(l1) + " must not occur in ON and GROUP clause at once");
          }
        }
      }
    }
    if (lt != ValueType::kScalar && lt != ValueType::kVector) {
      return ErrAt(n->lhs->pos, "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType::kScalar && rt != ValueType::kVector) {
      return ErrAt(n->rhs->pos, "binary expression must contain only scalar and instant vector types");
    }
    if (lt != ValueType::kVector || rt != ValueType::kVector) {
      if (!n->matching.labels.empty()) {
        return ErrAt(n->pos, "vector matching only allowed between instant vectors");
      }
    } else if (IsSetOp(n->op)) {
      if (n->matching.card == VectorMatching::Card::kOneToMany ||
          n->matching.card == VectorMatching::Card::kManyToOne) {
        return ErrAt(n->pos, std::string("no grouping allowed for \"") + BinOpName(n->op) + "\" operation");
      }
    }
    if ((lt == ValueType::kScalar || rt == ValueType::kScalar) && IsSetOp(n->op)) {
      return ErrAt(n->pos, std::string("set operator \"") + BinOpName(n->op) +
                               "\" not allowed in binary scalar expression");
    }
    n->type = (lt == ValueType::kScalar && rt == ValueType::kScalar) ? ValueType::kScalar
                                                                      : ValueType::kVector;
    return Status::Ok();
  }

  Result<ExprPtr> ParseUnary() {
    if (Peek().type == Tok::kAdd || Peek().type == Tok::kSub) {
      const Token& t = Take();
      bool neg = t.type == Tok::kSub;
      size_t pos = t.pos;
      KF_ASSIGN_OR_RETURN(ExprPtr operand, ParseBinary(6));
      if (operand->kind == ExprKind::kNumber) {
        if (neg) operand->number = -operand->number;
        operand->pos = pos;
        return operand;
      }
      if (operand->type != ValueType::kScalar && operand->type != ValueType::kVector) {
        return ErrAt(pos, "unary expression only allowed on expressions of type scalar or instant vector");
      }
      auto node = std::make_unique<Expr>();
      node->kind = ExprKind::kUnary;
      node->pos = pos;
      node->negate = neg;
      node->type = operand->type;
      node->lhs = std::move(operand);
      return node;
    }
    KF_ASSIGN_OR_RETURN(ExprPtr primary, ParsePrimary());
    return ParsePostfix(std::move(primary));
  }

  Result<ExprPtr> ParsePostfix(ExprPtr e) {
    while (true) {
      if (Peek().type == Tok::kLBracket) {
        KF_ASSIGN_OR_RETURN(e, ParseRangeOrSubquery(std::move(e)));
      } else if (PeekKeyword("offset")) {
        KF_RETURN_IF_ERROR(ParseOffset(e.get()));
      } else if (Peek().type == Tok::kAt) {
        KF_RETURN_IF_ERROR(ParseAt(e.get()));
      } else {
        return e;
      }
    }
  }

  Result<DurationMs> ParseDurationToken(const std::string& context) {
    const Token& t = Peek();
    if (t.type != Tok::kDuration) return Unexpected(t, context, "duration");
    Take();
    auto d = ParsePromDuration(t.text);
    if (!d.ok()) return ErrAt(t.pos, d.status().message());
    return *d;
  }

  Result<ExprPtr> ParseRangeOrSubquery(ExprPtr e) {
    size_t lpos = Take().pos;
    KF_ASSIGN_OR_RETURN(DurationMs range, ParseDurationToken("range"));
    if (Peek().type == Tok::kColon) {
      Take();
      DurationMs step = 0;
      if (Peek().type != Tok::kRBracket) {
        KF_ASSIGN_OR_RETURN(step, ParseDurationToken("subquery"));
      }
      KF_RETURN_IF_ERROR(Expect(Tok::kRBracket, "subquery selector", "\"]\""));
      if (e->type != ValueType::kVector) {
        return ErrAt(e->pos, std::string("subquery is only allowed on instant vector, got ") +
                                 ValueTypeName(e->type) + " instead");
      }
      auto node = std::make_unique<Expr>();
      node->kind = ExprKind::kSubquery;
      node->pos = e->pos;
      node->type = ValueType::kMatrix;
      node->range = range;
      node->step = step;
      node->lhs = std::move(e);
      return node;
    }
    KF_RETURN_IF_ERROR(Expect(Tok::kRBracket, "matrix selector", "\"]\""));
    if (e->kind != ExprKind::kVectorSelector) {
      return ErrAt(lpos, "ranges only allowed for vector selectors");
    }
    if (e->offset != 0) return ErrAt(lpos, "no offset modifiers allowed before range");
    if (e->at) return ErrAt(lpos, "no @ modifiers allowed before range");
    auto node = std::make_unique<Expr>();
    node->kind = ExprKind::kMatrixSelector;
    node->pos = e->pos;
    node->type = ValueType::kMatrix;
    node->range = range;
    node->lhs = std::move(e);
    return node;
  }

  // The node an offset or @ modifier applies to, or nullptr.
  static Expr* ModifierTarget(Expr* e) {
    if (e->kind == ExprKind::kVectorSelector || e->kind == ExprKind::kSubquery) return e;
    if (e->kind == ExprKind::kMatrixSelector) return e->lhs.get();
    return nullptr;
  }

  Status ParseOffset(Expr* e) {
    size_t pos = Take().pos;
    bool neg = false;
    if (Peek().type == Tok::kSub) {
      Take();
      neg = true;
    } else if (Peek().type == Tok::kAdd) {
      Take();
    }
    KF_ASSIGN_OR_RETURN(DurationMs d, ParseDurationToken("offset"));
    Expr* target = ModifierTarget(e);
    if (!target) {
      return ErrAt(pos, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (target->offset != 0) return ErrAt(pos, "offset may not be set multiple times");
    target->offset = neg ? -d : d;
    return Status::Ok();
  }

  Status ParseAt(Expr* e) {
    size_t pos = Take().pos;
    AtModifier at;
    if (PeekKeyword("start") || PeekKeyword("end")) {
      at.kind = Lower(Take().text) == "start" ? AtModifier::Kind::kStart : AtModifier::Kind::kEnd;
      KF_RETURN_IF_ERROR(Expect(Tok::kLParen, "@ modifier", "\"(\""));
      KF_RETURN_IF_ERROR(Expect(Tok::kRParen, "@ modifier", "\")\""));
    } else {
      bool neg = false;
      if (Peek().type == Tok::kSub || Peek().type == Tok::kAdd) neg = Take().type == Tok::kSub;
      if (Peek().type != Tok::kNumber) return Unexpected(Peek(), "@", "timestamp");
      KF_ASSIGN_OR_RETURN(double ts, ParseNumber(Take()));
      if (neg) ts = -ts;
      if (std::isnan(ts) || std::isinf(ts) || ts >= 9.2e15 || ts <= -9.2e15) {
        return ErrAt(pos, "timestamp out of bounds for @ modifier: " + std::to_string(ts));
      }
      at.ms = static_cast<UnixMillis>(std::llround(ts * 1000.0));
    }
    Expr* target = ModifierTarget(e);
    if (!target) {
      return ErrAt(pos, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (target->at) return ErrAt(pos, "@ <timestamp> may not be set multiple times");
    target->at = at;
    return Status::Ok();
  }

  Result<double> ParseNumber(const Token& t) {
    std::string l = Lower(t.text);
    if (l == "inf") return HUGE_VAL;
    if (l == "nan") return std::nan("");
    if (l.size() > 2 && l[0] == '0' && l[1] == 'x') {
      return static_cast<double>(std::strtoull(l.c_str() + 2, nullptr, 16));
    }
    char* end = nullptr;
    double v = std::strtod(t.text.c_str(), &end);
    if (end != t.text.c_str() + t.text.size()) {
      return ErrAt(t.pos, "error parsing number: " + t.text);
    }
    return v;
  }

  Result<ExprPtr> ParsePrimary() {
    const Token& t = Peek();
    auto node = std::make_unique<Expr>();
    node->pos = t.pos;
    switch (t.type) {
      case Tok::kNumber: {
        Take();
        node->kind = ExprKind::kNumber;
        node->type = ValueType::kScalar;
        KF_ASSIGN_OR_RETURN(node->number, ParseNumber(t));
        return node;
      }
      case Tok::kString:
        Take();
        node->kind = ExprKind::kString;
        node->type = ValueType::kString;
        node->str = t.text;
        return node;
      case Tok::kLParen: {
        Take();
        KF_ASSIGN_OR_RETURN(ExprPtr inner, ParseBinary(0));
        KF_RETURN_IF_ERROR(Expect(Tok::kRParen, "paren expression", "\")\""));
        node->kind = ExprKind::kParen;
        node->type = inner->type;
        node->lhs = std::move(inner);
        return node;
      }
      case Tok::kLBrace:
        return ParseSelector("", t.pos);
      case Tok::kIdentifier: {
        AggOp agg;
        if (IsAggregator(Lower(t.text), &agg) &&
            (Peek(1).type == Tok::kLParen ||
             (Peek(1).type == Tok::kIdentifier &&
              (Lower(Peek(1).text) == "by" || Lower(Peek(1).text) == "without")))) {
          Take();
          return ParseAggregate(agg, t.pos);
        }
        if (Peek(1).type == Tok::kLParen) return ParseCall();
        Take();
        return ParseSelector(t.text, t.pos);
      }
      default:
        return Unexpected(t, "", "");
    }
  }

  Result<ExprPtr> ParseSelector(const std::string& name, size_t pos) {
    auto node = std::make_unique<Expr>();
    node->kind = ExprKind::kVectorSelector;
    node->type = ValueType::kVector;
    node->pos = pos;
    if (Peek().type == Tok::kLBrace) {
      Take();
      while (Peek().type != Tok::kRBrace) {
        KF_ASSIGN_OR_RETURN(Matcher m, ParseMatcher());
        node->matchers.push_back(std::move(m));
        if (Peek().type == Tok::kComma) {
          Take();
          continue;
        }
        if (Peek().type != Tok::kRBrace) {
          return Unexpected(Peek(), "label matching", "\",\" or \"}\"");
        }
      }
      Take();
    }
    if (!name.empty()) {
      for (const auto& m : node->matchers) {
        if (m.name == "__name__") {
          return ErrAt(pos, "metric name must not be set twice: " + Quote(name) + " or " + Quote(m.value));
        }
      }
      Matcher m;
      m.op = Matcher::Op::kEq;
      m.name = "__name__";
      m.value = name;
      node->matchers.insert(node->matchers.begin(), std::move(m));
    }
    bool non_empty = false;
    for (const auto& m : node->matchers) {
      if (!m.Matches("")) non_empty = true;
      if (m.name == "__name__" && m.op == Matcher::Op::kEq) node->metric_name = m.value;
    }
    if (!non_empty) return ErrAt(pos, "vector selector must contain at least one non-empty matcher");
    return node;
  }

  Result<Matcher> ParseMatcher() {
    const Token& name = Peek();
    if (name.type != Tok::kIdentifier || !IsValidLabelNameToken(name.text)) {
      return Unexpected(name, "label matching", "label");
    }
    Take();
    Matcher m;
    m.name = name.text;
    switch (Peek().type) {
      case Tok::kAssign: m.op = Matcher::Op::kEq; break;
      case Tok::kNeq: m.op = Matcher::Op::kNeq; break;
      case Tok::kEqlRegex: m.op = Matcher::Op::kRe; break;
      case Tok::kNeqRegex: m.op = Matcher::Op::kNre; break;
      default:
        return Unexpected(Peek(), "label matching", "label matching operator");
    }
    Take();
    const Token& val = Peek();
    if (val.type != Tok::kString) return Unexpected(val, "label matching", "string");
    Take();
    m.value = val.text;
    if (m.op == Matcher::Op::kRe || m.op == Matcher::Op::kNre) {
      auto re = CompileRegex(m.value);
      if (!re.ok()) {
        if (re.status().code() != StatusCode::kInvalidArgument) return re.status();
        return ErrAt(val.pos, re.status().message());
      }
      m.re = *re;
    }
    return m;
  }

  Result<std::vector<ExprPtr>> ParseArgs(const std::string& context) {
    std::vector<ExprPtr> args;
    KF_RETURN_IF_ERROR(Expect(Tok::kLParen, context, "\"(\""));
    if (Peek().type == Tok::kRParen) {
      Take();
      return args;
    }
    while (true) {
      KF_ASSIGN_OR_RETURN(ExprPtr a, ParseBinary(0));
      args.push_back(std::move(a));
      if (Peek().type == Tok::kComma) {
        Take();
        continue;
      }
      if (Peek().type == Tok::kRParen) {
        Take();
        return args;
      }
      return Unexpected(Peek(), context, "\",\" or \")\"");
    }
  }

  Result<ExprPtr> ParseAggregate(AggOp agg, size_t pos) {
    auto node = std::make_unique<Expr>();
    node->kind = ExprKind::kAggregate;
    node->type = ValueType::kVector;
    node->pos = pos;
    node->agg = agg;
    bool have_grouping = false;
    if (PeekKeyword("by") || PeekKeyword("without")) {
      node->without = Lower(Take().text) == "without";
      KF_ASSIGN_OR_RETURN(node->grouping, ParseGroupingLabels());
      have_grouping = true;
    }
    KF_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, ParseArgs("aggregation"));
    if (!have_grouping && (PeekKeyword("by") || PeekKeyword("without"))) {
      node->without = Lower(Take().text) == "without";
      KF_ASSIGN_OR_RETURN(node->grouping, ParseGroupingLabels());
    }
    size_t want = AggTakesParam(agg) ? 2 : 1;
    if (args.size() != want) {
      return ErrAt(pos, "wrong number of arguments for aggregate expression provided, expected " +
                            std::to_string(want) + ", got " + std::to_string(args.size()));
    }
    if (want == 2) {
      node->param = std::move(args[0]);
      ValueType pt = agg == AggOp::kCountValues ? ValueType::kString : ValueType::kScalar;
      if (node->param->type != pt) {
        return ErrAt(node->param->pos, std::string("expected type ") + ValueTypeName(pt) +
                                           " in aggregation parameter, got " +
                                           ValueTypeName(node->param->type));
      }
    }
    node->lhs = std::move(args.back());
    if (node->lhs->type != ValueType::kVector) {
      return ErrAt(node->lhs->pos, std::string("expected type instant vector in aggregation expression, got ") +
                                       ValueTypeName(node->lhs->type));
    }
    return node;
  }

  Result<ExprPtr> ParseCall() {
    const Token& name = Take();
    const FunctionDef* f = LookupFunction(name.text);
    if (!f) return ErrAt(name.pos, "unknown function with name " + Quote(name.text));
    auto node = std::make_unique<Expr>();
    node->kind = ExprKind::kCall;
    node->pos = name.pos;
    node->func = f;
    node->type = f->return_type;
    KF_ASSIGN_OR_RETURN(node->args, ParseArgs("function call"));
    int nargs = static_cast<int>(node->args.size());
    int ntypes = static_cast<int>(f->arg_types.size());
    std::string quoted = Quote(f->name);
    if (f->variadic == 0) {
      if (nargs != ntypes) {
        return ErrAt(name.pos, "expected " + std::to_string(ntypes) + " argument(s) in call to " +
                                   quoted + ", got " + std::to_string(nargs));
      }
    } else {
      if (nargs < ntypes - 1) {
        return ErrAt(name.pos, "expected at least " + std::to_string(ntypes - 1) +
                                   " argument(s) in call to " + quoted + ", got " +
                                   std::to_string(nargs));
      }
      if (f->variadic > 0 && nargs > ntypes - 1 + f->variadic) {
        return ErrAt(name.pos, "expected at most " + std::to_string(ntypes - 1 + f->variadic) +
                                   " argument(s) in call to " + quoted + ", got " +
                                   std::to_string(nargs));
      }
    }
    for (int i = 0; i < nargs; ++i) {
      ValueType want = f->arg_types[std::min(i, ntypes - 1)];
      const Expr& a = *node->args[i];
      if (a.type != want) {
        return ErrAt(a.pos, std::string("expected type ") + ValueTypeName(want) +
                                " in call to function " + quoted + ", got " + ValueTypeName(a.type));
      }
    }
    return node;
  }

  const std::string& q_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
};

}  // namespace

Result<ExprPtr> ParseExpr(const std::string& query) { return Parser(query).Run(); }

}  // namespace kf::promql
