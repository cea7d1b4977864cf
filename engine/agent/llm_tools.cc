#include "engine/agent/llm_tools.h"

#include "engine/core/strings.h"
#include "engine/tools/schema_validator.h"

namespace kf::agent::llm_tools {

namespace {

Json Str(const char* description) { return {{"type", "string"}, {"description", description}}; }

Json StepList(const char* description) {
  return {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", 1}}}, {"description", description}};
}

const Json& AssessmentSchema() {
  static const Json* schema = new Json{
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"root_cause", "impact", "evidence", "options"}},
      {"properties",
       {{"root_cause",
         {{"type", "object"},
          {"additionalProperties", false},
          {"required", {"summary"}},
          {"properties",
           {{"summary", {{"type", "string"}, {"minLength", 1}, {"description", "One or two sentences."}}},
            {"category", Str("oom, crashloop, image-pull, probe, config, capacity, dependency, unknown")},
            {"resource", Str("The resource at fault, kind/name: deployment/payment-service")},
            {"namespace", Str("Its namespace")}}}}},
        {"impact", Str("Who or what is affected, and how badly")},
        {"evidence",
         {{"type", "array"},
          {"description", "Facts that support the root cause, each citing the step it came from"},
          {"items",
           {{"type", "object"},
            {"additionalProperties", false},
            {"required", {"step", "summary"}},
            {"properties",
             {{"step", {{"type", "integer"}, {"minimum", 1}, {"description", "The step number"}}},
              {"summary", Str("What that step showed")}}}}}}},
        {"options",
         {{"type", "array"},
          {"description",
           "Remedies, the recommended one first; each is one mutating tool call, exactly as it would run. "
           "Empty when no change is needed."},
          {"items",
           {{"type", "object"},
            {"additionalProperties", false},
            {"required", {"title", "tool", "arguments"}},
            {"properties",
             {{"title", {{"type", "string"}, {"minLength", 1}, {"description", "Short imperative title"}}},
              {"tool", Str("A mutating tool listed in the system prompt")},
              {"arguments", {{"type", "object"}, {"description", "Arguments matching that tool's schema"}}},
              {"rationale", Str("Why this option, and its risks")}}}}}}},
        {"follow_up", Str("What to do after the fix")}}}};
  return *schema;
}

const Json& VerificationSchema() {
  static const Json* schema = new Json{
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"checks", "verdict", "summary"}},
      {"properties",
       {{"checks",
         {{"type", "array"},
          {"description", "Named checks of the change, each with its evidence"},
          {"items",
           {{"type", "object"},
            {"additionalProperties", false},
            {"required", {"name", "passed", "evidence", "steps"}},
            {"properties",
             {{"name", {{"type", "string"}, {"minLength", 1}, {"description", "pods-ready, no-oom-events, ..."}}},
              {"passed", {{"type", "boolean"}}},
              {"evidence", Str("What was observed")},
              {"steps", StepList("The steps the evidence came from")}}}}}}},
        {"verdict",
         {{"type", "string"},
          {"enum", {"PASSED", "FAILED"}},
          {"description", "PASSED only when every check passed"}}},
        {"summary", Str("What was learned; on FAILED, what the next iteration should look at")},
        {"highlights", {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", "Report lines"}}}}}};
  return *schema;
}

const Json& FinishSchema() {
  static const Json* schema =
      new Json{{"type", "object"},
               {"additionalProperties", false},
               {"required", {"message"}},
               {"properties", {{"message", {{"type", "string"}, {"minLength", 1}, {"description", "Why the run ends"}}}}}};
  return *schema;
}

llm::ToolSpec Spec(const Tool& t) { return {t.name(), t.description(), t.input_schema()}; }

Status Invalid(const std::string& tool, const Status& st) {
  return InvalidArgument("invalid arguments for " + tool + ": " + st.message());
}

Result<AgentAction> ReadAssessment(const Json& args, const ToolCatalog& catalog) {
  if (Status st = ValidateJson(AssessmentSchema(), args); !st.ok()) return Invalid(kSubmitAssessment, st);
  Assessment a;
  const Json& rc = args["root_cause"];
  a.root_cause.summary = JsonString(rc, "summary");
  a.root_cause.category = JsonString(rc, "category");
  a.root_cause.resource = JsonString(rc, "resource");
  a.root_cause.ns = JsonString(rc, "namespace");
  a.impact = JsonString(args, "impact");
  a.follow_up = JsonString(args, "follow_up");
  for (const Json& e : args["evidence"]) a.evidence.push_back({static_cast<int>(JsonInt(e, "step")), JsonString(e, "summary")});
  int index = 0;
  for (const Json& o : args["options"]) {
    const std::string where = StrFormat("%s: options[%d]: ", kSubmitAssessment, index++);
    const std::string tool_name = JsonString(o, "tool");
    const Tool* tool = catalog.Find(tool_name);
    if (tool == nullptr) return InvalidArgument(where + "unknown tool \"" + tool_name + "\"");
    if (tool->annotations().read_only) {
      return InvalidArgument(where + "tool " + tool_name + " is read-only; an option must be a change");
    }
    if (Status st = ValidateJson(tool->input_schema(), o["arguments"]); !st.ok()) {
      return InvalidArgument(where + "invalid arguments for " + tool_name + ": " + st.message());
    }
    Option opt;
    opt.title = JsonString(o, "title");
    opt.call = ToolCall{tool_name, o["arguments"]};
    opt.rationale = JsonString(o, "rationale");
    a.options.push_back(std::move(opt));
  }
  return AgentAction::Assess(std::move(a));
}

Result<AgentAction> ReadVerification(const Json& args) {
  if (Status st = ValidateJson(VerificationSchema(), args); !st.ok()) return Invalid(kSubmitVerification, st);
  Verification v;
  for (const Json& c : args["checks"]) {
    Check check;
    check.name = JsonString(c, "name");
    check.passed = c["passed"].get<bool>();
    check.evidence = JsonString(c, "evidence");
    for (const Json& s : c["steps"]) check.steps.push_back(static_cast<int>(s.get<int64_t>()));
    v.checks.push_back(std::move(check));
  }
  v.passed = JsonString(args, "verdict") == "PASSED";
  v.summary = JsonString(args, "summary");
  if (args.contains("highlights")) {
    for (const Json& h : args["highlights"]) v.highlights.push_back(h.get<std::string>());
  }
  return AgentAction::Verify(std::move(v));
}

std::string ToolNames(const ToolCatalog& catalog) {
  std::vector<std::string> names;
  for (const auto& t : catalog.tools()) {
    if (t->annotations().read_only) names.push_back(t->name());
  }
  names.push_back(kSubmitAssessment);
  names.push_back(kSubmitVerification);
  names.push_back(kFinish);
  return Join(names, ", ");
}

}  // namespace

std::vector<llm::ToolSpec> OfferedTools(const ToolCatalog& catalog, Phase phase) {
  std::vector<llm::ToolSpec> out;
  for (const auto& t : catalog.tools()) {
    if (t->annotations().read_only) out.push_back(Spec(*t));
  }
  if (phase == Phase::kVerify) {
    out.push_back({kSubmitVerification,
                   "Submit the verification of the applied change: named checks with evidence citing steps, and "
                   "the verdict. The engine's verdict is PASSED only when every check passed; FAILED goes back "
                   "to INVESTIGATE.",
                   VerificationSchema()});
  } else {
    out.push_back({kSubmitAssessment,
                   "Submit the assessment: root cause, impact, evidence citing steps, and options (the "
                   "recommended first), each one concrete mutating tool call. A person approves one option "
                   "before the engine runs it.",
                   AssessmentSchema()});
  }
  out.push_back({kFinish, "End the run without a (further) change, saying why.", FinishSchema()});
  return out;
}

std::vector<const Tool*> MutatingTools(const ToolCatalog& catalog) {
  std::vector<const Tool*> out;
  for (const auto& t : catalog.tools()) {
    if (!t->annotations().read_only) out.push_back(t.get());
  }
  return out;
}

Result<AgentAction> ReadAction(const llm::ToolCall& call, const ToolCatalog& catalog) {
  if (!call.arguments_valid) {
    std::string raw = call.arguments.is_string() ? call.arguments.get<std::string>() : call.arguments.dump();
    Result<Json> parsed = ParseJson(raw);
    std::string why = parsed.ok() ? "not a JSON object" : parsed.status().message();
    return InvalidArgument("the arguments of " + call.name + " are not valid JSON (" + why +
                           "); send one JSON object matching the tool's schema");
  }
  const Json args = call.arguments.is_null() ? Json::object() : call.arguments;
  if (!args.is_object()) {
    return InvalidArgument("the arguments of " + call.name + " must be a JSON object, not " + JsonTypeName(args));
  }
  if (call.name == kSubmitAssessment) return ReadAssessment(args, catalog);
  if (call.name == kSubmitVerification) return ReadVerification(args);
  if (call.name == kFinish) {
    if (Status st = ValidateJson(FinishSchema(), args); !st.ok()) return Invalid(kFinish, st);
    return AgentAction::Finish(JsonString(args, "message"));
  }
  const Tool* tool = catalog.Find(call.name);
  if (tool == nullptr) {
    return InvalidArgument("unknown tool \"" + call.name + "\"; the tools are: " + ToolNames(catalog));
  }
  if (Status st = ValidateJson(tool->input_schema(), args); !st.ok()) return Invalid(call.name, st);
  return AgentAction::Call(call.name, args);
}

}  // namespace kf::agent::llm_tools
