// Reading a recording back: its runs, and each run's events in order.
//
// A Reader holds one connection. Opening an existing recording from an older
// kubeflight migrates it in place (as the Recorder does). Reading sees what
// was committed when each call started; a Recorder may write the same file
// meanwhile. Not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "recorder/types.h"

namespace kf::recorder {

class Reader {
 public:
  // NotFound when `path` does not exist; other errors as schema.h
  // OpenDatabase.
  static Result<Reader> Open(const std::string& path);

  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;
  ~Reader();

  // Every run, in the order they were begun (or imported) in this file.
  Result<std::vector<RunRecord>> ListRuns() const;
  // NotFound: "recording.db: no run r1".
  Result<RunRecord> GetRun(const std::string& run_id) const;

  // Calls fn with each event of the run in seq order, payload resolved; the
  // event is only valid during the call. Stops at and returns fn's first
  // error. An unknown run has no events.
  Status ForEachEvent(const std::string& run_id, const std::function<Status(const StoredEvent&)>& fn) const;
  // All events of the run, in seq order, checked to be numbered 1..n as
  // CheckGapless checks (the same FailedPrecondition on a gap).
  Result<std::vector<StoredEvent>> Events(const std::string& run_id) const;

  // OK when the run's events are numbered 1..n without gaps; else
  // FailedPrecondition naming the first gap ("run r1: seq 5 follows seq 3").
  Status CheckGapless(const std::string& run_id) const;

  const std::string& path() const;

 private:
  struct Impl;
  explicit Reader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kf::recorder
