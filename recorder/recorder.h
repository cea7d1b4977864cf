// The writer of a recording: runs and their append-only events.
//
//   KF_ASSIGN_OR_RETURN(Recorder rec, Recorder::Open("recording.db"));
//   KF_ASSIGN_OR_RETURN(std::string run, rec.BeginRun(info));
//   KF_RETURN_IF_ERROR(rec.Append(run, {"tool_call", "INVESTIGATE", 1, vt, wt, payload}));
//   KF_RETURN_IF_ERROR(rec.CommitStep());   // once per loop step
//   KF_RETURN_IF_ERROR(rec.EndRun(run, outcome));
//
// Events are numbered 1, 2, ... without gaps per run. They are buffered and
// written in one transaction per loop step: CommitStep() writes the buffer,
// and so do Append() of an event of another step or run, EndRun(), Close()
// and the destructor. A crash therefore loses at most the step in progress;
// what is in the file is always whole steps.
//
// Everything written is redacted first (redact.h): secrets never reach the
// file. Ids, times and seeds all come from the caller; the recorder reads no
// clock and draws no random numbers.
//
// Not thread-safe: one Recorder per thread. Several Recorders (and Readers,
// in this or other processes on the same host) may use one file: SQLite's WAL
// mode serialises writers, and a busy file is waited on for up to 5 s before
// an Unavailable error.
#pragma once

#include <memory>
#include <string>

#include "engine/core/status.h"
#include "recorder/types.h"

namespace kf::recorder {

class Recorder {
 public:
  // Opens the recording at `path`, creating it when missing and migrating an
  // older schema. Errors as schema.h OpenDatabase.
  static Result<Recorder> Open(const std::string& path);

  Recorder(Recorder&&) noexcept;
  Recorder& operator=(Recorder&&) noexcept;
  // Writes buffered events; an error here is lost (call Close() to see it).
  ~Recorder();

  // Stores a new run with status running and returns its id: info.id when
  // given (AlreadyExists when taken; InvalidArgument unless it is 1-128
  // characters of [A-Za-z0-9._:-]), else a derived one, "r" + 16 hex digits
  // of SHA-256 over the canonical RunInfo and this file's run counter, so the
  // same runs written in the same order get the same ids.
  Result<std::string> BeginRun(const RunInfo& info);

  // Buffers the next event of a run begun by this Recorder and not ended
  // (FailedPrecondition otherwise). InvalidArgument when event.step is lower
  // than the run's previous event's step, the type is empty or the summary is
  // too large. Writes the buffer first when it holds another step or run.
  Status Append(const std::string& run_id, RecordedEvent event);

  // Writes every buffered event in one transaction. On error nothing is
  // written and the buffer is kept, so a later call retries it.
  Status CommitStep();

  // Writes the buffer and the run's outcome in one transaction.
  // REQUIRES: outcome.status != kRunning (InvalidArgument).
  Status EndRun(const std::string& run_id, const RunOutcome& outcome);

  // Writes the buffer and closes the file. Runs not ended stay "running".
  // Every later call fails with FailedPrecondition.
  Status Close();

  const std::string& path() const;

 private:
  struct Impl;
  explicit Recorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kf::recorder
