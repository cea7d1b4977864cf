#include "engine/llm/openai_codec.h"

#include <map>

#include "engine/llm/codec_util.h"
#include "engine/llm/tool_names.h"

namespace kf::llm {

std::string OpenAiStopReason(const std::string& r) {
  if (r == "stop") return kStopEndTurn;
  if (r == "length") return kStopMaxTokens;
  if (r == "tool_calls" || r == "function_call") return kStopToolUse;
  return r;
}

namespace {

Json EncodeMessage(const Message& m) {
  Json j = {{"role", RoleName(m.role)}};
  if (m.role == Role::kTool) {
    j["tool_call_id"] = m.tool_call_id;
    j["content"] = m.content;
    return j;
  }
  if (m.role == Role::kAssistant && !m.tool_calls.empty()) {
    j["content"] = m.content.empty() ? Json(nullptr) : Json(m.content);
    Json calls = Json::array();
    for (const ToolCall& c : m.tool_calls) {
      calls.push_back({{"id", c.id},
                       {"type", "function"},
                       {"function", {{"name", ToWireToolName(c.name)}, {"arguments", ToolArgumentsText(c)}}}});
    }
    j["tool_calls"] = calls;
    return j;
  }
  j["content"] = m.content;
  return j;
}

Usage UsageFrom(const Json& u) {
  Usage usage;
  if (!u.is_object()) return usage;
  usage.input_tokens = JsonInt(u, "prompt_tokens");
  usage.output_tokens = JsonInt(u, "completion_tokens");
  return usage;
}

class OpenAiStreamDecoder final : public StreamDecoder {
 public:
  explicit OpenAiStreamDecoder(const ChatRequest& req) : names_(req.tools) {}

  Status OnEvent(const SseEvent& ev, StreamSink* sink) override {
    if (done_) return Status::Ok();
    if (ev.data == "[DONE]") {
      done_ = true;
      return Status::Ok();
    }
    Result<Json> parsed = ParseJson(ev.data);
    if (!parsed.ok()) return Malformed("stream chunk: " + parsed.status().message());
    const Json& j = *parsed;
    if (!j.is_object()) return Malformed("stream chunk is not an object");
    if (j.contains("error")) return StreamErrorStatus(ErrorFromJson(j));
    if (out_.id.empty()) out_.id = StringField(j, "id");
    if (out_.model.empty()) out_.model = StringField(j, "model");
    if (j.contains("usage") && j["usage"].is_object()) out_.usage = UsageFrom(j["usage"]);
    auto choices = j.find("choices");
    if (choices == j.end() || !choices->is_array() || choices->empty()) return Status::Ok();
    const Json& choice = (*choices)[0];
    std::string finish = StringField(choice, "finish_reason");
    if (!finish.empty()) out_.stop_reason = OpenAiStopReason(finish);
    auto delta = choice.find("delta");
    if (delta == choice.end() || !delta->is_object()) return Status::Ok();
    std::string text = StringField(*delta, "content");
    if (!text.empty()) {
      out_.text += text;
      if (sink) sink->OnText(text);
    }
    auto calls = delta->find("tool_calls");
    if (calls != delta->end() && calls->is_array()) {
      for (const Json& c : *calls) AddToolDelta(c, sink);
    }
    return Status::Ok();
  }

  Result<ChatResponse> Finish() override {
    if (!done_ && out_.stop_reason.empty()) {
      return Unavailable("stream ended before [DONE]");
    }
    for (auto& [index, p] : partial_) {
      ToolCall call;
      call.id = p.id;
      call.name = names_.FromWire(p.name);
      SetToolArguments(p.arguments, &call);
      out_.tool_calls.push_back(std::move(call));
    }
    if (out_.stop_reason.empty()) out_.stop_reason = out_.tool_calls.empty() ? kStopEndTurn : kStopToolUse;
    return out_;
  }

 private:
  struct Partial {
    std::string id, name, arguments;
  };

