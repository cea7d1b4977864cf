#include "tests/testing/test_pki.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/testing/test_util.h"

namespace kf::testing {
namespace {

bool Sh(const std::string& dir, const std::string& cmd) {
  std::string full = "cd '" + dir + "' && " + cmd + " >/dev/null 2>&1";
  return std::system(full.c_str()) == 0;
}

TestPki Make() {
  TestPki p;
  p.dir = TempDir();
  std::ofstream(p.dir + "/san.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n";
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  bool ok =
      Sh(p.dir, "openssl req -x509 " + ec + " -keyout ca.key -out ca.crt -days 3 -subj /CN=kubeflight-test-ca") &&
      Sh(p.dir, "openssl req -x509 " + ec + " -keyout other.key -out other.crt -days 3 -subj /CN=other-ca") &&
      Sh(p.dir, "openssl req " + ec + " -keyout server.key -out server.csr -subj /CN=kube-apiserver") &&
      Sh(p.dir, "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 3 -extfile san.ext") &&
      Sh(p.dir, "openssl ecparam -name prime256v1 -genkey -noout -out client.key") &&
      Sh(p.dir, "openssl req -new -key client.key -out client.csr -subj '/O=system:masters/CN=kubernetes-admin'") &&
      Sh(p.dir, "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 3");
  EXPECT_TRUE(ok) << "openssl failed in " << p.dir;
  if (!ok) return TestPki{};
  p.ca_crt = p.dir + "/ca.crt";
  p.server_crt = p.dir + "/server.crt";
  p.server_key = p.dir + "/server.key";
  p.client_crt = p.dir + "/client.crt";
  p.client_key = p.dir + "/client.key";
  p.other_ca_crt = p.dir + "/other.crt";
  return p;
}

}  // namespace

const TestPki& GetTestPki() {
  static const TestPki pki = Make();
  return pki;
}

}  // namespace kf::testing
