#include "tests/testing/fake_llm_server.h"

#include <httplib.h>

#include <chrono>

namespace kf::testing {

struct FakeLlmServer::Impl {
  httplib::Server server;
  mutable std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::deque<ScriptedResponse> queue;
  std::vector<ReceivedRequest> received;

  // Waits up to ms of wall time; false when Stop() cut the wait short.
  bool Wait(int ms) {
    std::unique_lock<std::mutex> lock(mu);
    return !cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping; });
  }

  void Handle(const httplib::Request& req, httplib::Response& res) {
    ReceivedRequest r;
    r.method = req.method;
    r.path = req.target.empty() ? req.path : req.target;
    for (const auto& [name, value] : req.headers) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[lower] = value;
    }
    r.body = req.body;
    Result<Json> parsed = ParseJson(req.body);
    if (parsed.ok()) r.json = *parsed;
    ScriptedResponse script;
    {
      std::lock_guard<std::mutex> lock(mu);
      received.push_back(std::move(r));
      if (queue.empty()) {
        script = OpenAiError(500, "server_error", "fake llm server: no scripted response left");
      } else {
        script = std::move(queue.front());
        queue.pop_front();
      }
    }
    if (script.delay_ms > 0 && !Wait(script.delay_ms)) return;
    res.status = script.status;
    for (const auto& [name, value] : script.headers) res.set_header(name, value);
    if (script.chunks.empty()) {
      res.set_content(script.body, script.content_type.c_str());
      return;
    }
    auto shared = std::make_shared<ScriptedResponse>(std::move(script));
    auto next = std::make_shared<size_t>(0);
    res.set_chunked_content_provider(shared->content_type, [this, shared, next](size_t, httplib::DataSink& sink) {
      if (*next < shared->chunks.size()) {
        if (*next > 0 && shared->chunk_delay_ms > 0 && !Wait(shared->chunk_delay_ms)) return false;
        const std::string& chunk = shared->chunks[(*next)++];
        return sink.write(chunk.data(), chunk.size());
      }
      if (shared->drop_after_chunks) return false;  // closes the connection mid-response
      sink.done();
      return true;
    });
  }
};

FakeLlmServer::FakeLlmServer() : impl_(std::make_unique<Impl>()) {}

FakeLlmServer::~FakeLlmServer() { Stop(); }

bool FakeLlmServer::Start() {
  impl_->server.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { impl_->Handle(req, res); });
  port_ = impl_->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return false;
  thread_ = std::thread([this] { impl_->server.listen_after_bind(); });
  for (int i = 0; i < 500 && !impl_->server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return impl_->server.is_running();
}

void FakeLlmServer::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  impl_->server.stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeLlmServer::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeLlmServer::Push(ScriptedResponse response) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->queue.push_back(std::move(response));
}

size_t FakeLlmServer::Pending() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->queue.size();
}

std::vector<ReceivedRequest> FakeLlmServer::Requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->received;
}

// ---- bodies ----

std::string FakeLlmServer::SseData(const std::string& data) { return "data: " + data + "\n\n"; }

std::string FakeLlmServer::SseEvent(const std::string& event, const Json& data) {
  return "event: " + event + "\ndata: " + data.dump() + "\n\n";
}

namespace {

ScriptedResponse JsonResponse(int status, const Json& body) {
  ScriptedResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ScriptedResponse SseResponse(std::vector<std::string> chunks) {
  ScriptedResponse r;
  r.content_type = "text/event-stream";
  r.chunks = std::move(chunks);
  return r;
}

Json OpenAiChunk(const Json& delta, const Json& finish_reason) {
  return {{"id", "chatcmpl-fake"},
          {"object", "chat.completion.chunk"},
          {"created", 1700000000},
          {"model", "fake-model"},
          {"choices", Json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finish_reason}}})}};
}

