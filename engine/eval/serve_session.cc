#include "engine/eval/serve_session.h"

#include <memory>

#include "engine/core/strings.h"
#include "engine/eval/scorer.h"
#include "engine/serve/api_path.h"
#include "engine/serve/kube_api.h"
#include "engine/serve/session_reports.h"
#include "engine/sim/simulation.h"

namespace kf::eval {

namespace {

constexpr char kClient[] = "the session's client";

// The request a recorded "kubectl" tool call made.
serve::HttpRequest RequestOf(const Json& args) {
  serve::HttpRequest r;
  r.method = JsonString(args, "method");
  r.path = JsonString(args, "path");
  for (const auto& [k, v] : JsonMember(args, "query").items()) {
    if (v.is_string()) r.params[k] = v.get<std::string>();
  }
  if (args.contains("body")) {
    const Json& body = args["body"];
    r.body = body.is_string() ? body.get<std::string>() : body.dump();
    std::string type = JsonString(args, "content_type");
    // Recordings before content types were kept: kubectl patch's default.
    if (type.empty() && r.method == "PATCH") type = "application/strategic-merge-patch+json";
    if (!type.empty()) r.headers["content-type"] = type;
  }
  return r;
}

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// A pod template without what the controller adds (pod-template-hash).
Json Template(const Json& obj) {
  Json t = JsonMember(JsonMember(obj, "spec"), "template");
  if (t.is_object() && t.contains("metadata") && t["metadata"].contains("labels")) {
    t["metadata"]["labels"].erase("pod-template-hash");
  }
  return t;
}

// The template with its restartedAt annotation and container images removed.
Json WithoutRestartAndImages(Json t, bool drop_restart, bool drop_images) {
  if (drop_restart && t.contains("metadata") && t["metadata"].contains("annotations")) {
    t["metadata"]["annotations"].erase("kubectl.kubernetes.io/restartedAt");
  }
  if (drop_images && t.contains("spec")) {
    for (const char* list : {"containers", "initContainers"}) {
      if (!t["spec"].contains(list)) continue;
      for (Json& c : t["spec"][list]) c.erase("image");
    }
  }
  return t;
}

// The templates of the Deployment's ReplicaSets other than the current one.
std::vector<Json> OlderTemplates(ClusterBackend& cluster, const Json& deployment) {
  std::vector<Json> out;
  const std::string ns = JsonString(JsonMember(deployment, "metadata"), "namespace");
  const std::string name = JsonString(JsonMember(deployment, "metadata"), "name");
  const Json current = Template(deployment);
  Result<Json> sets = cluster.List("ReplicaSet", ns, {});
  if (!sets.ok()) return out;
  for (const Json& rs : JsonMember(*sets, "items")) {
    bool owned = false;
    for (const Json& ref : JsonMember(JsonMember(rs, "metadata"), "ownerReferences")) {
      owned = owned || (JsonString(ref, "kind") == "Deployment" && JsonString(ref, "name") == name);
    }
    Json t = Template(rs);
    if (owned && t != current) out.push_back(std::move(t));
  }
  return out;
}

// The scenario action word of one write, as a tool name FixActionOf knows.
std::string ToolOf(const serve::HttpRequest& r, const serve::ApiPath& p, const Json* before, const Json* after,
                   const std::vector<Json>& older) {
  if (r.method == "DELETE") return p.kind->kind == "Pod" ? "kubernetes.delete_pod" : "kubernetes.delete_resource";
  if (r.method == "POST") return "kubernetes.create_resource";
  if (p.subresource == "scale") return "kubernetes.scale";
  if (before == nullptr || after == nullptr) return "kubernetes.patch_resource";
  Json spec_before = JsonMember(*before, "spec"), spec_after = JsonMember(*after, "spec");
  const bool replicas_changed = JsonMember(spec_before, "replicas") != JsonMember(spec_after, "replicas");
  if (spec_before.is_object()) spec_before.erase("replicas");
  if (spec_after.is_object()) spec_after.erase("replicas");
  if (replicas_changed && spec_before == spec_after) return "kubernetes.scale";
  const Json t_before = Template(*before), t_after = Template(*after);
  if (t_before != t_after) {
    for (const Json& old : older) {
      if (old == t_after) return "kubernetes.rollout_undo";
    }
    if (WithoutRestartAndImages(t_before, true, false) == WithoutRestartAndImages(t_after, true, false)) {
      return "kubernetes.rollout_restart";
    }
    if (WithoutRestartAndImages(t_before, false, true) == WithoutRestartAndImages(t_after, false, true)) {
      return "kubernetes.set_image";
    }
  }
  return "kubernetes.patch_resource";
}

agent::Assessment AssessmentOf(const Json& body) {
  agent::Assessment a;
  const Json& rc = JsonMember(body, "root_cause");
  a.root_cause.category = JsonString(rc, "category");
  a.root_cause.resource = JsonString(rc, "resource");
  a.root_cause.ns = JsonString(rc, "namespace");
  a.root_cause.summary = JsonString(rc, "summary");
  a.impact = JsonString(body, "impact");
  for (const Json& e : JsonMember(body, "evidence")) {
    if (e.is_string()) a.evidence.push_back({0, e.get<std::string>()});
  }
  return a;
}

// Replays the session's requests into a transcript, applying its writes to
// `sim` at their recorded times.
class SessionReader {
 public:
  explicit SessionReader(Simulation* sim) : sim_(sim), api_(&sim->cluster(), "127.0.0.1") {}

