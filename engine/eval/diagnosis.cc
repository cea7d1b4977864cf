#include "engine/eval/diagnosis.h"

#include "engine/core/strings.h"

namespace kf::eval {

namespace {

const agent::Assessment* LastAssessment(const agent::Transcript& t) {
  const agent::Assessment* out = nullptr;
  for (const agent::Step& s : t) {
    if (s.kind == agent::Step::Kind::kAssessment) out = &s.assessment;
  }
  return out;
}

// "deployment/x", "deployment.apps/x", "deployments/x" name the Deployment x.
bool SameObject(const RootCause& want, const std::string& resource) {
  if (want.name.empty()) return true;
  const size_t slash = resource.find('/');
  if (slash == std::string::npos) return false;
  const std::string word = ToLower(resource.substr(0, slash));
  const std::string kind = ToLower(want.kind);
  const bool kind_ok = kind.empty() || StartsWith(word, kind);
  return kind_ok && resource.substr(slash + 1) == want.name;
}

std::string KeywordCoverage(const RootCause& want, const agent::Assessment& a) {
  if (want.keywords.empty()) return "";
  std::string text = a.root_cause.summary + "\n" + a.impact;
  for (const agent::EvidenceItem& e : a.evidence) text += "\n" + e.summary;
  text = ToLower(text);
  size_t found = 0;
  for (const std::string& k : want.keywords) found += text.find(ToLower(k)) != std::string::npos ? 1 : 0;
  return "; keywords " + std::to_string(found) + "/" + std::to_string(want.keywords.size());
}

}  // namespace

Dimension ScoreDiagnosis(const RootCause& want, const agent::Transcript& transcript) {
  const agent::Assessment* a = LastAssessment(transcript);
  if (a == nullptr) {
    if (want.category == "none") return {true, "no assessment: nothing found to change (expected none)"};
    return {false, "no assessment was submitted (expected " + want.category + ")"};
  }
  const agent::RootCause& got = a->root_cause;
  const std::string said = "category " + (got.category.empty() ? "<none>" : got.category) + ", " +
                           (got.resource.empty() ? "<no object>" : got.resource) +
                           (got.ns.empty() ? "" : " in " + got.ns);
  if (got.category != want.category) {
    return {false, said + "; expected category " + want.category};
  }
  if (want.category == "none") return {true, said + KeywordCoverage(want, *a)};
  const bool object_ok = SameObject(want, got.resource) && (want.ns.empty() || got.ns == want.ns);
  if (!object_ok) {
    return {false, said + "; expected " + ToLower(want.kind) + "/" + want.name +
                       (want.ns.empty() ? "" : " in " + want.ns)};
  }
  return {true, said + KeywordCoverage(want, *a)};
}

}  // namespace kf::eval
