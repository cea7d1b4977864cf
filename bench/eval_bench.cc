// The whole scenario library through `kubeflight eval`'s engine with the
// builtin agent, in one process: every scenario run, scored, not recorded.
// Prints wall time, runs per second and the time per scenario, for -j1 and
// -j2 (the CI machine has 2 cores). Goal (measured, not asserted): the whole
// library in under 2 seconds.
//
//   build/bench/eval_bench [jobs...]      (default: 1 2)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/eval/runner.h"

namespace {

std::vector<std::string> Library() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(KF_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> jobs;
  for (int i = 1; i < argc; ++i) jobs.push_back(std::max(1, std::atoi(argv[i])));
  if (jobs.empty()) jobs = {1, 2};
  kf::eval::EvalOptions o;
  o.scenario_paths = Library();
  std::printf("eval_bench: %zu scenarios, builtin agent, --approve=recommended, not recorded\n",
              o.scenario_paths.size());
  double first = 0;
  for (int j : jobs) {
    o.jobs = j;
    const auto t0 = std::chrono::steady_clock::now();
    kf::Result<std::vector<kf::eval::CaseResult>> r = kf::eval::RunEval(o);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok()) {
      std::fprintf(stderr, "eval_bench: %s\n", r.status().ToString().c_str());
      return 1;
    }
    int passed = 0;
    for (const kf::eval::CaseResult& c : *r) passed += c.passed() ? 1 : 0;
    if (first == 0) first = secs;
    std::printf("\n-j%d: %.3f s wall, %.1f runs/s, %d/%zu passed, goal < 2 s: %s, speed-up vs -j%d: %.2fx\n", j, secs,
                static_cast<double>(r->size()) / secs, passed, r->size(), secs < 2 ? "met" : "NOT met", jobs[0],
                first / secs);
    if (j == jobs.front()) {
      for (const kf::eval::CaseResult& c : *r) {
        std::printf("  %-40s %8.1f ms  %s\n", c.scenario.c_str(), c.wall_ms, c.passed() ? "pass" : "FAIL");
      }
    }
  }
  return 0;
}
