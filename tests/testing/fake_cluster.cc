#include "tests/testing/fake_cluster.h"

#include <algorithm>

#include "engine/core/strings.h"
#include "engine/sim/api_errors.h"
#include "engine/sim/kinds.h"
#include "engine/sim/patch.h"
#include "engine/sim/selector.h"

namespace kf::testing {
namespace {

std::string NsName(const std::string& ns, const std::string& name) {
  return ns.empty() ? name : ns + "/" + name;
}

std::string TypeName(PatchType t) {
  switch (t) {
    case PatchType::kStrategicMerge: return "strategic";
    case PatchType::kMerge: return "merge";
    case PatchType::kJson: return "json";
  }
  return "?";
}

Json WithoutBookkeeping(Json o) {
  if (o.contains("metadata")) {
    o["metadata"].erase("resourceVersion");
    o["metadata"].erase("generation");
  }
  return o;
}

std::string ApiVersionOf(const std::string& kind) {
  const KindInfo* info = FindKind(kind);
  return info ? info->ApiVersion() : "v1";
}

}  // namespace

Status FakeCluster::Record(std::string call) {
  calls_.push_back(call);
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (StartsWith(call, it->first)) {
      Status s = it->second;
      failures_.erase(it);
      return s;
    }
  }
  return Status::Ok();
}

void FakeCluster::FailNext(std::string call_prefix, Status status) {
  failures_.emplace_back(std::move(call_prefix), std::move(status));
}

void FakeCluster::Put(Json object) {
  Json& meta = object["metadata"];
  if (!meta.contains("uid")) meta["uid"] = "uid-" + std::to_string(next_uid_++);
  if (!meta.contains("resourceVersion")) meta["resourceVersion"] = std::to_string(++resource_version_);
  Key key{JsonString(object, "kind"), JsonString(meta, "namespace"), JsonString(meta, "name")};
  objects_[key] = std::move(object);
}

const Json* FakeCluster::Find(const std::string& kind, const std::string& ns,
                              const std::string& name) const {
  auto it = objects_.find(Key{kind, ns, name});
  return it == objects_.end() ? nullptr : &it->second;
}

void FakeCluster::SetLogs(const std::string& ns, const std::string& pod,
                          const std::string& container, bool previous, std::string text) {
  logs_[ns + "/" + pod + "/" + container + (previous ? "/previous" : "")] = std::move(text);
}

Result<Json> FakeCluster::Get(const std::string& kind, const std::string& ns,
                              const std::string& name) {
  KF_RETURN_IF_ERROR(Record("get " + kind + " " + NsName(ns, name)));
  const Json* o = Find(kind, ns, name);
  if (!o) return NotFoundError(kind, name);
  return *o;
}

Result<Json> FakeCluster::List(const std::string& kind, const std::string& ns,
                               const ListOptions& options) {
  KF_RETURN_IF_ERROR(Record("list " + kind + " " + ns + " labels=" + options.label_selector +
                            " fields=" + options.field_selector));
  KF_ASSIGN_OR_RETURN(LabelSelector labels, ParseLabelSelector(options.label_selector));
  KF_ASSIGN_OR_RETURN(FieldSelector fields, ParseFieldSelector(options.field_selector, kind));
  Json items = Json::array();
  for (const auto& [key, object] : objects_) {
    if (std::get<0>(key) != kind || (!ns.empty() && std::get<1>(key) != ns)) continue;
    const Json* l = JsonAtPath(object, "metadata.labels");
    if (!labels.Matches(l ? *l : Json()) || !fields.Matches(object)) continue;
    items.push_back(object);
  }
  return Json{{"apiVersion", ApiVersionOf(kind)},
              {"kind", kind + "List"},
              {"metadata", {{"resourceVersion", std::to_string(resource_version_)}}},
              {"items", items}};
}

Result<Json> FakeCluster::Store(const Json& before, Json after) {
  if (WithoutBookkeeping(before) == WithoutBookkeeping(after)) return before;
  Json& meta = after["metadata"];
  meta["resourceVersion"] = std::to_string(++resource_version_);
  if (before.contains("spec") && after.contains("spec") && before["spec"] != after["spec"]) {
    meta["generation"] = JsonInt(before["metadata"], "generation", 1) + 1;
  }
  return after;
}

