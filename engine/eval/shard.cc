#include "engine/eval/shard.h"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace kf::eval {

namespace {

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Result<Shard> ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !ParseInt(std::string_view(text).substr(0, slash), &s.index) ||
      !ParseInt(std::string_view(text).substr(slash + 1), &s.count) || s.count < 1 || s.index < 1 ||
      s.index > s.count) {
    return InvalidArgument("invalid --shard \"" + text + "\": expected I/N with 1 <= I <= N");
  }
  return s;
}

std::vector<std::string> SelectShard(const std::vector<std::string>& paths, const std::vector<std::string>& names,
                                     const Shard& s) {
  std::vector<size_t> order(paths.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return names[a] != names[b] ? names[a] < names[b] : paths[a] < paths[b];
  });
  std::vector<std::string> out;
  for (size_t k = static_cast<size_t>(s.index - 1); k < order.size(); k += static_cast<size_t>(s.count)) {
    out.push_back(paths[order[k]]);
  }
  return out;
}

}  // namespace kf::eval
