// Helpers shared by the codecs (internal to engine/llm).
#pragma once

#include <string>

#include "engine/core/json.h"
#include "engine/llm/chat.h"
#include "engine/llm/codec.h"
#include "engine/llm/errors.h"

namespace kf::llm {

// Parses tool-call arguments text: the object, or the raw text with
// valid=false when it is not a JSON object. Empty text is {}.
void SetToolArguments(const std::string& text, ToolCall* call);
// The arguments as text for the wire: the raw string when invalid.
std::string ToolArgumentsText(const ToolCall& call);
// j[key] as string; "" when absent, null or not a string.
std::string StringField(const Json& j, const char* key);
// {"error": {...}} or {"type":"error","error":{...}} → ProviderError.
ProviderError ErrorFromJson(const Json& j);
// Internal "malformed response: <what>".
Status Malformed(const std::string& what);

}  // namespace kf::llm
