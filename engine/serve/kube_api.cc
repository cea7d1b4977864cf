#include "engine/serve/kube_api.h"

#include <algorithm>
#include <charconv>

#include "engine/core/strings.h"
#include "engine/serve/discovery.h"
#include "engine/serve/scale.h"
#include "engine/serve/table.h"
#include "engine/sim/api_errors.h"
#include "engine/sim/patch.h"

namespace kf::serve {
namespace {

Result<Json> ParseBody(const std::string& body) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return BadRequestError("the body of the request could not be decoded as JSON");
  }
  return j;
}


Result<int64_t> IntParam(const HttpRequest& r, const std::string& name, int64_t fallback) {
  if (!r.Has(name)) return fallback;
  const std::string v = r.Param(name);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return BadRequestError("invalid value \"" + v + "\" for query parameter " + name);
  }
  return out;
}

std::string KindName(const ApiPath& path) { return path.kind ? path.kind->kind : ""; }

HttpReply Text(int status, std::string body) {
  return HttpReply{status, "text/plain; charset=utf-8", std::move(body), {}};
}

}  // namespace

bool IsDryRun(const HttpRequest& r) {
  if (r.Param("dryRun") == "All") return true;
  if (r.method != "DELETE" || r.body.empty()) return false;
  const Json options = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  for (const Json& v : JsonMember(options, "dryRun")) {
    if (v == "All") return true;
  }
  return false;
}

HttpReply JsonReply(const Json& body, int status) {
  return HttpReply{status, "application/json", body.dump(), {}};
}

HttpReply ErrorReply(const Status& status, const std::string& kind, const std::string& name) {
  Json body = StatusObject(status, kind, name);
  return JsonReply(body, body.value("code", 500));
}

bool KubeApi::IsWatch(const HttpRequest& r) {
  const std::string w = r.Param("watch");
  return r.method == "GET" && (w == "true" || w == "1");
}

HttpReply KubeApi::Handle(const HttpRequest& r) {
  const std::string& p = r.path;
  if (p == "/version" || p == "/version/") return JsonReply(VersionInfo());
  if (p == "/healthz" || p == "/readyz" || p == "/livez") return Text(200, "ok");
  if (p == "/api" || p == "/apis" || p == "/api/" || p == "/apis/") {
    if (r.method != "GET") return ErrorReply(Status(StatusCode::kUnimplemented, "method not allowed"));
    const bool core = StartsWith(p, "/api") && !StartsWith(p, "/apis");
    std::string version = AggregatedDiscoveryVersion(r.Header("Accept"));
    if (!version.empty()) {
      HttpReply reply = JsonReply(AggregatedDiscovery(core, version));
      reply.content_type = AggregatedDiscoveryContentType(version);
      return reply;
    }
    return JsonReply(core ? LegacyApiVersions(server_address_) : LegacyApiGroupList());
  }
  // Group-version resource lists: /api/v1, /apis/GROUP/VERSION.
  std::vector<std::string> parts;
  for (const std::string& s : Split(p, '/'))
    if (!s.empty()) parts.push_back(s);
  if (r.method == "GET" && parts.size() == 2 && parts[0] == "api") {
    if (auto list = ApiResourceList("", parts[1])) return JsonReply(*list);
  }
  if (r.method == "GET" && parts.size() == 3 && parts[0] == "apis") {
    if (auto list = ApiResourceList(parts[1], parts[2])) return JsonReply(*list);
  }
  if (r.method == "GET" && parts.size() == 2 && parts[0] == "apis") {
    for (const Json& g : LegacyApiGroupList()["groups"])
      if (g["name"] == parts[1]) {
        Json group = g;
        group["kind"] = "APIGroup";
        group["apiVersion"] = "v1";
        return JsonReply(group);
      }
  }
  Result<ApiPath> path = ParseApiPath(p);
  if (!path.ok()) return ErrorReply(path.status());
  return HandleResource(r, *path);
}

HttpReply KubeApi::HandleResource(const HttpRequest& r, const ApiPath& path) {
  if (path.metrics()) {
    if (r.method != "GET") {
      return ErrorReply(Status(StatusCode::kUnimplemented, "the server does not allow this method on the requested resource"));
    }
    return Metrics(r, path);
  }
  if (path.subresource == "log") return Logs(r, path);
  if (path.subresource == "scale") return Scale(r, path);
  if (!path.subresource.empty() && path.subresource != "status") {
    return ErrorReply(NotFound("the server could not find the requested resource"));
  }
  if (r.method == "GET") return Read(r, path);
  return Write(r, path);
}

