// The kubeconfig `kubeflight serve` writes for kubectl: one cluster, user
// and context named "kubeflight".
#pragma once

#include <string>

#include "engine/core/status.h"

namespace kf::serve {

// server: "http://127.0.0.1:PORT" or "https://..."; ca_pem and token are
// "" without TLS (kubectl sends no credentials over http).
std::string KubeconfigText(const std::string& server, const std::string& ca_pem,
                           const std::string& token, const std::string& ns);

// Writes text to path (via a temporary file and rename), mode 0600 since it
// may hold a token. InvalidArgument naming the path on failure.
Status WriteFileAtomically(const std::string& path, const std::string& text);

// Standard base64 with padding.
std::string Base64(const std::string& bytes);

}  // namespace kf::serve
