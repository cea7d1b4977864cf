#include "engine/llm/http_transport.h"

#include <curl/curl.h>

#include <mutex>

#include "engine/core/strings.h"

namespace kf::llm {

namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  CURL* curl = nullptr;
  HttpResponse response;
  const BodyChunkFn* on_chunk = nullptr;
  bool aborted = false;
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (StartsWith(line, "HTTP/")) {
    t->response.headers.clear();  // a new response (after 100 Continue or a redirect)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    t->response.headers[ToLower(Trim(line.substr(0, colon)))] = Trim(line.substr(colon + 1));
  }
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view chunk(data, size * n);
  t->response.body.append(chunk);
  if (t->on_chunk != nullptr && *t->on_chunk) {
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300 && !(*t->on_chunk)(chunk)) {
      t->aborted = true;
      return 0;  // makes curl fail with CURLE_WRITE_ERROR
    }
  }
  return size * n;
}

Status CurlError(CURLcode code, const char* errbuf, const std::string& url) {
  std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(code);
  std::string msg = "POST " + url + ": " + detail;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      if (detail.find("too slow") != std::string::npos) {
        return Unavailable("POST " + url + ": stream stalled: " + detail);
      }
      return DeadlineExceeded(msg);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return Unavailable(msg);
    default:
      return Internal(msg);
  }
}

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport() { GlobalInitOnce(); }

  Result<HttpResponse> Post(const HttpRequest& req, const HttpTimeouts& to,
                            const BodyChunkFn& on_chunk) override {
    Transfer t;
    t.curl = curl_easy_init();
    if (t.curl == nullptr) return Internal("POST " + req.url + ": curl_easy_init failed");
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : req.headers) {
      headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    char errbuf[CURL_ERROR_SIZE] = {0};
    t.on_chunk = &on_chunk;
    CURL* c = t.curl;
    curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(to.connect_ms));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(to.total_ms));
    if (to.idle_ms > 0) {
      curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>((to.idle_ms + 999) / 1000));
    }
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kubeflight");
    CURLcode code = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    if (t.aborted) return Internal("POST " + req.url + ": aborted by receiver");
    if (code != CURLE_OK) return CurlError(code, errbuf, req.url);
    t.response.status = static_cast<int>(status);
    return std::move(t.response);
  }
};

}  // namespace

std::unique_ptr<HttpTransport> NewCurlTransport() { return std::make_unique<CurlTransport>(); }

}  // namespace kf::llm
