// Shared helpers for every *_test.cc (one test binary, one helper file).
#pragma once

#include <string>

namespace kf::testing {

// The source tree (for scenarios/, fixtures/).
std::string SourceDir();
// Reads a whole file; fails the current test when it cannot.
std::string ReadFileOrDie(const std::string& path);
// A fresh empty directory under the test run's temp root (removed when
// every test passed).
std::string TempDir();

// The directory XDG_STATE_HOME points at for this test process (and every
// kubeflight it starts): set before any test runs, with KUBEFLIGHT_DB unset,
// so no test records into a home directory.
std::string StateDir();

// Runs the kubeflight binary with `args` (shell-quoted by the caller), stdin
// from /dev/null; captures stdout (and stderr when merge_stderr). `env`
// ("NAME=value ...") is set for that process only. Returns the exit code, or
// -1 when it did not exit (killed by a signal).
int RunKubeflight(const std::string& args, std::string* output, bool merge_stderr = false,
                  const std::string& env = "");

}  // namespace kf::testing
