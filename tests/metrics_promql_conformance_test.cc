// Runs Prometheus v2.42's own PromQL test data (fixtures/promql/*.test)
// against the engine: one test per file, every failing eval reported with
// file:line. Cases left out are listed in kSkipped with the reason (and in
// docs/promql.md, "Conformance: cases left out and why").
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "engine/metrics/promql_test_script.h"
#include "tests/testing/test_util.h"

namespace kf::promql {
namespace {

struct Skip {
  const char* file;
  int line;
  const char* reason;
};

// Keep this list short; every entry needs a reason (and a line in
// docs/promql.md). Currently every case passes, so it is empty.
const std::vector<Skip> kSkipped = {};

const char* kFiles[] = {
    "aggregators.test", "at_modifier.test", "collision.test",  "functions.test",
    "histograms.test",  "literals.test",    "operators.test",  "selectors.test",
    "staleness.test",   "subquery.test",    "trig_functions.test",
};

class PromqlConformance : public ::testing::TestWithParam<const char*> {};

TEST_P(PromqlConformance, File) {
  std::string file = GetParam();
  std::string path = kf::testing::SourceDir() + "/fixtures/promql/" + file;
  auto script = ParseTestScript(kf::testing::ReadFileOrDie(path), file);
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  TestRunOptions opts;
  for (const Skip& s : kSkipped) {
    if (file == s.file) opts.skip_lines.insert(s.line);
  }
  TestRunReport report = RunTestScript(*script, opts);
  for (const auto& f : report.failures) {
    ADD_FAILURE_AT(path.c_str(), f.line) << file << ":" << f.line << ": " << f.expr << "\n  "
                                         << f.message;
  }
  std::printf("[ conformance ] %s: %d passed / %d total (%d skipped)\n", file.c_str(),
              report.passed, report.evals, report.skipped);
  EXPECT_EQ(report.passed + report.skipped, report.evals);
}

INSTANTIATE_TEST_SUITE_P(Prometheus, PromqlConformance, ::testing::ValuesIn(kFiles),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string n = info.param;
                           n = n.substr(0, n.find('.'));
                           return n;
                         });

}  // namespace
}  // namespace kf::promql
