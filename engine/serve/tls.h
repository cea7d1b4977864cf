// TLS for `kubeflight serve --tls`: a self-signed CA, a server certificate
// for 127.0.0.1/localhost signed by it (EC P-256, valid for 7 days from
// `now`), and a random bearer token. Key material and the token come from
// OpenSSL's CSPRNG: they are credentials, not simulation input, and never
// influence the simulated cluster.
#pragma once

#include <memory>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/status.h"

namespace httplib {
class Server;
}

namespace kf::serve {

struct TlsMaterial {
  std::string ca_cert_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
  std::string token;  // 64 hex characters
};

// Internal errors name the OpenSSL step that failed.
Result<TlsMaterial> GenerateTlsMaterial(UnixMillis now);

// An HTTPS server presenting the material's server certificate.
Result<std::unique_ptr<httplib::Server>> MakeTlsServer(const TlsMaterial& tls);

}  // namespace kf::serve
