#include "engine/serve/prometheus_mount.h"

#include "engine/metrics/prometheus_api.h"
#include "engine/serve/server.h"
#include "engine/sim/simulation.h"

namespace kf::serve {

void MountPrometheusApi(Server* server, const std::string& prefix) {
  server->Mount(prefix + "/", [server, prefix](const HttpRequest& request) {
    // HttpRequest merges a urlencoded POST body into params already; it
    // keeps the first value of a repeated parameter (one match[]).
    ApiParams params(request.params.begin(), request.params.end());
    const std::string path = request.path.substr(prefix.size());
    PrometheusApiReply api;
    server->WithSimulation([&](Simulation& sim) {
      api = HandlePrometheusApi(sim.series(), sim.clock().Now(), request.method, path, params);
    });
    HttpReply reply;
    reply.status = api.status;
    reply.content_type = api.content_type;
    reply.body = std::move(api.body);
    return reply;
  });
}

}  // namespace kf::serve
