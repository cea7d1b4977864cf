// The PromQL syntax tree. One node struct with a kind tag; each kind uses
// the fields listed beside it. Trees are built by the parser and are
// immutable during evaluation (the conformance runner may set @ modifiers
// on a fresh tree before evaluating it).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/metrics/promql/regex.h"

namespace kf::promql {

enum class ValueType { kNone, kScalar, kVector, kMatrix, kString };
// "scalar", "instant vector", "range vector", "string".
const char* ValueTypeName(ValueType t);

struct Matcher {
  enum class Op { kEq, kNeq, kRe, kNre };
  Op op = Op::kEq;
  std::string name;
  std::string value;
  std::shared_ptr<const Regex> re;  // For kRe and kNre.

  bool Matches(const std::string& v) const;
};

enum class BinOp {
  kAdd, kSub, kMul, kDiv, kMod, kPow, kAtan2,
  kEql, kNeq, kLss, kGtr, kLte, kGte,
  kAnd, kOr, kUnless,
};
bool IsComparison(BinOp op);
bool IsSetOp(BinOp op);
const char* BinOpName(BinOp op);

enum class AggOp {
  kSum, kAvg, kCount, kMin, kMax, kGroup, kStddev, kStdvar,
  kTopk, kBottomk, kQuantile, kCountValues,
};

struct FunctionDef;

// The @ modifier: a fixed time, or the query's start() or end().
struct AtModifier {
  enum class Kind { kTimestamp, kStart, kEnd };
  Kind kind = Kind::kTimestamp;
  UnixMillis ms = 0;
};

struct VectorMatching {
  enum class Card { kOneToOne, kManyToOne, kOneToMany, kManyToMany };
  Card card = Card::kOneToOne;
  bool on = false;                     // on(...) rather than ignoring(...)
  std::vector<std::string> labels;     // sorted
  std::vector<std::string> include;    // group_left/group_right labels
};

enum class ExprKind {
  kNumber,          // number
  kString,          // str
  kVectorSelector,  // metric_name, matchers, offset, at
  kMatrixSelector,  // lhs (a kVectorSelector holding offset and at), range
  kSubquery,        // lhs, range, step (0: default), offset, at
  kParen,           // lhs
  kUnary,           // lhs, negate
  kBinary,          // op, lhs, rhs, return_bool, matching
  kAggregate,       // agg, param (may be null), lhs, grouping, without
  kCall,            // func, args
};

struct Expr {
  ExprKind kind = ExprKind::kNumber;
  size_t pos = 0;  // Byte offset of the node in the query.
  ValueType type = ValueType::kNone;

  double number = 0;
  std::string str;

  std::string metric_name;
  std::vector<Matcher> matchers;
  DurationMs offset = 0;
  std::optional<AtModifier> at;
  DurationMs range = 0;
  DurationMs step = 0;

  bool negate = false;
  BinOp op = BinOp::kAdd;
  bool return_bool = false;
  VectorMatching matching;

  AggOp agg = AggOp::kSum;
  std::vector<std::string> grouping;
  bool without = false;

  const FunctionDef* func = nullptr;
  std::unique_ptr<Expr> lhs;
  std::unique_ptr<Expr> rhs;
  std::unique_ptr<Expr> param;
  std::vector<std::unique_ptr<Expr>> args;
};

using ExprPtr = std::unique_ptr<Expr>;

// Strips any number of enclosing parentheses.
const Expr* Unparen(const Expr* e);

}  // namespace kf::promql
