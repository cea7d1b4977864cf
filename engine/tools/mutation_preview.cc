#include "engine/tools/mutation_preview.h"

#include <algorithm>

#include "engine/core/strings.h"
#include "engine/sim/object_diff.h"
#include "engine/tools/mutation_plan.h"
#include "engine/tools/schema_validator.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

// Bookkeeping the API server changes on every write; never shown.
bool Ignored(const std::string& field) {
  return field == "metadata.resourceVersion" || field == "metadata.generation" ||
         StartsWith(field, "metadata.managedFields") || field == "status" ||
         StartsWith(field, "status.") || StartsWith(field, "status[");
}

// The path a person reads: pod-template fields relative to the pod spec, as
// in "containers[0].resources.limits.memory".
std::string DisplayPath(const std::string& field, const std::string& kind) {
  for (const char* prefix : {"spec.template.spec.", "spec.jobTemplate.spec.template.spec."}) {
    if (StartsWith(field, prefix)) return field.substr(std::string(prefix).size());
  }
  if (kind == "Pod" && StartsWith(field, "spec.")) return field.substr(5);
  return field;
}

// Resources read requests before limits (the order people write them in).
std::string OrderKey(const std::string& path) {
  std::string key = path;
  for (auto [from, to] : {std::pair<const char*, const char*>{".requests", ".0requests"},
                          {".limits", ".1limits"}}) {
    for (size_t pos = key.find(from); pos != std::string::npos; pos = key.find(from, pos + 2)) {
      key.replace(pos, std::string(from).size(), to);
    }
  }
  return key;
}

std::string ValueText(const Json& v) {
  if (v.is_null()) return "<none>";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

int64_t Replicas(const Json& object) {
  const Json* r = JsonAtPath(object, "spec.replicas");
  return r && r->is_number_integer() ? r->get<int64_t>() : 1;
}

bool TemplateChanged(const MutationPreview& p) {
  const Json* a = JsonAtPath(p.before, "spec.template");
  const Json* b = JsonAtPath(p.after, "spec.template");
  return (a ? *a : Json()) != (b ? *b : Json());
}

// Consequence sentences and the destructive flag.
void Consequences(const MutationPlan& plan, MutationPreview* p) {
  std::vector<std::string> lines;
  std::string ref = plan.kind.Word() + "/" + plan.name;
  if (plan.is_delete) {
    p->destructive = true;
    const Json* owners = JsonAtPath(p->before, "metadata.ownerReferences");
    bool owned = owners && owners->is_array() && !owners->empty();
    lines.push_back(owned ? "This will delete pod " + plan.name +
                                "; its controller will create a replacement."
                          : "This will delete pod " + plan.name +
                                "; nothing will recreate it.");
  } else if (p->no_op) {
    lines.push_back("No change: " + ref + " already matches.");
  } else {
    int64_t from = Replicas(p->before), to = Replicas(p->after);
    if (from != to && plan.kind.kind != "Pod") {
      lines.push_back("This will scale " + plan.name + " from " + std::to_string(from) + " to " +
                      std::to_string(to) + " replicas.");
      if (to == 0) p->destructive = true;
    }
    if (TemplateChanged(*p)) {
      const std::string& k = plan.kind.kind;
      if (k == "Deployment" || k == "StatefulSet" || k == "DaemonSet") {
        lines.push_back("This will trigger a rolling update of all pods.");
      } else {
        lines.push_back("Existing pods keep their spec; only pods created from now on change.");
      }
    } else if (plan.kind.kind == "Pod") {
      lines.push_back("This changes the running pod " + plan.name + " in place.");
    } else if (from == to) {
      lines.push_back("Pods are not restarted by this change.");
    }
  }
  p->consequence = Join(lines, "\n");
}

std::string ActionLine(const MutationPlan& plan, const Json& args) {
  std::string line = plan.verb + " " + plan.kind.Word() + "/" + plan.name;
  if (!plan.ns.empty()) line += " in namespace " + plan.ns;
  if (plan.tool == "kubernetes.rollout_undo") {
    int64_t rev = ArgInt(args, "to_revision", 0);
    line += rev > 0 ? " to revision " + std::to_string(rev) : " to the previous revision";
  }
  return line;
}

}  // namespace

std::string PreviewChange::Line() const {
  return path + ": " + ValueText(before) + " → " + ValueText(after);
}

std::string MutationPreview::Render() const {
  std::string out = "Action: " + action + "\nChange:\n";
  if (after.is_null()) {
    out += kind.empty() ? "(deleted)\n" : ToLower(kind) + "/" + name + ": deleted\n";
  } else if (changes.empty()) {
    out += "(none)\n";
  }
  for (const PreviewChange& c : changes) out += c.Line() + "\n";
  if (!consequence.empty()) out += consequence + "\n";
  return out;
}

Json MutationPreview::ToJson() const {
  Json list = Json::array();
  for (const PreviewChange& c : changes) {
    list.push_back({{"path", c.path}, {"field", c.field}, {"before", c.before}, {"after", c.after}});
  }
  return {{"tool", tool},       {"command", command},         {"kind", kind},
          {"name", name},       {"namespace", ns},            {"action", action},
          {"changes", list},    {"consequence", consequence}, {"destructive", destructive},
          {"no_op", no_op},     {"before", before},           {"after", after}};
}

Result<MutationPreview> PreviewMutation(const std::string& tool_name, const Json& args,
                                        const ToolContext& ctx) {
  const Tool* tool = ToolCatalog::Default().Find(tool_name);
  if (!tool) return InvalidArgument("unknown tool \"" + tool_name + "\"");
  if (tool->annotations().read_only) {
    return InvalidArgument("tool " + tool_name + " is not a mutating tool");
  }
  const Json effective = args.is_null() ? Json::object() : args;
  if (Status s = ValidateJson(tool->input_schema(), effective); !s.ok()) {
    return InvalidArgument("invalid arguments for " + tool_name + ": " + s.message());
  }
  MutationPlan plan;
  KF_RETURN_IF_ERROR(PlanMutation(tool_name, effective, ctx, &plan));

  MutationPreview p;
  p.tool = tool_name;
  p.command = plan.command;
  p.kind = plan.kind.kind;
  p.name = plan.name;
  p.ns = plan.ns;
  p.action = ActionLine(plan, effective);
  p.before = plan.before;
  if (plan.is_delete) {
    p.after = Json();
  } else if (plan.skip) {
    p.after = plan.before;
  } else {
    KF_ASSIGN_OR_RETURN(p.after, ctx.cluster->Patch(plan.kind.kind, plan.ns, plan.name,
                                                    plan.patch_type, plan.patch, /*dry_run=*/true));
  }
  if (!plan.is_delete) {
    for (const FieldChange& c : DiffObjects(p.before, p.after)) {
      if (Ignored(c.path)) continue;
      p.changes.push_back({DisplayPath(c.path, plan.kind.kind), c.path,
                           c.before.value_or(Json()), c.after.value_or(Json())});
    }
    std::stable_sort(p.changes.begin(), p.changes.end(),
                     [](const PreviewChange& a, const PreviewChange& b) {
                       return OrderKey(a.field) < OrderKey(b.field);
                     });
    p.no_op = p.changes.empty();
  }
  Consequences(plan, &p);
  return p;
}

}  // namespace kf
