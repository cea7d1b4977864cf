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

std::string TempDir() {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "kftest-XXXXXX").string();
  char* dir = mkdtemp(tmpl.data());
  EXPECT_NE(dir, nullptr);
  return tmpl;
}

namespace {

// Runs at static initialisation, before main and any test.
std::string IsolateStateDir() {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "kftest-state-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  setenv("XDG_STATE_HOME", tmpl.c_str(), 1);
  unsetenv("KUBEFLIGHT_DB");
  return tmpl;
}

const std::string kStateDir = IsolateStateDir();

}  // namespace

std::string StateDir() { return kStateDir; }

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
