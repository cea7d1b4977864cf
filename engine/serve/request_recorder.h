// Records every request `kubeflight serve` answers as a tool call of one run
// of the recording (recorder/recorder.h): a person or an outside agent
// investigating a scenario with kubectl leaves the same kind of recording as
// kubeflight's own agent.
//
// Per request, one step with two events:
//   tool_call   {"call":{"name":"kubectl","args":{"method","path","query"}},"by_engine":false}
//               (with a body: also "body" and "content_type")
//   tool_result {"call":{...},"status":404,"is_error":true,"content_type":...,
//                "text": the reply body (a JSON body as JSON), "user_agent":...}
// The run: mode simulated, agent "external", scenario and seed of the
// served scenario, virtual and wall times from the caller. Redaction is the
// recorder's (secrets never reach the file).
//
// Thread-safe: requests arrive on server threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/status.h"
#include "engine/serve/http_types.h"
#include "recorder/recorder.h"

namespace kf::serve {

// The recording file: `flag` when not empty, else $KUBEFLIGHT_DB, else
// $XDG_STATE_HOME/kubeflight/runs.db, else ~/.local/state/kubeflight/runs.db.
// The directory is created. InvalidArgument when no location can be derived.
Result<std::string> DefaultRecordingPath(const std::string& flag);

class RequestRecorder {
 public:
  // Opens the file and begins the run. Errors from the recorder, prefixed
  // with "recording <path>: ".
  static Result<std::unique_ptr<RequestRecorder>> Open(const std::string& path,
                                                       recorder::RunInfo info);

  // Records one request and its reply as one step (committed at once).
  // The first error is kept (status()) and later calls do nothing.
  void Record(const HttpRequest& request, const HttpReply& reply, UnixMillis virtual_time,
              UnixMillis wall_time);
  // Ends the run as passed with the number of requests as its verdict.
  Status End(UnixMillis virtual_time, UnixMillis wall_time);

  const std::string& run_id() const { return run_id_; }
  Status status() const;

 private:
  RequestRecorder(recorder::Recorder rec, std::string run_id)
      : recorder_(std::move(rec)), run_id_(std::move(run_id)) {}

  mutable std::mutex mu_;
  recorder::Recorder recorder_;
  std::string run_id_;
  int64_t step_ = 0;
  Status status_;
  bool ended_ = false;
};

}  // namespace kf::serve
