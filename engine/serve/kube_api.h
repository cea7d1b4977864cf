// The Kubernetes API over a ClusterBackend: the request handling of
// `kubeflight serve`, independent of sockets. Serves what real kubectl sends
// (docs/serve.md lists the endpoints): discovery (aggregated v2/v2beta1 and
// legacy), /version, get and list with label and field selectors and
// server-side Tables, pods/log, metrics.k8s.io pods and nodes, patch
// (strategic merge, merge, JSON patch; dryRun=All), create, delete, the
// scale subresource (GET, PATCH, PUT with resourceVersion preconditions), and
// Status errors with the API server's codes, reasons and messages.
//
// Watches (watch=true) are streamed by the caller: IsWatch() recognises them
// and Watch::Poll() computes their events.
//
// Not thread-safe: the caller serialises every call with whatever mutates
// the backend (Server holds one mutex for both).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/serve/api_path.h"
#include "engine/serve/http_types.h"
#include "engine/tools/cluster_backend.h"

namespace kf::serve {

class KubeApi {
 public:
  // backend must outlive this. server_address ("127.0.0.1:PORT") goes into
  // legacy /api discovery.
  KubeApi(ClusterBackend* backend, std::string server_address)
      : backend_(backend), server_address_(std::move(server_address)) {}

  // Every request except watches.
  HttpReply Handle(const HttpRequest& request);

  // True for a GET of a collection with watch=true (or 1).
  static bool IsWatch(const HttpRequest& request);

 private:
  HttpReply HandleResource(const HttpRequest& request, const ApiPath& path);
  HttpReply Read(const HttpRequest& request, const ApiPath& path);
  HttpReply Write(const HttpRequest& request, const ApiPath& path);
  HttpReply Logs(const HttpRequest& request, const ApiPath& path);
  HttpReply Scale(const HttpRequest& request, const ApiPath& path);
  HttpReply Metrics(const HttpRequest& request, const ApiPath& path);
  // JSON, or a Table when the Accept header asks for one.
  HttpReply ObjectReply(const HttpRequest& request, const Json& object, int status = 200);

  ClusterBackend* backend_;
  std::string server_address_;
};

// A server-side dry run: dryRun=All in the query, or in a DELETE's
// DeleteOptions body ({"dryRun":["All"]}).
bool IsDryRun(const HttpRequest& request);

// A JSON reply.
HttpReply JsonReply(const Json& body, int status = 200);
// The metav1 Status reply for an error (HTTP status = the Status's code).
HttpReply ErrorReply(const Status& status, const std::string& kind = "",
                     const std::string& name = "");

// One watch stream's state: the objects the client has been told about.
// Poll() lists the watched collection and returns the events since the last
// poll (ADDED, MODIFIED, DELETED; {"type":..,"object":..}), in (namespace,
// name) order.
class Watch {
 public:
  // The watch request's path and query (labelSelector, fieldSelector,
  // resourceVersion). With no resourceVersion (or "0") the first Poll()
  // reports every current object as ADDED; otherwise only objects changed
  // after that resourceVersion, as MODIFIED.
  Watch(ApiPath path, const HttpRequest& request);

  // An error (bad selector, unknown namespace) ends the watch.
  Result<std::vector<Json>> Poll(ClusterBackend* backend);

 private:
  ApiPath path_;
  ListOptions options_;
  int64_t since_ = 0;
  bool first_ = true;
  std::map<std::string, Json> seen_;  // "ns/name" → last object sent
};

}  // namespace kf::serve
