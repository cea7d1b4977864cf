#include "engine/llm/sse.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kf::llm {
namespace {

std::vector<SseEvent> ParseAll(const std::vector<std::string>& chunks) {
  std::vector<SseEvent> out;
  SseParser parser([&](const SseEvent& ev) { out.push_back(ev); });
  for (const std::string& c : chunks) parser.Feed(c);
  return out;
}

TEST(LlmSseTest, DataOnlyEvents) {
  auto events = ParseAll({"data: {\"a\":1}\n\ndata: [DONE]\n\n"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].data, "{\"a\":1}");
  EXPECT_EQ(events[0].event, "");
  EXPECT_EQ(events[1].data, "[DONE]");
}

TEST(LlmSseTest, NamedEventsAndCrlf) {
  auto events = ParseAll({"event: message_start\r\ndata: {}\r\n\r\nevent: ping\r\ndata: {\"type\":\"ping\"}\r\n\r\n"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event, "message_start");
  EXPECT_EQ(events[0].data, "{}");
  EXPECT_EQ(events[1].event, "ping");
}

TEST(LlmSseTest, BareCrLineEnds) {
  auto events = ParseAll({"data: x\r\rdata: y\r\r"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].data, "y");
}

TEST(LlmSseTest, MultiLineDataJoinedWithNewline) {
  auto events = ParseAll({"data: line one\ndata:line two\ndata\n\n"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "line one\nline two\n");
}

TEST(LlmSseTest, CommentsAndUnknownFieldsIgnored) {
  auto events = ParseAll({": keep-alive\n\nretry: 100\nfoo: bar\nid: 7\ndata: ok\n\n"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "ok");
  EXPECT_EQ(events[0].id, "7");
}

TEST(LlmSseTest, EventSplitAcrossArbitraryChunks) {
  const std::string stream = "event: content_block_delta\r\ndata: {\"text\":\"Hel\"}\r\n\r\ndata: b\n\n";
  for (size_t cut = 1; cut < stream.size(); ++cut) {
    auto events = ParseAll({stream.substr(0, cut), stream.substr(cut)});
    ASSERT_EQ(events.size(), 2u) << "cut at " << cut;
    EXPECT_EQ(events[0].event, "content_block_delta");
    EXPECT_EQ(events[0].data, "{\"text\":\"Hel\"}");
    EXPECT_EQ(events[1].event, "") << "event names do not leak into the next event";
    EXPECT_EQ(events[1].data, "b");
  }
}

TEST(LlmSseTest, ByteAtATime) {
  const std::string stream = "\xEF\xBB\xBF" "data: 1\r\n\r\ndata: 2\n\n";
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  // A BOM split across chunks is not stripped; feed it whole, then bytes.
  bytes.erase(bytes.begin(), bytes.begin() + 3);
  bytes.insert(bytes.begin(), "\xEF\xBB\xBF");
  auto events = ParseAll(bytes);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].data, "1");
  EXPECT_EQ(events[1].data, "2");
}

TEST(LlmSseTest, UnterminatedEventIsNotDispatched) {
  std::vector<SseEvent> out;
  SseParser parser([&](const SseEvent& ev) { out.push_back(ev); });
  parser.Feed("data: whole\n\ndata: {\"partial\":");
  EXPECT_EQ(out.size(), 1u);
  EXPECT_TRUE(parser.HasPartialEvent());
}

TEST(LlmSseTest, EventWithoutDataIsNotDispatched) {
  auto events = ParseAll({"event: ping\n\n"});
  EXPECT_TRUE(events.empty());
}

}  // namespace
}  // namespace kf::llm
