#include "engine/sim/sim_util.h"

#include <cmath>

#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::sim {

namespace {

const std::string kEmpty;

const Json& EmptyObject() {
  static const Json* kObj = new Json(Json::object());
  return *kObj;
}

const std::string& MetaString(const Json& obj, const char* key) {
  auto m = obj.find("metadata");
  if (m == obj.end() || !m->is_object()) return kEmpty;
  auto v = m->find(key);
  if (v == m->end() || !v->is_string()) return kEmpty;
  return v->get_ref<const std::string&>();
}

const Json* Condition(const Json& pod, const char* type) {
  const Json* conds = JsonAtPath(pod, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return nullptr;
  for (const Json& c : *conds) {
    const Json& t = JsonMember(c, "type");
    if (t.is_string() && t.get_ref<const std::string&>() == type) return &c;
  }
  return nullptr;
}

Json WithoutHash(const Json& t) {
  Json out = t;
  if (out.is_object() && out.contains("metadata") && out["metadata"].is_object()) {
    Json& md = out["metadata"];
    if (md.contains("labels") && md["labels"].is_object()) {
      md["labels"].erase("pod-template-hash");
      if (md["labels"].empty()) md.erase("labels");
    }
    if (md.contains("creationTimestamp") && md["creationTimestamp"].is_null()) {
      md.erase("creationTimestamp");
    }
    if (md.empty()) out.erase("metadata");
  }
  return out;
}

}  // namespace

const std::string& NameOf(const Json& obj) { return MetaString(obj, "name"); }
const std::string& NamespaceOf(const Json& obj) { return MetaString(obj, "namespace"); }
const std::string& UidOf(const Json& obj) { return MetaString(obj, "uid"); }
const std::string& ResourceVersionOf(const Json& obj) { return MetaString(obj, "resourceVersion"); }

const Json& LabelsOf(const Json& obj) {
  const Json* l = JsonAtPath(obj, "metadata.labels");
  return l != nullptr && l->is_object() ? *l : EmptyObject();
}

std::string KeyOf(const std::string& ns, const std::string& name) { return ns + "/" + name; }
std::string KeyOf(const Json& obj) { return KeyOf(NamespaceOf(obj), NameOf(obj)); }

const Json* ControllerRefOf(const Json& obj) {
  const Json* refs = JsonAtPath(obj, "metadata.ownerReferences");
  if (refs == nullptr || !refs->is_array()) return nullptr;
  for (const Json& r : *refs) {
    if (r.is_object() && r.value("controller", false)) return &r;
  }
  return nullptr;
}

Json OwnerRefTo(const Json& owner) {
  return Json{{"apiVersion", JsonString(owner, "apiVersion")},
              {"kind", JsonString(owner, "kind")},
              {"name", NameOf(owner)},
              {"uid", UidOf(owner)},
              {"controller", true},
              {"blockOwnerDeletion", true}};
}

int64_t IntAt(const Json& obj, std::string_view path, int64_t fallback) {
  const Json* v = JsonAtPath(obj, path);
  return v != nullptr && v->is_number_integer() ? v->get<int64_t>() : fallback;
}

std::string StrAt(const Json& obj, std::string_view path, std::string fallback) {
  const Json* v = JsonAtPath(obj, path);
  return v != nullptr && v->is_string() ? v->get<std::string>() : fallback;
}

UnixMillis TimeAt(const Json& obj, std::string_view path) {
  UnixMillis t = 0;
  const Json* v = JsonAtPath(obj, path);
  if (v == nullptr || !v->is_string() || !ParseRfc3339(v->get<std::string>(), &t)) return 0;
  return t;
}

bool IsPodTerminal(const Json& pod) {
  const Json* phase = JsonAtPath(pod, "status.phase");
  if (phase == nullptr || !phase->is_string()) return false;
  const std::string& p = phase->get_ref<const std::string&>();
  return p == "Succeeded" || p == "Failed";
}

bool IsPodReady(const Json& pod) {
  const Json* c = Condition(pod, "Ready");
  return c != nullptr && JsonString(*c, "status") == "True";
}

UnixMillis PodReadySince(const Json& pod) {
  const Json* c = Condition(pod, "Ready");
  if (c == nullptr || JsonString(*c, "status") != "True") return 0;
  return TimeAt(*c, "lastTransitionTime");
}

int64_t PodRestarts(const Json& pod) {
  int64_t n = 0;
  const Json* cs = JsonAtPath(pod, "status.containerStatuses");
  if (cs == nullptr || !cs->is_array()) return 0;
  for (const Json& c : *cs) n += JsonInt(c, "restartCount");
  return n;
}

bool IsPodAvailable(const Json& pod, int64_t min_ready_seconds, UnixMillis now) {
  if (!IsPodReady(pod)) return false;
  if (min_ready_seconds <= 0) return true;
  return PodReadySince(pod) + min_ready_seconds * 1000 <= now;
}

int64_t ResolveIntOrPercent(const Json* value, int64_t total, bool round_up,
                            const std::string& fallback) {
  Json v = value != nullptr && !value->is_null() ? *value : Json(fallback);
  if (v.is_number_integer()) return v.get<int64_t>();
  if (!v.is_string()) return 0;
  std::string s = v.get<std::string>();
  if (!EndsWith(s, "%")) return std::atoll(s.c_str());
  double pct = std::atof(s.substr(0, s.size() - 1).c_str());
  double x = pct * static_cast<double>(total) / 100.0;
  return static_cast<int64_t>(round_up ? std::ceil(x - 1e-9) : std::floor(x + 1e-9));
}

int64_t MemoryBytes(const Json& resources, const char* which) {
  const Json* v = JsonAtPath(resources, std::string(which) + ".memory");
  if (v == nullptr || !v->is_string()) return 0;
  auto q = Quantity::Parse(v->get<std::string>());
  return q.ok() ? q->Value() : 0;
}

int64_t CpuMilli(const Json& resources, const char* which) {
  const Json* v = JsonAtPath(resources, std::string(which) + ".cpu");
  if (v == nullptr) return 0;
  if (v->is_number()) return static_cast<int64_t>(v->get<double>() * 1000);
  if (!v->is_string()) return 0;
  auto q = Quantity::Parse(v->get<std::string>());
  return q.ok() ? q->milli() : 0;
}

std::string RandomHex(Rng& rng, size_t n) { return rng.String(n, "0123456789abcdef"); }

std::string NewUid(Rng& rng) {
  std::string h = RandomHex(rng, 32);
  h[12] = '4';
  h[16] = "89ab"[rng.UniformInt(0, 3)];
  // 8-4-4-4-12, built in place.
  for (size_t dash : {20, 16, 12, 8}) h.insert(dash, 1, '-');
  return h;
}

std::string PodTemplateHash(const Json& pod_template, int64_t collision_count) {
  std::string bytes = CanonicalJson(WithoutHash(pod_template));
  if (collision_count > 0) bytes += std::to_string(collision_count);
  uint32_t h = 2166136261u;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string digits = std::to_string(h);
  std::string out;
  for (char d : digits) out += kAlphabet[static_cast<unsigned char>(d) % 27];
  return out;
}

bool TemplatesMatch(const Json& a, const Json& b) { return WithoutHash(a) == WithoutHash(b); }

uint64_t Mix64(uint64_t a, uint64_t b) {
  uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t HashString(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace kf::sim
