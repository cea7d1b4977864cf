// Field selectors: a port of apimachinery pkg/fields/selector.go parsing, and
// the per-kind field label sets of the API server's registries.
#include <algorithm>

#include "engine/sim/kinds.h"
#include "engine/sim/selector.h"

namespace kf {
namespace {

const std::vector<std::string>& PodFields() {
  static const std::vector<std::string> v = {
      "metadata.name",       "metadata.namespace",     "spec.nodeName",      "spec.restartPolicy",
      "spec.schedulerName",  "spec.serviceAccountName", "spec.hostNetwork",   "status.phase",
      "status.podIP",        "status.podIPs",          "status.nominatedNodeName"};
  return v;
}

const std::vector<std::string>& EventFields() {
  static const std::vector<std::string> v = {
      "involvedObject.kind",       "involvedObject.namespace",       "involvedObject.name",
      "involvedObject.uid",        "involvedObject.apiVersion",      "involvedObject.resourceVersion",
      "involvedObject.fieldPath",  "reason",                         "reportingComponent",
      "source",                    "type",                           "metadata.name",
      "metadata.namespace"};
  return v;
}

std::vector<std::string> AllFields() {
  std::vector<std::string> all;
  for (const KindInfo& k : AllKinds()) {
    for (const std::string& f : SupportedFieldLabels(k.kind)) {
      if (std::find(all.begin(), all.end(), f) == all.end()) all.push_back(f);
    }
  }
  return all;
}

std::vector<std::string> SplitTerms(const std::string& s) {
  std::vector<std::string> terms;
  if (s.empty()) return terms;
  size_t start = 0;
  bool in_slash = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (in_slash) {
      in_slash = false;
    } else if (s[i] == '\\') {
      in_slash = true;
    } else if (s[i] == ',') {
      terms.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(s.substr(start));
  return terms;
}

// Splits at the first operator, trying "!=", "==", "=" at each position.
bool SplitTerm(const std::string& term, std::string* lhs, std::string* op, std::string* rhs) {
  static const char* kOps[] = {"!=", "==", "="};
  for (size_t i = 0; i < term.size(); ++i) {
    for (const char* o : kOps) {
      if (term.compare(i, std::string_view(o).size(), o) == 0) {
        *lhs = term.substr(0, i);
        *op = o;
        *rhs = term.substr(i + std::string_view(o).size());
        return true;
      }
    }
  }
  return false;
}

Result<std::string> UnescapeValue(const std::string& s) {
  std::string out;
  bool in_slash = false;
  for (char c : s) {
    if (in_slash) {
      if (c != '\\' && c != ',' && c != '=') {
        return InvalidArgument(std::string("invalid field selector: invalid escape sequence: \\") + c);
      }
      out += c;
      in_slash = false;
      continue;
    }
    if (c == '\\') {
      in_slash = true;
    } else if (c == ',' || c == '=') {
      // Go prints the rune with %v: its code point.
      return InvalidArgument("invalid field selector: unescaped character in value: " +
                             std::to_string(static_cast<int>(c)));
    } else {
      out += c;
    }
  }
  if (in_slash) return InvalidArgument("invalid field selector: invalid escape sequence: \\");
  return out;
}

std::string ScalarText(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  return j.dump();
}

// Walks a dotted path of object keys.
const Json* AtPath(const Json& object, const std::string& path) {
  const Json* cur = &object;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

// The values a field has on the object (several only for status.podIPs).
std::vector<std::string> FieldValues(const Json& object, const std::string& field) {
  if (field == "status.podIPs") {
    std::vector<std::string> ips;
    const Json* list = AtPath(object, "status.podIPs");
    if (list != nullptr && list->is_array()) {
      for (const Json& e : *list) {
        if (e.is_object() && e.contains("ip")) ips.push_back(ScalarText(e["ip"]));
      }
    }
    if (ips.empty()) ips.push_back("");
    return ips;
  }
  const std::string path = field == "source" ? "source.component" : field;
  const Json* value = AtPath(object, path);
  if (value == nullptr || value->is_null()) {
    // The API server reads typed structs: absent booleans and counts are zero.
    if (field == "spec.hostNetwork" || field == "spec.unschedulable") return {"false"};
    if (field == "status.replicas" || field == "status.successful") return {"0"};
    return {""};
  }
  return {ScalarText(*value)};
}

}  // namespace

std::vector<std::string> SupportedFieldLabels(std::string_view kind) {
  const KindInfo* info = FindKind(kind);
  const std::string k = info != nullptr ? info->kind : std::string(kind);
  if (k == "Pod") return PodFields();
  if (k == "Event") return EventFields();
  if (k == "Node") return {"metadata.name", "spec.unschedulable"};
  if (k == "Namespace") return {"metadata.name", "status.phase"};
  if (k == "ReplicaSet") return {"metadata.name", "metadata.namespace", "status.replicas"};
  if (k == "Secret") return {"metadata.name", "metadata.namespace", "type"};
  if (k == "Job") return {"metadata.name", "metadata.namespace", "status.successful"};
  return {"metadata.name", "metadata.namespace"};
}

bool FieldSelector::Matches(const Json& object) const {
  for (const FieldRequirement& r : requirements_) {
    const std::vector<std::string> values = FieldValues(object, r.field);
    const bool has = std::find(values.begin(), values.end(), r.value) != values.end();
    if (has == r.negated) return false;
  }
  return true;
}

Result<FieldSelector> ParseFieldSelector(const std::string& text, std::string_view kind) {
  std::vector<std::string> terms = SplitTerms(text);
  std::sort(terms.begin(), terms.end());
  std::vector<FieldRequirement> reqs;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    std::string lhs, op, rhs;
    if (!SplitTerm(term, &lhs, &op, &rhs)) {
      return InvalidArgument("invalid selector: '" + text + "'; can't understand '" + term + "'");
    }
    KF_ASSIGN_OR_RETURN(std::string value, UnescapeValue(rhs));
    reqs.push_back({lhs, value, op == "!="});
  }
  const std::vector<std::string> supported = kind.empty() ? AllFields() : SupportedFieldLabels(kind);
  for (const FieldRequirement& r : reqs) {
    if (std::find(supported.begin(), supported.end(), r.field) == supported.end()) {
      return InvalidArgument("field label not supported: " + r.field);
    }
  }
  return FieldSelector(std::move(reqs));
}

}  // namespace kf
