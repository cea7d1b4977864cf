#include "engine/kube/http_client.h"

#include <curl/curl.h>

#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "engine/core/strings.h"
#include "engine/kube/base64.h"
#include "engine/kube/exec_plugin.h"

namespace kf::kube {
namespace {

constexpr long kConnectTimeoutMs = 10000;
constexpr long kTotalTimeoutMs = 60000;
constexpr int kMaxRetries = 3;
constexpr DurationMs kTokenFilePeriod = 60 * 1000;
constexpr DurationMs kMaxRetryAfter = 10 * 1000;

struct ServerUrl {
  std::string scheme;  // "https"
  std::string host;    // "127.0.0.1", "[::1]"
  std::string port;    // "6443"
  std::string prefix;  // "" or "/k8s"
};

Result<ServerUrl> ParseServer(const std::string& server) {
  ServerUrl u;
  size_t sep = server.find("://");
  if (sep == std::string::npos) return InvalidArgument("server \"" + server + "\" is not a URL");
  u.scheme = server.substr(0, sep);
  std::string rest = server.substr(sep + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.prefix = rest.substr(slash);
  while (EndsWith(u.prefix, "/")) u.prefix.pop_back();
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
  } else {
    u.host = authority;
    u.port = u.scheme == "https" ? "443" : "80";
  }
  if (u.host.empty()) return InvalidArgument("server \"" + server + "\" has no host");
  return u;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    (*headers)[ToLower(Trim(line.substr(0, colon)))] = Trim(line.substr(colon + 1));
  } else if (StartsWith(line, "HTTP/")) {
    headers->clear();  // a new response (after 100 Continue or a proxy CONNECT)
  }
  return size * n;
}

bool IsTlsVerifyError(CURLcode code) {
  return code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE ||
         code == CURLE_SSL_ISSUER_ERROR || code == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
}

void SetBlob(CURL* curl, CURLoption option, const std::string& data) {
  curl_blob blob;
  blob.data = const_cast<char*>(data.data());
  blob.len = data.size();
  blob.flags = CURL_BLOB_COPY;
  curl_easy_setopt(curl, option, &blob);
}

class CurlKubeClient final : public KubeHttpClient {
 public:
  CurlKubeClient(RestConfig config, ServerUrl url, Clock* clock)
      : config_(std::move(config)), url_(std::move(url)), clock_(clock) {
    host_port_ = url_.host + ":" + url_.port;
    tls_ = url_.scheme == "https";
    // The URL names the tls-server-name (for SNI and verification); libcurl
    // connects it to the real address.
    std::string url_host = config_.tls_server_name.empty() ? url_.host : config_.tls_server_name;
    base_ = url_.scheme + "://" + url_host + ":" + url_.port + url_.prefix;
    if (!config_.tls_server_name.empty()) {
      std::string real_host = url_.host;
      if (StartsWith(real_host, "[")) real_host = real_host.substr(1, real_host.size() - 2);
      connect_to_ = config_.tls_server_name + ":" + url_.port + ":" + real_host + ":" + url_.port;
    }
    if (config_.exec && tls_) exec_ = std::make_unique<ExecCredentialCache>(config_, clock_);
    curl_ = curl_easy_init();
  }
  ~CurlKubeClient() override {
    if (curl_) curl_easy_cleanup(curl_);
  }

  const std::string& host_port() const override { return host_port_; }
  int exec_runs() const override { return exec_ ? exec_->runs() : 0; }

  Result<KubeResponse> Do(const KubeRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    bool refreshed = false;
    for (int attempt = 0;; ++attempt) {
      KF_ASSIGN_OR_RETURN(KubeResponse r, Once(request, refreshed));
      if (r.status == 401 && exec_ && !refreshed) {
        refreshed = true;  // the plugin's credential was rejected: run it again, once
        continue;
      }
      if (r.status == 429 && attempt < kMaxRetries) {
        DurationMs wait = 1000;
        if (auto it = r.headers.find("retry-after"); it != r.headers.end()) {
          wait = std::atoll(it->second.c_str()) * 1000;
        }
        clock_->Sleep(std::min(std::max<DurationMs>(wait, 0), kMaxRetryAfter));
        continue;
      }
      return r;
    }
  }

 private:
  struct Auth {
    std::string header;  // "Authorization: ..." or empty
    std::string cert_pem, key_pem;  // from an exec plugin
  };

  Result<Auth> Credentials(bool refresh_exec) {
    Auth a;
    if (!tls_) return a;  // client-go never sends credentials in the clear
    if (exec_) {
      KF_ASSIGN_OR_RETURN(ExecCredential c, exec_->Get(refresh_exec));
      if (!c.token.empty()) a.header = "Authorization: Bearer " + c.token;
      a.cert_pem = c.client_cert_pem;
      a.key_pem = c.client_key_pem;
      return a;
    }
    if (!config_.token_file.empty()) {
      if (!file_token_ || clock_->Now() - file_token_read_ >= kTokenFilePeriod) {
        std::ifstream in(config_.token_file, std::ios::binary);
        if (!in) return Unauthenticated("cannot read tokenFile " + config_.token_file);
        std::stringstream ss;
        ss << in.rdbuf();
        file_token_ = Trim(ss.str());
        file_token_read_ = clock_->Now();
      }
      a.header = "Authorization: Bearer " + *file_token_;
      return a;
    }
    if (!config_.token.empty()) {
      a.header = "Authorization: Bearer " + config_.token;
    } else if (!config_.username.empty()) {
      a.header = "Authorization: Basic " + Base64Encode(config_.username + ":" + config_.password);
    }
    return a;
  }

