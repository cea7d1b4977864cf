#include "engine/serve/discovery.h"

#include <map>
#include <vector>

#include "engine/core/strings.h"
#include "engine/serve/accept.h"
#include "engine/sim/kinds.h"

namespace kf::serve {
namespace {

// One resource as discovery describes it.
struct Resource {
  std::string group, version, resource, singular, kind;
  bool namespaced = true;
  std::vector<std::string> verbs, short_names, categories;
  // (subresource, response group, version, kind, verbs)
  struct Sub {
    std::string name, group, version, kind;
    std::vector<std::string> verbs;
  };
  std::vector<Sub> subresources;
};

const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get",
                                            "list",   "patch",  "update",           "watch"};

bool InAllCategory(const std::string& kind) {
  static const char* kAll[] = {"Pod", "Service", "Deployment", "ReplicaSet", "StatefulSet",
                               "DaemonSet", "Job", "CronJob", "HorizontalPodAutoscaler"};
  for (const char* k : kAll)
    if (kind == k) return true;
  return false;
}

std::vector<Resource::Sub> SubresourcesOf(const KindInfo& k) {
  std::vector<Resource::Sub> subs;
  const std::vector<std::string> rw = {"get", "patch", "update"};
  if (k.kind == "Pod") subs.push_back({"log", "", "v1", "Pod", {"get"}});
  if (k.kind == "Deployment" || k.kind == "ReplicaSet" || k.kind == "StatefulSet")
    subs.push_back({"scale", "autoscaling", "v1", "Scale", rw});
  if (k.kind == "Pod" || k.kind == "Deployment" || k.kind == "ReplicaSet" || k.kind == "Node" ||
      k.kind == "Namespace" || k.kind == "Service" || k.kind == "StatefulSet" ||
      k.kind == "DaemonSet" || k.kind == "Job")
    subs.push_back({"status", k.group, k.version, k.kind, rw});
  return subs;
}

// Every served resource, grouped by group then version, core group first.
const std::vector<Resource>& Resources() {
  static const std::vector<Resource> kResources = [] {
    std::vector<Resource> out;
    for (const KindInfo& k : AllKinds()) {
      Resource r{k.group, k.version, k.resource, k.singular, k.kind, k.namespaced, kAllVerbs,
                 k.short_names, {}, SubresourcesOf(k)};
      if (InAllCategory(k.kind)) r.categories = {"all"};
      out.push_back(std::move(r));
    }
    out.push_back({"metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, {"get", "list"}});
    out.push_back({"metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, {"get", "list"}});
    return out;
  }();
  return kResources;
}

// Groups in first-seen order, each with its versions in first-seen order.
std::vector<std::pair<std::string, std::vector<std::string>>> Groups(bool core) {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (const Resource& r : Resources()) {
    if (r.group.empty() != core) continue;
    auto it = groups.begin();
    while (it != groups.end() && it->first != r.group) ++it;
    if (it == groups.end()) {
      groups.push_back({r.group, {}});
      it = groups.end() - 1;
    }
    bool seen = false;
    for (const std::string& v : it->second) seen = seen || v == r.version;
    if (!seen) it->second.push_back(r.version);
  }
  return groups;
}

Json GroupVersionKind(const std::string& group, const std::string& version, const std::string& kind) {
  return {{"group", group}, {"version", version}, {"kind", kind}};
}

Json AggregatedResource(const Resource& r) {
  Json j = {{"resource", r.resource},
            {"responseKind", GroupVersionKind(r.group, r.version, r.kind)},
            {"scope", r.namespaced ? "Namespaced" : "Cluster"},
            {"verbs", r.verbs}};
  if (!r.singular.empty()) j["singularResource"] = r.singular;
  if (!r.short_names.empty()) j["shortNames"] = r.short_names;
  if (!r.categories.empty()) j["categories"] = r.categories;
  if (!r.subresources.empty()) {
    Json subs = Json::array();
    for (const Resource::Sub& s : r.subresources)
      subs.push_back({{"subresource", s.name},
                      {"responseKind", GroupVersionKind(s.group, s.version, s.kind)},
                      {"verbs", s.verbs}});
    j["subresources"] = std::move(subs);
  }
  return j;
}

std::string GroupVersion(const std::string& group, const std::string& version) {
  return group.empty() ? version : group + "/" + version;
}

}  // namespace

std::string AggregatedDiscoveryVersion(const std::string& accept) {
  return AcceptedVersion(accept, "apidiscovery.k8s.io", "APIGroupDiscoveryList", {"v2", "v2beta1"});
}

std::string AggregatedDiscoveryContentType(const std::string& version) {
  return "application/json;g=apidiscovery.k8s.io;v=" + version + ";as=APIGroupDiscoveryList";
}

Json AggregatedDiscovery(bool core, const std::string& version) {
  Json items = Json::array();
  for (const auto& [group, versions] : Groups(core)) {
    Json item = {{"metadata", {{"creationTimestamp", nullptr}}}, {"versions", Json::array()}};
    if (!core) item["metadata"]["name"] = group;
    for (const std::string& v : versions) {
      Json resources = Json::array();
      for (const Resource& r : Resources())
        if (r.group == group && r.version == v) resources.push_back(AggregatedResource(r));
      item["versions"].push_back({{"version", v}, {"freshness", "Current"}, {"resources", resources}});
    }
    items.push_back(std::move(item));
  }
  return {{"kind", "APIGroupDiscoveryList"},
          {"apiVersion", "apidiscovery.k8s.io/" + version},
          {"metadata", Json::object()},
          {"items", std::move(items)}};
}

Json LegacyApiVersions(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs",
           {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

Json LegacyApiGroupList() {
  Json groups = Json::array();
  for (const auto& [group, versions] : Groups(false)) {
    Json vs = Json::array();
    for (const std::string& v : versions)
      vs.push_back({{"groupVersion", GroupVersion(group, v)}, {"version", v}});
    groups.push_back({{"name", group}, {"versions", vs}, {"preferredVersion", vs[0]}});
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", std::move(groups)}};
}

std::optional<Json> ApiResourceList(const std::string& group, const std::string& version) {
  Json resources = Json::array();
  for (const Resource& r : Resources()) {
    if (r.group != group || r.version != version) continue;
    Json j = {{"name", r.resource},          {"singularName", r.singular},
              {"namespaced", r.namespaced}, {"kind", r.kind},
              {"verbs", r.verbs}};
    if (!r.short_names.empty()) j["shortNames"] = r.short_names;
    if (!r.categories.empty()) j["categories"] = r.categories;
    resources.push_back(std::move(j));
    for (const Resource::Sub& s : r.subresources) {
      Json sub = {{"name", r.resource + "/" + s.name}, {"singularName", ""},
                  {"namespaced", r.namespaced},        {"kind", s.kind},
                  {"verbs", s.verbs}};
      if (s.group != group) sub["group"] = s.group;
      if (s.group != group) sub["version"] = s.version;
      resources.push_back(std::move(sub));
    }
  }
  if (resources.empty()) return std::nullopt;
  return Json{{"kind", "APIResourceList"},
              {"apiVersion", "v1"},
              {"groupVersion", GroupVersion(group, version)},
              {"resources", std::move(resources)}};
}

Json VersionInfo() {
  return {{"major", "1"},
          {"minor", "32"},
          {"gitVersion", "v1.32.4-kubeflight"},
          {"gitCommit", "0000000000000000000000000000000000000000"},
          {"gitTreeState", "clean"},
          {"buildDate", "2026-01-01T00:00:00Z"},
          {"goVersion", "go1.23.0"},
          {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

}  // namespace kf::serve
