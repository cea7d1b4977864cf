#include "engine/scenario/rename.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/rng.h"
#include "engine/core/yaml.h"

namespace kf {

namespace {

// Label keys whose values name an application.
const std::set<std::string> kAppLabelKeys = {"app", "app.kubernetes.io/name", "app.kubernetes.io/instance",
                                             "app.kubernetes.io/part-of", "component", "release", "k8s-app"};
// Words that are vocabulary, not names: renaming them would change meaning.
const std::set<std::string> kVocabulary = {
    "default", "kube-system", "kube-public", "http", "https", "grpc", "tcp", "udp", "true", "false", "null",
    "none", "web", "api", "app", "apps", "main", "metrics", "data", "pod", "pods", "node", "nodes",
    "service", "services", "deployment", "replicaset", "endpoints", "configmap", "secret", "namespace",
    "event", "events", "container", "latest", "status", "health", "healthz", "ready", "live"};

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

class NameSet {
 public:
  void Add(const std::string& name) {
    if (name.size() < 3 || kVocabulary.count(name) || !WordChar(name.front()) || !WordChar(name.back())) return;
    names_.insert(name);
  }
  const std::set<std::string>& names() const { return names_; }

 private:
  std::set<std::string> names_;
};

void AddLabels(const Json* labels, NameSet* out) {
  if (labels == nullptr || !labels->is_object()) return;
  for (auto it = labels->begin(); it != labels->end(); ++it) {
    if (kAppLabelKeys.count(it.key()) && it.value().is_string()) out->Add(it.value().get<std::string>());
  }
}

// "registry.shop.example/team/checkout:v3.8.1@sha256:…" → "team", "checkout".
void AddImage(const std::string& image, NameSet* out) {
  std::string repo = image.substr(0, image.find('@'));
  const size_t slash = repo.rfind('/');
  const size_t colon = repo.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) repo.resize(colon);
  size_t start = repo.find('/');
  start = (start != std::string::npos && repo.substr(0, start).find_first_of(".:") != std::string::npos) ? start + 1 : 0;
  size_t p = start;
  while (p <= repo.size()) {
    size_t q = repo.find('/', p);
    if (q == std::string::npos) q = repo.size();
    out->Add(repo.substr(p, q - p));
    p = q + 1;
  }
}

void AddPodSpec(const Json* spec, NameSet* out) {
  if (spec == nullptr) return;
  for (const char* list : {"containers", "initContainers"}) {
    const Json* cs = JsonAtPath(*spec, list);
    if (cs == nullptr || !cs->is_array()) continue;
    for (const Json& c : *cs) {
      out->Add(JsonString(c, "name"));
      AddImage(JsonString(c, "image"), out);
    }
  }
}

void AddObject(const Json& obj, NameSet* out) {
  if (!obj.is_object()) return;
  const std::string kind = JsonString(obj, "kind");
  const Json* meta = JsonAtPath(obj, "metadata");
  if (meta != nullptr && kind != "Node" && kind != "Event") {
    out->Add(JsonString(*meta, "name"));
    out->Add(JsonString(*meta, "namespace"));
    AddLabels(JsonAtPath(*meta, "labels"), out);
  }
  if (meta != nullptr && kind == "Event") out->Add(JsonString(*meta, "namespace"));
  // A node's name (its hostname label follows): an incident may be a node's.
  if (meta != nullptr && kind == "Node") out->Add(JsonString(*meta, "name"));
  AddLabels(JsonAtPath(obj, "spec.template.metadata.labels"), out);
  AddLabels(JsonAtPath(obj, "spec.selector"), out);
  AddLabels(JsonAtPath(obj, "spec.selector.matchLabels"), out);
  AddPodSpec(JsonAtPath(obj, "spec.template.spec"), out);
  AddPodSpec(JsonAtPath(obj, "spec"), out);
}

NameSet Collect(const Json& doc) {
  NameSet out;
  for (const char* section : {"objects", "history"}) {
    const Json* list = JsonAtPath(doc, section);
    if (list == nullptr || !list->is_array()) continue;
    for (const Json& item : *list) {
      AddObject(item, &out);
      for (const char* inner : {"apply", "manifest"}) {
        if (item.contains(inner)) AddObject(item[inner], &out);
      }
      // A history patch: {patch: {kind, namespace, name, patch: {...}}}.
      if (const Json* body = JsonAtPath(item, "patch.patch")) AddObject(*body, &out);
    }
  }
  if (const Json* w = JsonAtPath(doc, "workloads"); w && w->is_array()) {
    for (const Json& item : *w) AddImage(JsonString(item, "image"), &out);
  }
  if (const Json* t = JsonAtPath(doc, "traffic"); t && t->is_array()) {
    for (const Json& item : *t) {
      out.Add(JsonString(item, "service"));
      out.Add(JsonString(item, "namespace"));
    }
  }
  return out;
}

// A pronounceable DNS label: consonant-vowel syllables.
std::string NewName(Rng& rng) {
  static constexpr std::string_view kConsonants = "bdfgklmnprstvz";
  static constexpr std::string_view kVowels = "aeiou";
  std::string s;
  const int syllables = static_cast<int>(rng.UniformInt(3, 4));
  for (int i = 0; i < syllables; ++i) {
    s += rng.String(1, kConsonants);
    s += rng.String(1, kVowels);
  }
  return s;
}

// One pass over s: each whole-token occurrence of a name (longest first) is
// replaced by its new name.
std::string Replace(const std::string& s, const std::vector<std::pair<std::string, std::string>>& by_length) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (i == 0 || !WordChar(s[i - 1])) {
      bool replaced = false;
      for (const auto& [from, to] : by_length) {
        if (s.compare(i, from.size(), from) != 0) continue;
        const size_t end = i + from.size();
        if (end < s.size() && WordChar(s[end])) continue;
        out += to;
        i = end;
        replaced = true;
        break;
      }
      if (replaced) continue;
    }
    out += s[i++];
  }
  return out;
}

Json RenameJson(const Json& v, const std::vector<std::pair<std::string, std::string>>& by_length) {
  if (v.is_string()) return Replace(v.get<std::string>(), by_length);
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& x : v) out.push_back(RenameJson(x, by_length));
    return out;
  }
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[Replace(it.key(), by_length)] = RenameJson(it.value(), by_length);
    return out;
  }
  return v;
}

}  // namespace

Result<RenamedScenario> RenameScenario(const std::string& text, const std::string& filename, uint64_t seed) {
  KF_ASSIGN_OR_RETURN(YamlDocument doc, ParseYaml(text, filename));
  const NameSet names = Collect(doc.value);
  Rng rng = Rng(seed).Fork("rename");
  RenamedScenario out;
  std::set<std::string> taken(names.names().begin(), names.names().end());
  for (const std::string& name : names.names()) {
    std::string fresh;
    do {
      fresh = NewName(rng);
    } while (!taken.insert(fresh).second);
    out.names[name] = fresh;
  }
  std::vector<std::pair<std::string, std::string>> by_length(out.names.begin(), out.names.end());
  std::stable_sort(by_length.begin(), by_length.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  out.text = RenameJson(doc.value, by_length).dump(2) + "\n";
  return out;
}

}  // namespace kf
