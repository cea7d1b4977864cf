#include "engine/serve/kubeconfig.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>

namespace kf::serve {

std::string Base64(const std::string& bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string KubeconfigText(const std::string& server, const std::string& ca_pem,
                           const std::string& token, const std::string& ns) {
  std::string out =
      "apiVersion: v1\n"
      "kind: Config\n"
      "clusters:\n"
      "- name: kubeflight\n"
      "  cluster:\n"
      "    server: " + server + "\n";
  if (!ca_pem.empty()) out += "    certificate-authority-data: " + Base64(ca_pem) + "\n";
  out +=
      "contexts:\n"
      "- name: kubeflight\n"
      "  context:\n"
      "    cluster: kubeflight\n"
      "    user: kubeflight\n"
      "    namespace: " + ns + "\n"
      "current-context: kubeflight\n"
      "preferences: {}\n"
      "users:\n"
      "- name: kubeflight\n";
  out += token.empty() ? "  user: {}\n" : "  user:\n    token: " + token + "\n";
  return out;
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return InvalidArgument("cannot write " + path);
    ::chmod(tmp.c_str(), 0600);
    f << text;
    if (!f.flush()) return InvalidArgument("cannot write " + path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return InvalidArgument("cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace kf::serve