  void AddToolDelta(const Json& c, StreamSink* sink) {
    int64_t index = JsonInt(c, "index", static_cast<int64_t>(partial_.size()));
    Partial& p = partial_[index];
    std::string id = StringField(c, "id");
    if (!id.empty()) p.id = id;
    auto fn = c.find("function");
    if (fn == c.end() || !fn->is_object()) return;
    std::string name = StringField(*fn, "name");
    if (!name.empty()) {
      bool first = p.name.empty();
      p.name += name;
      if (first && sink) sink->OnToolCallStart(p.id, names_.FromWire(p.name));
    }
    p.arguments += StringField(*fn, "arguments");
  }

  ToolNameMap names_;
  ChatResponse out_;
  std::map<int64_t, Partial> partial_;  // by tool-call index
  bool done_ = false;
};

}  // namespace

std::string OpenAiCodec::EncodeRequest(const ChatRequest& req) const {
  Json messages = Json::array();
  if (!req.system.empty()) messages.push_back({{"role", "system"}, {"content", req.system}});
  for (const Message& m : req.messages) messages.push_back(EncodeMessage(m));
  Json body = {{"model", req.model}, {"messages", messages}};
  if (!req.tools.empty()) {
    Json tools = Json::array();
    for (const ToolSpec& t : req.tools) {
      tools.push_back({{"type", "function"},
                       {"function",
                        {{"name", ToWireToolName(t.name)},
                         {"description", t.description},
                         {"parameters", t.input_schema}}}});
    }
    body["tools"] = tools;
  }
  if (req.max_tokens > 0) {
    body[dialect_.max_completion_tokens ? "max_completion_tokens" : "max_tokens"] = req.max_tokens;
  }
  if (req.temperature >= 0) body["temperature"] = req.temperature;
  if (req.stream) {
    body["stream"] = true;
    if (dialect_.stream_usage) body["stream_options"] = {{"include_usage", true}};
  }
  return CanonicalJson(body);
}

Result<ChatResponse> OpenAiCodec::DecodeResponse(std::string_view body,
                                                 const ChatRequest& req) const {
  Result<Json> parsed = ParseJson(body);
  if (!parsed.ok()) return Malformed(parsed.status().message());
  const Json& j = *parsed;
  const Json* message = JsonAtPath(j, "choices[0].message");
  if (message == nullptr || !message->is_object()) return Malformed("no choices[0].message");
  ChatResponse out;
  out.id = StringField(j, "id");
  out.model = StringField(j, "model");
  out.text = StringField(*message, "content");
  if (j.contains("usage")) out.usage = UsageFrom(j["usage"]);
  ToolNameMap names(req.tools);
  auto calls = message->find("tool_calls");
  if (calls != message->end() && calls->is_array()) {
    for (const Json& c : *calls) {
      ToolCall call;
      call.id = StringField(c, "id");
      const Json* fn = JsonAtPath(c, "function");
      if (fn == nullptr) return Malformed("tool call without function");
      call.name = names.FromWire(StringField(*fn, "name"));
      auto args = fn->find("arguments");
      if (args != fn->end() && args->is_object()) {
        call.arguments = *args;  // some compatible servers send an object
      } else {
        SetToolArguments(StringField(*fn, "arguments"), &call);
      }
      out.tool_calls.push_back(std::move(call));
    }
  }
  out.stop_reason = OpenAiStopReason(StringField(j["choices"][0], "finish_reason"));
  if (out.stop_reason.empty()) out.stop_reason = out.tool_calls.empty() ? kStopEndTurn : kStopToolUse;
  return out;
}

std::unique_ptr<StreamDecoder> OpenAiCodec::NewStreamDecoder(const ChatRequest& req) const {
  return std::make_unique<OpenAiStreamDecoder>(req);
}

ProviderError OpenAiCodec::DecodeError(std::string_view body) const {
  Result<Json> parsed = ParseJson(body);
  if (!parsed.ok()) return {};
  return ErrorFromJson(*parsed);
}

}  // namespace kf::llm
