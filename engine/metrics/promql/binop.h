// Binary operators: arithmetic, comparison (with and without bool), set
// operators, and vector matching (on/ignoring, group_left/group_right), with
// Prometheus v2.42's semantics and error messages.
#pragma once

#include "engine/core/status.h"
#include "engine/metrics/promql/ast.h"
#include "engine/metrics/promql/value.h"

namespace kf::promql {

// REQUIRES: e.kind == kBinary; lhs and rhs are e's operands' values.
Result<Value> ApplyBinary(const Expr& e, Value lhs, Value rhs);

}  // namespace kf::promql
