// Shared helpers for every *_test.cc (one test binary, one helper file).
#pragma once

#include <string>

namespace kf::testing {

// The source tree (for scenarios/, fixtures/).
std::string SourceDir();
// Reads a whole file; fails the current test when it cannot.
std::string ReadFileOrDie(const std::string& path);
// A fresh empty directory under the system temp dir, removed at exit.
std::string TempDir();

// Runs the kubeflight binary with `args` (shell-quoted by the caller), stdin
// from /dev/null; captures stdout (and stderr when merge_stderr). Returns the
// exit code.
int RunKubeflight(const std::string& args, std::string* output, bool merge_stderr = false);

}  // namespace kf::testing
