// Helpers shared by the kube_*_test.cc files: the flagship simulation served
// by a FakeKubeServer, and RestConfigs pointing at it.
#pragma once

#include <fstream>
#include <memory>
#include <string>

#include "engine/kube/rest_config.h"
#include "engine/sim/simulation.h"
#include "tests/sim_testing.h"
#include "tests/testing/fake_kube_server.h"
#include "tests/testing/test_pki.h"

namespace kf::kubetest {

inline std::unique_ptr<Simulation> Flagship() {
  return simtest::CreateOrDie(simtest::LoadOrDie("scenarios/payment-service-oom.yaml"));
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A RestConfig for `server`, trusting the test CA when it is https.
inline kube::RestConfig ConfigFor(const testing::FakeKubeServer& server) {
  kube::RestConfig c;
  c.server = server.BaseUrl();
  c.origin = "context \"test\" of test.yaml";
  c.context = "test";
  if (c.server.rfind("https", 0) == 0) c.ca_pem = ReadAll(testing::GetTestPki().ca_crt);
  return c;
}

inline testing::FakeKubeOptions TlsOptions() {
  testing::FakeKubeOptions o;
  o.tls = true;
  o.cert_file = testing::GetTestPki().server_crt;
  o.key_file = testing::GetTestPki().server_key;
  return o;
}

}  // namespace kf::kubetest
