// HTTP for model clients: POST a JSON body, read the response whole or as it
// streams. libcurl stays inside http_transport.cc.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/status.h"

namespace kf::llm {

struct HttpRequest {
  std::string url;
  // Sent as given. May hold the API key: never log or record them.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpTimeouts {
  DurationMs connect_ms = 10000;
  DurationMs total_ms = 600000;  // the whole exchange, streaming included
  DurationMs idle_ms = 60000;    // no byte received for this long (rounded up to seconds)
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;  // the whole body, streamed or not
};

// Receives the body of a 2xx response as it arrives. Returning false aborts
// the transfer (Post then returns Internal "aborted by receiver").
using BodyChunkFn = std::function<bool(std::string_view chunk)>;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // POSTs `request`. An HTTP error status is a response, not an error; the
  // error cases are the transport's own:
  //   Unavailable       connection refused or reset, DNS failure, the
  //                     connection closed mid-body ("transfer closed ..."),
  //                     or no byte for idle_ms ("stream stalled")
  //   DeadlineExceeded  connect_ms or total_ms passed
  // Messages start "POST <url>: ". Thread-safe: concurrent Posts are allowed.
  virtual Result<HttpResponse> Post(const HttpRequest& request, const HttpTimeouts& timeouts,
                                    const BodyChunkFn& on_chunk) = 0;
};

// The libcurl transport (HTTP/1.1 and HTTP/2, TLS with the system CA store,
// proxies from the usual environment variables, as libcurl reads them).
std::unique_ptr<HttpTransport> NewCurlTransport();

}  // namespace kf::llm
