#include "engine/serve/server.h"

#include <chrono>
#include <fstream>
#include <thread>

#include <httplib.h>

#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/scenario/scenario.h"
#include "engine/serve/kube_api.h"
#include "engine/serve/kubeconfig.h"
#include "engine/serve/request_recorder.h"
#include "engine/serve/session_reports.h"
#include "engine/serve/tls.h"
#include "engine/sim/api_errors.h"

namespace kf::serve {
namespace {

constexpr int kThreads = 16;
// A watch without timeoutSeconds ends after this long (wall time).
constexpr DurationMs kDefaultWatchMs = 30 * 60 * 1000;

// The Kubernetes API server compresses with gzip only. httplib (Debian builds
// it with brotli) would answer a client that offers "br" with brotli, at tens
// of times gzip's CPU cost on a large list; so the offer is narrowed to gzip
// before httplib writes the reply. httplib owns `req` as a non-const object
// of its connection loop, so writing it is defined.
void OfferGzipOnly(const httplib::Request& req) {
  httplib::Headers& headers = const_cast<httplib::Request&>(req).headers;
  auto it = headers.find("Accept-Encoding");  // case-insensitive
  if (it == headers.end()) return;
  const bool gzip = it->second.find("gzip") != std::string::npos;
  headers.erase("Accept-Encoding");
  if (gzip) headers.emplace("Accept-Encoding", "gzip");
}

HttpRequest FromHttplib(const httplib::Request& req) {
  HttpRequest out;
  out.method = req.method;
  out.path = req.path;
  for (const auto& [k, v] : req.params) out.params.emplace(k, v);
  for (const auto& [k, v] : req.headers) {
    std::string key;
    for (char c : k) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace(key, v);
  }
  out.body = req.body;
  return out;
}

void ToHttplib(const HttpReply& reply, httplib::Response* res) {
  res->status = reply.status;
  for (const auto& [k, v] : reply.headers) res->set_header(k, v);
  res->set_content(reply.body, reply.content_type);
}

bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  std::string scenario_name;
  WallClock wall;

  std::mutex mu;  // guards sim, api and the clock bases
  std::unique_ptr<Simulation> sim;
  std::unique_ptr<KubeApi> api;
  UnixMillis base_virtual = 0;
  UnixMillis base_wall = 0;

  std::mutex mounts_mu;
  std::vector<std::pair<std::string, MountHandler>> mounts;

