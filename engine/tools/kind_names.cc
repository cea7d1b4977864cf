#include "engine/tools/kind_names.h"

#include "engine/core/strings.h"
#include "engine/sim/kinds.h"

namespace kf {

std::string KindName::Word() const { return ToLower(kind); }

std::string KindName::Ref(const std::string& name) const {
  return Word() + (group.empty() ? "" : "." + group) + "/" + name;
}

Result<KindName> ResolveKind(std::string_view name) {
  const KindInfo* info = FindKind(Trim(name));
  if (!info) {
    return InvalidArgument("the server doesn't have a resource type \"" + std::string(name) + "\"");
  }
  return KindName{info->kind, info->resource, info->group, info->namespaced};
}

}  // namespace kf
