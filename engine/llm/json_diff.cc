#include "engine/llm/json_diff.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace kf::llm {

namespace {

constexpr size_t kBefore = 30;
constexpr size_t kAfter = 50;

bool Continuation(const std::string& s, size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

// s[from, to) widened to whole UTF-8 characters, quoted, with "…" where cut.
std::string Snippet(const std::string& s, size_t from, size_t to) {
  while (from > 0 && Continuation(s, from)) --from;
  to = std::min(to, s.size());
  while (to < s.size() && Continuation(s, to)) ++to;
  std::string quoted = Json(s.substr(from, to - from)).dump();
  if (from > 0) quoted.insert(1, "…");
  if (to < s.size()) quoted.insert(quoted.size() - 1, "…");
  return quoted;
}

std::string Show(const Json& v) {
  if (v.is_string()) return Snippet(v.get_ref<const std::string&>(), 0, kBefore + kAfter);
  std::string s = v.dump();
  if (s.size() > kBefore + kAfter) {
    s.resize(kBefore + kAfter);
    s.append(std::string_view("…"));
  }
  return s;
}

std::string Path(const std::string& parent, const std::string& child) {
  if (parent.empty()) return child;
  return child[0] == '[' ? parent + child : parent + "." + child;
}

void Diff(const Json& a, const Json& b, const std::string& path, std::vector<std::string>* out) {
  const std::string where = path.empty() ? "(the whole request)" : path;
  if (a.type() != b.type() && !(a.is_number() && b.is_number())) {
    out->push_back(where + ": recorded " + Show(a) + " / now " + Show(b));
    return;
  }
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end()) {
        out->push_back(Path(path, it.key()) + ": recorded " + Show(it.value()) + " / now (missing)");
      } else {
        Diff(it.value(), *other, Path(path, it.key()), out);
      }
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) out->push_back(Path(path, it.key()) + ": recorded (missing) / now " + Show(it.value()));
    }
    return;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) {
      out->push_back(where + ": recorded " + std::to_string(a.size()) + " items / now " + std::to_string(b.size()) +
                     " items");
    }
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      Diff(a[i], b[i], Path(path, "[" + std::to_string(i) + "]"), out);
    }
    return;
  }
  if (a.is_string()) {
    const std::string& x = a.get_ref<const std::string&>();
    const std::string& y = b.get_ref<const std::string&>();
    if (x == y) return;
    size_t i = 0;
    while (i < x.size() && i < y.size() && x[i] == y[i]) ++i;
    while (i > 0 && Continuation(x, i)) --i;
    const size_t from = i > kBefore ? i - kBefore : 0;
    out->push_back(where + ": at character " + std::to_string(i) + ": recorded " + Snippet(x, from, i + kAfter) +
                   " / now " + Snippet(y, from, i + kAfter));
    return;
  }
  if (a != b) out->push_back(where + ": recorded " + Show(a) + " / now " + Show(b));
}

}  // namespace

std::string DiffJson(const Json& recorded, const Json& now, size_t max_lines) {
  std::vector<std::string> lines;
  Diff(recorded, now, "", &lines);
  std::string out;
  for (size_t i = 0; i < lines.size() && i < max_lines; ++i) out += lines[i] + "\n";
  if (lines.size() > max_lines) out += "… " + std::to_string(lines.size() - max_lines) + " more differences\n";
  return out;
}

}  // namespace kf::llm
