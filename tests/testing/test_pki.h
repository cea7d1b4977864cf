// Certificates for TLS tests, made once per test process with the openssl
// CLI under a temp dir: a CA, a server certificate for 127.0.0.1, localhost
// and kubernetes.default.svc signed by it, an EC (SEC1) client certificate
// (O=system:masters, CN=kubernetes-admin) signed by it, and an unrelated CA.
#pragma once

#include <string>

namespace kf::testing {

struct TestPki {
  std::string dir;
  std::string ca_crt;          // paths
  std::string server_crt, server_key;
  std::string client_crt, client_key;
  std::string other_ca_crt;
};

// Fails the current test (and returns an empty dir) when openssl fails.
const TestPki& GetTestPki();

}  // namespace kf::testing
