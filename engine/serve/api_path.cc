#include "engine/serve/api_path.h"

#include <vector>

#include "engine/core/strings.h"

namespace kf::serve {
namespace {

Status NoSuchResource() { return NotFound("the server could not find the requested resource"); }

}  // namespace

Result<ApiPath> ParseApiPath(const std::string& path) {
  std::vector<std::string> parts;
  for (const std::string& p : Split(path, '/'))
    if (!p.empty()) parts.push_back(p);
  ApiPath out;
  size_t i = 0;
  if (parts.size() >= 2 && parts[0] == "api") {
    out.version = parts[1];
    i = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    out.group = parts[1];
    out.version = parts[2];
    i = 3;
  } else {
    return NoSuchResource();
  }
  if (i + 1 < parts.size() && parts[i] == "namespaces" && i + 2 < parts.size()) {
    out.ns = parts[i + 1];
    i += 2;
  }
  if (i >= parts.size()) return NoSuchResource();
  out.resource = parts[i++];
  if (i < parts.size()) out.name = parts[i++];
  if (i < parts.size()) out.subresource = parts[i++];
  if (i < parts.size()) return NoSuchResource();
  if (out.metrics()) {
    if (out.version != "v1beta1" || (out.resource != "pods" && out.resource != "nodes"))
      return NoSuchResource();
    return out;
  }
  for (const KindInfo& k : AllKinds()) {
    if (k.resource == out.resource && k.group == out.group && k.version == out.version) {
      out.kind = &k;
      break;
    }
  }
  if (!out.kind) return NoSuchResource();
  return out;
}

}  // namespace kf::serve
