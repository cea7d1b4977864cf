// `kubeflight eval [SCENARIOS…] [--agent builtin|MODEL] [--approve=recommended]
// [-j N] [--repeat K] [--shard I/N] [--junit FILE] [--json FILE]
// [--db FILE | --no-record]`: runs the scenario library (or the named
// scenarios) with an agent, scores every run (engine/eval), prints a table and
// a summary, and exits 7 when any run fails.
// `kubeflight eval --session RUN_ID… [--db FILE]` scores recorded `kubeflight
// serve` sessions instead (engine/eval/serve_session.h), with the same output.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "engine/cli/cli.h"
#include "engine/cli/model_agent.h"
#include "engine/core/clock.h"
#include "engine/eval/report.h"
#include "engine/eval/runner.h"
#include "engine/eval/serve_session.h"
#include "engine/eval/shard.h"
#include "engine/llm/config.h"
#include "engine/replay/recorded_run.h"
#include "engine/replay/scenario_source.h"
#include "engine/scenario/scenario.h"
#include "recorder/db_path.h"
#include "recorder/reader.h"

namespace kf::cli {
namespace {

struct EvalFlags {
  std::vector<std::string> scenarios;
  std::string agent = "builtin";
  std::string approve = "recommended";
  int jobs = 0;  // 0: one per CPU
  int repeat = 1;
  std::string shard;
  std::string junit;
  std::string json;
  std::string db;
  bool no_record = false;
  std::vector<std::string> sessions;  // run ids of serve sessions to score
  llm::ModelBudgets model_budgets;
};

// Every scenario file of the library directory, by name.
std::vector<std::string> LibraryPaths() {
  namespace fs = std::filesystem;
  std::string dir = KF_SCENARIOS_DIR;
  if (const char* env = std::getenv("KUBEFLIGHT_SCENARIOS"); env && *env) dir = env;
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// One scored serve session; errors (unknown run, changed scenario) in .error.
eval::CaseResult ScoreSession(const recorder::Reader& reader, const std::string& run_id) {
  eval::CaseResult c;
  c.run_id = run_id;
  c.outcome = "session";
  Result<replay::RecordedRun> session = replay::LoadRecordedRun(reader, run_id);
  if (!session.ok()) {
    c.error = session.status();
    return c;
  }
  c.scenario = session->run.info.scenario;
  c.seed = session->run.info.seed;
  Result<std::string> path = replay::FindRecordedScenario(session->run, "", &ResolveScenarioPath);
  Result<Scenario> scenario = path.ok() ? LoadScenarioFile(*path) : Result<Scenario>(path.status());
  if (!scenario.ok()) {
    c.error = scenario.status();
    return c;
  }
  c.path = *path;
  Result<eval::Score> score = eval::ScoreServeSession(*scenario, *session);
  if (score.ok()) c.score = *score;
  else c.error = score.status();
  return c;
}

Result<std::vector<eval::CaseResult>> ScoreSessions(const EvalFlags& f) {
  KF_ASSIGN_OR_RETURN(std::string db, recorder::ResolveRecordingPath(f.db));
  KF_ASSIGN_OR_RETURN(recorder::Reader reader, recorder::Reader::Open(db));
  std::vector<eval::CaseResult> out;
  for (const std::string& id : f.sessions) out.push_back(ScoreSession(reader, id));
  return out;
}

// Prints and writes the results; the exit code.
int Report(const EvalFlags& f, const std::vector<eval::CaseResult>& results, double wall_ms);

int Eval(const EvalFlags& f) {
  if (!f.sessions.empty()) {
    if (!f.scenarios.empty()) {
      std::cerr << "kubeflight eval: --session scores recorded sessions; name no scenarios with it\n";
      return kExitUsage;
    }
    WallClock wall;
    const UnixMillis started = wall.Now();
    Result<std::vector<eval::CaseResult>> results = ScoreSessions(f);
    if (!results.ok()) {
      std::cerr << "kubeflight eval: " << results.status().message() << "\n";
      return kExitError;
    }
    return Report(f, *results, static_cast<double>(wall.Now() - started));
  }
  eval::EvalOptions o;
  for (const std::string& s : f.scenarios) o.scenario_paths.push_back(ResolveScenarioPath(s));
  if (o.scenario_paths.empty()) o.scenario_paths = LibraryPaths();
  if (o.scenario_paths.empty()) {
    std::cerr << "kubeflight eval: no scenarios found (looked in " << KF_SCENARIOS_DIR
              << "; set KUBEFLIGHT_SCENARIOS or name the files)\n";
    return kExitError;
  }
  if (!f.shard.empty()) {
    Result<eval::Shard> shard = eval::ParseShard(f.shard);
    if (!shard.ok()) {
      std::cerr << "kubeflight eval: " << shard.status().message() << "\n";
      return kExitUsage;
    }
    std::vector<std::string> names;
    for (const std::string& p : o.scenario_paths) names.push_back(Stem(p));
    o.scenario_paths = eval::SelectShard(o.scenario_paths, names, *shard);
    if (o.scenario_paths.empty()) {
      std::cout << "shard " << f.shard << " has no scenarios\n";
      return kExitOk;
    }
  }
  o.repeat = f.repeat;
  o.jobs = f.jobs > 0 ? f.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.approve = f.approve;
  o.engine_version = KF_VERSION;
  if (f.agent != "builtin") {
    // Fail before any run when the model cannot be reached at all.
    Result<AgentFactory> probe = NewModelAgentFactory(f.agent, llm::ProcessEnv(), false, f.model_budgets);
    if (!probe.ok()) {
      std::cerr << "kubeflight eval: " << probe.status().message() << "\n";
      return kExitError;
    }
    o.model = f.agent;
    o.make_agent = [spec = f.agent, budgets = f.model_budgets](Clock& clock) {
      return NewSelfContainedModelAgent(spec, clock, budgets);
    };
  }
  if (!f.no_record) {
    Result<std::string> path = recorder::ResolveRecordingPath(f.db);
    if (!path.ok()) {
      std::cerr << "kubeflight eval: " << path.status().message() << " (--no-record runs without recording)\n";
      return kExitError;
    }
    o.db = *path;
  }

  const bool tty = isatty(STDERR_FILENO) != 0;
  eval::ProgressFn progress;
  if (tty) {
    progress = [](const eval::CaseResult& r, int done, int total) {
      std::cerr << "\r\033[K[" << done << "/" << total << "] " << (r.scenario.empty() ? r.path : r.scenario)
                << (r.error.ok() ? (r.passed() ? " PASS" : " FAIL") : " ERROR") << std::flush;
      if (done == total) std::cerr << "\r\033[K" << std::flush;
    };
  }
  WallClock wall;
  const UnixMillis started = wall.Now();
  Result<std::vector<eval::CaseResult>> results = eval::RunEval(o, progress);
  const double wall_ms = static_cast<double>(wall.Now() - started);
  if (!results.ok()) {
    std::cerr << "kubeflight eval: " << results.status().message() << "\n";
    return kExitError;
  }
  if (!o.db.empty()) std::cerr << "kubeflight eval: recorded " << results->size() << " run(s) in " << o.db << "\n";
  return Report(f, *results, wall_ms);
}

int Report(const EvalFlags& f, const std::vector<eval::CaseResult>& results, double wall_ms) {
  eval::PrintTable(results, wall_ms, std::cout);
  if (!f.junit.empty()) {
    std::ofstream out(f.junit, std::ios::binary);
    eval::WriteJUnit(results, wall_ms, out);
    if (!out.flush()) {
      std::cerr << "kubeflight eval: cannot write " << f.junit << "\n";
      return kExitError;
    }
  }
  if (!f.json.empty()) {
    std::ofstream out(f.json, std::ios::binary);
    out << eval::ResultsJson(results, wall_ms).dump(2) << "\n";
    if (!out.flush()) {
      std::cerr << "kubeflight eval: cannot write " << f.json << "\n";
      return kExitError;
    }
  }
  const bool all = std::all_of(results.begin(), results.end(), [](const eval::CaseResult& r) { return r.passed(); });
  return all ? kExitOk : kExitEvalFailed;
}

}  // namespace

void RegisterEvalCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<EvalFlags>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Run scenarios with an agent and score every run (the whole library by default; docs/eval.md)");
  cmd->add_option("scenarios", flags->scenarios, "Scenario files or names (default: every scenario in scenarios/)");
  cmd->add_option("--agent", flags->agent,
                  "builtin, or a model (openai:MODEL, anthropic:MODEL, openai-compatible:URL#MODEL) for the LLM agent");
  cmd->add_option("--approve", flags->approve, "How every approval is decided: recommended (= 1), 1, 2, …, deny")
      ->capture_default_str();
  cmd->add_option("-j,--jobs", flags->jobs, "Runs in parallel (default: one per CPU)")->check(CLI::PositiveNumber);
  cmd->add_option("--repeat", flags->repeat, "Runs per scenario")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--shard", flags->shard,
                  "Run only shard I of N (1-based; the library sorted by name, every N-th scenario)");
  cmd->add_option("--junit", flags->junit, "Write JUnit XML to this file");
  cmd->add_option("--json", flags->json, "Write the results as JSON to this file");
  cmd->add_option("--db", flags->db, "Record into this file (default: as for run)");
  cmd->add_flag("--no-record", flags->no_record, "Do not record the runs");
  cmd->add_option("--session", flags->sessions,
                  "Score these recorded `kubeflight serve` sessions (run ids in --db) instead of running scenarios");
  AddModelBudgetFlags(cmd, &flags->model_budgets);
  cmd->callback([flags, action] { *action = [flags] { return Eval(*flags); }; });
}

}  // namespace kf::cli
