#include "engine/kube/kube_backend.h"

#include <algorithm>

#include "engine/core/json.h"
#include "engine/core/strings.h"
#include "engine/kube/api_paths.h"
#include "engine/kube/api_status.h"

namespace kf::kube {
namespace {

constexpr int kPageSize = 500;

const char* ContentType(PatchType type) {
  switch (type) {
    case PatchType::kStrategicMerge: return "application/strategic-merge-patch+json";
    case PatchType::kMerge: return "application/merge-patch+json";
    case PatchType::kJson: return "application/json-patch+json";
  }
  return "application/json";
}

void AddQuery(std::string* target, const std::string& key, const std::string& value) {
  *target += (target->find('?') == std::string::npos ? "?" : "&") + key + "=" + QueryEscape(value);
}

bool ItemBefore(const Json& a, const Json& b) {
  const std::string ans = JsonString(a["metadata"], "namespace");
  const std::string bns = JsonString(b["metadata"], "namespace");
  if (ans != bns) return ans < bns;
  return JsonString(a["metadata"], "name") < JsonString(b["metadata"], "name");
}

}  // namespace

KubeBackend::KubeBackend(RestConfig config, KubeBackendOptions options)
    : config_(std::move(config)), options_(std::move(options)) {
  if (options_.clock) {
    clock_ = options_.clock;
  } else {
    own_clock_ = std::make_unique<WallClock>();
    clock_ = own_clock_.get();
  }
}

Result<std::unique_ptr<KubeBackend>> KubeBackend::Create(const RestConfig& config,
                                                         KubeBackendOptions options) {
  std::unique_ptr<KubeBackend> b(new KubeBackend(config, std::move(options)));
  KF_ASSIGN_OR_RETURN(b->http_, NewKubeHttpClient(b->config_, b->clock_));
  return b;
}

std::string KubeBackend::Where() const {
  std::string w = "the API server at " + http_->host_port() + " rejected the credentials of " +
                  config_.origin;
  if (StartsWith(config_.server, "http://")) w += " (credentials are only sent over https)";
  return w;
}

Result<Json> KubeBackend::Call(const KubeRequest& request, const RequestInfo& info) {
  KF_ASSIGN_OR_RETURN(KubeResponse r, http_->Do(request));
  if (r.status >= 400) return StatusFromResponse(r, info, Where());
  Result<Json> body = ParseJson(r.body);
  if (!body.ok()) {
    return Internal("the API server at " + http_->host_port() + " sent an unreadable response to " +
                    request.method + " " + request.target + ": " + body.status().message());
  }
  return std::move(*body);
}

Result<Json> KubeBackend::Get(const std::string& kind, const std::string& ns, const std::string& name) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, LookupKind(kind));
  KubeRequest req;
  req.target = ResourcePath(*info, ns, name);
  return Call(req, RequestInfo{"get", info, "", ns, name});
}

Result<Json> KubeBackend::List(const std::string& kind, const std::string& ns, const ListOptions& options) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, LookupKind(kind));
  Json items = Json::array();
  Json metadata = Json::object();
  std::string cont;
  do {
    KubeRequest req;
    req.target = ResourcePath(*info, ns);
    if (!options.label_selector.empty()) AddQuery(&req.target, "labelSelector", options.label_selector);
    if (!options.field_selector.empty()) AddQuery(&req.target, "fieldSelector", options.field_selector);
    AddQuery(&req.target, "limit", std::to_string(kPageSize));
    if (!cont.empty()) AddQuery(&req.target, "continue", cont);
    KF_ASSIGN_OR_RETURN(Json page, Call(req, RequestInfo{"list", info, "", ns, ""}));
    if (page.contains("items") && page["items"].is_array()) {
      for (Json& item : page["items"]) items.push_back(std::move(item));
    }
    cont = page.contains("metadata") ? JsonString(page["metadata"], "continue") : "";
    if (page.contains("metadata")) metadata = {{"resourceVersion", JsonString(page["metadata"], "resourceVersion")}};
  } while (!cont.empty());
  // A list's items carry no kind/apiVersion on the wire; the seam's do.
  for (Json& item : items) {
    if (!item.contains("kind")) item["kind"] = info->kind;
    if (!item.contains("apiVersion")) item["apiVersion"] = info->ApiVersion();
    if (!item.contains("metadata")) item["metadata"] = Json::object();
  }
  std::stable_sort(items.begin(), items.end(), ItemBefore);
  return Json{{"apiVersion", info->ApiVersion()},
              {"kind", info->ListKind()},
              {"metadata", std::move(metadata)},
              {"items", std::move(items)}};
}

