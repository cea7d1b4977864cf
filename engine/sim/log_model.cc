#include "engine/sim/log_model.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "engine/core/strings.h"
#include "engine/sim/workload_model.h"

namespace kf::sim {

namespace {

constexpr int64_t kMi = 1 << 20;
constexpr size_t kMaxLines = 5000;

std::string Stamp(UnixMillis t) {
  std::string s = FormatRfc3339(t);  // ...:SSZ
  s.pop_back();
  return s + StrFormat(".%03dZ", static_cast<int>(((t % 1000) + 1000) % 1000));
}

std::string Replace(std::string s, const std::string& key, const std::string& value) {
  for (size_t pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + value.size())) {
    s.replace(pos, key.size(), value);
  }
  return s;
}

class Lines {
 public:
  Lines(const PodRuntime& p, const ContainerRuntime& c, const InstanceRecord& inst)
      : p_(p), c_(c), inst_(inst) {}

  void Add(UnixMillis t, const std::string& tmpl) {
    if (lines_.size() >= kMaxLines * 2) return;
    const int64_t mem = MemoryAt(inst_.model, t);
    const std::string image = c_.image;
    const std::string version =
        image.rfind(':') == std::string::npos ? "latest" : image.substr(image.rfind(':') + 1);
    std::string s = tmpl;
    s = Replace(s, "{pod}", p_.name);
    s = Replace(s, "{container}", c_.name);
    s = Replace(s, "{image}", image);
    s = Replace(s, "{version}", version);
    s = Replace(s, "{memory_mi}", std::to_string(mem / kMi));
    s = Replace(s, "{limit_mi}", c_.memory_limit > 0 ? std::to_string(c_.memory_limit / kMi) : "unlimited");
    s = Replace(s, "{memory_pct}", c_.memory_limit > 0 ? std::to_string(100 * mem / c_.memory_limit) : "0");
    s = Replace(s, "{n}", std::to_string(++n_));
    const Json* env = JsonAtPath(c_.spec, "env");
    for (const Json& e : env != nullptr && env->is_array() ? *env : EmptyJsonArray()) {
      if (e.contains("value")) s = Replace(s, "{env." + JsonString(e, "name") + "}", JsonString(e, "value"));
    }
    const bool stamped = inst_.model.profile == nullptr || inst_.model.profile->logs.timestamps;
    lines_.emplace_back(t, stamped ? Stamp(t) + " " + s : s);
  }
  std::vector<std::pair<UnixMillis, std::string>>& lines() { return lines_; }

 private:
  const PodRuntime& p_;
  const ContainerRuntime& c_;
  const InstanceRecord& inst_;
  int64_t n_ = 0;
  std::vector<std::pair<UnixMillis, std::string>> lines_;
};

}  // namespace

std::string RenderLog(const PodRuntime& p, const ContainerRuntime& c, const InstanceRecord& inst,
                      UnixMillis now, int tail_lines) {
  if (inst.model.profile == nullptr) return "";
  const LogProfile& lp = inst.model.profile->logs;
  const MemoryProfile& mp = inst.model.profile->memory;
  const UnixMillis start = inst.started_at;
  const UnixMillis end = inst.finished_at > 0 ? inst.finished_at : now;
  Lines out(p, c, inst);
  for (size_t i = 0; i < lp.startup.size(); ++i) {
    UnixMillis t = start + 120 * static_cast<UnixMillis>(i + 1);
    if (t <= end) out.Add(t, lp.startup[i]);
  }
  if (lp.every > 0 && !lp.periodic.empty()) {
    size_t k = 0;
    for (UnixMillis t = start + lp.every; t <= end; t += lp.every, ++k) {
      out.Add(t, lp.periodic[k % lp.periodic.size()]);
    }
  }
  if (!lp.spike.empty() && mp.spike.size != 0 && mp.spike.every > 0) {
    for (UnixMillis t = start + mp.spike.first_after; t <= end; t += mp.spike.every) {
      out.Add(t, lp.spike);
    }
  }
  if (!lp.pressure.empty() && c.memory_limit > 0) {
    const DurationMs step = lp.every > 0 ? lp.every : 15000;
    for (UnixMillis t = start + step / 2; t <= end; t += step) {
      if (MemoryAt(inst.model, t) * 10 > c.memory_limit * 9) out.Add(t, lp.pressure);
    }
  }
  if (inst.finished_at > 0 && inst.reason != "OOMKilled") {
    for (size_t i = 0; i < lp.exit.size(); ++i) {
      out.Add(inst.finished_at - 10 * static_cast<UnixMillis>(lp.exit.size() - i), lp.exit[i]);
    }
  }
  auto& lines = out.lines();
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t from = 0;
  if (tail_lines >= 0 && lines.size() > static_cast<size_t>(tail_lines)) {
    from = lines.size() - static_cast<size_t>(tail_lines);
  }
  std::string text;
  for (size_t i = from; i < lines.size(); ++i) text += lines[i].second + "\n";
  return text;
}

}  // namespace kf::sim
