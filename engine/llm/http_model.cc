#include "engine/llm/http_model.h"

#include <algorithm>
#include <optional>

#include "engine/core/rng.h"
#include "engine/llm/anthropic_codec.h"
#include "engine/llm/errors.h"
#include "engine/llm/openai_codec.h"
#include "engine/llm/sse.h"

namespace kf::llm {

std::string ChatUrl(const Endpoint& ep) {
  const char* path = ep.provider == Provider::kAnthropic ? "/v1/messages" : "/chat/completions";
  size_t query = ep.base_url.find('?');
  if (query == std::string::npos) return ep.base_url + path;
  std::string base = ep.base_url.substr(0, query);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + path + ep.base_url.substr(query);
}

std::unique_ptr<WireCodec> NewWireCodec(Provider provider) {
  if (provider == Provider::kAnthropic) return std::make_unique<AnthropicCodec>();
  OpenAiDialect dialect;
  dialect.max_completion_tokens = provider == Provider::kOpenAi;
  return std::make_unique<OpenAiCodec>(dialect);
}

namespace {

struct AttemptResult {
  Result<ChatResponse> response;
  std::optional<DurationMs> retry_after;
};

class HttpModel final : public Model {
 public:
  HttpModel(Endpoint ep, ModelOptions opts, HttpTransport* transport, Clock* clock)
      : ep_(std::move(ep)), opts_(opts), transport_(transport), clock_(clock), rng_(opts.seed) {
    codec_ = NewWireCodec(ep_.provider);
    ctx_ = {ProviderName(ep_.provider), ep_.model, ep_.key_env, ChatUrl(ep_)};
  }

  std::string Describe() const override { return ep_.Describe(); }

  Result<ChatResponse> Chat(const ChatRequest& request, StreamSink* sink) override {
    const UnixMillis start = clock_->Now();
    ChatRequest req = request;
    if (req.model.empty()) req.model = ep_.model;
    ctx_.model = req.model;
    HttpRequest http{ctx_.url, Headers(req.stream), codec_->EncodeRequest(req)};
    const int max_attempts = std::max(1, opts_.retry.max_attempts);
    for (int attempt = 1;; ++attempt) {
      AttemptResult r = Attempt(http, req, sink);
      if (r.response.ok()) {
        ChatResponse out = std::move(r.response).value();
        out.raw_request = Redact(http.body, ep_.api_key);
        out.raw_response = Redact(std::move(out.raw_response), ep_.api_key);
        out.latency_ms = clock_->Now() - start;
        out.attempts = attempt;
        return out;
      }
      Status st = r.response.status();
      if (!IsRetryable(st)) return st;
      if (attempt >= max_attempts) return GaveUp(st, attempt);
      DurationMs delay = r.retry_after ? *r.retry_after : BackoffDelay(opts_.retry, attempt, &rng_);
      if (r.retry_after && *r.retry_after > opts_.retry.max_retry_after_ms) {
        return Status(st.code(), st.message() + " (server asked to retry after " +
                                     std::to_string(*r.retry_after / 1000) + "s; not waiting)");
      }
      if (sink) sink->OnRetry(st, delay);
      clock_->Sleep(delay);
    }
  }

 private:
  std::vector<std::pair<std::string, std::string>> Headers(bool stream) const {
    std::vector<std::pair<std::string, std::string>> h = {{"Content-Type", "application/json"}};
    if (stream) h.emplace_back("Accept", "text/event-stream");
    if (ep_.provider == Provider::kAnthropic) {
      h.emplace_back("anthropic-version", "2023-06-01");
      if (!ep_.api_key.empty()) h.emplace_back("x-api-key", ep_.api_key);
    } else if (!ep_.api_key.empty()) {
      h.emplace_back("Authorization", "Bearer " + ep_.api_key);
    }
    return h;
  }

  Status Prefixed(const Status& st) const {
    return Status(st.code(), Redact(ctx_.provider + ": " + st.message(), ep_.api_key));
  }

  static Status GaveUp(const Status& st, int attempts) {
    if (attempts <= 1) return st;
    return Status(st.code(), st.message() + " (gave up after " + std::to_string(attempts) + " attempts)");
  }

  AttemptResult Attempt(const HttpRequest& http, const ChatRequest& req, StreamSink* sink) {
    std::unique_ptr<StreamDecoder> decoder;
    Status decode_status;
    SseParser parser([&](const SseEvent& ev) {
      if (decode_status.ok()) decode_status = decoder->OnEvent(ev, sink);
    });
    BodyChunkFn on_chunk;
    if (req.stream) {
      decoder = codec_->NewStreamDecoder(req);
      on_chunk = [&](std::string_view chunk) {
        parser.Feed(chunk);
        return decode_status.ok();
      };
    }
    Result<HttpResponse> resp = transport_->Post(http, opts_.timeouts, on_chunk);
    if (!decode_status.ok()) return {Prefixed(decode_status), std::nullopt};
    if (!resp.ok()) return {Prefixed(resp.status()), std::nullopt};
    HttpResponse& r = *resp;
    if (r.status < 200 || r.status >= 300) {
      Status st = HttpErrorStatus(r.status, codec_->DecodeError(r.body), ctx_);
      st = Status(st.code(), Redact(st.message(), ep_.api_key));
      return {st, ParseRetryAfter(r.headers, clock_->Now())};
    }
    Result<ChatResponse> out = Decode(r, req, decoder.get(), sink);
    if (!out.ok()) return {Prefixed(out.status()), std::nullopt};
    out->raw_response = std::move(r.body);
    return {std::move(out), std::nullopt};
  }

  Result<ChatResponse> Decode(const HttpResponse& r, const ChatRequest& req, StreamDecoder* decoder,
                              StreamSink* sink) {
    auto ct = r.headers.find("content-type");
    bool json_body = ct != r.headers.end() && ct->second.find("json") != std::string::npos;
    if (decoder == nullptr || json_body) {
      // A server may ignore "stream": true and answer whole; pass its text on.
      Result<ChatResponse> out = codec_->DecodeResponse(r.body, req);
      if (out.ok() && decoder != nullptr && sink != nullptr && !out->text.empty()) sink->OnText(out->text);
      return out;
    }
    return decoder->Finish();
  }

  Endpoint ep_;
  ModelOptions opts_;
  HttpTransport* transport_;
  Clock* clock_;
  Rng rng_;
  std::unique_ptr<WireCodec> codec_;
  ErrorContext ctx_;
};

}  // namespace

std::unique_ptr<Model> NewHttpModel(const Endpoint& endpoint, const ModelOptions& options,
                                    HttpTransport* transport, Clock* clock) {
  return std::make_unique<HttpModel>(endpoint, options, transport, clock);
}

}  // namespace kf::llm
