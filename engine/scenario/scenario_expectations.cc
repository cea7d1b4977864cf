// expectations: section.
#include <algorithm>

#include "engine/scenario/scenario_sections.h"
#include "engine/sim/kinds.h"

namespace kf::scenario_internal {

namespace {

const char* const kFixActions[] = {"patch", "rollout_undo", "scale", "set_image",
                                   "rollout_restart", "delete"};
const char* const kConditionTypes[] = {"rollout_complete", "pods_ready", "no_restarts",
                                       "no_oom_kills", "memory_utilisation_below", "promql",
                                       "endpoints_ready", "pvc_bound", "object_field",
                                       "no_pending_pods", "no_changes"};
// Root-cause categories: the vocabulary the builtin agent's assessments and
// the scorer share (docs/scenario-format.md lists what each means).
const char* const kCategories[] = {
    "oom", "image-pull", "config", "crashloop", "readiness-probe", "liveness-probe",
    "init-dependency", "bad-rollout", "cpu-throttling", "service-selector", "service-port",
    "storage", "hpa-max", "insufficient-resources", "quota", "node-not-ready", "node-pressure",
    "none"};
const char* const kForbiddenActions[] = {"*", "patch", "rollout_undo", "scale", "set_image",
                                         "rollout_restart", "delete", "create"};

template <size_t N>
bool OneOf(const std::string& s, const char* const (&set)[N]) {
  return std::any_of(std::begin(set), std::end(set), [&](const char* x) { return s == x; });
}

template <size_t N>
std::string Listed(const char* const (&set)[N]) {
  std::string out;
  for (const char* x : set) out += (out.empty() ? "" : ", ") + std::string(x);
  return out;
}

Status ReadKind(const Fields& f, const Json& v, const std::string& p, std::string* kind) {
  KF_RETURN_IF_ERROR(f.String(v, p, "kind", kind));
  if (kind->empty()) return Status::Ok();
  const KindInfo* info = FindKind(*kind);
  if (info == nullptr) return f.Error(JoinPath(p, "kind"), "unknown kind \"" + *kind + "\"");
  *kind = info->kind;
  return Status::Ok();
}

Status ReadRootCause(const Fields& f, const Json& v, RootCause* r) {
  const std::string p = "expectations.root_cause";
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"category", "kind", "namespace", "name", "container",
                                       "summary", "keywords"}));
  KF_RETURN_IF_ERROR(f.String(v, p, "category", &r->category, true));
  if (!OneOf(r->category, kCategories)) {
    return f.Error(JoinPath(p, "category"), "unknown category \"" + r->category +
                                                "\" (want one of " + Listed(kCategories) + ")");
  }
  KF_RETURN_IF_ERROR(ReadKind(f, v, p, &r->kind));
  KF_RETURN_IF_ERROR(f.String(v, p, "namespace", &r->ns));
  KF_RETURN_IF_ERROR(f.String(v, p, "name", &r->name));
  KF_RETURN_IF_ERROR(f.String(v, p, "container", &r->container));
  KF_RETURN_IF_ERROR(f.String(v, p, "summary", &r->summary));
  return f.StringList(v, p, "keywords", &r->keywords);
}

Status ReadRequire(const Fields& f, const Json& v, const std::string& p, Json* out) {
  KF_RETURN_IF_ERROR(f.CheckList(v, p));
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string ip = JoinIndex(p, i);
    KF_RETURN_IF_ERROR(f.CheckMap(v[i], ip, {"path", "min", "max", "equals"}));
    std::string path;
    KF_RETURN_IF_ERROR(f.String(v[i], ip, "path", &path, true));
    if (!v[i].contains("min") && !v[i].contains("max") && !v[i].contains("equals")) {
      return f.Error(ip, "expected one of min, max, equals");
    }
  }
  *out = v;
  return Status::Ok();
}

Status ReadFix(const Fields& f, const Json& v, const std::string& p, AcceptableFix* fix) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"id", "action", "kind", "namespace", "name", "require",
                                       "to_revision", "description"}));
  fix->line = f.Line(p);
  KF_RETURN_IF_ERROR(f.String(v, p, "id", &fix->id, true));
  KF_RETURN_IF_ERROR(f.String(v, p, "action", &fix->action, true));
  if (!OneOf(fix->action, kFixActions)) {
    return f.Error(JoinPath(p, "action"), "unknown action \"" + fix->action + "\" (want one of " +
                                              Listed(kFixActions) + ")");
  }
  KF_RETURN_IF_ERROR(ReadKind(f, v, p, &fix->kind));
  KF_RETURN_IF_ERROR(f.String(v, p, "namespace", &fix->ns));
  KF_RETURN_IF_ERROR(f.String(v, p, "name", &fix->name));
  KF_RETURN_IF_ERROR(f.Int(v, p, "to_revision", &fix->to_revision));
  KF_RETURN_IF_ERROR(f.String(v, p, "description", &fix->description));
  if (v.contains("require")) {
    KF_RETURN_IF_ERROR(ReadRequire(f, v["require"], JoinPath(p, "require"), &fix->require));
  }
  return Status::Ok();
}

