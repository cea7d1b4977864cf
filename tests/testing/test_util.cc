#include "tests/testing/test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kf::testing {

std::string SourceDir() { return KF_SOURCE_DIR; }

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

// Every temporary directory of a test run lives under one root, made when
// the run starts (not when tests are only listed, as CTest's discovery does)
// and removed when it ends with every test passed; after a failure it stays
// for a look, and the run says where. The run's state directory
// (XDG_STATE_HOME of every kubeflight a test starts) is in it.
class TempRoot final : public ::testing::Environment {
 public:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kftest-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    root_ = tmpl;
    state_ = Make("state");
    setenv("XDG_STATE_HOME", state_.c_str(), 1);
    unsetenv("KUBEFLIGHT_DB");
  }
  void TearDown() override {
    if (::testing::UnitTest::GetInstance()->Passed()) {
      std::error_code ec;
      std::filesystem::remove_all(root_, ec);
    } else {
      std::fprintf(stderr, "test files kept in %s\n", root_.c_str());
    }
  }

  // A fresh directory `prefix`-XXXXXX under the root.
  std::string Make(const std::string& prefix) const {
    if (root_.empty()) std::abort();  // only tests make temp dirs
    std::string tmpl = root_ + "/" + prefix + "-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    return tmpl;
  }
  const std::string& state() const { return state_; }

 private:
  std::string root_;
  std::string state_;
};

TempRoot* const kTempRoot = [] {
  auto* root = new TempRoot;
  ::testing::AddGlobalTestEnvironment(root);  // owns it
  return root;
}();

}  // namespace

std::string TempDir() { return kTempRoot->Make("t"); }

std::string StateDir() { return kTempRoot->state(); }

int RunKubeflight(const std::string& args, std::string* output, bool merge_stderr, const std::string& env) {
  std::string cmd = env.empty() ? "" : env + " ";
  cmd += KF_BINARY;
  cmd += ' ';
  cmd += args;
  cmd += " </dev/null";
  if (merge_stderr) cmd += " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf;
  std::string out;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace kf::testing
