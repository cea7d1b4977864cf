#include "recorder/types.h"

#include <array>
#include <utility>

namespace kf::recorder {

namespace {

constexpr std::array<std::pair<RunMode, const char*>, 3> kModes = {{
    {RunMode::kSimulated, "simulated"},
    {RunMode::kLive, "live"},
    {RunMode::kReplay, "replay"},
}};

constexpr std::array<std::pair<RunStatus, const char*>, 7> kStatuses = {{
    {RunStatus::kRunning, "running"},
    {RunStatus::kPassed, "passed"},
    {RunStatus::kFailed, "failed"},
    {RunStatus::kStoppedAtGate, "stopped_at_gate"},
    {RunStatus::kDenied, "denied"},
    {RunStatus::kError, "error"},
    {RunStatus::kDiverged, "diverged"},
}};

// Typed field access for the FromJson functions: each getter records the
// first error and returns a zero value after it.
class FieldReader {
 public:
  // `j` must outlive the reader.
  FieldReader(const Json& j, std::string prefix) : j_(j), prefix_(std::move(prefix)) {
    if (!j_.is_object()) Fail("", "expected object");
  }

  std::string String(const char* key) {
    const Json* v = Find(key);
    if (v && !v->is_string()) Fail(key, "expected string");
    return ok() && v ? v->get<std::string>() : std::string();
  }
  int64_t Int(const char* key) {
    const Json* v = Find(key);
    if (v && !v->is_number_integer()) Fail(key, "expected integer");
    return ok() && v ? v->get<int64_t>() : 0;
  }
  uint64_t Uint(const char* key) {
    const Json* v = Find(key);
    if (v && !v->is_number_unsigned()) Fail(key, "expected unsigned integer");
    return ok() && v ? v->get<uint64_t>() : 0;
  }
  double Number(const char* key) {
    const Json* v = Find(key);
    if (v && !v->is_number()) Fail(key, "expected number");
    return ok() && v ? v->get<double>() : 0;
  }
  Json Any(const char* key) {
    const Json* v = Find(key);
    return ok() && v ? *v : Json();
  }
  // A field that may be absent or null.
  Json Optional(const char* key) const {
    auto it = j_.is_object() ? j_.find(key) : j_.end();
    return it == j_.end() ? Json() : *it;
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  void Fail(const std::string& key, const std::string& what) {
    if (!ok()) return;
    status_ = InvalidArgument(prefix_ + (key.empty() ? "" : "." + key) + ": " + what);
  }

 private:
  const Json* Find(const char* key) {
    if (!ok()) return nullptr;
    auto it = j_.find(key);
    if (it == j_.end()) {
      Fail(key, "missing");
      return nullptr;
    }
    return &*it;
  }

  const Json& j_;
  std::string prefix_;
  Status status_;
};

}  // namespace

const char* RunModeName(RunMode mode) {
  for (const auto& [m, name] : kModes) {
    if (m == mode) return name;
  }
  return "unknown";
}

const char* RunStatusName(RunStatus status) {
  for (const auto& [s, name] : kStatuses) {
    if (s == status) return name;
  }
  return "unknown";
}

Result<RunMode> ParseRunMode(std::string_view name) {
  for (const auto& [m, n] : kModes) {
    if (name == n) return m;
  }
  return InvalidArgument("unknown run mode \"" + std::string(name) + "\"");
}

Result<RunStatus> ParseRunStatus(std::string_view name) {
  for (const auto& [s, n] : kStatuses) {
    if (name == n) return s;
  }
  return InvalidArgument("unknown run status \"" + std::string(name) + "\"");
}

Json RunToJson(const RunRecord& run) {
  const RunInfo& i = run.info;
  const RunOutcome& o = run.outcome;
  return Json{
      {"id", i.id},
      {"mode", RunModeName(i.mode)},
      {"scenario", i.scenario},
      {"scenario_hash", i.scenario_hash},
      {"seed", i.seed},
      {"agent", i.agent},
      {"model", i.model},
      {"engine_version", i.engine_version},
      {"started_at", i.started_at},
      {"started_wall", i.started_wall},
      {"parent_run_id", i.parent_run_id},
      {"labels", i.labels},
      {"status", RunStatusName(o.status)},
      {"verdict", o.verdict},
      {"ended_at", o.ended_at},
      {"ended_wall", o.ended_wall},
      {"totals",
       {{"steps", o.totals.steps},
        {"tool_calls", o.totals.tool_calls},
        {"tokens_in", o.totals.tokens_in},
        {"tokens_out", o.totals.tokens_out},
        {"cost_usd", o.totals.cost_usd}}},
  };
}

Json EventToJson(const StoredEvent& e) {
  return Json{
      {"run_id", e.run_id},       {"seq", e.seq},
      {"step", e.step},           {"type", e.type},
      {"phase", e.phase},         {"virtual_time", e.virtual_time},
      {"wall_time", e.wall_time}, {"payload_hash", e.payload_hash},
      {"payload", e.payload},     {"summary", e.summary},
  };
}

Result<RunRecord> RunFromJson(const Json& j) {
  FieldReader r(j, "run");
  RunRecord run;
  RunInfo& i = run.info;
  i.id = r.String("id");
  std::string mode = r.String("mode");
  i.scenario = r.String("scenario");
  i.scenario_hash = r.String("scenario_hash");
  i.seed = r.Uint("seed");
  i.agent = r.String("agent");
  i.model = r.String("model");
  i.engine_version = r.String("engine_version");
  i.started_at = r.Int("started_at");
  i.started_wall = r.Int("started_wall");
  i.parent_run_id = r.String("parent_run_id");
  i.labels = r.Any("labels");
  if (r.ok() && !i.labels.is_object()) r.Fail("labels", "expected object");
  RunOutcome& o = run.outcome;
  std::string status = r.String("status");
  o.verdict = r.String("verdict");
  o.ended_at = r.Int("ended_at");
  o.ended_wall = r.Int("ended_wall");
  Json totals = r.ok() ? r.Any("totals") : Json::object();
  FieldReader t(totals, "run.totals");
  o.totals.steps = t.Int("steps");
  o.totals.tool_calls = t.Int("tool_calls");
  o.totals.tokens_in = t.Int("tokens_in");
  o.totals.tokens_out = t.Int("tokens_out");
  o.totals.cost_usd = t.Number("cost_usd");
  if (!r.ok()) return r.status();
  if (!t.ok()) return t.status();
  KF_ASSIGN_OR_RETURN(i.mode, ParseRunMode(mode));
  KF_ASSIGN_OR_RETURN(o.status, ParseRunStatus(status));
  return run;
}

Result<StoredEvent> EventFromJson(const Json& j) {
  FieldReader r(j, "event");
  StoredEvent e;
  e.run_id = r.String("run_id");
  e.seq = r.Int("seq");
  e.step = r.Int("step");
  e.type = r.String("type");
  e.phase = r.String("phase");
  e.virtual_time = r.Int("virtual_time");
  e.wall_time = r.Int("wall_time");
  e.payload = r.Any("payload");
  e.summary = r.Optional("summary");
  // The hash may be left out of hand-written files; import computes it.
  Json hash = r.Optional("payload_hash");
  if (!hash.is_null() && !hash.is_string()) r.Fail("payload_hash", "expected string");
  if (!r.ok()) return r.status();
  if (hash.is_string()) e.payload_hash = hash.get<std::string>();
  return e;
}

}  // namespace kf::recorder