Status ReadCondition(const Fields& f, const Json& v, const std::string& p, SuccessCondition* c) {
  if (!v.is_object()) return f.Error(p, "expected a mapping");
  c->line = f.Line(p);
  KF_RETURN_IF_ERROR(f.String(v, p, "type", &c->type, true));
  if (!OneOf(c->type, kConditionTypes)) {
    return f.Error(JoinPath(p, "type"), "unknown condition type \"" + c->type +
                                            "\" (want one of " + Listed(kConditionTypes) + ")");
  }
  c->params = v;
  c->params.erase("type");
  if (c->type == "promql") {
    std::string query, op;
    KF_RETURN_IF_ERROR(f.String(v, p, "query", &query, true));
    KF_RETURN_IF_ERROR(f.String(v, p, "op", &op, true));
    if (op != "<" && op != "<=" && op != ">" && op != ">=" && op != "==") {
      return f.Error(JoinPath(p, "op"), "unknown comparison \"" + op + "\"");
    }
    double value = 0;
    if (!v.contains("value")) return f.Error(JoinPath(p, "value"), "required field missing");
    KF_RETURN_IF_ERROR(f.Double(v, p, "value", &value));
  }
  return Status::Ok();
}

Status ReadForbidden(const Fields& f, const Json& v, const std::string& p, ForbiddenAction* a) {
  if (!v.is_object()) return f.Error(p, "expected a mapping");
  a->line = f.Line(p);
  KF_RETURN_IF_ERROR(f.String(v, p, "action", &a->action, true));
  if (!OneOf(a->action, kForbiddenActions)) {
    return f.Error(JoinPath(p, "action"), "unknown action \"" + a->action + "\" (want one of " +
                                              Listed(kForbiddenActions) + ")");
  }
  KF_RETURN_IF_ERROR(ReadKind(f, v, p, &a->kind));
  KF_RETURN_IF_ERROR(f.String(v, p, "namespace", &a->ns));
  KF_RETURN_IF_ERROR(f.String(v, p, "name", &a->name));
  KF_RETURN_IF_ERROR(f.String(v, p, "reason", &a->reason));
  a->params = v;
  for (const char* k : {"action", "kind", "namespace", "name", "reason"}) a->params.erase(k);
  return Status::Ok();
}

}  // namespace

Status ReadExpectations(const Fields& f, const Json& v, Expectations* out) {
  const std::string p = "expectations";
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"root_cause", "acceptable_fixes", "success_conditions",
                                       "forbidden_actions", "verify_within"}));
  if (!v.contains("root_cause")) return f.Error(JoinPath(p, "root_cause"), "required field missing");
  KF_RETURN_IF_ERROR(ReadRootCause(f, v["root_cause"], &out->root_cause));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "verify_within", &out->verify_within));
  if (v.contains("acceptable_fixes")) {
    const std::string lp = JoinPath(p, "acceptable_fixes");
    KF_RETURN_IF_ERROR(f.CheckList(v["acceptable_fixes"], lp));
    for (size_t i = 0; i < v["acceptable_fixes"].size(); ++i) {
      AcceptableFix fix;
      KF_RETURN_IF_ERROR(ReadFix(f, v["acceptable_fixes"][i], JoinIndex(lp, i), &fix));
      out->acceptable_fixes.push_back(std::move(fix));
    }
  }
  if (v.contains("success_conditions")) {
    const std::string lp = JoinPath(p, "success_conditions");
    KF_RETURN_IF_ERROR(f.CheckList(v["success_conditions"], lp));
    for (size_t i = 0; i < v["success_conditions"].size(); ++i) {
      SuccessCondition c;
      KF_RETURN_IF_ERROR(ReadCondition(f, v["success_conditions"][i], JoinIndex(lp, i), &c));
      out->success_conditions.push_back(std::move(c));
    }
  }
  if (v.contains("forbidden_actions")) {
    const std::string lp = JoinPath(p, "forbidden_actions");
    KF_RETURN_IF_ERROR(f.CheckList(v["forbidden_actions"], lp));
    for (size_t i = 0; i < v["forbidden_actions"].size(); ++i) {
      ForbiddenAction a;
      KF_RETURN_IF_ERROR(ReadForbidden(f, v["forbidden_actions"][i], JoinIndex(lp, i), &a));
      out->forbidden_actions.push_back(std::move(a));
    }
  }
  return Status::Ok();
}

}  // namespace kf::scenario_internal
