#include "engine/tools/render/replicasets.h"

#include <algorithm>

#include "engine/tools/render/render_util.h"

namespace kf::render {

namespace {
Json WithoutHash(const Json& tmpl) {
  Json t = tmpl.is_object() ? tmpl : Json::object();
  if (t.contains("metadata") && t["metadata"].contains("labels") && t["metadata"]["labels"].is_object()) {
    t["metadata"]["labels"].erase("pod-template-hash");
    if (t["metadata"]["labels"].empty()) t["metadata"].erase("labels");
  }
  if (t.contains("metadata")) {
    t["metadata"].erase("creationTimestamp");
    if (t["metadata"].empty()) t.erase("metadata");
  }
  return t;
}
}  // namespace

RolloutReplicaSets ClassifyReplicaSets(const Json& deployment, const Json& replicaset_list) {
  RolloutReplicaSets out;
  std::string uid = Str(At(deployment, {"metadata", "uid"}));
  for (const Json& rs : Items(replicaset_list)) {
    const Json& ref = ControllerRef(rs);
    if (!ref.is_null() && !uid.empty() && Str(Field(ref, "uid")) == uid) out.all.push_back(&rs);
  }
  std::stable_sort(out.all.begin(), out.all.end(), [](const Json* a, const Json* b) {
    UnixMillis ta = Time(At(*a, {"metadata", "creationTimestamp"}));
    UnixMillis tb = Time(At(*b, {"metadata", "creationTimestamp"}));
    if (ta != tb) return ta < tb;
    return Str(At(*a, {"metadata", "name"})) < Str(At(*b, {"metadata", "name"}));
  });
  Json want = WithoutHash(At(deployment, {"spec", "template"}));
  for (const Json* rs : out.all) {
    if (WithoutHash(At(*rs, {"spec", "template"})) == want) {
      out.new_set = rs;
      break;
    }
  }
  std::string new_uid = out.new_set ? Str(At(*out.new_set, {"metadata", "uid"})) : "";
  for (const Json* rs : out.all)
    if (!out.new_set || Str(At(*rs, {"metadata", "uid"})) != new_uid) out.old_sets.push_back(rs);
  return out;
}

}  // namespace kf::render
