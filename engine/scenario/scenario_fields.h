// Typed field readers for the scenario loader (internal to engine/scenario).
// Every error names file, line and field path:
//   scenarios/x.yaml:14: history[1].at: invalid duration "20x"
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/core/yaml.h"

namespace kf::scenario_internal {

class Fields {
 public:
  Fields(std::string file, const SourceMap* lines) : file_(std::move(file)), lines_(lines) {}

  // kInvalidArgument "FILE:LINE: PATH: message" (no "PATH: " when path is "").
  Status Error(const std::string& path, const std::string& message) const;
  int Line(const std::string& path) const { return lines_->LineOf(path); }

  // The value must be a mapping whose keys are all in `allowed`.
  Status CheckMap(const Json& v, const std::string& path,
                  std::initializer_list<const char*> allowed) const;
  Status CheckList(const Json& v, const std::string& path) const;

  // Optional fields: absent (or null) leaves *out unchanged.
  Status String(const Json& map, const std::string& path, const char* key, std::string* out,
                bool required = false) const;
  Status StringList(const Json& map, const std::string& path, const char* key,
                    std::vector<std::string>* out) const;
  Status Int(const Json& map, const std::string& path, const char* key, int64_t* out,
             bool required = false) const;
  Status Double(const Json& map, const std::string& path, const char* key, double* out) const;
  // Go duration text ("5m", "-19m", "250ms"); the number 0 is accepted.
  Status Duration(const Json& map, const std::string& path, const char* key, DurationMs* out,
                  bool required = false) const;
  // Bytes: a quantity ("241Mi", "-3Mi") or a number of bytes.
  Status Bytes(const Json& map, const std::string& path, const char* key, int64_t* out) const;
  // Millicores: a quantity ("30m", "0.5") or a number of millicores.
  Status Millicores(const Json& map, const std::string& path, const char* key,
                    double* out) const;

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const SourceMap* lines_;
};

}  // namespace kf::scenario_internal
