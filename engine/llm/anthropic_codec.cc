#include "engine/llm/anthropic_codec.h"

#include <map>

#include "engine/llm/codec_util.h"
#include "engine/llm/tool_names.h"

namespace kf::llm {

namespace {

Json ToolUseBlock(const ToolCall& c) {
  Json input = c.arguments_valid && c.arguments.is_object() ? c.arguments : Json::object();
  return {{"type", "tool_use"}, {"id", c.id}, {"name", ToWireToolName(c.name)}, {"input", input}};
}

Json EncodeMessages(const std::vector<Message>& messages) {
  Json out = Json::array();
  for (const Message& m : messages) {
    if (m.role == Role::kTool) {
      Json block = {{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}, {"content", m.content}};
      if (m.is_error) block["is_error"] = true;
      // Tool results share one user message when they follow each other.
      bool merge = !out.empty() && out.back()["role"] == "user" && out.back()["content"].is_array() &&
                   !out.back()["content"].empty() && out.back()["content"].back()["type"] == "tool_result";
      if (merge) {
        out.back()["content"].push_back(block);
      } else {
        out.push_back({{"role", "user"}, {"content", Json::array({block})}});
      }
      continue;
    }
    if (m.role == Role::kAssistant && !m.tool_calls.empty()) {
      Json content = Json::array();
      if (!m.content.empty()) content.push_back({{"type", "text"}, {"text", m.content}});
      for (const ToolCall& c : m.tool_calls) content.push_back(ToolUseBlock(c));
      out.push_back({{"role", "assistant"}, {"content", content}});
      continue;
    }
    out.push_back({{"role", RoleName(m.role)}, {"content", m.content}});
  }
  return out;
}

void AddUsage(const Json& u, Usage* usage) {
  if (!u.is_object()) return;
  if (u.contains("input_tokens")) usage->input_tokens = JsonInt(u, "input_tokens");
  if (u.contains("output_tokens")) usage->output_tokens = JsonInt(u, "output_tokens");
}

class AnthropicStreamDecoder final : public StreamDecoder {
 public:
  explicit AnthropicStreamDecoder(const ChatRequest& req) : names_(req.tools) {}

  Status OnEvent(const SseEvent& ev, StreamSink* sink) override {
    if (done_) return Status::Ok();
    Result<Json> parsed = ParseJson(ev.data);
    if (!parsed.ok()) return Malformed("stream event: " + parsed.status().message());
    const Json& j = *parsed;
    std::string type = StringField(j, "type");
    if (type.empty()) type = ev.event;
    if (type == "error") return StreamErrorStatus(ErrorFromJson(j));
    if (type == "message_start") {
      const Json* msg = JsonAtPath(j, "message");
      if (msg == nullptr) return Malformed("message_start without message");
      out_.id = StringField(*msg, "id");
      out_.model = StringField(*msg, "model");
      if (msg->contains("usage")) AddUsage((*msg)["usage"], &out_.usage);
    } else if (type == "content_block_start") {
      const Json* block = JsonAtPath(j, "content_block");
      if (block == nullptr) return Malformed("content_block_start without content_block");
      Block& b = blocks_[JsonInt(j, "index")];
      b.type = StringField(*block, "type");
      if (b.type == "tool_use") {
        b.id = StringField(*block, "id");
        b.name = StringField(*block, "name");
        if (sink) sink->OnToolCallStart(b.id, names_.FromWire(b.name));
      } else if (b.type == "text") {
        EmitText(StringField(*block, "text"), sink);
      }
    } else if (type == "content_block_delta") {
      const Json* delta = JsonAtPath(j, "delta");
      if (delta == nullptr) return Malformed("content_block_delta without delta");
      std::string dtype = StringField(*delta, "type");
      if (dtype == "text_delta") {
        EmitText(StringField(*delta, "text"), sink);
      } else if (dtype == "input_json_delta") {
        blocks_[JsonInt(j, "index")].json += StringField(*delta, "partial_json");
      }
    } else if (type == "message_delta") {
      std::string stop = StringField(JsonAtPath(j, "delta") ? j["delta"] : Json(), "stop_reason");
      if (!stop.empty()) out_.stop_reason = stop;
      if (j.contains("usage")) AddUsage(j["usage"], &out_.usage);
    } else if (type == "message_stop") {
      done_ = true;
    }
    return Status::Ok();  // ping, content_block_stop and new event types
  }

  Result<ChatResponse> Finish() override {
    if (!done_) return Unavailable("stream ended before message_stop");
    for (auto& [index, b] : blocks_) {
      if (b.type != "tool_use") continue;
      ToolCall call;
      call.id = b.id;
      call.name = names_.FromWire(b.name);
      SetToolArguments(b.json, &call);
      out_.tool_calls.push_back(std::move(call));
    }
    return out_;
  }

 private:
  struct Block {
    std::string type, id, name, json;
  };

  void EmitText(const std::string& text, StreamSink* sink) {
    if (text.empty()) return;
    out_.text += text;
    if (sink) sink->OnText(text);
  }

  ToolNameMap names_;
  ChatResponse out_;
  std::map<int64_t, Block> blocks_;  // by content block index
  bool done_ = false;
};

}  // namespace

std::string AnthropicCodec::EncodeRequest(const ChatRequest& req) const {
  Json body = {{"model", req.model},
               {"messages", EncodeMessages(req.messages)},
               {"max_tokens", req.max_tokens > 0 ? req.max_tokens : kAnthropicDefaultMaxTokens}};
  if (!req.system.empty()) body["system"] = req.system;
  if (!req.tools.empty()) {
    Json tools = Json::array();
    for (const ToolSpec& t : req.tools) {
      tools.push_back({{"name", ToWireToolName(t.name)},
                       {"description", t.description},
                       {"input_schema", t.input_schema}});
    }
    body["tools"] = tools;
  }
  if (req.temperature >= 0) body["temperature"] = req.temperature;
  if (req.stream) body["stream"] = true;
  return CanonicalJson(body);
}

Result<ChatResponse> AnthropicCodec::DecodeResponse(std::string_view body,
                                                    const ChatRequest& req) const {
  Result<Json> parsed = ParseJson(body);
  if (!parsed.ok()) return Malformed(parsed.status().message());
  const Json& j = *parsed;
  auto content = j.is_object() ? j.find("content") : j.end();
  if (!j.is_object() || content == j.end() || !content->is_array()) return Malformed("no content array");
  ChatResponse out;
  out.id = StringField(j, "id");
  out.model = StringField(j, "model");
  out.stop_reason = StringField(j, "stop_reason");
  if (j.contains("usage")) AddUsage(j["usage"], &out.usage);
  ToolNameMap names(req.tools);
  for (const Json& block : *content) {
    std::string type = StringField(block, "type");
    if (type == "text") {
      out.text += StringField(block, "text");
    } else if (type == "tool_use") {
      ToolCall call;
      call.id = StringField(block, "id");
      call.name = names.FromWire(StringField(block, "name"));
      auto input = block.find("input");
      if (input != block.end() && input->is_object()) call.arguments = *input;
      out.tool_calls.push_back(std::move(call));
    }
  }
  return out;
}

std::unique_ptr<StreamDecoder> AnthropicCodec::NewStreamDecoder(const ChatRequest& req) const {
  return std::make_unique<AnthropicStreamDecoder>(req);
}

ProviderError AnthropicCodec::DecodeError(std::string_view body) const {
  Result<Json> parsed = ParseJson(body);
  if (!parsed.ok()) return {};
  return ErrorFromJson(*parsed);
}

}  // namespace kf::llm
