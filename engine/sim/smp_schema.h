// The strategic-merge-patch list strategies of built-in kinds: which lists
// merge by a key, which are sets of primitives, and (by default) which
// replace. From the patchStrategy/patchMergeKey tags of kubernetes/api
// core/v1 and apps/v1 types.
#pragma once

#include <string>
#include <string_view>

namespace kf {

struct SmpListStrategy {
  enum class Type { kReplace, kMergeByKey, kMergeSet };
  Type type = Type::kReplace;
  std::string merge_key;  // for kMergeByKey: "name", "containerPort", ...
};

// The strategy of the list at path in an object of kind. path names object
// keys joined by "." with "[]" after a list being descended into, e.g.
// "spec.template.spec.containers" or "spec.template.spec.containers[].env".
// Unknown kinds and paths give kReplace (generic metadata and status lists
// such as metadata.finalizers and status.conditions are known for every kind).
SmpListStrategy SmpListStrategyAt(std::string_view kind, std::string_view path);

}  // namespace kf