Result<Json> KubeBackend::Patch(const std::string& kind, const std::string& ns, const std::string& name,
                                PatchType type, const Json& patch, bool dry_run) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, LookupKind(kind));
  KubeRequest req;
  req.method = "PATCH";
  req.target = ResourcePath(*info, ns, name);
  AddQuery(&req.target, "fieldManager", options_.field_manager);
  if (dry_run) AddQuery(&req.target, "dryRun", "All");
  req.content_type = ContentType(type);
  req.body = patch.dump();
  return Call(req, RequestInfo{"patch", info, "", ns, name});
}

Result<Json> KubeBackend::Create(const std::string& kind, const std::string& ns, const Json& object,
                                 bool dry_run) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, LookupKind(kind));
  std::string n = ns;
  if (n.empty() && object.contains("metadata")) n = JsonString(object["metadata"], "namespace");
  KubeRequest req;
  req.method = "POST";
  req.target = ResourcePath(*info, n);
  AddQuery(&req.target, "fieldManager", options_.field_manager);
  if (dry_run) AddQuery(&req.target, "dryRun", "All");
  req.content_type = "application/json";
  req.body = object.dump();
  std::string name = object.contains("metadata") ? JsonString(object["metadata"], "name") : "";
  return Call(req, RequestInfo{"create", info, "", n, name});
}

Result<Json> KubeBackend::Delete(const std::string& kind, const std::string& ns, const std::string& name,
                                 bool dry_run) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, LookupKind(kind));
  KubeRequest req;
  req.method = "DELETE";
  req.target = ResourcePath(*info, ns, name);
  if (dry_run) AddQuery(&req.target, "dryRun", "All");
  req.content_type = "application/json";
  req.body = Json{{"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", "Background"}}.dump();
  return Call(req, RequestInfo{"delete", info, "", ns, name});
}

Result<std::string> KubeBackend::Logs(const std::string& ns, const std::string& pod,
                                      const std::string& container, bool previous, int tail_lines) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, LookupKind("Pod"));
  KubeRequest req;
  req.target = ResourcePath(*info, ns, pod, "log");
  req.accept = "*/*";
  if (!container.empty()) AddQuery(&req.target, "container", container);
  if (previous) AddQuery(&req.target, "previous", "true");
  if (tail_lines >= 0) AddQuery(&req.target, "tailLines", std::to_string(tail_lines));
  KF_ASSIGN_OR_RETURN(KubeResponse r, http_->Do(req));
  if (r.status >= 400) return StatusFromResponse(r, RequestInfo{"get", info, "pods/log", ns, pod}, Where());
  return std::move(r.body);
}

Result<Json> KubeBackend::PodMetrics(const std::string& ns, const std::string& label_selector) {
  KubeRequest req;
  req.target = ns.empty() ? "/apis/metrics.k8s.io/v1beta1/pods"
                          : "/apis/metrics.k8s.io/v1beta1/namespaces/" + QueryEscape(ns) + "/pods";
  if (!label_selector.empty()) AddQuery(&req.target, "labelSelector", label_selector);
  KF_ASSIGN_OR_RETURN(KubeResponse r, http_->Do(req));
  if (r.status == 404) return NotFound("Metrics API not available");
  if (r.status >= 400) {
    Status s = StatusFromResponse(r, RequestInfo{"list", nullptr, "pods.metrics.k8s.io", ns, ""}, Where());
    if (r.status == 503) return Unavailable("Metrics API not available: " + s.message());
    return s;
  }
  Result<Json> body = ParseJson(r.body);
  if (!body.ok()) return Internal("unreadable metrics.k8s.io response: " + body.status().message());
  Json list = std::move(*body);
  if (list.contains("items") && list["items"].is_array()) {
    for (Json& item : list["items"]) {
      if (!item.contains("kind")) item["kind"] = "PodMetrics";
      if (!item.contains("apiVersion")) item["apiVersion"] = "metrics.k8s.io/v1beta1";
    }
    std::stable_sort(list["items"].begin(), list["items"].end(), ItemBefore);
  }
  return list;
}

Result<Json> KubeBackend::ServerVersion() {
  KubeRequest req;
  req.target = "/version";
  return Call(req, RequestInfo{"get", nullptr, "version", "", ""});
}

}  // namespace kf::kube
