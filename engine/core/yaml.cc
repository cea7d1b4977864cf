#include "engine/core/yaml.h"

#include <yaml-cpp/yaml.h>

#include <set>
#include <string_view>
#include <vector>

#include "engine/core/strings.h"
#include "engine/core/yaml_scalar.h"

namespace kf {

namespace {

using yaml_internal::ResolveBool;
using yaml_internal::ResolveFloat;
using yaml_internal::ResolveInt;
using yaml_internal::ResolveNull;
using yaml_internal::ResolvePlain;

constexpr const char* kStrTag = "tag:yaml.org,2002:str";
constexpr const char* kNullTag = "tag:yaml.org,2002:null";
constexpr const char* kBoolTag = "tag:yaml.org,2002:bool";
constexpr const char* kIntTag = "tag:yaml.org,2002:int";
constexpr const char* kFloatTag = "tag:yaml.org,2002:float";

// Beyond these a document is treated as hostile (alias bombs, cycles): a
// document without aliases has fewer nodes than bytes.
constexpr int kMaxDepth = 512;
size_t MaxNodes(const std::string& text) { return 10000 + 2 * text.size(); }

int LineOfMark(const YAML::Mark& m) { return m.line < 0 ? 1 : m.line + 1; }

class Converter {
 public:
  Converter(const std::string& filename, size_t max_nodes, SourceMap* lines)
      : filename_(filename), max_nodes_(max_nodes), lines_(lines) {}

  Status Convert(const YAML::Node& node, const std::string& path, int line, int depth, Json* out) {
    lines_->Set(path, line);
    if (depth > kMaxDepth) return Error(node.Mark(), "yaml: document nested too deeply");
    if (++nodes_ > max_nodes_) return Error(node.Mark(), "yaml: document too large");
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        *out = nullptr;
        return Status::Ok();
      case YAML::NodeType::Scalar:
        return ConvertScalar(node, out);
      case YAML::NodeType::Sequence: {
        *out = Json::array();
        size_t i = 0;
        for (const auto& item : node) {
          Json v;
          KF_RETURN_IF_ERROR(
              Convert(item, JoinIndex(path, i), LineOfMark(item.Mark()), depth + 1, &v));
          out->push_back(std::move(v));
          ++i;
        }
        return Status::Ok();
      }
      case YAML::NodeType::Map:
        return ConvertMap(node, path, depth, out);
    }
    return Status::Ok();
  }

 private:
  Status Error(const YAML::Mark& mark, const std::string& message) const {
    return InvalidArgument(filename_ + ":" + std::to_string(LineOfMark(mark)) + ": " + message);
  }

  Status ConvertScalar(const YAML::Node& node, Json* out) {
    const std::string& s = node.Scalar();
    const std::string& tag = node.Tag();
    if (tag == "?") {
      *out = ResolvePlain(s);
      return Status::Ok();
    }
    bool b;
    if (tag == kNullTag) {
      if (!ResolveNull(s)) return Error(node.Mark(), "yaml: invalid !!null value \"" + s + "\"");
      *out = nullptr;
    } else if (tag == kBoolTag) {
      if (!ResolveBool(s, &b)) return Error(node.Mark(), "yaml: invalid !!bool value \"" + s + "\"");
      *out = b;
    } else if (tag == kIntTag) {
      if (!ResolveInt(s, out)) return Error(node.Mark(), "yaml: invalid !!int value \"" + s + "\"");
    } else if (tag == kFloatTag) {
      if (!ResolveFloat(s, out) && !ResolveInt(s, out)) {
        return Error(node.Mark(), "yaml: invalid !!float value \"" + s + "\"");
      }
      if (out->is_number_integer()) *out = out->get<double>();
    } else {
      *out = s;  // quoted, block, !!str and unknown tags
    }
    return Status::Ok();
  }

  Status KeyOf(const YAML::Node& key, std::string* out) const {
    if (key.IsNull()) {
      *out = "null";
    } else if (key.IsScalar()) {
      *out = key.Scalar();
    } else {
      return Error(key.Mark(), "yaml: mapping keys must be scalars");
    }
    return Status::Ok();
  }

  static bool IsMergeKey(const YAML::Node& key) {
    return key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<";
  }

  Status ConvertMap(const YAML::Node& node, const std::string& path, int depth, Json* out) {
    *out = Json::object();
    std::set<std::string> seen;
    std::vector<YAML::Node> merges;
    for (const auto& kv : node) {
      if (IsMergeKey(kv.first)) {
        merges.push_back(kv.second);
        continue;
      }
      std::string key;
      KF_RETURN_IF_ERROR(KeyOf(kv.first, &key));
      if (!seen.insert(key).second) return Error(kv.first.Mark(), "duplicate key \"" + key + "\"");
      Json v;
      KF_RETURN_IF_ERROR(
          Convert(kv.second, JoinPath(path, key), LineOfMark(kv.first.Mark()), depth + 1, &v));
      (*out)[key] = std::move(v);
    }
    for (const auto& m : merges) KF_RETURN_IF_ERROR(Merge(m, path, depth, &seen, out));
    return Status::Ok();
  }