  std::unique_ptr<RequestRecorder> recorder;
  std::unique_ptr<httplib::Server> http;
  std::thread listener;
  std::atomic<bool> stopping{false};
  std::mutex stop_mu;
  bool stopped = false;
  Status stop_status;
};

Result<std::unique_ptr<Server>> Server::Start(const ServeOptions& options) {
  if (!(options.speed > 0)) return InvalidArgument("--speed must be greater than 0");
  if (options.port < 0 || options.port > 65535) {
    return InvalidArgument("--port must be between 0 and 65535");
  }
  Scenario scenario;
  if (options.scenario) {
    scenario = *options.scenario;
  } else {
    KF_ASSIGN_OR_RETURN(scenario, LoadScenarioFile(options.scenario_path));
  }
  std::unique_ptr<Server> server(new Server());
  server->impl_ = std::make_unique<Impl>();
  Impl& im = *server->impl_;
  im.options = options;
  im.scenario_name = scenario.name;
  KF_ASSIGN_OR_RETURN(im.sim, Simulation::Create(scenario, options.seed));
  im.base_virtual = im.sim->clock().Now();
  im.base_wall = im.wall.Now();

  server->tls_ = options.tls;
  if (options.tls) {
    KF_ASSIGN_OR_RETURN(TlsMaterial tls, GenerateTlsMaterial(im.wall.Now()));
    server->token_ = tls.token;
    server->ca_pem_ = tls.ca_cert_pem;
    KF_ASSIGN_OR_RETURN(im.http, MakeTlsServer(tls));
  } else {
    im.http = std::make_unique<httplib::Server>();
  }
  im.http->new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  // Small replies must not wait for the client's delayed ACK (Nagle): a
  // one-object GET took ~40 ms without this.
  im.http->set_tcp_nodelay(true);
  Server* self = server.get();
  auto handler = [self](const httplib::Request& req, httplib::Response& res) {
    OfferGzipOnly(req);
    HttpRequest request = FromHttplib(req);
    HttpReply reply;
    bool is_watch = false;
    self->Serve(request, &reply, &is_watch);
    if (!is_watch) return ToHttplib(reply, &res);
    // A watch: stream events until the timeout, the client leaves, or Stop().
    Impl* im = self->impl_.get();
    Result<ApiPath> path = ParseApiPath(request.path);
    DurationMs timeout = kDefaultWatchMs;
    if (request.Has("timeoutSeconds")) {
      Result<DurationMs> t = ParseDuration(request.Param("timeoutSeconds") + "s");
      if (t.ok() && *t > 0) timeout = *t;
    }
    const UnixMillis deadline = im->wall.Now() + timeout;
    auto watch = std::make_shared<Watch>(*path, request);
    auto sent = std::make_shared<int64_t>(0);
    res.status = 200;
    // "stream=watch" (as the API server labels watches) also keeps httplib
    // from gzip-compressing the stream, which would hold events back.
    res.set_chunked_content_provider(
        "application/json;stream=watch",
        [self, im, watch, deadline, sent](size_t, httplib::DataSink& sink) {
          if (im->stopping || im->wall.Now() >= deadline) {
            sink.done();
            return true;
          }
          Result<std::vector<Json>> events = Status::Ok();
          {
            std::lock_guard<std::mutex> lock(im->mu);
            self->SyncClockLocked();
            events = watch->Poll(&im->sim->cluster());
          }
          if (!events.ok()) {
            Json error = {{"type", "ERROR"}, {"object", StatusObject(events.status())}};
            std::string line = error.dump() + "\n";
            sink.write(line.data(), line.size());
            sink.done();
            return true;
          }
          for (const Json& e : *events) {
            std::string line = e.dump() + "\n";
            if (!sink.write(line.data(), line.size())) return false;
            ++*sent;
          }
          if (!sink.is_writable()) return false;
          im->wall.Sleep(im->options.watch_poll_ms);
          return true;
        },
        [self, im, request, sent](bool) {
          if (!im->recorder) return;
          HttpReply summary{200, "text/plain", "watch: streamed " + std::to_string(*sent) + " events", {}};
          im->recorder->Record(request, summary, self->Now(), im->wall.Now());
        });
  };
  const std::string any = ".*";
  im.http->Get(any, handler);
  im.http->Post(any, handler);
  im.http->Put(any, handler);
  im.http->Patch(any, handler);
  im.http->Delete(any, handler);

  if (options.port == 0) {
    server->port_ = im.http->bind_to_any_port("127.0.0.1");
  } else {
    server->port_ = im.http->bind_to_port("127.0.0.1", options.port) ? options.port : -1;
  }
  if (server->port_ <= 0) {
    return Status(StatusCode::kUnavailable,
                  "cannot listen on 127.0.0.1:" + std::to_string(options.port));
  }
  im.api = std::make_unique<KubeApi>(&im.sim->cluster(),
                                     "127.0.0.1:" + std::to_string(server->port_));
  if (options.record) {
    KF_ASSIGN_OR_RETURN(std::string db, DefaultRecordingPath(options.db));
    recorder::RunInfo info;
    info.mode = recorder::RunMode::kSimulated;
    info.scenario = scenario.name;
    // As replay/scenario_source.h hashes it: scoring the session finds the scenario again by it.
    std::ifstream file(options.scenario_path, std::ios::binary);
    info.scenario_hash = Sha256Hex(std::string(std::istreambuf_iterator<char>(file), {}));
    info.seed = options.seed.value_or(scenario.seed);
    info.agent = "external";
    info.engine_version = "serve";
    info.started_at = im.base_virtual;
    info.started_wall = im.base_wall;
    info.labels = {{"source", "kubeflight serve"}, {"client", "kubectl"}};
    KF_ASSIGN_OR_RETURN(im.recorder, RequestRecorder::Open(db, info));
  }
  im.listener = std::thread([&im] { im.http->listen_after_bind(); });
  return server;
}

Server::~Server() {
  if (impl_) (void)Stop();
}

std::string Server::url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::string Server::run_id() const {
  return impl_->recorder ? impl_->recorder->run_id() : "";
}

std::string Server::Kubeconfig() const { return KubeconfigText(url(), ca_pem_, token_, "default"); }

Status Server::WriteKubeconfig(const std::string& path) const {
  return WriteFileAtomically(path, Kubeconfig());
}

void Server::Mount(const std::string& prefix, MountHandler handler) {
  std::lock_guard<std::mutex> lock(impl_->mounts_mu);
  impl_->mounts.emplace_back(prefix, std::move(handler));
}

void Server::SyncClockLocked() {
  Impl& im = *impl_;
  if (im.options.paused) return;
  const UnixMillis elapsed = im.wall.Now() - im.base_wall;
  const UnixMillis target = im.base_virtual + static_cast<UnixMillis>(elapsed * im.options.speed);
  if (target > im.sim->clock().Now()) im.sim->AdvanceTo(target);
}

void Server::WithSimulation(const std::function<void(Simulation&)>& fn) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  SyncClockLocked();
  fn(*impl_->sim);
}

