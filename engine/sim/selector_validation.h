// Label key/value validation with apimachinery's messages (IsQualifiedName,
// IsValidLabelValue, labels.NewRequirement). Internal to engine/sim selectors.
#pragma once

#include <string>
#include <string_view>

#include "engine/sim/selector.h"

namespace kf {

// "" when key is a valid qualified name, else the field error text:
// `<path>: Invalid value: "<key>": name part must ...`.
std::string ValidateLabelKey(std::string_view key, std::string_view path);
// "" when value is a valid label value, else
// `<path>[<key>]: Invalid value: "<value>": a valid label must ...`.
std::string ValidateLabelValue(std::string_view key, std::string_view value, std::string_view path);
// What labels.NewRequirement reports for req: "" when valid, one error, or
// "[e1, e2]". path prefixes the field paths ("" for none: "key", "values[0]").
std::string ValidateRequirement(const LabelRequirement& req, std::string_view path);

}  // namespace kf
