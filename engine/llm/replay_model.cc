#include "engine/llm/replay_model.h"

#include "engine/core/strings.h"
#include "engine/llm/http_model.h"
#include "engine/llm/json_diff.h"
#include "engine/llm/sse.h"

namespace kf::llm {

namespace {

constexpr char kDivergedPrefix[] = "replay diverged at model exchange ";

Json Normalised(Json j) {
  if (j.is_object()) {
    j.erase("metadata");
    j.erase("user");
  }
  return j;
}

// Decodes a recorded response body: JSON whole, else the SSE stream.
Result<ChatResponse> DecodeRecorded(const WireCodec& codec, const std::string& body, const ChatRequest& req,
                                    StreamSink* sink) {
  Result<Json> whole = ParseJson(body);
  if (whole.ok() && whole->is_object()) {
    Result<ChatResponse> out = codec.DecodeResponse(body, req);
    if (out.ok() && sink != nullptr && !out->text.empty()) sink->OnText(out->text);
    return out;
  }
  std::unique_ptr<StreamDecoder> decoder = codec.NewStreamDecoder(req);
  Status st;
  SseParser parser([&](const SseEvent& ev) {
    if (st.ok()) st = decoder->OnEvent(ev, sink);
  });
  parser.Feed(body);
  if (!st.ok()) return st;
  return decoder->Finish();
}

}  // namespace

bool IsReplayDivergence(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition &&
         status.message().find(kDivergedPrefix) != std::string::npos;
}

std::string CanonicalRequest(std::string_view body) {
  Result<Json> parsed = ParseJson(body);
  if (!parsed.ok()) return std::string(body);
  return CanonicalJson(Normalised(std::move(*parsed)));
}

Result<RecordedExchange> ParseRecordedExchange(const Json& e) {
  const std::string where = "model_exchange event " + std::to_string(JsonInt(e, "seq")) + ": ";
  for (const char* field : {"provider", "model", "request", "response"}) {
    if (!e.contains(field) || !e[field].is_string()) {
      return InvalidArgument(where + "\"" + field + "\": expected a string");
    }
  }
  RecordedExchange x;
  x.seq = static_cast<int>(JsonInt(e, "seq"));
  x.step = static_cast<int>(JsonInt(e, "step"));
  Result<Provider> provider = ProviderFromName(JsonString(e, "provider"));
  if (!provider.ok()) return InvalidArgument(where + "\"provider\": " + provider.status().message());
  x.provider = *provider;
  x.model = JsonString(e, "model");
  x.request = JsonString(e, "request");
  x.response = JsonString(e, "response");
  x.latency_ms = JsonInt(e, "latency_ms");
  x.attempts = static_cast<int>(JsonInt(e, "attempts", 1));
  if (e.contains("error")) {
    const Json& err = e["error"];
    StatusCode code;
    if (!err.is_object() || !StatusCodeFromName(JsonString(err, "code"), &code) || code == StatusCode::kOk) {
      return InvalidArgument(where + "\"error\": expected {\"code\": a status code name, \"message\": ...}");
    }
    x.error = Status(code, JsonString(err, "message"));
  }
  return x;
}

Result<std::unique_ptr<ReplayModel>> ReplayModel::FromEvents(const std::vector<Json>& events) {
  std::vector<RecordedExchange> out;
  for (const Json& e : events) {
    if (JsonString(e, "type") != "model_exchange") continue;
    KF_ASSIGN_OR_RETURN(RecordedExchange x, ParseRecordedExchange(e));
    out.push_back(std::move(x));
  }
  return std::make_unique<ReplayModel>(std::move(out));
}

ReplayModel::ReplayModel(std::vector<RecordedExchange> exchanges) : exchanges_(std::move(exchanges)) {}

std::string ReplayModel::Describe() const {
  std::string out = StrFormat("replay of %zu model exchanges", exchanges_.size());
  if (!exchanges_.empty()) {
    out += std::string(" (") + ProviderName(exchanges_[0].provider) + ":" + exchanges_[0].model + ")";
  }
  return out;
}

Status ReplayModel::Diverged(ReplayDivergence d, const std::string& what) {
  std::string msg = kDivergedPrefix + std::to_string(d.exchange);
  if (d.seq > 0) msg += StrFormat(" (recorded event %d, step %d)", d.seq, d.step);
  msg += ": " + what;
  if (!d.diff.empty()) msg += ":\n" + d.diff;
  divergence_ = std::move(d);
  divergence_status_ = FailedPrecondition(msg);
  return divergence_status_;
}

Result<ChatResponse> ReplayModel::Chat(const ChatRequest& request, StreamSink* sink) {
  if (divergence_) return divergence_status_;
  const int exchange = next_ + 1;
  if (next_ >= size()) {
    ReplayDivergence d;
    d.exchange = exchange;
    return Diverged(std::move(d), StrFormat("the recording has only %d model exchanges", size()));
  }
  const RecordedExchange& rec = exchanges_[next_];
  std::unique_ptr<WireCodec> codec = NewWireCodec(rec.provider);
  ChatRequest req = request;
  if (req.model.empty()) req.model = rec.model;
  const std::string now = CanonicalRequest(codec->EncodeRequest(req));
  const std::string recorded = CanonicalRequest(rec.request);
  if (now != recorded) {
    ReplayDivergence d;
    d.exchange = exchange;
    d.seq = rec.seq;
    d.step = rec.step;
    d.recorded = recorded;
    d.requested = now;
    Result<Json> a = ParseJson(recorded);
    Result<Json> b = ParseJson(now);
    d.diff = a.ok() && b.ok() ? DiffJson(*a, *b) : "the recorded request is not JSON\n";
    return Diverged(std::move(d), "the request differs from the recording");
  }
  if (!rec.error.ok()) {  // the exchange failed then: it fails the same way now
    ++next_;
    return rec.error;
  }
  Result<ChatResponse> out = DecodeRecorded(*codec, rec.response, req, req.stream ? sink : nullptr);
  if (!out.ok()) {
    return Status(out.status().code(), StrFormat("replay: model exchange %d (recorded event %d): ", exchange, rec.seq) +
                                           out.status().message());
  }
  ++next_;
  out->raw_request = rec.request;
  out->raw_response = rec.response;
  out->latency_ms = rec.latency_ms;
  out->attempts = rec.attempts;
  return out;
}

}  // namespace kf::llm
