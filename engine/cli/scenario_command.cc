// `kubeflight scenario check FILE...` and `kubeflight scenario show FILE`.
#include <algorithm>
#include <iostream>
#include <set>

#include <CLI/CLI.hpp>

#include "engine/cli/cli.h"
#include "engine/core/duration.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"
#include "engine/tools/render/kubectl_render.h"

namespace kf::cli {
namespace {

struct ScenarioFlags {
  std::vector<std::string> files;
  std::string file;
  std::string at = "0s";
  std::vector<std::string> views;
  std::optional<uint64_t> seed;
};

int CheckScenarios(const ScenarioFlags& f) {
  int failures = 0;
  for (const std::string& arg : f.files) {
    std::string path = ResolveScenarioPath(arg);
    Result<Scenario> s = LoadScenarioFile(path);
    if (!s.ok()) {
      std::cerr << s.status().message() << "\n";
      ++failures;
      continue;
    }
    std::cout << path << ": ok (" << s->name << ")\n";
  }
  return failures ? kExitError : kExitOk;
}

// Namespaces that hold at least one object of `kind`, in order.
std::vector<std::string> NamespacesWith(ClusterBackend& c, const std::string& kind) {
  std::set<std::string> out;
  Result<Json> list = c.List(kind, "", {});
  if (list.ok())
    for (const Json& item : (*list)["items"]) out.insert(JsonString(item["metadata"], "namespace"));
  return {out.begin(), out.end()};
}

void ShowPods(ClusterBackend& c, UnixMillis now) {
  for (const std::string& ns : NamespacesWith(c, "Pod")) {
    std::cout << "$ kubectl get pods -n " << ns << "\n";
    if (auto l = c.List("Pod", ns, {}); l.ok()) std::cout << RenderPodsTable(*l, now) << "\n";
  }
}

void ShowDeployments(ClusterBackend& c, UnixMillis now) {
  for (const std::string& ns : NamespacesWith(c, "Deployment")) {
    std::cout << "$ kubectl get deployments -n " << ns << "\n";
    if (auto l = c.List("Deployment", ns, {}); l.ok())
      std::cout << RenderDeploymentsTable(*l, now) << "\n";
  }
}

void ShowEvents(ClusterBackend& c, UnixMillis now) {
  for (const std::string& ns : NamespacesWith(c, "Event")) {
    std::cout << "$ kubectl get events -n " << ns << " --sort-by='.lastTimestamp'\n";
    Result<Json> l = c.List("Event", ns, {});
    if (!l.ok()) continue;
    Json sorted = *l;
    auto& items = sorted["items"];
    std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
      return JsonString(a, "lastTimestamp") < JsonString(b, "lastTimestamp");
    });
    std::cout << RenderEventsTable(sorted, now) << "\n";
  }
}

void ShowTop(ClusterBackend& c) {
  for (const std::string& ns : NamespacesWith(c, "Pod")) {
    std::cout << "$ kubectl top pods -n " << ns << "\n";
    if (auto m = c.PodMetrics(ns, ""); m.ok()) std::cout << RenderTopPods(*m) << "\n";
  }
}

void ShowHistory(ClusterBackend& c) {
  Result<Json> deployments = c.List("Deployment", "", {});
  if (!deployments.ok()) return;
  for (const Json& d : (*deployments)["items"]) {
    std::string ns = JsonString(d["metadata"], "namespace");
    std::string name = JsonString(d["metadata"], "name");
    std::cout << "$ kubectl rollout history deployment/" << name << " -n " << ns << "\n";
    if (auto rs = c.List("ReplicaSet", ns, {}); rs.ok())
      std::cout << RenderRolloutHistory(d, *rs) << "\n";
  }
}

int ShowScenario(const ScenarioFlags& f) {
  std::string path = ResolveScenarioPath(f.file);
  Result<Scenario> scenario = LoadScenarioFile(path);
  if (!scenario.ok()) {
    std::cerr << scenario.status().message() << "\n";
    return kExitError;
  }
  Result<DurationMs> offset = ParseDuration(f.at[0] == '+' ? f.at.substr(1) : f.at);
  if (!offset.ok()) {
    std::cerr << "--at: " << offset.status().message() << "\n";
    return kExitUsage;
  }
  Result<std::unique_ptr<Simulation>> sim = Simulation::Create(*scenario, f.seed);
  if (!sim.ok()) {
    std::cerr << path << ": " << sim.status().message() << "\n";
    return kExitError;
  }
  Simulation& s = **sim;
  if (*offset < 0) {
    std::cerr << "--at: the simulation starts at the alert time; give an offset >= 0\n";
    return kExitUsage;
  }
  s.AdvanceTo(s.alert_time() + *offset);
  ClusterBackend& c = s.cluster();
  UnixMillis now = c.clock().Now();
  std::cout << "# " << scenario->name << " at T0+" << FormatDuration(*offset) << " ("
            << FormatRfc3339(now) << ")\n\n";
  std::vector<std::string> views = f.views;
  if (views.empty()) views = {"deployments", "pods", "top", "history", "events"};
  for (const std::string& v : views) {
    if (v == "pods") ShowPods(c, now);
    else if (v == "deployments") ShowDeployments(c, now);
    else if (v == "events") ShowEvents(c, now);
    else if (v == "top") ShowTop(c);
    else if (v == "history") ShowHistory(c);
  }
  return kExitOk;
}

}  // namespace

void RegisterScenarioCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<ScenarioFlags>();
  CLI::App* scenario = app.add_subcommand("scenario", "Validate and inspect scenario fixtures");
  scenario->require_subcommand(1);

  CLI::App* check = scenario->add_subcommand("check", "Validate scenario files");
  check->add_option("files", flags->files, "Scenario files or names")->required();
  check->callback([flags, action] { *action = [flags] { return CheckScenarios(*flags); }; });

  CLI::App* show = scenario->add_subcommand("show", "Print the simulated state at T0 (+offset) as kubectl would");
  show->add_option("file", flags->file, "Scenario file or name")->required();
  show->add_option("views", flags->views, "pods, events, deployments, top, history (default: all)")
      ->check(CLI::IsMember({"pods", "events", "deployments", "top", "history"}));
  show->add_option("--at", flags->at, "Offset after the alert time, e.g. 5m or +1h");
  show->add_option("--seed", flags->seed, "Override the scenario's seed");
  show->callback([flags, action] { *action = [flags] { return ShowScenario(*flags); }; });
}

}  // namespace kf::cli
