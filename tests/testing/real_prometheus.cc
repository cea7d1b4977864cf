#include "tests/testing/real_prometheus.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <curl/curl.h>

extern char** environ;

namespace kf::testing {
namespace {

namespace fs = std::filesystem;

bool OnPath(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string d;
  while (std::getline(dirs, d, ':')) {
    if (!d.empty() && access((d + "/" + tool).c_str(), X_OK) == 0) return true;
  }
  return false;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

// Spawns argv with stdout and stderr appended to `log`; returns the pid or -1.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

long HttpGetStatus(const std::string& url) {
  CURL* c = curl_easy_init();
  if (c == nullptr) return 0;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  long code = 0;
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(c);
  return code;
}

}  // namespace

bool RealPrometheus::Installed() { return OnPath("prometheus") && OnPath("promtool"); }

RealPrometheus::~RealPrometheus() { Stop(); }

std::string RealPrometheus::BaseUrl() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

Status RealPrometheus::Start(const std::string& openmetrics) {
  char tmpl[] = "/tmp/kf-prometheus-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Internal("mkdtemp failed");
  dir_ = tmpl;
  const std::string input = dir_ + "/series.om", data = dir_ + "/data", log = dir_ + "/log.txt";
  const std::string config = dir_ + "/prometheus.yml";
  std::ofstream(input, std::ios::binary) << openmetrics;
  std::ofstream(config) << "global:\n  scrape_interval: 15s\n";
  pid_t tool = Spawn({"promtool", "tsdb", "create-blocks-from", "openmetrics", input, data}, log);
  int status = 0;
  if (tool < 0 || waitpid(tool, &status, 0) != tool || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    return Internal("promtool tsdb create-blocks-from openmetrics failed:\n" + ReadFile(log));
  }
  port_ = FreePort();
  pid_ = Spawn({"prometheus", "--config.file=" + config, "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--log.level=warn"},
               log);
  if (pid_ < 0) return Internal("cannot start prometheus");
  for (int i = 0; i < 600; ++i) {
    if (HttpGetStatus(BaseUrl() + "/-/ready") == 200) return Status();
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Internal("prometheus exited during startup:\n" + ReadFile(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Internal("prometheus not ready after 60s:\n" + ReadFile(log));
}

void RealPrometheus::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
  }
}

}  // namespace kf::testing
