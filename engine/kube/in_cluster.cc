#include "engine/kube/in_cluster.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/strings.h"

namespace kf::kube {
namespace {

std::string Env(const InClusterOptions& o, const std::string& name) {
  if (o.getenv) return o.getenv(name);
  const char* v = std::getenv(name.c_str());
  return v ? v : "";
}

bool ReadSmallFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

}  // namespace

bool InCluster(const InClusterOptions& options) {
  return !Env(options, "KUBERNETES_SERVICE_HOST").empty() &&
         !Env(options, "KUBERNETES_SERVICE_PORT").empty();
}

Result<RestConfig> LoadInCluster(const InClusterOptions& options) {
  std::string host = Env(options, "KUBERNETES_SERVICE_HOST");
  std::string port = Env(options, "KUBERNETES_SERVICE_PORT");
  if (host.empty() || port.empty()) {
    return NotFound("not running inside a cluster: KUBERNETES_SERVICE_HOST and "
                    "KUBERNETES_SERVICE_PORT must both be set");
  }
  RestConfig c;
  bool ipv6 = host.find(':') != std::string::npos;
  c.server = "https://" + (ipv6 ? "[" + host + "]" : host) + ":" + port;
  c.origin = "the in-cluster service account";
  const std::string dir = options.service_account_dir;
  c.token_file = dir + "/token";
  std::string token;
  if (!ReadSmallFile(c.token_file, &token) || Trim(token).empty()) {
    return InvalidArgument("in-cluster service account: cannot read token " + c.token_file);
  }
  c.ca_file = dir + "/ca.crt";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(c.ca_file, ec)) {
    return InvalidArgument("in-cluster service account: cannot read CA bundle " + c.ca_file);
  }
  std::string ns;
  if (ReadSmallFile(dir + "/namespace", &ns) && !Trim(ns).empty()) c.ns = Trim(ns);
  return c;
}

}  // namespace kf::kube