  void Request(const recorder::StoredEvent& call, const recorder::StoredEvent& result) {
    const Json& args = JsonMember(JsonMember(call.payload, "call"), "args");
    const serve::HttpRequest r = RequestOf(args);
    const int status = static_cast<int>(JsonInt(result.payload, "status"));
    if (r.method == "POST" && status == 200 && (r.path == serve::kAssessmentPath || r.path == serve::kVerdictPath)) {
      Report(r, call.virtual_time);
      return;
    }
    if (StartsWith(r.path, "/kubeflight/")) return;  // the clock and rejected reports: not the agent's calls
    agent::Step s = NewStep(agent::Step::Kind::kToolCall, call.virtual_time);
    s.call = {"kubectl", Json{{"method", r.method}, {"path", r.path}}};
    s.result.is_error = status >= 400;
    Result<serve::ApiPath> p = serve::ParseApiPath(r.path);
    // A server-side dry run (dryRun=All: kubectl diff, --dry-run=server) changes nothing.
    if (IsWrite(r.method) && !serve::IsDryRun(r) && p.ok() && p->kind != nullptr && !p->metrics()) {
      Write(r, *p, call.virtual_time, &s);
    }
    transcript_.push_back(std::move(s));
  }

  agent::RunResult Finish() {
    agent::RunResult out;
    out.outcome = verdict_ == 1 ? agent::RunOutcome::kPassed
                  : verdict_ == 0 ? agent::RunOutcome::kVerificationFailed
                                  : agent::RunOutcome::kStoppedAtGate;  // no claim
    out.transcript = std::move(transcript_);
    return out;
  }
  bool claimed() const { return verdict_ >= 0; }

 private:
  agent::Step NewStep(agent::Step::Kind kind, UnixMillis time) {
    agent::Step s;
    s.number = static_cast<int>(transcript_.size()) + 1;
    s.kind = kind;
    s.time = time;
    return s;
  }

  void Report(const serve::HttpRequest& r, UnixMillis time) {
    Json body = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (r.path == serve::kVerdictPath) {
      verdict_ = JsonMember(body, "resolved") == true ? 1 : 0;
      return;
    }
    agent::Step s = NewStep(agent::Step::Kind::kAssessment, time);
    s.phase = agent::Phase::kAssess;
    s.assessment = AssessmentOf(body);
    transcript_.push_back(std::move(s));
  }

  // Applies the write at its time and describes it as a mutation, approved
  // by the client that sent it (a session has no approval gate).
  void Write(const serve::HttpRequest& r, const serve::ApiPath& p, UnixMillis time, agent::Step* s) {
    if (time > sim_->clock().Now()) sim_->AdvanceTo(time);
    ClusterBackend& cluster = sim_->cluster();
    const std::string& kind = p.kind->kind;
    std::optional<Json> before;
    std::vector<Json> older;
    if (!p.name.empty()) {
      if (Result<Json> b = cluster.Get(kind, p.ns, p.name); b.ok()) before = *b;
      if (before && kind == "Deployment") older = OlderTemplates(cluster, *before);
    }
    const serve::HttpReply reply = api_.Handle(r);
    std::optional<Json> after;
    if (!p.name.empty()) {
      if (Result<Json> a = cluster.Get(kind, p.ns, p.name); a.ok()) after = *a;
    }
    std::string name = p.name;
    if (name.empty() && reply.status < 300) {
      name = JsonString(JsonMember(Json::parse(reply.body, nullptr, false), "metadata"), "name");
    }
    s->call.name = ToolOf(r, p, before ? &*before : nullptr, after ? &*after : nullptr, older);
    s->call.args = {{"kind", kind}, {"namespace", p.ns}, {"name", name}, {"method", r.method}, {"path", r.path}};
    if (!r.body.empty()) s->call.args["body"] = Json::parse(r.body, nullptr, false);
    s->result.is_error = reply.status >= 400;
    s->result.text = reply.body;
    s->result.structured = {{"kind", kind}, {"namespace", p.ns}, {"name", name}, {"changed", before != after}};
    s->phase = agent::Phase::kExecute;
    // The approval the client gave by sending it, just before the write.
    agent::Step approval = NewStep(agent::Step::Kind::kApproval, time);
    approval.phase = agent::Phase::kApprove;
    agent::Option option;
    option.title = r.method + " " + r.path;
    option.call = s->call;
    approval.proposal.step = approval.number;
    approval.proposal.options.push_back(option);
    approval.decision.kind = agent::Decision::Kind::kApprove;
    approval.decision.option = 1;
    approval.decision.decided_by = kClient;
    transcript_.push_back(std::move(approval));
    s->number = static_cast<int>(transcript_.size()) + 1;
  }

  Simulation* sim_;
  serve::KubeApi api_;
  agent::Transcript transcript_;
  int verdict_ = -1;  // 1 resolved, 0 not resolved, -1 no verdict
};

}  // namespace

Result<Score> ScoreServeSession(const Scenario& scenario, const replay::RecordedRun& session) {
  if (session.run.info.agent != "external") {
    return FailedPrecondition("run " + session.run.info.id + " is not a `kubeflight serve` session (agent " +
                              session.run.info.agent + "); score runs of kubeflight's own agent with `kubeflight eval`");
  }
  KF_ASSIGN_OR_RETURN(std::unique_ptr<Simulation> sim, Simulation::Create(scenario, session.run.info.seed));
  SessionReader reader(sim.get());
  const std::vector<recorder::StoredEvent>& events = session.events;
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    if (events[i].type != "tool_call" || events[i + 1].type != "tool_result") continue;
    reader.Request(events[i], events[i + 1]);
    ++i;
  }
  const UnixMillis end = session.run.outcome.ended_at;
  if (end > sim->clock().Now()) sim->AdvanceTo(end);
  const bool claimed = reader.claimed();
  Score score = ScoreRun(scenario, reader.Finish(), *sim);
  if (!claimed) score.honesty.detail = "no verdict reported (POST /kubeflight/v1/verdict)";
  return score;
}

}  // namespace kf::eval
