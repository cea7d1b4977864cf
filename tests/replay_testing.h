// Helpers shared by the recording, replay and resume tests: the flagship
// run, recorded in process.
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "engine/agent/approval_gate.h"
#include "engine/agent/recording_observer.h"
#include "engine/agent/run_scenario.h"
#include "engine/agent/transcript_printer.h"
#include "engine/replay/scenario_source.h"
#include "recorder/export.h"
#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "tests/testing/test_util.h"

namespace kf::replay::testing {

inline std::string FlagshipPath() { return kf::testing::SourceDir() + "/scenarios/payment-service-oom.yaml"; }

// What the tests give replay/resume to find a scenario by its name.
inline std::string ResolveInSourceTree(const std::string& name) {
  return kf::testing::SourceDir() + "/scenarios/" + name + ".yaml";
}

struct RecordedFlagship {
  std::string run_id;
  agent::ScenarioRun run;
  std::string transcript;  // as `run` prints it
};

// Runs the flagship with `gate` and records it into `db`.
inline RecordedFlagship RecordFlagship(const std::string& db, agent::ApprovalGate* gate) {
  RecordedFlagship out;
  Result<recorder::Recorder> rec = recorder::Recorder::Open(db);
  EXPECT_TRUE(rec.ok()) << rec.status().ToString();
  if (!rec.ok()) return out;
  recorder::RunInfo info;
  info.engine_version = "test";
  Result<std::string> hash = ScenarioFileHash(FlagshipPath());
  EXPECT_TRUE(hash.ok());
  info.scenario_hash = hash.ok() ? *hash : "";
  agent::RecordingObserver recording(&*rec, info);
  std::ostringstream text;
  agent::TranscriptPrinter printer(text);
  agent::MultiObserver both;
  both.Add(&printer);
  both.Add(&recording);
  agent::RunRequest req;
  req.scenario_path = FlagshipPath();
  req.gate = gate;
  req.observer = &both;
  Result<agent::ScenarioRun> run = agent::RunScenario(req);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_TRUE(recording.status().ok()) << recording.status().ToString();
  EXPECT_TRUE(rec->Close().ok());
  if (run.ok()) out.run = std::move(*run);
  out.run_id = recording.run_id();
  out.transcript = text.str();
  return out;
}

inline RecordedFlagship RecordFlagship(const std::string& db, const std::string& approve) {
  Result<agent::PolicyGate> gate = agent::PolicyGate::Parse(approve);
  EXPECT_TRUE(gate.ok());
  return RecordFlagship(db, &*gate);
}

inline std::string ExportAll(const std::string& db) {
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::ostringstream out;
  if (reader.ok()) {
    EXPECT_TRUE(recorder::ExportRuns(*reader, {}, out).ok());
  }
  return out.str();
}

}  // namespace kf::replay::testing
