// objects: and history: sections.
#include "engine/core/duration.h"
#include "engine/scenario/scenario_sections.h"
#include "engine/sim/kinds.h"

namespace kf::scenario_internal {

namespace {

const char* const kActions[] = {"apply", "patch", "scale", "delete", "rollout_undo", "stop_kubelet"};

Status ReadTarget(const Fields& f, const Json& v, const std::string& path, HistoryAction* a,
                  const char* default_kind) {
  a->kind = default_kind;
  KF_RETURN_IF_ERROR(f.String(v, path, "kind", &a->kind));
  const KindInfo* info = FindKind(a->kind);
  if (info == nullptr) return f.Error(JoinPath(path, "kind"), "unknown kind \"" + a->kind + "\"");
  a->kind = info->kind;
  KF_RETURN_IF_ERROR(f.String(v, path, "name", &a->name, true));
  if (info->namespaced) {
    a->ns = "default";
    KF_RETURN_IF_ERROR(f.String(v, path, "namespace", &a->ns));
  }
  return Status::Ok();
}

Status ReadAction(const Fields& f, const Json& v, const std::string& path, HistoryAction* a) {
  const std::string& key = a->type == HistoryAction::Type::kApply   ? "apply"
                           : a->type == HistoryAction::Type::kPatch ? "patch"
                           : a->type == HistoryAction::Type::kScale ? "scale"
                           : a->type == HistoryAction::Type::kDelete ? "delete"
                           : a->type == HistoryAction::Type::kRolloutUndo ? "rollout_undo"
                                                                          : "stop_kubelet";
  const std::string p = JoinPath(path, key);
  const Json& body = v[key];
  switch (a->type) {
    case HistoryAction::Type::kApply:
      a->manifest = body;
      return CheckManifest(f, p, &a->manifest);
    case HistoryAction::Type::kPatch: {
      KF_RETURN_IF_ERROR(f.CheckMap(body, p, {"kind", "namespace", "name", "type", "patch"}));
      KF_RETURN_IF_ERROR(ReadTarget(f, body, p, a, "Deployment"));
      KF_RETURN_IF_ERROR(f.String(body, p, "type", &a->patch_type));
      if (a->patch_type != "strategic" && a->patch_type != "merge" && a->patch_type != "json") {
        return f.Error(JoinPath(p, "type"), "unsupported patch type \"" + a->patch_type +
                                                "\" (want strategic, merge or json)");
      }
      if (!body.contains("patch")) return f.Error(JoinPath(p, "patch"), "required field missing");
      a->patch = body["patch"];
      bool want_list = a->patch_type == "json";
      if (want_list ? !a->patch.is_array() : !a->patch.is_object()) {
        return f.Error(JoinPath(p, "patch"), want_list ? "expected a list of operations"
                                                       : "expected a mapping");
      }
      return Status::Ok();
    }
    case HistoryAction::Type::kScale:
      KF_RETURN_IF_ERROR(f.CheckMap(body, p, {"kind", "namespace", "name", "replicas"}));
      KF_RETURN_IF_ERROR(ReadTarget(f, body, p, a, "Deployment"));
      KF_RETURN_IF_ERROR(f.Int(body, p, "replicas", &a->replicas, true));
      if (a->replicas < 0) return f.Error(JoinPath(p, "replicas"), "must not be negative");
      return Status::Ok();
    case HistoryAction::Type::kDelete:
      KF_RETURN_IF_ERROR(f.CheckMap(body, p, {"kind", "namespace", "name"}));
      return ReadTarget(f, body, p, a, "Pod");
    case HistoryAction::Type::kRolloutUndo:
      KF_RETURN_IF_ERROR(f.CheckMap(body, p, {"kind", "namespace", "name", "to_revision"}));
      KF_RETURN_IF_ERROR(ReadTarget(f, body, p, a, "Deployment"));
      return f.Int(body, p, "to_revision", &a->to_revision);
    case HistoryAction::Type::kStopKubelet:
      a->kind = "Node";
      KF_RETURN_IF_ERROR(f.CheckMap(body, p, {"node"}));
      return f.String(body, p, "node", &a->name, true);
  }
  return Status::Ok();
}

}  // namespace

Status CheckManifest(const Fields& f, const std::string& path, Json* m) {
  if (!m->is_object()) return f.Error(path, "expected a Kubernetes manifest (a mapping)");
  std::string api_version, kind;
  KF_RETURN_IF_ERROR(f.String(*m, path, "apiVersion", &api_version, true));
  KF_RETURN_IF_ERROR(f.String(*m, path, "kind", &kind, true));
  const KindInfo* info = FindKind(kind);
  if (info == nullptr || info->kind != kind) {
    return f.Error(JoinPath(path, "kind"), "unknown kind \"" + kind + "\"");
  }
  if (api_version != info->ApiVersion()) {
    return f.Error(JoinPath(path, "apiVersion"), "want \"" + info->ApiVersion() + "\" for " +
                                                     kind + ", got \"" + api_version + "\"");
  }
  const std::string mp = JoinPath(path, "metadata");
  if (!m->contains("metadata") || !(*m)["metadata"].is_object()) {
    return f.Error(mp, "required field missing");
  }
  std::string name;
  KF_RETURN_IF_ERROR(f.String((*m)["metadata"], mp, "name", &name, true));
  if (info->namespaced && !(*m)["metadata"].contains("namespace")) {
    (*m)["metadata"]["namespace"] = "default";
  }
  return Status::Ok();
}

Status ReadObjects(const Fields& f, const Json& v, Scenario* out) {
  KF_RETURN_IF_ERROR(f.CheckList(v, "objects"));
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string p = JoinIndex("objects", i);
    ScenarioObject o{v[i], f.Line(p)};
    KF_RETURN_IF_ERROR(CheckManifest(f, p, &o.manifest));
    out->objects.push_back(std::move(o));
  }
  return Status::Ok();
}

Status ReadHistory(const Fields& f, const Json& v, Scenario* out) {
  KF_RETURN_IF_ERROR(f.CheckList(v, "history"));
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string p = JoinIndex("history", i);
    const Json& e = v[i];
    KF_RETURN_IF_ERROR(f.CheckMap(e, p, {"at", "apply", "patch", "scale", "delete",
                                         "rollout_undo", "stop_kubelet"}));
    HistoryAction a;
    a.line = f.Line(p);
    DurationMs at = 0;
    KF_RETURN_IF_ERROR(f.Duration(e, p, "at", &at, /*required=*/true));
    a.at = out->alert_time + at;
    int found = 0;
    for (int k = 0; k < 6; ++k) {
      if (e.contains(kActions[k])) {
        ++found;
        a.type = static_cast<HistoryAction::Type>(k);
      }
    }
    if (found != 1) {
      return f.Error(p, "expected exactly one of apply, patch, scale, delete, rollout_undo, stop_kubelet");
    }
    KF_RETURN_IF_ERROR(ReadAction(f, e, p, &a));
    out->history.push_back(std::move(a));
  }
  return Status::Ok();
}

}  // namespace kf::scenario_internal
