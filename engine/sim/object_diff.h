// Field-level differences between two versions of an object, for showing a
// human the exact change an approval is about:
//   spec.template.spec.containers[0].resources.requests.memory: 128Mi → 256Mi
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/json.h"

namespace kf {

struct FieldChange {
  // Dotted path with [i] list indexes; a key that contains "." or "/" is
  // written ["key"] (metadata.annotations["kubectl.kubernetes.io/restartedAt"]).
  std::string path;
  std::optional<Json> before;  // absent: the field was added
  std::optional<Json> after;   // absent: the field was removed

  bool operator==(const FieldChange& o) const {
    return path == o.path && before == o.before && after == o.after;
  }
};

// The changes from before to after, in path order (object keys sorted,
// list items in order). Objects are compared key by key down to scalars; a
// key present on one side only is one change holding the whole subtree. Lists
// whose items are all objects with a "name" are matched by name (the index in
// the path is the item's index in `after`, or in `before` for removed items);
// other lists are compared index by index. A change of type (e.g. object →
// string) is one change at that path. Equal inputs give an empty vector.
std::vector<FieldChange> DiffObjects(const Json& before, const Json& after);

// "path: before → after", strings unquoted, other values as compact JSON,
// "<none>" for an absent side.
std::string FormatFieldChange(const FieldChange& change);

}  // namespace kf
