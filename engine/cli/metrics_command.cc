// `kubeflight metrics export SCENARIO [--from T] [--to T] [--step D] [-o FILE]`:
// the scenario's simulated series as OpenMetrics text, ready for
// `promtool tsdb create-blocks-from openmetrics`.
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/cli/cli.h"
#include "engine/core/duration.h"
#include "engine/metrics/openmetrics.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"

namespace kf::cli {
namespace {

struct MetricsFlags {
  std::string scenario;
  std::string from, to, step, output;
  std::optional<uint64_t> seed;
};

// A time flag: an offset from the alert time T0 ("-40m", "0s", "+10m") or
// RFC 3339.
Result<UnixMillis> ResolveTimeFlag(const char* flag, const std::string& v, UnixMillis t0) {
  UnixMillis t = 0;
  if (ParseRfc3339(v, &t)) return t;
  Result<DurationMs> d = ParseDuration(!v.empty() && v[0] == '+' ? v.substr(1) : v);
  if (d.ok()) return t0 + *d;
  return InvalidArgument(std::string(flag) + ": \"" + v +
                         "\" is neither an offset from the alert time (-40m, +10m) nor RFC 3339");
}

int Export(const MetricsFlags& f) {
  const std::string path = ResolveScenarioPath(f.scenario);
  Result<Scenario> scenario = LoadScenarioFile(path);
  if (!scenario.ok()) {
    std::cerr << scenario.status().message() << "\n";
    return kExitError;
  }
  ExportWindow w{scenario->start_time, scenario->alert_time, 0};
  if (!f.from.empty()) {
    Result<UnixMillis> t = ResolveTimeFlag("--from", f.from, scenario->alert_time);
    if (!t.ok()) return std::cerr << t.status().message() << "\n", kExitUsage;
    w.from = *t;
  }
  if (!f.to.empty()) {
    Result<UnixMillis> t = ResolveTimeFlag("--to", f.to, scenario->alert_time);
    if (!t.ok()) return std::cerr << t.status().message() << "\n", kExitUsage;
    w.to = *t;
  }
  if (!f.step.empty()) {
    Result<DurationMs> d = ParseDuration(f.step);
    if (!d.ok() || *d <= 0) {
      std::cerr << "--step: must be a positive duration such as 30s, got \"" << f.step << "\"\n";
      return kExitUsage;
    }
    w.step = *d;
  }
  if (w.to < w.from) {
    std::cerr << "--to: " << FormatRfc3339(w.to) << " is before --from " << FormatRfc3339(w.from)
              << "\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<Simulation>> sim = Simulation::Create(*scenario, f.seed);
  if (!sim.ok()) {
    std::cerr << path << ": " << sim.status().message() << "\n";
    return kExitError;
  }
  if (w.to > (*sim)->clock().Now()) (*sim)->AdvanceTo(w.to);
  if (f.output.empty() || f.output == "-") {
    WriteOpenMetrics((*sim)->series(), w, std::cout);
    return std::cout.good() ? kExitOk : kExitError;
  }
  std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << f.output << ": cannot open for writing\n";
    return kExitError;
  }
  WriteOpenMetrics((*sim)->series(), w, out);
  out.close();
  if (!out) {
    std::cerr << f.output << ": write failed\n";
    return kExitError;
  }
  const SeriesStore exported = ExportedSeries((*sim)->series(), w);
  std::cerr << "wrote " << exported.all().size() << " series, " << exported.SampleCount()
            << " samples (" << FormatRfc3339(w.from) << " .. " << FormatRfc3339(w.to) << ") to "
            << f.output << "\n";
  return kExitOk;
}

}  // namespace

void RegisterMetricsCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<MetricsFlags>();
  CLI::App* metrics = app.add_subcommand("metrics", "The simulated Prometheus series");
  metrics->require_subcommand(1);
  CLI::App* exp = metrics->add_subcommand(
      "export", "Write a scenario's series as OpenMetrics (for promtool tsdb create-blocks-from)");
  exp->add_option("scenario", flags->scenario, "Scenario file or name")->required();
  exp->add_option("--from", flags->from,
                  "Start: offset from the alert time (-40m) or RFC 3339; default the scenario start");
  exp->add_option("--to", flags->to, "End (inclusive), same forms; default the alert time");
  exp->add_option("--step", flags->step, "Keep one sample per series per step (default: every sample)");
  exp->add_option("-o,--output", flags->output, "Output file (default: standard output)");
  exp->add_option("--seed", flags->seed, "Override the scenario's seed");
  exp->callback([flags, action] { *action = [flags] { return Export(*flags); }; });
}

}  // namespace kf::cli
