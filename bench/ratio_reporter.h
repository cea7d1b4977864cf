// Shared by the benchmarks that compare our code with a raw baseline: a
// reporter that keeps each benchmark's median and prints ratios, and an
// Initialize that runs 5 randomly interleaved repetitions unless told
// otherwise (so a change in machine load hits both sides of a ratio).
#pragma once

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace kf::bench {

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
      real_[run.run_name.function_name] = run.GetAdjustedRealTime();
      cpu_[run.run_name.function_name] = run.GetAdjustedCPUTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  // Real time is what a user waits; CPU time is steadier on a loaded machine.
  void PrintRatio(const char* what, const std::string& ours, const std::string& raw, double goal) const {
    if (!real_.count(ours) || !real_.count(raw)) return;
    std::printf("%s: %s / %s = %.2fx real, %.2fx cpu (medians; goal < %.1fx)\n", what, ours.c_str(), raw.c_str(),
                real_.at(ours) / real_.at(raw), cpu_.at(ours) / cpu_.at(raw), goal);
  }

 private:
  std::map<std::string, double> real_;
  std::map<std::string, double> cpu_;
};

inline void InitializeWithRepetitions(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  static std::string repetitions = "--benchmark_repetitions=5";
  static std::string interleave = "--benchmark_enable_random_interleaving=true";
  static std::string aggregates = "--benchmark_report_aggregates_only=true";
  bool told = false;
  for (int i = 1; i < argc; ++i) told = told || std::string(argv[i]).find("repetitions") != std::string::npos;
  if (!told) args.insert(args.begin() + 1, {repetitions.data(), interleave.data(), aggregates.data()});
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
}

}  // namespace kf::bench
