// The PromQL parser: query text to a type-checked syntax tree.
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/metrics/promql/ast.h"

namespace kf::promql {

// Errors are InvalidArgument with Prometheus's shape:
//   "1:9: parse error: unexpected end of input"
//   "1:1: parse error: unknown function with name \"foo\""
// where line:column (1-based) points at the offending token.
Result<ExprPtr> ParseExpr(const std::string& query);

}  // namespace kf::promql