Result<Json> FakeCluster::Patch(const std::string& kind, const std::string& ns,
                                const std::string& name, PatchType type, const Json& patch,
                                bool dry_run) {
  KF_RETURN_IF_ERROR(Record("patch " + kind + " " + NsName(ns, name) + " " + TypeName(type) +
                            (dry_run ? " dry-run" : "")));
  const Json* o = Find(kind, ns, name);
  if (!o) return NotFoundError(kind, name);
  KF_ASSIGN_OR_RETURN(Json patched, ApplyPatch(*o, type, patch));
  KF_ASSIGN_OR_RETURN(Json stored, Store(*o, std::move(patched)));
  if (!dry_run) {
    objects_[Key{kind, ns, name}] = stored;
    if (on_write) on_write(*this, "patch", stored);
  }
  return stored;
}

Result<Json> FakeCluster::Create(const std::string& kind, const std::string& ns, const Json& object,
                                 bool dry_run) {
  std::string name = JsonString(object.value("metadata", Json::object()), "name");
  KF_RETURN_IF_ERROR(Record("create " + kind + " " + NsName(ns, name) + (dry_run ? " dry-run" : "")));
  if (Find(kind, ns, name)) return AlreadyExistsError(kind, name);
  Json o = object;
  o["kind"] = kind;
  o["apiVersion"] = ApiVersionOf(kind);
  o["metadata"]["namespace"] = ns;
  o["metadata"]["creationTimestamp"] = FormatRfc3339(clock_.Now());
  if (dry_run) return o;
  Put(o);
  const Json& stored = *Find(kind, ns, name);
  if (on_write) on_write(*this, "create", stored);
  return stored;
}

Result<Json> FakeCluster::Delete(const std::string& kind, const std::string& ns,
                                 const std::string& name, bool dry_run) {
  KF_RETURN_IF_ERROR(Record("delete " + kind + " " + NsName(ns, name) + (dry_run ? " dry-run" : "")));
  auto it = objects_.find(Key{kind, ns, name});
  if (it == objects_.end()) return NotFoundError(kind, name);
  Json old = it->second;
  if (!dry_run) {
    objects_.erase(it);
    if (on_write) on_write(*this, "delete", old);
  }
  return old;
}

Result<std::string> FakeCluster::Logs(const std::string& ns, const std::string& pod,
                                      const std::string& container, bool previous,
                                      int tail_lines) {
  KF_RETURN_IF_ERROR(Record("logs " + NsName(ns, pod) + " " + container +
                            (previous ? " previous" : "") + " tail=" + std::to_string(tail_lines)));
  if (!Find("Pod", ns, pod)) return NotFoundError("Pod", pod);
  auto it = logs_.find(ns + "/" + pod + "/" + container + (previous ? "/previous" : ""));
  if (it == logs_.end()) {
    if (previous) {
      return BadRequestError("previous terminated container \"" + container + "\" in pod \"" +
                             pod + "\" not found");
    }
    return std::string();
  }
  if (tail_lines < 0) return it->second;
  std::vector<std::string> lines = Split(it->second, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t from = lines.size() > static_cast<size_t>(tail_lines) ? lines.size() - tail_lines : 0;
  std::string out;
  for (size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
  return out;
}

Result<Json> FakeCluster::PodMetrics(const std::string& ns, const std::string& label_selector) {
  KF_RETURN_IF_ERROR(Record("top " + ns + " labels=" + label_selector));
  KF_ASSIGN_OR_RETURN(LabelSelector labels, ParseLabelSelector(label_selector));
  Json items = Json::array();
  for (const auto& [key, object] : objects_) {
    if (std::get<0>(key) != "PodMetrics" || (!ns.empty() && std::get<1>(key) != ns)) continue;
    const Json* l = JsonAtPath(object, "metadata.labels");
    if (labels.Matches(l ? *l : Json())) items.push_back(object);
  }
  return Json{{"apiVersion", "metrics.k8s.io/v1beta1"},
              {"kind", "PodMetricsList"},
              {"metadata", Json::object()},
              {"items", items}};
}

Result<Json> FakeMetrics::Query(const std::string& promql, UnixMillis at) {
  calls_.push_back({promql, at, at, 0, false});
  auto it = instant_.find(promql);
  if (it == instant_.end()) return InvalidArgument("fake: no scripted answer for " + promql);
  return it->second;
}

Result<Json> FakeMetrics::QueryRange(const std::string& promql, UnixMillis start, UnixMillis end,
                                     DurationMs step) {
  calls_.push_back({promql, start, end, step, true});
  auto it = range_.find(promql);
  if (it == range_.end()) return InvalidArgument("fake: no scripted answer for " + promql);
  return it->second;
}

}  // namespace kf::testing
