#include "engine/kube/api_paths.h"

namespace kf::kube {

Result<const KindInfo*> LookupKind(const std::string& kind) {
  const KindInfo* info = FindKind(kind);
  if (!info) return InvalidArgument("the server doesn't have a resource type \"" + kind + "\"");
  return info;
}

std::string ResourcePath(const KindInfo& kind, const std::string& ns, const std::string& name,
                         const std::string& subresource) {
  std::string path = kind.group.empty() ? "/api/" + kind.version
                                        : "/apis/" + kind.group + "/" + kind.version;
  if (kind.namespaced && !ns.empty()) path += "/namespaces/" + QueryEscape(ns);
  path += "/" + kind.resource;
  if (!name.empty()) path += "/" + QueryEscape(name);
  if (!subresource.empty()) path += "/" + subresource;
  return path;
}

std::string QueryEscape(std::string_view value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace kf::kube