void Server::Advance(DurationMs d) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  SyncClockLocked();
  impl_->sim->AdvanceTo(impl_->sim->clock().Now() + d);
  impl_->base_virtual += d;
}

UnixMillis Server::Now() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  SyncClockLocked();
  return impl_->sim->clock().Now();
}

HttpReply Server::HandleControl(const HttpRequest& r) {
  if (r.path == "/kubeflight/v1/advance" && r.method == "POST") {
    Result<DurationMs> d = ParseDuration(r.Param("by"));
    if (!d.ok() || *d < 0) {
      return ErrorReply(BadRequestError("advance: by must be a duration >= 0 such as 30s or 5m, got \"" +
                                        r.Param("by") + "\""));
    }
    Advance(*d);
  } else if (r.method == "POST" && (r.path == kAssessmentPath || r.path == kVerdictPath)) {
    // Recorded (by Serve) for `kubeflight eval --session` to score.
    const bool assessment = r.path == kAssessmentPath;
    Result<Json> body = ParseJson(r.body);
    Status valid = body.ok() ? (assessment ? CheckAssessmentBody(*body) : CheckVerdictBody(*body))
                             : BadRequestError(std::string(assessment ? "assessment" : "verdict") +
                                               ": the body must be JSON: " + body.status().message());
    if (!valid.ok()) return ErrorReply(valid);
    return JsonReply({{"recorded", assessment ? "assessment" : "verdict"}});
  } else if (r.path != "/kubeflight/v1/clock" || r.method != "GET") {
    return ErrorReply(NotFound("the server could not find the requested resource"));
  }
  UnixMillis now = Now();
  return JsonReply({{"now", FormatRfc3339(now)},
                    {"paused", impl_->options.paused},
                    {"speed", impl_->options.speed}});
}

void Server::Serve(const HttpRequest& request, HttpReply* reply, bool* is_watch) {
  Impl& im = *impl_;
  *is_watch = false;
  if (tls_) {
    std::string auth = request.Header("Authorization");
    if (!StartsWith(auth, "Bearer ") || !SameSecret(auth.substr(7), token_)) {
      *reply = JsonReply({{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()},
                          {"status", "Failure"}, {"message", "Unauthorized"},
                          {"reason", "Unauthorized"}, {"code", 401}},
                         401);
      if (im.recorder) im.recorder->Record(request, *reply, Now(), im.wall.Now());
      return;
    }
  }
  MountHandler mounted;
  {
    std::lock_guard<std::mutex> lock(im.mounts_mu);
    for (auto it = im.mounts.rbegin(); it != im.mounts.rend(); ++it)
      if (StartsWith(request.path, it->first)) {
        mounted = it->second;
        break;
      }
  }
  if (mounted) {
    *reply = mounted(request);
  } else if (StartsWith(request.path, "/kubeflight/")) {
    *reply = HandleControl(request);
  } else if (KubeApi::IsWatch(request) && ParseApiPath(request.path).ok() &&
             ParseApiPath(request.path)->kind != nullptr &&
             ParseApiPath(request.path)->name.empty()) {
    *is_watch = true;
    return;  // recorded when the stream ends
  } else {
    std::lock_guard<std::mutex> lock(im.mu);
    SyncClockLocked();
    *reply = im.api->Handle(request);
    // The virtual time the request was handled at: a scorer applies the
    // session's writes again at these times (engine/eval/serve_session.h).
    if (im.recorder) im.recorder->Record(request, *reply, im.sim->clock().Now(), im.wall.Now());
    return;
  }
  if (im.recorder) im.recorder->Record(request, *reply, Now(), im.wall.Now());
}

Status Server::Stop() {
  Impl& im = *impl_;
  std::lock_guard<std::mutex> lock(im.stop_mu);
  if (im.stopped) return im.stop_status;
  im.stopped = true;
  im.stopping = true;
  // httplib's stop() is lost when it comes before the listen loop runs (a
  // Ctrl-C right after start): wait for the loop, at most 2 s.
  for (int i = 0; i < 2000 && im.http && !im.http->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (im.http) im.http->stop();
  if (im.listener.joinable()) im.listener.join();
  if (im.recorder) im.stop_status = im.recorder->End(Now(), im.wall.Now());
  return im.stop_status;
}

}  // namespace kf::serve
