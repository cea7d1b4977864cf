#include "engine/llm/tool_names.h"

namespace kf::llm {

std::string ToWireToolName(const std::string& name) {
  std::string out;
  out.reserve(name.size() + 4);
  for (char c : name) {
    if (c == '.') {
      out += "__";
    } else {
      out += c;
    }
  }
  return out;
}

ToolNameMap::ToolNameMap(const std::vector<ToolSpec>& tools) {
  for (const ToolSpec& t : tools) by_wire_[ToWireToolName(t.name)] = t.name;
}

std::string ToolNameMap::FromWire(const std::string& wire) const {
  auto it = by_wire_.find(wire);
  if (it != by_wire_.end()) return it->second;
  std::string out;
  for (size_t i = 0; i < wire.size(); ++i) {
    if (wire[i] == '_' && i + 1 < wire.size() && wire[i + 1] == '_') {
      out += '.';
      ++i;
    } else {
      out += wire[i];
    }
  }
  return out;
}

}  // namespace kf::llm
