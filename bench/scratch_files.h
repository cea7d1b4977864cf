// Scratch files of one benchmark process: a directory under the system temp
// dir, removed with everything in it when the process exits.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace kf::bench {

// A fresh path `name` in the process's scratch directory: an older file of
// that name (and its SQLite -wal and -shm) is removed first.
inline std::string ScratchPath(const std::string& name) {
  struct Dir {
    Dir() {
      std::string tmpl = (std::filesystem::temp_directory_path() / "kf-bench-XXXXXX").string();
      if (mkdtemp(tmpl.data()) == nullptr) std::abort();
      path = tmpl;
    }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
    std::string path;
  };
  static const Dir dir;
  const std::string path = dir.path + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

}  // namespace kf::bench
