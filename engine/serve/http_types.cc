#include "engine/serve/http_types.h"

#include <cctype>

namespace kf::serve {

std::string HttpRequest::Param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

std::string HttpRequest::Header(const std::string& name) const {
  std::string key;
  for (char c : name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = headers.find(key);
  return it == headers.end() ? "" : it->second;
}

}  // namespace kf::serve