  // YAML merge keys ("<<: *base", "<<: [*a, *b]"): explicit keys win, then
  // earlier merged maps win over later ones.
  Status Merge(const YAML::Node& src, const std::string& path, int depth,
               std::set<std::string>* seen, Json* out) {
    if (src.IsSequence()) {
      for (const auto& item : src) KF_RETURN_IF_ERROR(Merge(item, path, depth, seen, out));
      return Status::Ok();
    }
    if (!src.IsMap()) {
      return Error(src.Mark(), "yaml: map merge requires a map or a sequence of maps");
    }
    std::vector<YAML::Node> nested;
    for (const auto& kv : src) {
      if (IsMergeKey(kv.first)) {
        nested.push_back(kv.second);
        continue;
      }
      std::string key;
      KF_RETURN_IF_ERROR(KeyOf(kv.first, &key));
      if (!seen->insert(key).second) continue;
      Json v;
      KF_RETURN_IF_ERROR(
          Convert(kv.second, JoinPath(path, key), LineOfMark(kv.first.Mark()), depth + 1, &v));
      (*out)[key] = std::move(v);
    }
    for (const auto& m : nested) KF_RETURN_IF_ERROR(Merge(m, path, depth + 1, seen, out));
    return Status::Ok();
  }

  const std::string& filename_;
  const size_t max_nodes_;
  SourceMap* lines_;
  size_t nodes_ = 0;
};

// yaml-cpp starts a new document, without a "---", where a line does not fit
// the current one ("- a\nb: 1"). True when the document at byte `pos` is
// preceded by a "---" or "..." line, with only blank, comment, tag, anchor
// or directive lines between; also true when that cannot be told.
bool ExplicitDocumentStart(const std::string& text, int pos) {
  if (pos < 0 || static_cast<size_t>(pos) > text.size()) return true;
  size_t end = static_cast<size_t>(pos);
  bool first = true;
  while (true) {
    size_t nl = end == 0 ? std::string::npos : text.rfind('\n', end - 1);
    size_t start = nl == std::string::npos ? 0 : nl + 1;
    std::string_view line(text.data() + start, end - start);
    if (line.starts_with("---") || line.starts_with("...")) return true;
    std::string trimmed = Trim(line);
    const bool transparent = trimmed.empty() || trimmed[0] == '#' || trimmed[0] == '!' ||
                             trimmed[0] == '&' || trimmed[0] == '%';
    if (!transparent) return first;
    if (nl == std::string::npos) return false;
    end = nl;
    first = false;
  }
}

Status YamlError(const std::string& filename, const YAML::Exception& e) {
  return InvalidArgument(filename + ":" + std::to_string(LineOfMark(e.mark)) + ": yaml: " + e.msg);
}

Result<std::vector<YamlDocument>> LoadAll(const std::string& text, const std::string& filename,
                                          std::vector<int>* first_lines) {
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    return YamlError(filename, e);
  } catch (const std::exception& e) {
    return InvalidArgument(filename + ":1: yaml: " + e.what());
  }
  std::vector<YamlDocument> docs;
  for (const auto& node : nodes) {
    if (node.IsNull()) continue;
    if (!docs.empty() && !ExplicitDocumentStart(text, node.Mark().pos)) {
      return InvalidArgument(filename + ":" + std::to_string(LineOfMark(node.Mark())) +
                             ": yaml: unexpected content after the end of the document "
                             "(wrong indentation, or a missing \"---\")");
    }
    YamlDocument doc;
    Converter c(filename, MaxNodes(text), &doc.lines);
    try {
      KF_RETURN_IF_ERROR(c.Convert(node, "", LineOfMark(node.Mark()), 0, &doc.value));
    } catch (const YAML::Exception& e) {
      return YamlError(filename, e);
    }
    first_lines->push_back(LineOfMark(node.Mark()));
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace

int SourceMap::LineOf(const std::string& path) const {
  std::string p = path;
  while (true) {
    auto it = lines_.find(p);
    if (it != lines_.end()) return it->second;
    if (p.empty()) return 0;
    size_t cut = p.find_last_of(".[");
    p.resize(cut == std::string::npos ? 0 : cut);
  }
}

Result<YamlDocument> ParseYaml(const std::string& text, const std::string& filename) {
  std::vector<int> first_lines;
  KF_ASSIGN_OR_RETURN(auto docs, LoadAll(text, filename, &first_lines));
  if (docs.size() > 1) {
    return InvalidArgument(filename + ":" + std::to_string(first_lines[1]) +
                           ": expected one YAML document, found " + std::to_string(docs.size()));
  }
  if (docs.empty()) {
    YamlDocument doc;
    doc.lines.Set("", 1);
    return doc;
  }
  return std::move(docs[0]);
}

Result<std::vector<YamlDocument>> ParseYamlAll(const std::string& text,
                                               const std::string& filename) {
  std::vector<int> first_lines;
  return LoadAll(text, filename, &first_lines);
}

std::string JoinPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string JoinIndex(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

}  // namespace kf