HttpReply KubeApi::ObjectReply(const HttpRequest& r, const Json& object, int status) {
  std::string table = TableVersion(r.Header("Accept"));
  if (table.empty()) return JsonReply(object, status);
  std::string rv = object.contains("items")
                       ? object["metadata"].value("resourceVersion", "")
                       : object["metadata"].value("resourceVersion", "");
  return JsonReply(ToTable(object, backend_->clock().Now(), table,
                           ParseIncludeObject(r.Param("includeObject")), rv),
                   status);
}

HttpReply KubeApi::Read(const HttpRequest& r, const ApiPath& path) {
  const std::string kind = KindName(path);
  if (!path.name.empty()) {
    Result<Json> obj = backend_->Get(kind, path.ns, path.name);
    if (!obj.ok()) return ErrorReply(obj.status(), kind, path.name);
    if (path.subresource == "status") return JsonReply(*obj);
    return ObjectReply(r, *obj);
  }
  ListOptions options{r.Param("labelSelector"), r.Param("fieldSelector")};
  Result<Json> list = backend_->List(kind, path.ns, options);
  if (!list.ok()) return ErrorReply(list.status());
  return ObjectReply(r, *list);
}

HttpReply KubeApi::Write(const HttpRequest& r, const ApiPath& path) {
  const std::string kind = KindName(path);
  if (r.method == "PATCH" && !path.name.empty()) {
    Result<PatchType> type = PatchTypeFromContentType(r.Header("Content-Type"));
    if (!type.ok()) return ErrorReply(type.status());
    Result<Json> body = ParseBody(r.body);
    if (!body.ok()) return ErrorReply(body.status());
    Result<Json> patched = backend_->Patch(kind, path.ns, path.name, *type, *body, IsDryRun(r));
    if (!patched.ok()) return ErrorReply(patched.status(), kind, path.name);
    return JsonReply(*patched);
  }
  if (r.method == "POST" && path.name.empty()) {
    Result<Json> body = ParseBody(r.body);
    if (!body.ok()) return ErrorReply(body.status());
    Result<Json> created = backend_->Create(kind, path.ns, *body, IsDryRun(r));
    if (!created.ok()) {
      std::string name = body->is_object() ? body->value("/metadata/name"_json_pointer, "") : "";
      return ErrorReply(created.status(), kind, name);
    }
    return JsonReply(*created, 201);
  }
  if (r.method == "DELETE" && !path.name.empty()) {
    Result<Json> deleted = backend_->Delete(kind, path.ns, path.name, IsDryRun(r));
    if (!deleted.ok()) return ErrorReply(deleted.status(), kind, path.name);
    return JsonReply(*deleted);
  }
  return ErrorReply(Status(StatusCode::kUnimplemented,
                           "the server does not allow this method on the requested resource"));
}

HttpReply KubeApi::Logs(const HttpRequest& r, const ApiPath& path) {
  if (r.method != "GET" || path.kind->kind != "Pod" || path.name.empty()) {
    return ErrorReply(NotFound("the server could not find the requested resource"));
  }
  Result<int64_t> tail = IntParam(r, "tailLines", -1);
  if (!tail.ok()) return ErrorReply(tail.status());
  Result<int64_t> limit = IntParam(r, "limitBytes", -1);
  if (!limit.ok()) return ErrorReply(limit.status());
  const std::string previous = r.Param("previous");
  Result<std::string> text = backend_->Logs(path.ns, path.name, r.Param("container"),
                                            previous == "true" || previous == "1",
                                            static_cast<int>(*tail));
  if (!text.ok()) return ErrorReply(text.status(), "Pod", path.name);
  // Container logs are whole lines: each ends with a newline.
  std::string body = *text;
  if (!body.empty() && body.back() != '\n') body += '\n';
  if (*limit >= 0 && static_cast<size_t>(*limit) < body.size()) body.resize(*limit);
  return Text(200, std::move(body));
}

