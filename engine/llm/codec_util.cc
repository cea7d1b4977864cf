#include "engine/llm/codec_util.h"

namespace kf::llm {

void SetToolArguments(const std::string& text, ToolCall* call) {
  if (text.empty()) {
    call->arguments = Json::object();
    call->arguments_valid = true;
    return;
  }
  Result<Json> parsed = ParseJson(text);
  if (parsed.ok() && parsed->is_object()) {
    call->arguments = std::move(parsed).value();
    call->arguments_valid = true;
  } else {
    call->arguments = text;
    call->arguments_valid = false;
  }
}

std::string ToolArgumentsText(const ToolCall& call) {
  if (!call.arguments_valid && call.arguments.is_string()) return call.arguments.get<std::string>();
  return CanonicalJson(call.arguments);
}

std::string StringField(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

ProviderError ErrorFromJson(const Json& j) {
  ProviderError e;
  if (!j.is_object()) return e;
  auto it = j.find("error");
  if (it == j.end()) return e;
  if (it->is_string()) {  // some compatible servers: {"error": "text"}
    e.message = it->get<std::string>();
    return e;
  }
  e.type = StringField(*it, "type");
  e.message = StringField(*it, "message");
  auto code = it->find("code");
  if (it->is_object() && code != it->end()) {
    e.code = code->is_string() ? code->get<std::string>() : code->dump();
  }
  return e;
}

Status Malformed(const std::string& what) { return Internal("malformed response: " + what); }

}  // namespace kf::llm
