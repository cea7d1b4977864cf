// The HTTP request and reply the serve module's handlers see: plain values,
// independent of the HTTP library, so handlers are tested without sockets.
#pragma once

#include <functional>
#include <map>
#include <string>

namespace kf::serve {

struct HttpRequest {
  std::string method;  // "GET", "PATCH", ...
  std::string path;    // "/api/v1/namespaces/production/pods", no query
  // Decoded query parameters (and form fields of a urlencoded POST body);
  // the first value of a repeated parameter.
  std::map<std::string, std::string> params;
  // Header names in lower case.
  std::map<std::string, std::string> headers;
  std::string body;

  // The parameter, or "" when absent.
  std::string Param(const std::string& name) const;
  bool Has(const std::string& name) const { return params.count(name) > 0; }
  // The header (name in any case), or "".
  std::string Header(const std::string& name) const;
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;
};

// A handler mounted under a path prefix (Server::Mount): given the request,
// the reply. Called on a server thread; it must be thread-safe or guard its
// own state.
using MountHandler = std::function<HttpReply(const HttpRequest&)>;

}  // namespace kf::serve
