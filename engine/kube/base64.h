// Standard base64 (RFC 4648, with padding), as kubeconfig *-data fields and
// HTTP Basic auth use it.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace kf::kube {

std::string Base64Encode(std::string_view bytes);
// Accepts padded or unpadded input; whitespace (newlines in wrapped PEM-like
// values) is skipped. InvalidArgument "invalid base64" otherwise.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace kf::kube
