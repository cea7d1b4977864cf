// `kubeflight serve SCENARIO [--port N] [--kubeconfig-out FILE]
// [--speed N | --paused] [--tls] [--db FILE] [--no-record] [--seed N]`:
// the scenario's simulated cluster as a Kubernetes API for real kubectl
// (docs/serve.md), until SIGINT or SIGTERM.
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "engine/cli/cli.h"
#include "engine/serve/request_recorder.h"
#include "engine/serve/prometheus_mount.h"
#include "engine/serve/server.h"

namespace kf::cli {
namespace {

struct ServeFlags {
  std::string scenario;
  int port = 0;
  std::string kubeconfig_out;
  double speed = 1.0;
  bool paused = false;
  bool tls = false;
  std::string db;
  bool no_record = false;
  std::optional<uint64_t> seed;
};

int Serve(const ServeFlags& f) {
  serve::ServeOptions options;
  options.scenario_path = ResolveScenarioPath(f.scenario);
  options.seed = f.seed;
  options.port = f.port;
  options.speed = f.speed;
  options.paused = f.paused;
  options.tls = f.tls;
  options.record = !f.no_record;
  options.db = f.db;
  if (options.record) {
    Result<std::string> db = serve::DefaultRecordingPath(f.db);
    if (!db.ok()) {
      std::cerr << "kubeflight serve: " << db.status().message() << "\n";
      return kExitError;
    }
    options.db = *db;
  }
  // Signals are taken by sigwait below: block them before any server thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<std::unique_ptr<serve::Server>> server = serve::Server::Start(options);
  if (!server.ok()) {
    std::cerr << "kubeflight serve: " << server.status().message() << "\n";
    return server.status().code() == StatusCode::kInvalidArgument && f.speed <= 0 ? kExitUsage
                                                                                   : kExitError;
  }
  serve::Server& s = **server;
  serve::MountPrometheusApi(&s);
  std::string kubeconfig = f.kubeconfig_out;
  bool remove_kubeconfig = false;
  if (kubeconfig.empty()) {
    kubeconfig = (std::filesystem::temp_directory_path() /
                  ("kubeflight-serve-" + std::to_string(s.port()) + ".kubeconfig"))
                     .string();
    remove_kubeconfig = true;
  }
  if (Status st = s.WriteKubeconfig(kubeconfig); !st.ok()) {
    std::cerr << "kubeflight serve: " << st.message() << "\n";
    return kExitError;
  }
  std::cout << "kubeflight serve: " << f.scenario << " at " << s.url() << "\n"
            << "kubeconfig: " << kubeconfig << "\n"
            << "prometheus: " << s.url() << serve::kPrometheusPrefix << " (Prometheus HTTP API over the simulated series)\n";
  if (!s.run_id().empty()) std::cout << "recording: run " << s.run_id() << " in " << options.db << "\n";
  std::cout << "clock: " << (f.paused ? "paused (POST /kubeflight/v1/advance?by=30s)"
                                      : "running at " + std::to_string(f.speed) + "x")
            << "\n"
            << "try: kubectl --kubeconfig " << kubeconfig << " get pods -A\n"
            << "stop with Ctrl-C" << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  Status st = s.Stop();
  if (remove_kubeconfig) std::remove(kubeconfig.c_str());
  if (!st.ok()) {
    std::cerr << "kubeflight serve: " << st.message() << "\n";
    return kExitError;
  }
  std::cout << "kubeflight serve: stopped\n";
  return kExitOk;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve a scenario's simulated cluster as a Kubernetes API for kubectl (docs/serve.md)");
  cmd->add_option("scenario", flags->scenario, "Scenario file, or a name from scenarios/")->required();
  cmd->add_option("--port", flags->port, "Port on 127.0.0.1 (0 = a free port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--kubeconfig-out", flags->kubeconfig_out,
                  "Write the kubeconfig here (default: a file in the temp directory, removed on exit)");
  auto* speed = cmd->add_option("--speed", flags->speed, "Virtual seconds per real second (default 1)")
                    ->check(CLI::PositiveNumber);
  cmd->add_flag("--paused", flags->paused,
                "Stop the clock; advance it with POST /kubeflight/v1/advance?by=30s")
      ->excludes(speed);
  cmd->add_flag("--tls", flags->tls, "HTTPS with a generated CA and a required bearer token");
  cmd->add_option("--db", flags->db, "Recording file (default: $KUBEFLIGHT_DB, else $XDG_STATE_HOME/kubeflight/runs.db)");
  cmd->add_flag("--no-record", flags->no_record, "Do not record the requests");
  cmd->add_option("--seed", flags->seed, "Override the scenario's seed");
  cmd->callback([flags, action] { *action = [flags] { return Serve(*flags); }; });
}

}  // namespace kf::cli
