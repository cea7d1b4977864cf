#include "engine/core/json.h"

#include <cstdint>
#include <cstring>

#include "engine/core/strings.h"

namespace kf {

Result<Json> ParseJson(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1,
    // column 5: <detail>"; keep the detail.
    std::string what = e.what();
    size_t colon = what.find(": ", what.find("column"));
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    // e.byte is 1-based; report the 0-based offset of the offending byte.
    const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return InvalidArgument(StrFormat("invalid JSON at byte offset %zu: %s", offset, detail.c_str()));
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("invalid JSON: ") + e.what());
  }
}

namespace {

class Fingerprinter {
 public:
  void Value(const Json& j) {
    Word(static_cast<uint64_t>(j.type()));
    switch (j.type()) {
      case Json::value_t::object:
        Word(j.size());
        for (auto it = j.begin(); it != j.end(); ++it) {
          Bytes(it.key());
          Value(it.value());
        }
        break;
      case Json::value_t::array:
        Word(j.size());
        for (const Json& item : j) Value(item);
        break;
      case Json::value_t::string: Bytes(j.get_ref<const std::string&>()); break;
      case Json::value_t::boolean: Word(j.get<bool>() ? 1 : 0); break;
      case Json::value_t::number_integer: Word(static_cast<uint64_t>(j.get<int64_t>())); break;
      case Json::value_t::number_unsigned: Word(j.get<uint64_t>()); break;
      case Json::value_t::number_float: {
        const double d = j.get<double>();
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        Word(bits);
        break;
      }
      case Json::value_t::binary: {
        const auto& b = j.get_binary();
        Bytes(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
        break;
      }
      case Json::value_t::null:
      case Json::value_t::discarded: break;
    }
  }
  uint64_t hash() const { return h_; }

 private:
  // splitmix64's finaliser over the running state: every bit of a word
  // reaches every bit of the state.
  void Word(uint64_t w) {
    uint64_t z = (h_ ^ w) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    h_ = z ^ (z >> 31);
  }
  void Bytes(std::string_view s) {
    Word(s.size());
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      Word(w);
    }
    if (i < s.size()) {
      uint64_t w = 0;
      std::memcpy(&w, s.data() + i, s.size() - i);
      Word(w);
    }
  }

  uint64_t h_ = 0;
};

}  // namespace

uint64_t JsonFingerprint(const Json& j) {
  Fingerprinter f;
  f.Value(j);
  return f.hash();
}

std::string CanonicalJson(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const Json* JsonAtPath(const Json& j, std::string_view path) {
  const Json* cur = &j;
  size_t i = 0;
  bool first = true;
  while (i < path.size()) {
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos || close == i + 1) return nullptr;
      size_t index = 0;
      for (size_t k = i + 1; k < close; ++k) {
        if (path[k] < '0' || path[k] > '9' || index > (SIZE_MAX - 9) / 10) return nullptr;
        index = index * 10 + static_cast<size_t>(path[k] - '0');
      }
      if (!cur->is_array() || index >= cur->size()) return nullptr;
      cur = &(*cur)[index];
      i = close + 1;
    } else {
      if (!first) {
        if (path[i] != '.') return nullptr;
        ++i;
      }
      // A plain scan: find_first_of(".[") calls memchr once per character.
      size_t end = i;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      if (end == i) return nullptr;
      if (!cur->is_object()) return nullptr;
      auto it = cur->find(path.substr(i, end - i));
      if (it == cur->end()) return nullptr;
      cur = &*it;
      i = end;
    }
    first = false;
  }
  return cur;
}

const Json& EmptyJsonObject() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}

const Json& EmptyJsonArray() {
  static const Json kEmpty = Json::array();
  return kEmpty;
}

const Json& JsonMember(const Json& j, std::string_view key) {
  static const Json kAbsent;
  if (!j.is_object()) return kAbsent;
  auto it = j.find(key);
  return it == j.end() ? kAbsent : *it;
}

std::string JsonString(const Json& j, std::string_view key, std::string fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

int64_t JsonInt(const Json& j, std::string_view key, int64_t fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (it->is_number_unsigned()) {
    uint64_t u = it->get<uint64_t>();
    return u > static_cast<uint64_t>(INT64_MAX) ? fallback : static_cast<int64_t>(u);
  }
  if (!it->is_number_integer()) return fallback;
  return it->get<int64_t>();
}

}  // namespace kf
