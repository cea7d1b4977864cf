// One field of an object checked against {path, min, max, equals}: the form
// of scenario `require` entries and `object_field` success conditions.
// Values compare as Kubernetes quantities when both sides parse as one
// ("512Mi" >= "384Mi", "0.5" == "500m"), else as text ("checkout" ==
// "checkout"; numbers by their JSON text).
#pragma once

#include <string>

#include "engine/core/json.h"

namespace kf::eval {

struct FieldCheck {
  bool passed = false;
  // "spec.selector.app is \"checkout\" (want equals checkout)";
  // "spec.x is missing".
  std::string detail;
};

FieldCheck CheckField(const Json& object, const Json& spec);

}  // namespace kf::eval
