// YAML to JSON, keeping where each value came from so errors can name the
// file, line and field.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

// Maps a field path ("spec.containers[0].image", "" for the root) to the
// 1-based line where it is written: the key's line for a mapping member, the
// item's line for a sequence item, the first node's line for the root.
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
// or null following YAML 1.2 core schema rules (quoted and block scalars stay
// strings; "0755" is 755, "0o755" 493, "0x1F" 31, "yes" a string; integers
// beyond uint64 become doubles; .inf/.nan become doubles, which JSON dumps
// as null). Explicit !!str/!!int/!!float/!!bool/!!null tags are honoured;
// other tags give strings. Mapping keys become strings; merge keys ("<<")
// are applied, explicit keys winning. An empty or comment-only text gives
// null. Errors are InvalidArgument reading "FILE:LINE: message" (LINE
// 1-based), e.g. "scenarios/x.yaml:12: yaml: end of map not found",
// "scenarios/x.yaml:3: duplicate key \"a\"", and
// "x.yaml:3: expected one YAML document, found 2".
Result<YamlDocument> ParseYaml(const std::string& text, const std::string& filename);
// Every document of a multi-document stream ("---" separated); empty
// documents are skipped, as kubectl does.
Result<std::vector<YamlDocument>> ParseYamlAll(const std::string& text, const std::string& filename);

// Joins a field path: JoinPath("spec", "replicas") == "spec.replicas",
// JoinIndex("containers", 0) == "containers[0]".
std::string JoinPath(const std::string& parent, const std::string& key);
std::string JoinIndex(const std::string& parent, size_t index);

}  // namespace kf
