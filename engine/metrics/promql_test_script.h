// Prometheus's PromQL test-script format (promql/testdata/*.test, v2.42)
// and a runner that checks the engine against it.
//
// Commands, one per block (blank lines and # comments end a block):
//   load <interval>            then series lines: metric{l="v"} 1 2+3x4 _ stale
//   clear                      empties the storage
//   eval instant at <time> <expr>          then expected lines: {l="v"} 3 | 3
//   eval_fail instant at <time> <expr>     the query must fail
//   eval_ordered instant at <time> <expr>  the result order must match too
//
// As Prometheus's own runner does, every instant eval is also checked in
// range mode (start = t-1m, end = t+1m, step 1m, comparing the middle
// step) and, unless it calls a time-dependent function, with @ <t> added to
// every selector and subquery and evaluated at other times.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/status.h"
#include "engine/metrics/series_store.h"

namespace kf::promql {

struct TestSeries {
  Labels labels;
  std::vector<std::optional<double>> values;  // nullopt: no sample ("_")
};

struct TestExpected {
  Labels labels;
  double value;
};

struct TestCommand {
  enum class Kind { kLoad, kClear, kEval };
  Kind kind = Kind::kClear;
  int line = 0;  // 1-based line of the command in its file
  // load
  DurationMs interval = 0;
  std::vector<TestSeries> series;
  // eval
  std::string expr;
  UnixMillis at = 0;
  bool expect_fail = false;
  bool ordered = false;
  bool expect_scalar = false;
  double scalar = 0;
  std::vector<TestExpected> expected;  // In file order.
};

struct TestScript {
  std::string name;
  std::vector<TestCommand> commands;
};

// Errors name the file and line: "functions.test:12: bad series value \"x\"".
Result<TestScript> ParseTestScript(const std::string& text, const std::string& name);

// Parses one series description line: `metric{l="v"} 1 2+3x4 _ stale`.
Result<TestSeries> ParseSeriesLine(const std::string& line);

struct TestRunOptions {
  DurationMs lookback_delta = 5 * 60 * 1000;
  bool check_range_mode = true;
  bool check_at_modifier = true;
  // Lines of eval commands not run (each should have a documented reason).
  std::set<int> skip_lines;
};

struct TestEvalFailure {
  int line;
  std::string expr;
  std::string message;
};

struct TestRunReport {
  int evals = 0;
  int passed = 0;
  int skipped = 0;
  std::vector<TestEvalFailure> failures;
};

TestRunReport RunTestScript(const TestScript& script, const TestRunOptions& options);

}  // namespace kf::promql
