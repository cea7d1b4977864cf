#include "engine/scenario/scenario.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "engine/core/yaml.h"
#include "engine/scenario/scenario_fields.h"
#include "engine/scenario/scenario_sections.h"

namespace kf {

using scenario_internal::Fields;

namespace {

constexpr int64_t kFormatVersion = 1;

Status ReadTimes(const Fields& f, const Json& doc, Scenario* out) {
  std::string alert;
  KF_RETURN_IF_ERROR(f.String(doc, "", "alert_time", &alert, /*required=*/true));
  if (!ParseRfc3339(alert, &out->alert_time)) {
    return f.Error("alert_time", "invalid time \"" + alert + "\" (want RFC 3339)");
  }
  DurationMs start = -60 * 60 * 1000;
  KF_RETURN_IF_ERROR(f.Duration(doc, "", "start", &start));
  if (start > 0) return f.Error("start", "must not be after the alert (got +" + doc["start"].dump() + ")");
  out->start_time = out->alert_time + start;
  return Status::Ok();
}

Status ReadHeader(const Fields& f, const Json& doc, Scenario* out) {
  KF_RETURN_IF_ERROR(f.CheckMap(doc, "",
                                {"version", "name", "title", "tags", "prompt", "seed",
                                 "alert_time", "start", "kubelet", "objects", "history",
                                 "workloads", "traffic", "pins", "expectations"}));
  int64_t version = kFormatVersion;
  KF_RETURN_IF_ERROR(f.Int(doc, "", "version", &version));
  if (version != kFormatVersion) {
    return f.Error("version", "unsupported scenario format version " + std::to_string(version) +
                                  " (this engine reads version 1)");
  }
  KF_RETURN_IF_ERROR(f.String(doc, "", "name", &out->name, true));
  KF_RETURN_IF_ERROR(f.String(doc, "", "title", &out->title));
  KF_RETURN_IF_ERROR(f.StringList(doc, "", "tags", &out->tags));
  KF_RETURN_IF_ERROR(f.String(doc, "", "prompt", &out->prompt, true));
  int64_t seed = 1;
  KF_RETURN_IF_ERROR(f.Int(doc, "", "seed", &seed));
  if (seed < 0) return f.Error("seed", "must not be negative");
  out->seed = static_cast<uint64_t>(seed);
  return ReadTimes(f, doc, out);
}

Status CheckHistoryTimes(const Fields& f, const Scenario& s) {
  for (size_t i = 0; i < s.history.size(); ++i) {
    if (s.history[i].at < s.start_time) {
      return f.Error(JoinPath(JoinIndex("history", i), "at"),
                     "before the simulation start (see `start`)");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Scenario> LoadScenarioText(const std::string& text, const std::string& filename) {
  KF_ASSIGN_OR_RETURN(YamlDocument doc, ParseYaml(text, filename));
  Fields f(filename, &doc.lines);
  Scenario s;
  s.path = filename;
  const Json& d = doc.value;
  if (!d.is_object()) return f.Error("", "expected a mapping at the top of the document");
  KF_RETURN_IF_ERROR(ReadHeader(f, d, &s));
  if (d.contains("kubelet")) KF_RETURN_IF_ERROR(ReadKubelet(f, d["kubelet"], &s.kubelet));
  if (d.contains("objects")) KF_RETURN_IF_ERROR(ReadObjects(f, d["objects"], &s));
  if (d.contains("history")) {
    // History offsets are relative to alert_time, which ReadHeader resolved.
    KF_RETURN_IF_ERROR(ReadHistory(f, d["history"], &s));
    KF_RETURN_IF_ERROR(CheckHistoryTimes(f, s));
  }
  if (d.contains("workloads")) KF_RETURN_IF_ERROR(ReadWorkloads(f, d["workloads"], &s.workloads));
  if (d.contains("traffic")) KF_RETURN_IF_ERROR(ReadTraffic(f, d["traffic"], s.alert_time, &s.traffic));
  if (d.contains("pins")) KF_RETURN_IF_ERROR(ReadPins(f, d["pins"], &s.pins));
  if (d.contains("expectations")) {
    KF_RETURN_IF_ERROR(ReadExpectations(f, d["expectations"], &s.expectations));
  }
  std::stable_sort(s.history.begin(), s.history.end(),
                   [](const HistoryAction& a, const HistoryAction& b) { return a.at < b.at; });
  return s;
}

Result<Scenario> LoadScenarioFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) return NotFound(path + ": cannot read scenario");
  std::stringstream ss;
  ss << in.rdbuf();
  return LoadScenarioText(ss.str(), path);
}

}  // namespace kf