std::vector<std::string> OpenAiTail(const char* finish) {
  Json usage = {{"id", "chatcmpl-fake"},
                {"object", "chat.completion.chunk"},
                {"choices", Json::array()},
                {"usage", {{"prompt_tokens", 10}, {"completion_tokens", 5}, {"total_tokens", 15}}}};
  return {FakeLlmServer::SseData(OpenAiChunk(Json::object(), finish).dump()), FakeLlmServer::SseData(usage.dump()),
          FakeLlmServer::SseData("[DONE]")};
}

Json AnthropicMessageStart() {
  return {{"type", "message_start"},
          {"message",
           {{"id", "msg_fake"},
            {"type", "message"},
            {"role", "assistant"},
            {"model", "fake-model"},
            {"content", Json::array()},
            {"stop_reason", nullptr},
            {"usage", {{"input_tokens", 10}, {"output_tokens", 1}}}}}};
}

std::vector<std::string> AnthropicTail(const char* stop_reason) {
  return {FakeLlmServer::SseEvent("message_delta", {{"type", "message_delta"},
                                                    {"delta", {{"stop_reason", stop_reason}, {"stop_sequence", nullptr}}},
                                                    {"usage", {{"output_tokens", 5}}}}),
          FakeLlmServer::SseEvent("message_stop", {{"type", "message_stop"}})};
}

}  // namespace

ScriptedResponse FakeLlmServer::OpenAiText(const std::string& text, int input_tokens, int output_tokens) {
  return JsonResponse(
      200, {{"id", "chatcmpl-fake"},
            {"object", "chat.completion"},
            {"created", 1700000000},
            {"model", "fake-model"},
            {"choices", Json::array({{{"index", 0},
                                      {"finish_reason", "stop"},
                                      {"message", {{"role", "assistant"}, {"content", text}}}}})},
            {"usage", {{"prompt_tokens", input_tokens}, {"completion_tokens", output_tokens},
                       {"total_tokens", input_tokens + output_tokens}}}});
}

