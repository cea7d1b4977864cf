// Server-sent events (WHATWG HTML "event stream interpretation"), fed in
// arbitrary chunks as they come off the network.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace kf::llm {

struct SseEvent {
  std::string event;  // the "event:" field; empty when the server sent none
  std::string data;   // "data:" lines joined with "\n"
  std::string id;     // the last "id:" seen in the stream
};

// Incremental parser. Lines end in CRLF, LF or CR (a CR at the end of one
// chunk and an LF at the start of the next are one line end). "data:" lines
// accumulate; a blank line dispatches the event when it has data. Lines
// starting with ':' are comments; "retry:" and unknown fields are ignored; one
// space after the colon is dropped; a leading UTF-8 BOM is skipped. An event
// not terminated by a blank line when the stream ends is discarded, as the
// standard says. Not thread-safe.
class SseParser {
 public:
  using Handler = std::function<void(const SseEvent&)>;
  explicit SseParser(Handler on_event) : on_event_(std::move(on_event)) {}

  // Feeds the next bytes; calls the handler for each completed event.
  void Feed(std::string_view bytes);
  // Whether bytes of an unterminated line or event are pending.
  bool HasPartialEvent() const { return !line_.empty() || has_data_ || !event_.empty(); }

 private:
  void ProcessLine(std::string_view line);

  Handler on_event_;
  std::string line_;
  bool after_cr_ = false;
  bool at_start_ = true;
  std::string event_;
  std::string data_;
  bool has_data_ = false;
  std::string id_;
};

}  // namespace kf::llm
