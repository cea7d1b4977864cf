// Catalog tool names contain dots ("kubernetes.list_pods"); OpenAI and
// Anthropic accept only [a-zA-Z0-9_-]{1,64}. The codecs send "." as "__" and
// map names back through the request's tool list, so a catalog name that
// itself contains "__" still round-trips.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/llm/chat.h"

namespace kf::llm {

// "kubernetes.list_pods" → "kubernetes__list_pods".
std::string ToWireToolName(const std::string& name);

// Maps wire names back to catalog names for one request.
class ToolNameMap {
 public:
  explicit ToolNameMap(const std::vector<ToolSpec>& tools);
  // The catalog name of a tool the request declared; for an undeclared name,
  // "__" → "." (the model invented or misspelt a tool; the agent reports it).
  std::string FromWire(const std::string& wire) const;

 private:
  std::map<std::string, std::string> by_wire_;
};

}  // namespace kf::llm