ScriptedResponse FakeLlmServer::OpenAiToolCalls(const std::vector<WireCall>& calls) {
  Json tool_calls = Json::array();
  for (const WireCall& c : calls) {
    tool_calls.push_back(
        {{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
  }
  return JsonResponse(
      200, {{"id", "chatcmpl-fake"},
            {"object", "chat.completion"},
            {"model", "fake-model"},
            {"choices", Json::array({{{"index", 0},
                                      {"finish_reason", "tool_calls"},
                                      {"message", {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", tool_calls}}}}})},
            {"usage", {{"prompt_tokens", 20}, {"completion_tokens", 7}, {"total_tokens", 27}}}});
}

ScriptedResponse FakeLlmServer::OpenAiStream(const std::vector<std::string>& deltas) {
  std::vector<std::string> chunks = {SseData(OpenAiChunk({{"role", "assistant"}, {"content", ""}}, nullptr).dump())};
  for (const std::string& d : deltas) chunks.push_back(SseData(OpenAiChunk({{"content", d}}, nullptr).dump()));
  for (std::string& t : OpenAiTail("stop")) chunks.push_back(std::move(t));
  return SseResponse(std::move(chunks));
}

ScriptedResponse FakeLlmServer::OpenAiStreamToolCall(const std::string& id, const std::string& name,
                                                     const std::vector<std::string>& fragments) {
  std::vector<std::string> chunks;
  Json first = {{"role", "assistant"},
                {"content", nullptr},
                {"tool_calls", Json::array({{{"index", 0}, {"id", id}, {"type", "function"},
                                             {"function", {{"name", name}, {"arguments", ""}}}}})}};
  chunks.push_back(SseData(OpenAiChunk(first, nullptr).dump()));
  for (const std::string& f : fragments) {
    Json delta = {{"tool_calls", Json::array({{{"index", 0}, {"function", {{"arguments", f}}}}})}};
    chunks.push_back(SseData(OpenAiChunk(delta, nullptr).dump()));
  }
  for (std::string& t : OpenAiTail("tool_calls")) chunks.push_back(std::move(t));
  return SseResponse(std::move(chunks));
}

ScriptedResponse FakeLlmServer::OpenAiError(int status, const std::string& type, const std::string& message,
                                            const std::string& code) {
  return JsonResponse(status, {{"error", {{"message", message}, {"type", type}, {"param", nullptr},
                                          {"code", code.empty() ? Json(nullptr) : Json(code)}}}});
}

ScriptedResponse FakeLlmServer::AnthropicText(const std::string& text, int input_tokens, int output_tokens) {
  return JsonResponse(200, {{"id", "msg_fake"},
                            {"type", "message"},
                            {"role", "assistant"},
                            {"model", "fake-model"},
                            {"content", Json::array({{{"type", "text"}, {"text", text}}})},
                            {"stop_reason", "end_turn"},
                            {"stop_sequence", nullptr},
                            {"usage", {{"input_tokens", input_tokens}, {"output_tokens", output_tokens}}}});
}

ScriptedResponse FakeLlmServer::AnthropicToolUse(const std::string& id, const std::string& name, const Json& input,
                                                 const std::string& text) {
  Json content = Json::array();
  if (!text.empty()) content.push_back({{"type", "text"}, {"text", text}});
  content.push_back({{"type", "tool_use"}, {"id", id}, {"name", name}, {"input", input}});
  return JsonResponse(200, {{"id", "msg_fake"},
                            {"type", "message"},
                            {"role", "assistant"},
                            {"model", "fake-model"},
                            {"content", content},
                            {"stop_reason", "tool_use"},
                            {"usage", {{"input_tokens", 30}, {"output_tokens", 12}}}});
}

ScriptedResponse FakeLlmServer::AnthropicStream(const std::vector<std::string>& deltas) {
  std::vector<std::string> chunks = {SseEvent("message_start", AnthropicMessageStart()),
                                     SseEvent("ping", {{"type", "ping"}}),
                                     SseEvent("content_block_start", {{"type", "content_block_start"},
                                                                      {"index", 0},
                                                                      {"content_block", {{"type", "text"}, {"text", ""}}}})};
  for (const std::string& d : deltas) {
    chunks.push_back(SseEvent("content_block_delta", {{"type", "content_block_delta"},
                                                      {"index", 0},
                                                      {"delta", {{"type", "text_delta"}, {"text", d}}}}));
  }
  chunks.push_back(SseEvent("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}}));
  for (std::string& t : AnthropicTail("end_turn")) chunks.push_back(std::move(t));
  return SseResponse(std::move(chunks));
}

ScriptedResponse FakeLlmServer::AnthropicStreamToolUse(const std::string& id, const std::string& name,
                                                       const std::vector<std::string>& fragments) {
  std::vector<std::string> chunks = {
      SseEvent("message_start", AnthropicMessageStart()),
      SseEvent("content_block_start",
               {{"type", "content_block_start"},
                {"index", 0},
                {"content_block", {{"type", "tool_use"}, {"id", id}, {"name", name}, {"input", Json::object()}}}})};
  for (const std::string& f : fragments) {
    chunks.push_back(SseEvent("content_block_delta", {{"type", "content_block_delta"},
                                                      {"index", 0},
                                                      {"delta", {{"type", "input_json_delta"}, {"partial_json", f}}}}));
  }
  chunks.push_back(SseEvent("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}}));
  for (std::string& t : AnthropicTail("tool_use")) chunks.push_back(std::move(t));
  return SseResponse(std::move(chunks));
}

ScriptedResponse FakeLlmServer::AnthropicError(int status, const std::string& type, const std::string& message) {
  return JsonResponse(status, {{"type", "error"}, {"error", {{"type", type}, {"message", message}}}});
}

}  // namespace kf::testing
