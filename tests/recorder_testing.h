// Helpers shared by the recorder tests.
#pragma once

#include <string>

#include "engine/core/json.h"
#include "recorder/types.h"
#include "tests/testing/test_util.h"

namespace kf::recorder::testing {

inline RunInfo SampleRunInfo(uint64_t seed = 42) {
  RunInfo info;
  info.mode = RunMode::kSimulated;
  info.scenario = "payment-service-oom";
  info.scenario_hash = Sha256Hex("scenario");
  info.seed = seed;
  info.agent = "builtin";
  info.engine_version = "0.1.0";
  info.started_at = 1773152940000;  // 2026-03-10T14:29:00Z
  info.started_wall = 1800000000000;
  info.labels = {{"suite", "recorder"}};
  return info;
}

// A tool-result-like event of `step`; payloads differ by (step, i).
inline RecordedEvent SampleEvent(int64_t step, int i = 0) {
  RecordedEvent e;
  e.type = "tool_result";
  e.phase = "INVESTIGATE";
  e.step = step;
  e.virtual_time = 1773152940000 + step * 1000 + i;
  e.wall_time = 1800000000000 + step * 10 + i;
  e.payload = {{"tool", "kubernetes.list_pods"},
               {"step", step},
               {"i", i},
               {"text", "NAME READY STATUS RESTARTS AGE\npayment-service-7d4b9 0/1 OOMKilled 4 12m"}};
  e.summary = {{"tool", "kubernetes.list_pods"}};
  return e;
}

inline std::string TempDb(const std::string& name = "recording.db") {
  return kf::testing::TempDir() + "/" + name;
}

}  // namespace kf::recorder::testing
