// `kubeflight serve`: a scenario's simulated cluster served as a Kubernetes
// API on 127.0.0.1, for real kubectl and any other Kubernetes client.
//
//   KF_ASSIGN_OR_RETURN(auto server, serve::Server::Start(options));
//   server->WriteKubeconfig("/tmp/kubeconfig");   // kubectl --kubeconfig ...
//   server->Advance(30 * 1000);                     // or let the clock run
//   server->Stop();
//
// The virtual clock runs in real time from the scenario's alert time
// (options.speed times faster), or stands still (options.paused) and moves
// only by Advance() or POST /kubeflight/v1/advance?by=30s. Wall time is read
// only through engine/core's WallClock.
//
// Every request is answered under one mutex that also guards the clock, so
// the cluster is never seen half-updated; watches (kubectl rollout status)
// stream on their own server thread and release the mutex between polls.
// With TLS a bearer token is required on every request (401 otherwise).
// Every request is recorded (request_recorder.h) unless recording is off.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/status.h"
#include "engine/serve/http_types.h"
#include "engine/sim/simulation.h"

namespace kf {
struct Scenario;  // engine/scenario/scenario.h
}

namespace kf::serve {

struct ServeOptions {
  std::string scenario_path;
  // Serves this scenario instead of loading scenario_path (benchmarks,
  // scenarios built in code).
  std::shared_ptr<const Scenario> scenario;
  std::optional<uint64_t> seed;  // overrides the scenario's seed
  int port = 0;                  // 0: a free port
  double speed = 1.0;            // virtual seconds per wall second (> 0)
  bool paused = false;           // the clock moves only by Advance()
  bool tls = false;              // HTTPS with a generated CA and a bearer token
  bool record = true;
  std::string db;                // recording file ("" = the default, request_recorder.h)
  // How often a watch looks for changes, in wall milliseconds.
  DurationMs watch_poll_ms = 100;
};

class Server {
 public:
  // Loads the scenario, builds its cluster at the alert time, binds
  // 127.0.0.1:port and starts serving. Errors: the scenario's loader
  // message, InvalidArgument for bad options (speed <= 0), Unavailable when
  // the port cannot be bound, the recorder's errors.
  static Result<std::unique_ptr<Server>> Start(const ServeOptions& options);
  ~Server();

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" or "https://...".
  std::string url() const;
  // The bearer token clients must send ("" without TLS).
  const std::string& token() const { return token_; }
  // The CA certificate (PEM) that signed the server's certificate ("" without TLS).
  const std::string& ca_pem() const { return ca_pem_; }
  // The recording's run id ("" when not recording).
  std::string run_id() const;

  // A kubeconfig (cluster, user and context "kubeflight", namespace from the
  // scenario's first namespace or "default") that points kubectl here.
  std::string Kubeconfig() const;
  Status WriteKubeconfig(const std::string& path) const;

  // Serves every request whose path starts with `prefix` (e.g.
  // "/prometheus/") with `handler` instead of the Kubernetes API. The handler
  // runs without the server's mutex; it reaches the cluster through
  // WithSimulation. Later mounts take precedence over earlier ones.
  void Mount(const std::string& prefix, MountHandler handler);

  // Runs fn with the simulation, under the server's mutex, after bringing
  // the clock up to date.
  void WithSimulation(const std::function<void(Simulation&)>& fn);
  // Moves the virtual clock forward by d (running the cluster), in every mode.
  void Advance(DurationMs d);
  UnixMillis Now();

  // Stops serving (open watches end), ends the recording. Idempotent.
  Status Stop();

 private:
  Server() = default;
  void SyncClockLocked();
  void Serve(const HttpRequest& request, HttpReply* reply, bool* is_watch);
  HttpReply HandleControl(const HttpRequest& request);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  bool tls_ = false;
  std::string token_;
  std::string ca_pem_;
};

}  // namespace kf::serve
