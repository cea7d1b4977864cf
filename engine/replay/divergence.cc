#include "engine/replay/divergence.h"

#include <initializer_list>
#include <set>
#include <string_view>
#include <variant>

#include "engine/core/strings.h"
#include "recorder/redact.h"

namespace kf::replay {

namespace {

// Compared by length first: every key of every compared payload passes here.
bool IsVolatile(const std::string& key, bool model_exchange) {
  switch (key.size()) {
    case 2: return model_exchange && key == "id";
    case 7: return key == "created";
    case 9: return key == "wall_time";
    case 10: return key == "latency_ms" || key == "request_id";
    case 11: return key == "duration_ms";
    case 18: return key == "system_fingerprint";
    default: return false;
  }
}

void Strip(Json* j, bool model_exchange) {
  if (j->is_object()) {
    for (auto it = j->begin(); it != j->end();) {
      if (IsVolatile(it.key(), model_exchange)) {
        it = j->erase(it);
      } else {
        Strip(&it.value(), model_exchange);
        ++it;
      }
    }
  } else if (j->is_array()) {
    for (Json& item : *j) Strip(&item, model_exchange);
  }
}

using Keys = std::initializer_list<std::string_view>;

bool Skipped(const std::string& key, bool model_exchange, Keys also) {
  if (IsVolatile(key, model_exchange)) return true;
  for (std::string_view k : also) {
    if (key == k) return true;
  }
  return false;
}

// The next key at or after `it` that is not skipped.
Json::const_iterator SkipKeys(Json::const_iterator it, Json::const_iterator end, bool model_exchange, Keys also) {
  while (it != end && Skipped(it.key(), model_exchange, also)) ++it;
  return it;
}

// Equal once volatile keys (at any depth) and the keys `also` (at this level
// only) are left out.
bool EqualSkipping(const Json& a, const Json& b, bool model_exchange, Keys also = {}) {
  if (a.is_object() && b.is_object()) {
    // Objects keep their keys sorted: walk both in step.
    auto ia = SkipKeys(a.begin(), a.end(), model_exchange, also);
    auto ib = SkipKeys(b.begin(), b.end(), model_exchange, also);
    while (ia != a.end() && ib != b.end()) {
      if (ia.key() != ib.key() || !EqualSkipping(ia.value(), ib.value(), model_exchange)) return false;
      ia = SkipKeys(++ia, a.end(), model_exchange, also);
      ib = SkipKeys(++ib, b.end(), model_exchange, also);
    }
    return ia == a.end() && ib == b.end();
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!EqualSkipping(a[i], b[i], model_exchange)) return false;
    }
    return true;
  }
  return a == b;
}

std::string Show(const Json& v) {
  std::string s = v.dump();
  if (s.size() > 120) {
    s.resize(117);
    s.append("...");
  }
  return s;
}

void Diff(const Json& a, const Json& b, const std::string& path, std::vector<std::string>* out) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
    for (const std::string& k : keys) {
      const std::string p = path.empty() ? k : path + "." + k;
      if (!a.contains(k)) {
        out->push_back(p + ": recorded <absent>, replayed " + Show(b[k]));
      } else if (!b.contains(k)) {
        out->push_back(p + ": recorded " + Show(a[k]) + ", replayed <absent>");
      } else {
        Diff(a[k], b[k], p, out);
      }
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    const size_t n = std::max(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      const std::string p = path + "[" + std::to_string(i) + "]";
      if (i >= a.size()) {
        out->push_back(p + ": recorded <absent>, replayed " + Show(b[i]));
      } else if (i >= b.size()) {
        out->push_back(p + ": recorded " + Show(a[i]) + ", replayed <absent>");
      } else {
        Diff(a[i], b[i], p, out);
      }
    }
    return;
  }
  out->push_back((path.empty() ? "(value)" : path) + ": recorded " + Show(a) + ", replayed " + Show(b));
}

