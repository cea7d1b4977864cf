#include "engine/kube/exec_plugin.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/strings.h"
#include "engine/kube/base64.h"

extern char** environ;

namespace kf::kube {
namespace {

bool Executable(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// The command's path: as given when it holds a '/', else the first match in PATH.
std::string Locate(const std::string& command) {
  if (command.find('/') != std::string::npos) return Executable(command) ? command : "";
  const char* path = std::getenv("PATH");
  for (const std::string& dir : Split(path ? path : "/usr/local/bin:/usr/bin:/bin", ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + command;
    if (Executable(candidate)) return candidate;
  }
  return "";
}

std::vector<std::string> ChildEnvironment(const ExecConfig& config, const std::string& info) {
  std::map<std::string, std::string> env;
  std::vector<std::string> order;
  auto set = [&](const std::string& name, const std::string& value) {
    if (!env.count(name)) order.push_back(name);
    env[name] = value;
  };
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) set(kv.substr(0, eq), kv.substr(eq + 1));
  }
  for (const auto& [name, value] : config.env) set(name, value);
  set("KUBERNETES_EXEC_INFO", info);
  std::vector<std::string> out;
  for (const std::string& name : order) out.push_back(name + "=" + env[name]);
  return out;
}

// Runs `path` with args and env; returns its stdout and exit status.
Status RunChild(const std::string& path, const ExecConfig& config, const std::vector<std::string>& env,
                std::string* stdout_text, int* exit_status) {
  int fds[2];
  if (pipe(fds) != 0) return Internal(std::string("exec plugin: pipe: ") + std::strerror(errno));
  std::vector<std::string> argv_s = {config.command};
  argv_s.insert(argv_s.end(), config.args.begin(), config.args.end());
  std::vector<char*> argv, envp;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_copy = env;
  for (std::string& e : env_copy) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return Internal(std::string("exec plugin: fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execve(path.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(fds[1]);
  char buf[4096];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      stdout_text->append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return Status::Ok();
}

Result<ExecCredential> ParseCredential(const ExecConfig& config, const std::string& text) {
  const std::string who = "exec plugin \"" + config.command + "\"";
  Result<Json> parsed = ParseJson(text);
  if (!parsed.ok()) {
    return FailedPrecondition(who + ": invalid ExecCredential output: " + parsed.status().message());
  }
  const Json& j = *parsed;
  if (!j.is_object() || JsonString(j, "kind") != "ExecCredential") {
    return FailedPrecondition(who + ": invalid ExecCredential output: kind is not ExecCredential");
  }
  std::string version = JsonString(j, "apiVersion");
  if (version != config.api_version) {
    return FailedPrecondition("exec plugin is configured to use API version " + config.api_version +
                              ", plugin returned version " + version);
  }
  const Json* status = JsonAtPath(j, "status");
  ExecCredential c;
  if (status && status->is_object()) {
    c.token = JsonString(*status, "token");
    c.client_cert_pem = JsonString(*status, "clientCertificateData");
    c.client_key_pem = JsonString(*status, "clientKeyData");
    std::string exp = JsonString(*status, "expirationTimestamp");
    if (!exp.empty() && !ParseRfc3339(exp, &c.expires)) {
      return FailedPrecondition(who + ": invalid ExecCredential output: expirationTimestamp \"" +
                                exp + "\" is not RFC 3339");
    }
  }
  if (c.client_cert_pem.empty() != c.client_key_pem.empty()) {
    return FailedPrecondition(who + ": invalid ExecCredential output: clientCertificateData and "
                                    "clientKeyData must be given together");
  }
  if (c.token.empty() && c.client_cert_pem.empty()) {
    return FailedPrecondition("exec plugin didn't return a token or cert/key pair");
  }
  return c;
}

}  // namespace

std::string ExecInfoJson(const ExecConfig& config, const RestConfig& rest) {
  Json spec = {{"interactive", false}};
  if (config.provide_cluster_info) {
    Json cluster = {{"server", rest.server}, {"config", nullptr}};
    if (!rest.ca_pem.empty()) cluster["certificate-authority-data"] = Base64Encode(rest.ca_pem);
    if (!rest.tls_server_name.empty()) cluster["tls-server-name"] = rest.tls_server_name;
    if (rest.insecure_skip_tls_verify) cluster["insecure-skip-tls-verify"] = true;
    if (!rest.proxy_url.empty()) cluster["proxy-url"] = rest.proxy_url;
    spec["cluster"] = std::move(cluster);
  }
  Json info = {{"kind", "ExecCredential"}, {"apiVersion", config.api_version}, {"spec", spec}};
  return info.dump();
}

Result<ExecCredential> RunExecPlugin(const ExecConfig& config, const std::string& exec_info_json) {
  std::string path = Locate(config.command);
  if (path.empty()) {
    return FailedPrecondition("exec plugin: executable \"" + config.command + "\" not found" +
                              (config.install_hint.empty() ? "" : ": " + Trim(config.install_hint)));
  }
  std::string out;
  int exit_status = 0;
  KF_RETURN_IF_ERROR(RunChild(path, config, ChildEnvironment(config, exec_info_json), &out, &exit_status));
  if (exit_status != 0) {
    return FailedPrecondition("exec plugin \"" + config.command + "\" failed: exit status " +
                              std::to_string(exit_status));
  }
  return ParseCredential(config, out);
}

ExecCredentialCache::ExecCredentialCache(const RestConfig& rest, Clock* clock)
    : config_(*rest.exec), exec_info_(ExecInfoJson(*rest.exec, rest)), clock_(clock) {}

Result<ExecCredential> ExecCredentialCache::Get(bool refresh) {
  std::lock_guard<std::mutex> lock(mu_);
  bool fresh = have_ && (cached_.expires == 0 || clock_->Now() < cached_.expires);
  if (fresh && !refresh) return cached_;
  ++runs_;
  KF_ASSIGN_OR_RETURN(ExecCredential c, RunExecPlugin(config_, exec_info_));
  cached_ = c;
  have_ = true;
  return c;
}

int ExecCredentialCache::runs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return runs_;
}

}  // namespace kf::kube
