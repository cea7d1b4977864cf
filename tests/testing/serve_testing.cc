#include "tests/testing/serve_testing.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "tests/testing/test_util.h"

namespace kf::testing {

std::unique_ptr<serve::Server> StartServe(const std::string& scenario, bool tls, const std::string& db) {
  serve::ServeOptions options;
  options.scenario_path = SourceDir() + "/scenarios/" + scenario + ".yaml";
  options.paused = true;
  options.tls = tls;
  options.record = !db.empty();
  options.db = db;
  options.watch_poll_ms = 20;
  Result<std::unique_ptr<serve::Server>> server = serve::Server::Start(options);
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(*server) : nullptr;
}

std::vector<std::string> FindKubectls() {
  namespace fs = std::filesystem;
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("KUBEFLIGHT_KUBECTL"); env && *env) candidates.push_back(env);
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    size_t start = 0;
    while (start <= p.size()) {
      size_t end = p.find(':', start);
      if (end == std::string::npos) end = p.size();
      candidates.push_back(p.substr(start, end - start) + "/kubectl");
      start = end + 1;
    }
  }
  std::error_code ec;
  std::vector<std::string> extra;
  for (const auto& e : fs::directory_iterator("/usr/local/bin", ec))
    if (e.path().filename().string().rfind("kubectl-1.", 0) == 0) extra.push_back(e.path().string());
  std::sort(extra.begin(), extra.end());
  candidates.insert(candidates.end(), extra.begin(), extra.end());
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& c : candidates) {
    if (!fs::is_regular_file(c, ec) || access(c.c_str(), X_OK) != 0) continue;
    std::string real = fs::canonical(c, ec).string();
    if (ec || !seen.insert(real).second) continue;
    out.push_back(c);
  }
  return out;
}

CommandResult RunKubectl(const std::string& kubectl, const std::string& kubeconfig,
                         const std::string& args) {
  std::string dir = TempDir();
  std::string cmd = "HOME=" + dir + " " + kubectl + " --kubeconfig " + kubeconfig +
                    " --cache-dir " + dir + "/cache " + args + " </dev/null >" + dir + "/out 2>" +
                    dir + "/err";
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFileOrDie(dir + "/out");
  r.err = ReadFileOrDie(dir + "/err");
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace kf::testing
