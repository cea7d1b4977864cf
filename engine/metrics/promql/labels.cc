#include "engine/metrics/promql/labels.h"

#include <algorithm>
#include <functional>

namespace kf::promql {

LabelsPtr BorrowLabels(const Labels& labels) {
  return LabelsPtr(std::shared_ptr<void>(), &labels);
}

LabelsPtr MakeLabels(Labels labels) { return std::make_shared<const Labels>(std::move(labels)); }

LabelsPtr EmptyLabels() {
  static const Labels* empty = new Labels();
  return BorrowLabels(*empty);
}

LabelsPtr DropMetricName(const LabelsPtr& l) {
  if (l->find(kMetricName) == l->end()) return l;
  Labels copy = *l;
  copy.erase(kMetricName);
  return MakeLabels(std::move(copy));
}

const std::string& GetLabel(const Labels& l, const std::string& name) {
  static const std::string* empty = new std::string();
  auto it = l.find(name);
  return it == l.end() ? *empty : it->second;
}

bool IsValidLabelName(const std::string& name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

size_t HashLabels(const Labels& l) {
  size_t h = 1469598103934665603ULL;
  std::hash<std::string> hs;
  for (const auto& [k, v] : l) {
    h ^= hs(k) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= hs(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  return h;
}

namespace {
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

std::string Braced(const Labels& l, bool skip_name) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : l) {
    if (skip_name && k == kMetricName) continue;
    if (!first) out += ", ";
    first = false;
    out += k + "=" + Quote(v);
  }
  out += "}";
  return out;
}
}  // namespace

std::string LabelsString(const Labels& l) { return Braced(l, false); }

std::string SeriesString(const Labels& l) {
  auto it = l.find(kMetricName);
  if (it == l.end()) return Braced(l, false);
  if (l.size() == 1) return it->second;
  return it->second + Braced(l, true);
}

std::string MatchSignature(const Labels& l, bool on, const std::vector<std::string>& names) {
  std::string sig;
  if (on) {
    // `names` is sorted by the parser so the key is canonical.
    for (const auto& n : names) {
      auto it = l.find(n);
      if (it == l.end()) continue;
      sig += n;
      sig += '\xff';
      sig += it->second;
      sig += '\xff';
    }
    return sig;
  }
  for (const auto& [k, v] : l) {
    if (k == kMetricName) continue;
    if (std::find(names.begin(), names.end(), k) != names.end()) continue;
    sig += k;
    sig += '\xff';
    sig += v;
    sig += '\xff';
  }
  return sig;
}

}  // namespace kf::promql
