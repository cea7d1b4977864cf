// YAML to JSON, keeping where each value came from so errors can name the
// file, line and field.
#pragma once

#include <map>
#include <string>

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

// Maps a field path ("spec.containers[0].image", "" for the root) to the
// 1-based line where its value starts in the source.
class SourceMap {
 public:
  void Set(const std::string& path, int line) { lines_[path] = line; }
  // Line of `path`, or of its nearest ancestor that has one; 0 when unknown.
  int LineOf(const std::string& path) const;

 private:
  std::map<std::string, int> lines_;
};

struct YamlDocument {
  Json value;
  SourceMap lines;
};

// Converts YAML text to JSON. Scalars become JSON strings, numbers, booleans
// or null following YAML 1.2 core schema rules (quoted scalars stay strings).
// Errors read "FILE:LINE: message" (LINE 1-based), e.g.
// "scenarios/x.yaml:12: yaml: unexpected end of mapping".
Result<YamlDocument> ParseYaml(const std::string& text, const std::string& filename);
// Every document of a multi-document stream ("---" separated).
Result<std::vector<YamlDocument>> ParseYamlAll(const std::string& text, const std::string& filename);

// Joins a field path: JoinPath("spec", "replicas") == "spec.replicas",
// JoinIndex("containers", 0) == "containers[0]".
std::string JoinPath(const std::string& parent, const std::string& key);
std::string JoinIndex(const std::string& parent, size_t index);

}  // namespace kf
