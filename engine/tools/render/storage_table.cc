// `kubectl get storageclass` and `kubectl get pv`: printStorageClass's NAME
// PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE (the
// default class named "NAME (default)") and printPersistentVolume's NAME
// CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
// VOLUMEATTRIBUTESCLASS REASON AGE.
#include <string>
#include <vector>

#include "engine/core/strings.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/table_rows.h"

namespace kf::render {

namespace {

// GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, comma-joined.
std::string Modes(const Json& modes) {
  std::vector<std::string> out;
  const std::pair<const char*, const char*> kOrder[] = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"},
                                                         {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}};
  for (const auto& [mode, abbrev] : kOrder) {
    if (!modes.is_array()) break;
    for (const Json& m : modes) {
      if (Str(m) == mode) {
        out.push_back(abbrev);
        break;
      }
    }
  }
  return Join(out, ",");
}

std::string Or(const std::string& s, const char* fallback) { return s.empty() ? fallback : s; }

}  // namespace

std::vector<std::vector<std::string>> StorageClassRows(const Json& items, UnixMillis now) {
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"}};
  for (const Json& sc : items) {
    std::string name = Str(At(sc, {"metadata", "name"}));
    const Json& annotations = At(sc, {"metadata", "annotations"});
    if (Str(Field(annotations, "storageclass.kubernetes.io/is-default-class")) == "true" ||
        Str(Field(annotations, "storageclass.beta.kubernetes.io/is-default-class")) == "true") {
      name += " (default)";
    }
    const Json& expand = Field(sc, "allowVolumeExpansion");
    rows.push_back({name, Str(Field(sc, "provisioner")), Or(Str(Field(sc, "reclaimPolicy")), "Delete"),
                    Or(Str(Field(sc, "volumeBindingMode")), "Immediate"),
                    expand.is_boolean() && expand.get<bool>() ? "true" : "false",
                    Since(At(sc, {"metadata", "creationTimestamp"}), now)});
  }
  return rows;
}

std::vector<std::vector<std::string>> PersistentVolumeRows(const Json& items, UnixMillis now) {
  std::vector<std::vector<std::string>> rows = {{"NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS",
                                                 "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"}};
  for (const Json& pv : items) {
    const Json& ref = At(pv, {"spec", "claimRef"});
    const std::string claim =
        ref.is_object() ? Str(Field(ref, "namespace")) + "/" + Str(Field(ref, "name")) : "";
    std::string phase = Str(At(pv, {"status", "phase"}));
    if (!At(pv, {"metadata", "deletionTimestamp"}).is_null()) phase = "Terminating";
    const std::string vac = Str(At(pv, {"spec", "volumeAttributesClassName"}));
    rows.push_back({Str(At(pv, {"metadata", "name"})), Str(At(pv, {"spec", "capacity", "storage"})),
                    Modes(At(pv, {"spec", "accessModes"})), Str(At(pv, {"spec", "persistentVolumeReclaimPolicy"})),
                    phase, claim, Str(At(pv, {"spec", "storageClassName"})), vac.empty() ? "<unset>" : vac,
                    Str(At(pv, {"status", "reason"})), Since(At(pv, {"metadata", "creationTimestamp"}), now)});
  }
  return rows;
}

}  // namespace kf::render
