#include "engine/llm/sse.h"

namespace kf::llm {

void SseParser::Feed(std::string_view bytes) {
  if (at_start_ && !bytes.empty()) {
    // The BOM may itself be split across chunks; only a whole one at the
    // very start is handled, which is what servers send.
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    at_start_ = false;
  }
  for (char c : bytes) {
    if (after_cr_) {
      after_cr_ = false;
      if (c == '\n') continue;  // the LF of a CRLF
    }
    if (c == '\r' || c == '\n') {
      after_cr_ = (c == '\r');
      std::string line = std::move(line_);
      line_.clear();
      ProcessLine(line);
      continue;
    }
    line_ += c;
  }
}

void SseParser::ProcessLine(std::string_view line) {
  if (line.empty()) {
    if (has_data_) {
      SseEvent ev;
      ev.event = event_;
      ev.data = data_;
      ev.id = id_;
      on_event_(ev);
    }
    event_.clear();
    data_.clear();
    has_data_ = false;
    return;
  }
  if (line.front() == ':') return;  // comment (keep-alive)
  std::string_view field = line;
  std::string_view value;
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) data_ += '\n';
    data_ += value;
    has_data_ = true;
  } else if (field == "event") {
    event_ = std::string(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) id_ = std::string(value);
  }
}

}  // namespace kf::llm