  void ConfigureTls(const Auth& auth) {
    if (!tls_) return;
    if (config_.insecure_skip_tls_verify) {
      curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (!config_.ca_pem.empty()) {
      SetBlob(curl_, CURLOPT_CAINFO_BLOB, config_.ca_pem);
    } else if (!config_.ca_file.empty()) {
      curl_easy_setopt(curl_, CURLOPT_CAINFO, config_.ca_file.c_str());
    }
    const std::string& cert = auth.cert_pem.empty() ? config_.client_cert_pem : auth.cert_pem;
    const std::string& key = auth.key_pem.empty() ? config_.client_key_pem : auth.key_pem;
    if (!cert.empty()) {
      SetBlob(curl_, CURLOPT_SSLCERT_BLOB, cert);
      curl_easy_setopt(curl_, CURLOPT_SSLCERTTYPE, "PEM");
    } else if (!config_.client_cert_file.empty()) {
      curl_easy_setopt(curl_, CURLOPT_SSLCERT, config_.client_cert_file.c_str());
      curl_easy_setopt(curl_, CURLOPT_SSLCERTTYPE, "PEM");
    }
    if (!key.empty()) {
      SetBlob(curl_, CURLOPT_SSLKEY_BLOB, key);
      curl_easy_setopt(curl_, CURLOPT_SSLKEYTYPE, "PEM");
    } else if (!config_.client_key_file.empty()) {
      curl_easy_setopt(curl_, CURLOPT_SSLKEY, config_.client_key_file.c_str());
      curl_easy_setopt(curl_, CURLOPT_SSLKEYTYPE, "PEM");
    }
  }

  Result<KubeResponse> Once(const KubeRequest& request, bool refresh_exec) {
    if (!curl_) return Internal("libcurl: curl_easy_init failed");
    KF_ASSIGN_OR_RETURN(Auth auth, Credentials(refresh_exec));
    curl_easy_reset(curl_);  // keeps the connection cache (keep-alive)
    char errbuf[CURL_ERROR_SIZE] = {0};
    KubeResponse r;
    std::string url = base_ + request.target;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, kTotalTimeoutMs);
    curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, "gzip");  // as client-go; the API server has no other
    curl_easy_setopt(curl_, CURLOPT_USERAGENT, "kubeflight/0.1");
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &r.headers);
    curl_slist* connect_to = nullptr;
    if (!connect_to_.empty()) {
      connect_to = curl_slist_append(connect_to, connect_to_.c_str());
      curl_easy_setopt(curl_, CURLOPT_CONNECT_TO, connect_to);
    }
    if (!config_.proxy_url.empty()) curl_easy_setopt(curl_, CURLOPT_PROXY, config_.proxy_url.c_str());
    ConfigureTls(auth);
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("Accept: " + request.accept).c_str());
    if (!auth.header.empty()) headers = curl_slist_append(headers, auth.header.c_str());
    if (request.method == "GET") {
      curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
      if (!request.content_type.empty()) {
        headers = curl_slist_append(headers, ("Content-Type: " + request.content_type).c_str());
      }
      headers = curl_slist_append(headers, "Expect:");
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    CURLcode code = curl_easy_perform(curl_);
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    // Forget credential blobs and headers on the handle now.
    curl_easy_reset(curl_);
    if (code != CURLE_OK) {
      std::string reason = errbuf[0] ? std::string(errbuf) : curl_easy_strerror(code);
      if (IsTlsVerifyError(code)) {
        return Unavailable("TLS verification of the Kubernetes API server at " + host_port_ +
                           " failed: " + reason +
                           " (check certificate-authority, or insecure-skip-tls-verify for a test cluster)");
      }
      if (code == CURLE_OPERATION_TIMEDOUT) {
        return DeadlineExceeded("the Kubernetes API server at " + host_port_ +
                                " did not answer in time: " + reason);
      }
      return Unavailable("cannot reach the Kubernetes API server at " + host_port_ + ": " + reason);
    }
    r.status = static_cast<int>(status);
    if (auto it = r.headers.find("content-type"); it != r.headers.end()) r.content_type = it->second;
    return r;
  }

  RestConfig config_;
  ServerUrl url_;
  Clock* clock_;
  std::string host_port_;
  std::string base_;
  std::string connect_to_;
  bool tls_ = false;
  std::unique_ptr<ExecCredentialCache> exec_;
  std::optional<std::string> file_token_;
  UnixMillis file_token_read_ = 0;
  std::mutex mu_;
  CURL* curl_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<KubeHttpClient>> NewKubeHttpClient(const RestConfig& config, Clock* clock) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  KF_ASSIGN_OR_RETURN(ServerUrl url, ParseServer(config.server));
  return std::unique_ptr<KubeHttpClient>(new CurlKubeClient(config, std::move(url), clock));
}

}  // namespace kf::kube
