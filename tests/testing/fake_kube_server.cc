#include "tests/testing/fake_kube_server.h"

#include <httplib.h>

#include <regex>
#include <thread>

#include "engine/sim/api_errors.h"
#include "engine/sim/kinds.h"

namespace kf::testing {
namespace {

struct Route {
  std::string group;  // "" core
  std::string ns;
  std::string resource;
  std::string name;
  std::string subresource;
};

bool ParseRoute(const std::string& path, Route* r) {
  static const std::regex core(R"(^/api/v1(?:/namespaces/([^/]+))?/([a-z]+)(?:/([^/]+))?(?:/([a-z]+))?$)");
  static const std::regex grouped(
      R"(^/apis/([^/]+)/([^/]+)(?:/namespaces/([^/]+))?/([a-z]+)(?:/([^/]+))?(?:/([a-z]+))?$)");
  std::smatch m;
  if (std::regex_match(path, m, core)) {
    *r = Route{"", m[1], m[2], m[3], m[4]};
    return true;
  }
  if (std::regex_match(path, m, grouped)) {
    *r = Route{m[1], m[3], m[4], m[5], m[6]};
    return true;
  }
  return false;
}

std::string Verb(const std::string& method, const Route& r) {
  if (method == "GET") return r.name.empty() ? "list" : "get";
  if (method == "PATCH") return "patch";
  if (method == "POST") return "create";
  if (method == "DELETE") return "delete";
  if (method == "PUT") return "update";
  return method;
}

void SendJson(httplib::Response& res, int code, const Json& body) {
  res.status = code;
  res.set_content(body.dump(), "application/json");
}

void SendStatus(httplib::Response& res, const Status& s, const std::string& kind, const std::string& name) {
  Json body = StatusObject(s, kind, name);
  SendJson(res, static_cast<int>(JsonInt(body, "code", 500)), body);
}

Json ErrorBody(int code, const std::string& reason, const std::string& message) {
  return {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()}, {"status", "Failure"},
          {"message", message}, {"reason", reason}, {"code", code}};
}

}  // namespace

struct FakeKubeServer::Impl {
  ClusterBackend* backend;
  FakeKubeOptions options;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::vector<ReceivedRequest> received;

  void Record(const httplib::Request& req) {
    ReceivedRequest r;
    r.method = req.method;
    r.path = req.target.empty() ? req.path : req.target;
    for (const auto& [k, v] : req.headers) {
      std::string lower = k;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[lower] = v;
    }
    r.body = req.body;
    Result<Json> j = ParseJson(req.body);
    if (j.ok()) r.json = *j;
    received.push_back(std::move(r));
  }

  void Handle(const httplib::Request& req, httplib::Response& res) {
    Record(req);
    if (!options.required_token.empty() &&
        req.get_header_value("Authorization") != "Bearer " + options.required_token) {
      SendJson(res, 401, ErrorBody(401, "Unauthorized", "Unauthorized"));
      return;
    }
    if (req.path == "/version") {
      SendJson(res, 200, {{"major", "1"}, {"minor", "32"}, {"gitVersion", "v1.32.4"},
                          {"platform", "linux/amd64"}});
      return;
    }
    Route route;
    if (!ParseRoute(req.path, &route)) {
      res.status = 404;
      res.set_content("404 page not found", "text/plain");
      return;
    }
    const std::string verb = Verb(req.method, route);
    if (options.forbidden.count({verb, route.resource})) {
      const KindInfo* info = FindKind(route.resource);
      std::string qualified = info ? info->QualifiedResource() : route.resource;
      std::string m = qualified + (route.name.empty() ? "" : " \"" + route.name + "\"") +
                      " is forbidden: User \"bob\" cannot " + verb + " resource \"" + route.resource +
                      "\" in API group \"" + route.group + "\"" +
                      (route.ns.empty() ? " at the cluster scope" : " in the namespace \"" + route.ns + "\"");
      SendJson(res, 403, ErrorBody(403, "Forbidden", m));
      return;
    }
    Serve(req, res, route, verb);
    if (options.after_request) options.after_request(received.back());
  }