HttpReply KubeApi::Scale(const HttpRequest& r, const ApiPath& path) {
  const std::string kind = KindName(path);
  if (path.name.empty()) return ErrorReply(NotFound("the server could not find the requested resource"));
  Result<Json> object = backend_->Get(kind, path.ns, path.name);
  if (!object.ok()) return ErrorReply(object.status(), kind, path.name);
  if (r.method == "GET") return JsonReply(ScaleOf(*object));
  Result<Json> scale = Json();
  if (r.method == "PATCH") {
    Result<PatchType> type = PatchTypeFromContentType(r.Header("Content-Type"));
    if (!type.ok()) return ErrorReply(type.status());
    Result<Json> body = ParseBody(r.body);
    if (!body.ok()) return ErrorReply(body.status());
    // A Scale has no merge keys: strategic merge is a JSON merge here.
    scale = ApplyPatch(ScaleOf(*object), *type == PatchType::kJson ? PatchType::kJson : PatchType::kMerge,
                       *body);
  } else if (r.method == "PUT") {
    scale = ParseBody(r.body);  // PUT /scale arrives without a Content-Type
  } else {
    return ErrorReply(Status(StatusCode::kUnimplemented,
                             "the server does not allow this method on the requested resource"));
  }
  if (!scale.ok()) return ErrorReply(scale.status(), kind, path.name);
  Result<Json> replicas_patch = ReplicasPatch(*object, *scale);
  if (!replicas_patch.ok()) return ErrorReply(replicas_patch.status(), kind, path.name);
  Result<Json> updated =
      backend_->Patch(kind, path.ns, path.name, PatchType::kMerge, *replicas_patch, IsDryRun(r));
  if (!updated.ok()) return ErrorReply(updated.status(), kind, path.name);
  return JsonReply(ScaleOf(*updated));
}

HttpReply KubeApi::Metrics(const HttpRequest& r, const ApiPath& path) {
  if (path.resource == "nodes") {
    Result<Json> nodes = NodeMetrics(backend_);
    if (!nodes.ok()) return ErrorReply(nodes.status());
    if (path.name.empty()) return JsonReply(*nodes);
    for (const Json& n : (*nodes)["items"])
      if (n["metadata"]["name"] == path.name) return JsonReply(n);
    return ErrorReply(NotFound("nodemetrics.metrics.k8s.io \"" + path.name + "\" not found"));
  }
  Result<Json> pods = backend_->PodMetrics(path.ns, path.name.empty() ? r.Param("labelSelector") : "");
  if (!pods.ok()) return ErrorReply(pods.status());
  if (path.name.empty()) return JsonReply(*pods);
  for (const Json& p : (*pods)["items"])
    if (p["metadata"]["name"] == path.name) return JsonReply(p);
  return ErrorReply(NotFound("podmetrics.metrics.k8s.io \"" + path.name + "\" not found"));
}

// ---- Watch ----

Watch::Watch(ApiPath path, const HttpRequest& request)
    : path_(std::move(path)),
      options_{request.Param("labelSelector"), request.Param("fieldSelector")} {
  const std::string rv = request.Param("resourceVersion");
  if (!rv.empty() && rv != "0") {
    int64_t v = 0;
    std::from_chars(rv.data(), rv.data() + rv.size(), v);
    since_ = v;
  }
}

Result<std::vector<Json>> Watch::Poll(ClusterBackend* backend) {
  KF_ASSIGN_OR_RETURN(Json list, backend->List(path_.kind->kind, path_.ns, options_));
  std::vector<Json> events;
  std::map<std::string, Json> now;
  for (Json& item : list["items"]) {
    const Json& md = item["metadata"];
    std::string key = md.value("namespace", "") + "/" + md.value("name", "");
    now[key] = std::move(item);
  }
  for (auto& [key, obj] : now) {
    auto it = seen_.find(key);
    if (first_) {
      if (since_ == 0) {
        events.push_back({{"type", "ADDED"}, {"object", obj}});
      } else {
        int64_t rv = 0;
        const std::string s = obj["metadata"].value("resourceVersion", "0");
        std::from_chars(s.data(), s.data() + s.size(), rv);
        if (rv > since_) events.push_back({{"type", "MODIFIED"}, {"object", obj}});
      }
    } else if (it == seen_.end()) {
      events.push_back({{"type", "ADDED"}, {"object", obj}});
    } else if (it->second["metadata"].value("resourceVersion", "") !=
               obj["metadata"].value("resourceVersion", "")) {
      events.push_back({{"type", "MODIFIED"}, {"object", obj}});
    }
  }
  for (auto& [key, obj] : seen_)
    if (!now.count(key)) events.push_back({{"type", "DELETED"}, {"object", obj}});
  seen_ = std::move(now);
  first_ = false;
  return events;
}

}  // namespace kf::serve
