// ReplaySession handing a recorded tool result to the loop: the structured
// result is moved out of the recording, and the event that follows must
// carry it unchanged.
#include <gtest/gtest.h>

#include "engine/core/clock.h"
#include "engine/replay/replay_session.h"
#include "engine/tools/tool.h"

namespace kf::replay {
namespace {

constexpr UnixMillis kStart = 1773152940000;  // 2026-03-10T14:29:00Z

agent::ToolCall ListPods() { return agent::ToolCall{"kubernetes.list_pods", {{"namespace", "production"}}}; }

ToolResult RecordedResult() {
  ToolResult r;
  r.command = "kubectl get pods -n production";
  r.text = "NAME READY STATUS\npayment-service-6b8f9d4c7-v5n1s 0/1 CrashLoopBackOff\n";
  r.structured = {{"items", {{{"metadata", {{"name", "payment-service-6b8f9d4c7-v5n1s"}}},
                              {"status", {{"phase", "Running"}, {"restarts", 5}}}}}}};
  return r;
}

agent::RunEvent Event(int seq, agent::RunEventBody body) {
  agent::RunEvent e;
  e.seq = seq;
  e.step = 1;
  e.time = kStart;
  e.body = std::move(body);
  return e;
}

// A recording of one tool call and its result, as the recorder stores them.
RecordedRun Recording() {
  RecordedRun run;
  for (const agent::RunEvent& e : {Event(1, agent::ToolCalled{ListPods(), false}),
                                   Event(2, agent::ToolReturned{ListPods(), RecordedResult()})}) {
    recorder::StoredEvent s;
    s.seq = e.seq;
    s.step = e.step;
    s.type = agent::EventTypeName(e);
    s.phase = "INVESTIGATE";
    s.virtual_time = e.time;
    s.payload = agent::ToJson(e);
    run.events.push_back(std::move(s));
  }
  return run;
}

class ReplaySessionTest : public ::testing::Test {
 protected:
  ReplaySessionTest() : session_(recording_, Options()) {}

  SessionOptions Options() {
    SessionOptions o;
    o.catalog = &ToolCatalog::Default();
    o.replay_clock = &clock_;
    return o;
  }

  // The loop's side: the call event, then the recorded result.
  ToolResult Call() {
    session_.OnEvent(Event(1, agent::ToolCalled{ListPods(), false}));
    return session_.Invoke(ListPods(), false, ToolContext{});
  }

  VirtualClock clock_{kStart};
  RecordedRun recording_ = Recording();
  ReplaySession session_;
};

TEST_F(ReplaySessionTest, TheRecordedResultIsHandedOverAndMatchesItsEvent) {
  ToolResult r = Call();
  EXPECT_EQ(r.command, RecordedResult().command);
  EXPECT_EQ(r.text, RecordedResult().text);
  EXPECT_EQ(r.structured, RecordedResult().structured);
  session_.OnEvent(Event(2, agent::ToolReturned{ListPods(), std::move(r)}));
  session_.Finish();
  EXPECT_FALSE(session_.divergence()) << session_.divergence()->Render();
  EXPECT_EQ(session_.events_compared(), 2);
}

TEST_F(ReplaySessionTest, AResultChangedBeforeItsEventIsADivergence) {
  ToolResult r = Call();
  r.structured["items"][0]["status"]["restarts"] = 6;
  session_.OnEvent(Event(2, agent::ToolReturned{ListPods(), std::move(r)}));
  ASSERT_TRUE(session_.divergence());
  EXPECT_EQ(session_.divergence()->seq, 2);
  EXPECT_EQ(session_.divergence()->note,
            "the engine changed the recorded tool result it was handed before emitting it "
            "(its structured result is not the one recorded)");
}

TEST_F(ReplaySessionTest, AChangedTextIsADivergenceWithItsDiff) {
  ToolResult r = Call();
  r.text = "truncated";
  session_.OnEvent(Event(2, agent::ToolReturned{ListPods(), std::move(r)}));
  ASSERT_TRUE(session_.divergence());
  const Divergence& d = *session_.divergence();
  EXPECT_EQ(d.note, "");
  // The recorded structured result is shown as recorded, so only the text
  // differs.
  EXPECT_EQ(d.recorded["structured"], RecordedResult().structured);
  EXPECT_EQ(DiffJson(d.recorded, d.replayed),
            std::vector<std::string>{"text: recorded \"NAME READY STATUS\\npayment-service-6b8f9d4c7-v5n1s 0/1 "
                                     "CrashLoopBackOff\\n\", replayed \"truncated\""});
}

}  // namespace
}  // namespace kf::replay
