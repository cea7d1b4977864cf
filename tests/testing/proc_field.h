// One "Name:   1234 kB" line of a /proc file of this process, as a number:
// ProcFieldKb("/proc/self/status", "VmHWM") is the peak resident set in kB.
// -1 when the file or the field is missing. Used by tests and benches that
// report or check what the kernel says about the process's memory.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

namespace kf::testing {

inline long ProcFieldKb(const char* file, const std::string& name) {
  std::ifstream in(file);
  const std::string prefix = name + ":";
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::atol(line.c_str() + prefix.size());
  }
  return -1;
}

}  // namespace kf::testing
