// How `kubeflight eval` shows its results: a table and a summary for people,
// JUnit XML for CI systems, JSON for programs.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/eval/runner.h"

namespace kf::eval {

// One row per case: scenario, PASS/FAIL, one column per dimension (ok/FAIL),
// steps, tool calls, virtual time to the end, wall time; then each failed
// case's findings, then the summary line (SummaryLine).
void PrintTable(const std::vector<CaseResult>& results, double wall_ms, std::ostream& out);

// "14/15 scenarios passed (diagnosis 15/15, mitigation 14/15, honesty 15/15,
// safety 15/15) in 1.32s, 11.4 runs/s"
std::string SummaryLine(const std::vector<CaseResult>& results, double wall_ms);

// JUnit XML: one <testsuite name="kubeflight eval">, one <testcase> per case
// (classname "kubeflight.eval", name the scenario, "#k" for repeats), a
// <failure> with the failed dimensions and findings, an <error> for a run
// that could not start; the case's score as <properties>.
void WriteJUnit(const std::vector<CaseResult>& results, double wall_ms, std::ostream& out);

// {"summary":{"cases","passed","failed","dimensions":{…},"wall_ms"},
//  "results":[{"scenario","path","repeat","seed","run_id","outcome",
//              "passed","error","wall_ms", …Score}]}
Json ResultsJson(const std::vector<CaseResult>& results, double wall_ms);

// "&lt;" etc.: text safe inside XML attributes and elements.
std::string XmlEscape(const std::string& s);

}  // namespace kf::eval
