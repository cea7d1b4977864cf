#include "engine/metrics/promql/ast.h"

namespace kf::promql {

const char* ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kScalar: return "scalar";
    case ValueType::kVector: return "instant vector";
    case ValueType::kMatrix: return "range vector";
    case ValueType::kString: return "string";
    case ValueType::kNone: break;
  }
  return "none";
}

bool Matcher::Matches(const std::string& v) const {
  switch (op) {
    case Op::kEq: return v == value;
    case Op::kNeq: return v != value;
    case Op::kRe: return RegexFullMatch(*re, v);
    case Op::kNre: return !RegexFullMatch(*re, v);
  }
  return false;
}

bool IsComparison(BinOp op) {
  return op == BinOp::kEql || op == BinOp::kNeq || op == BinOp::kLss || op == BinOp::kGtr ||
         op == BinOp::kLte || op == BinOp::kGte;
}

bool IsSetOp(BinOp op) { return op == BinOp::kAnd || op == BinOp::kOr || op == BinOp::kUnless; }

const char* BinOpName(BinOp op) {
  switch (op) {
    case BinOp::kAdd: return "+";
    case BinOp::kSub: return "-";
    case BinOp::kMul: return "*";
    case BinOp::kDiv: return "/";
    case BinOp::kMod: return "%";
    case BinOp::kPow: return "^";
    case BinOp::kAtan2: return "atan2";
    case BinOp::kEql: return "==";
    case BinOp::kNeq: return "!=";
    case BinOp::kLss: return "<";
    case BinOp::kGtr: return ">";
    case BinOp::kLte: return "<=";
    case BinOp::kGte: return ">=";
    case BinOp::kAnd: return "and";
    case BinOp::kOr: return "or";
    case BinOp::kUnless: return "unless";
  }
  return "?";
}

const Expr* Unparen(const Expr* e) {
  while (e && e->kind == ExprKind::kParen) e = e->lhs.get();
  return e;
}

}  // namespace kf::promql
