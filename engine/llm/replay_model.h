// A Model that replays a recording: it answers with the recorded responses,
// in order, and checks that each request the engine makes now is the one it
// made then. Requests are compared after canonicalisation (parsed, sorted
// keys, compact) with the volatile fields "metadata" and "user" removed; the
// first difference stops the replay with a divergence that names the
// exchange, the recorded event and a readable diff of the request.
//
// Input: the recorded "model_exchange" events (run_event.h) as JSON, with
// fields provider, model, request, response, latency_ms, attempts, seq and
// step, and "error" ({code, message}) when the exchange failed. Responses are decoded by the recorded provider's codec, whole or as
// the recorded SSE stream (text deltas reach the StreamSink as they did
// live), and carry the recorded raw bodies, latency and attempts, so a
// replayed run records the same exchanges byte for byte.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"
#include "engine/llm/chat.h"
#include "engine/llm/model_spec.h"

namespace kf::llm {

struct RecordedExchange {
  int seq = 0;   // the recorded event's sequence number
  int step = 0;  // the transcript step it belongs to
  Provider provider = Provider::kOpenAi;
  std::string model;
  std::string request;
  std::string response;
  int64_t latency_ms = 0;
  int attempts = 1;
  Status error;  // a failed exchange: replayed as this error
};

// Reads one recorded model_exchange event. InvalidArgument naming the field:
// "model_exchange event 12: \"response\": expected a string".
Result<RecordedExchange> ParseRecordedExchange(const Json& event);

struct ReplayDivergence {
  int exchange = 0;  // 1-based, among the recorded exchanges
  int seq = 0;       // the recorded event's seq (0 when the recording ran out)
  int step = 0;      // and its step
  std::string recorded;   // canonical recorded request ("" when it ran out)
  std::string requested;  // canonical request made now
  std::string diff;       // one line per difference (json_diff.h)
};

// Whether `status` is a divergence: FailedPrecondition whose message has
// "replay diverged at model exchange N" (after any prefix, such as the
// loop's "agent: ").
bool IsReplayDivergence(const Status& status);

// The request body as replay compares it: canonical JSON without the
// volatile fields; the text itself when it is not JSON.
std::string CanonicalRequest(std::string_view body);

class ReplayModel final : public Model {
 public:
  // Events of other types are skipped, so a whole run's events may be
  // passed. Errors: a malformed model_exchange event.
  static Result<std::unique_ptr<ReplayModel>> FromEvents(const std::vector<Json>& events);
  explicit ReplayModel(std::vector<RecordedExchange> exchanges);

  // The next recorded response, or the divergence as a Status:
  //   replay diverged at model exchange 3 (recorded event 17, step 9): the request differs from the recording:
  //     system: recorded "..." / now "..."
  //   replay diverged at model exchange 5: the recording has only 4 model exchanges
  Result<ChatResponse> Chat(const ChatRequest& request, StreamSink* sink) override;
  std::string Describe() const override;  // "replay of 4 model exchanges (openai:gpt-4o)"

  // Set after the first divergence; every later Chat fails the same way.
  const std::optional<ReplayDivergence>& divergence() const { return divergence_; }
  int replayed() const { return next_; }
  int size() const { return static_cast<int>(exchanges_.size()); }

 private:
  Status Diverged(ReplayDivergence d, const std::string& what);

  std::vector<RecordedExchange> exchanges_;
  int next_ = 0;
  std::optional<ReplayDivergence> divergence_;
  Status divergence_status_;
};

}  // namespace kf::llm