std::string Headline(const std::string& type, const Json& payload) {
  if (type.empty()) return "<nothing>";
  std::string line = type;
  if (payload.is_object() && payload.contains("call") && payload["call"].is_object()) {
    const Json& call = payload["call"];
    line += " " + call.value("name", std::string()) + " " + Show(call.value("args", Json::object()));
  } else if (payload.is_object() && payload.contains("decision")) {
    line += " " + Show(payload["decision"]);
  } else if (payload.is_object() && payload.contains("to")) {
    line += " → " + payload.value("to", std::string());
  }
  return line;
}

}  // namespace

Json Comparable(const std::string& type, const Json& payload) {
  Json j = recorder::Redacted(payload);
  Strip(&j, type == "model_exchange");
  return j;
}

Json ComparableRecorded(const std::string& type, Json payload) {
  Strip(&payload, type == "model_exchange");
  return payload;
}

bool EqualIgnoringVolatile(const std::string& type, const Json& recorded, const Json& replayed) {
  // Plain equality is the common case and much cheaper than walking with
  // iterators; only a difference needs the walk that skips volatile keys.
  return recorded == replayed || EqualSkipping(recorded, replayed, type == "model_exchange");
}

namespace {

// A tool result's text and envelope compared in place (they are most of a
// replay's bytes), and its structured result unless `with_structured` is
// false.
bool EqualToolResult(const Json& recorded, const agent::RunEvent& replayed, const agent::ToolReturned& result,
                     bool with_structured) {
  if (!recorded.is_object()) return false;
  auto text = recorded.find("text");
  auto structured = recorded.find("structured");
  if (text == recorded.end() || structured == recorded.end() || !text->is_string() ||
      text->get_ref<const std::string&>() != result.result.text) {
    return false;
  }
  if (with_structured && *structured != result.result.structured &&
      !EqualSkipping(*structured, result.result.structured, false)) {
    return false;
  }
  return EqualSkipping(recorded, agent::ToJsonWithoutResultContent(replayed), false, {"text", "structured"});
}

}  // namespace

bool EqualIgnoringVolatile(const Json& recorded, const agent::RunEvent& replayed) {
  const auto* result = std::get_if<agent::ToolReturned>(&replayed.body);
  if (result == nullptr) return EqualIgnoringVolatile(agent::EventTypeName(replayed), recorded, agent::ToJson(replayed));
  return EqualToolResult(recorded, replayed, *result, /*with_structured=*/true);
}

bool EqualIgnoringVolatileExceptStructured(const Json& recorded, const agent::RunEvent& replayed) {
  const auto* result = std::get_if<agent::ToolReturned>(&replayed.body);
  return result != nullptr && EqualToolResult(recorded, replayed, *result, /*with_structured=*/false);
}

bool SamePayload(const Json& recorded, const Json& replayed) {
  return recorded == replayed || CanonicalJson(recorded) == CanonicalJson(replayed);
}

std::vector<std::string> DiffJson(const Json& recorded, const Json& replayed, size_t limit) {
  std::vector<std::string> all;
  Diff(recorded, replayed, "", &all);
  if (all.size() <= limit) return all;
  std::vector<std::string> out(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(limit));
  out.push_back(StrFormat("… %d more", static_cast<int>(all.size() - limit)));
  return out;
}

std::string Divergence::Render() const {
  std::string out = StrFormat("replay diverged at step %lld (%s), event %lld:\n", static_cast<long long>(step),
                              phase.c_str(), static_cast<long long>(seq));
  out += "  recorded: " + Headline(recorded_type, recorded) + "\n";
  out += "  replayed: " + Headline(replayed_type, replayed) + "\n";
  if (!note.empty()) out += "  " + note + "\n";
  if (!recorded.is_null() && !replayed.is_null()) {
    out += "  differences:\n";
    for (const std::string& line : DiffJson(recorded, replayed)) out += "    " + line + "\n";
  }
  return out;
}

std::string Drift::Render() const {
  std::string out = StrFormat("simulator drift at step %lld, event %lld (%s):\n", static_cast<long long>(step),
                              static_cast<long long>(seq), tool.c_str());
  for (const std::string& line : differences) out += "    " + line + "\n";
  return out;
}

}  // namespace kf::replay
