#include "engine/serve/table.h"

#include <cctype>
#include <map>

#include "engine/core/strings.h"
#include "engine/serve/accept.h"
#include "engine/tools/render/table_rows.h"

namespace kf::serve {
namespace {

// "UP-TO-DATE" → "Up-to-date", "NOMINATED NODE" → "Nominated Node": the
// API server's column names (kubectl upper-cases them again).
std::string ColumnName(const std::string& header) {
  std::string out;
  bool word_start = true;
  for (char c : header) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += word_start ? c : lower;
    word_start = c == ' ';
  }
  return out;
}

Json PartialObjectMetadata(const Json& object, const std::string& table_version) {
  Json md = object.contains("metadata") ? object["metadata"] : Json::object();
  md.erase("managedFields");
  return {{"kind", "PartialObjectMetadata"},
          {"apiVersion", "meta.k8s.io/" + table_version},
          {"metadata", md}};
}

}  // namespace

std::string TableVersion(const std::string& accept) {
  return AcceptedVersion(accept, "meta.k8s.io", "Table", {"v1", "v1beta1"});
}

IncludeObject ParseIncludeObject(const std::string& value) {
  if (value == "None") return IncludeObject::kNone;
  if (value == "Object") return IncludeObject::kObject;
  return IncludeObject::kMetadata;
}

Json ToTable(const Json& list_or_object, UnixMillis now, const std::string& table_version,
             IncludeObject include, const std::string& resource_version) {
  Json list = list_or_object;
  if (!list.contains("items")) {
    list = {{"kind", list_or_object.value("kind", "") + "List"},
            {"items", Json::array({list_or_object})}};
  }
  render::TableRows t = render::ComputeTableRows(list, now);
  Json columns = Json::array();
  for (size_t i = 0; i < t.header.size(); ++i) {
    columns.push_back({{"name", ColumnName(t.header[i])},
                       {"type", "string"},
                       {"format", t.header[i] == "NAME" ? "name" : ""},
                       {"description", ""},
                       {"priority", t.priority[i]}});
  }
  Json rows = Json::array();
  const Json& items = list["items"];
  for (size_t i = 0; i < t.rows.size() && i < items.size(); ++i) {
    Json row = {{"cells", t.rows[i]}};
    if (include == IncludeObject::kObject) row["object"] = items[i];
    if (include == IncludeObject::kMetadata)
      row["object"] = PartialObjectMetadata(items[i], table_version);
    rows.push_back(std::move(row));
  }
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/" + table_version},
          {"metadata", {{"resourceVersion", resource_version}}},
          {"columnDefinitions", std::move(columns)},
          {"rows", std::move(rows)}};
}

}  // namespace kf::serve
