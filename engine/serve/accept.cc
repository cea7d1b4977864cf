#include "engine/serve/accept.h"

#include <set>

#include "engine/core/strings.h"

namespace kf::serve {

std::string AcceptedVersion(const std::string& accept, const std::string& group,
                            const std::string& as, std::initializer_list<const char*> preferred) {
  std::set<std::string> offered;
  for (const std::string& media : Split(accept, ',')) {
    std::map<std::string, std::string> params;
    for (const std::string& part : Split(media, ';')) {
      std::string p = Trim(part);
      size_t eq = p.find('=');
      if (eq != std::string::npos) params[p.substr(0, eq)] = p.substr(eq + 1);
    }
    if (params["g"] == group && params["as"] == as) offered.insert(params["v"]);
  }
  for (const char* v : preferred) {
    if (offered.count(v)) return v;
  }
  return "";
}

}  // namespace kf::serve