  void Serve(const httplib::Request& req, httplib::Response& res, const Route& route, const std::string& verb) {
    if (route.group == "metrics.k8s.io") {
      Result<Json> list = backend->PodMetrics(route.ns, req.get_param_value("labelSelector"));
      if (!list.ok()) return SendStatus(res, list.status(), "", "");
      return SendJson(res, 200, *list);
    }
    const KindInfo* info = FindKind(route.resource);
    if (!info) {
      res.status = 404;
      res.set_content("404 page not found", "text/plain");
      return;
    }
    const std::string& kind = info->kind;
    const bool dry_run = req.get_param_value("dryRun") == "All";
    if (route.subresource == "log" && verb == "get") {
      std::string tail = req.get_param_value("tailLines");
      Result<std::string> logs = backend->Logs(route.ns, route.name, req.get_param_value("container"),
                                               req.get_param_value("previous") == "true",
                                               tail.empty() ? -1 : std::stoi(tail));
      if (!logs.ok()) return SendStatus(res, logs.status(), "", "");
      res.status = 200;
      res.set_content(*logs, "text/plain");
      return;
    }
    Result<Json> out = Status();
    if (verb == "get") {
      out = backend->Get(kind, route.ns, route.name);
    } else if (verb == "list") {
      ListOptions o{req.get_param_value("labelSelector"), req.get_param_value("fieldSelector")};
      out = backend->List(kind, route.ns, o);
      if (out.ok()) {
        // As the real API server: list items carry no kind or apiVersion.
        for (Json& item : (*out)["items"]) {
          item.erase("kind");
          item.erase("apiVersion");
        }
      }
    } else if (verb == "patch") {
      Result<Json> patch = ParseJson(req.body);
      if (!patch.ok()) return SendJson(res, 400, ErrorBody(400, "BadRequest", patch.status().message()));
      std::string ct = req.get_header_value("Content-Type");
      PatchType type = PatchType::kStrategicMerge;
      if (ct == "application/merge-patch+json") {
        type = PatchType::kMerge;
      } else if (ct == "application/json-patch+json") {
        type = PatchType::kJson;
      } else if (ct != "application/strategic-merge-patch+json") {
        return SendJson(res, 415, ErrorBody(415, "UnsupportedMediaType", "the body of the request was in an unknown format"));
      }
      out = backend->Patch(kind, route.ns, route.name, type, *patch, dry_run);
    } else if (verb == "create") {
      Result<Json> object = ParseJson(req.body);
      if (!object.ok()) return SendJson(res, 400, ErrorBody(400, "BadRequest", object.status().message()));
      out = backend->Create(kind, route.ns, *object, dry_run);
    } else if (verb == "delete") {
      out = backend->Delete(kind, route.ns, route.name, dry_run);
    } else {
      return SendJson(res, 405, ErrorBody(405, "MethodNotAllowed", "the server does not allow this method"));
    }
    if (!out.ok()) return SendStatus(res, out.status(), kind, route.name);
    SendJson(res, verb == "create" ? 201 : 200, *out);
  }
};

FakeKubeServer::FakeKubeServer(ClusterBackend* backend, FakeKubeOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->backend = backend;
  impl_->options = std::move(options);
}

FakeKubeServer::~FakeKubeServer() { Stop(); }

bool FakeKubeServer::Start() {
  const FakeKubeOptions& o = impl_->options;
  if (o.tls) {
    impl_->server = std::make_unique<httplib::SSLServer>(
        o.cert_file.c_str(), o.key_file.c_str(), o.client_ca_file.empty() ? nullptr : o.client_ca_file.c_str());
  } else {
    impl_->server = std::make_unique<httplib::Server>();
  }
  if (!impl_->server->is_valid()) return false;
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    impl_->Handle(req, res);
  };
  const std::string any = R"(/.*)";
  impl_->server->Get(any, handler);
  impl_->server->Patch(any, handler);
  impl_->server->Post(any, handler);
  impl_->server->Delete(any, handler);
  impl_->server->Put(any, handler);
  port_ = impl_->server->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return false;
  impl_->thread = std::thread([this] { impl_->server->listen_after_bind(); });
  return true;
}

void FakeKubeServer::Stop() {
  if (impl_->server) impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string FakeKubeServer::BaseUrl() const {
  return std::string(impl_->options.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::vector<ReceivedRequest> FakeKubeServer::Requests() const {
  std::lock_guard<std::mutex> lock(const_cast<std::mutex&>(mu_));
  return impl_->received;
}

}  // namespace kf::testing
