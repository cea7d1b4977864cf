#include "engine/replay/replay_session.h"

#include <algorithm>
#include <utility>

#include "engine/agent/loop.h"
#include "engine/agent/recording_decode.h"
#include "engine/tools/mutation_preview.h"

namespace kf::replay {

namespace {

Json ResultJson(const ToolResult& r) {
  return Json{{"command", r.command}, {"text", r.text}, {"structured", r.structured}, {"is_error", r.is_error}};
}

ToolResult ErrorResult(const std::string& text) {
  ToolResult r;
  r.text = text;
  r.is_error = true;
  return r;
}

}  // namespace

ReplaySession::ReplaySession(RecordedRun& recorded, SessionOptions options)
    : recorded_(recorded), options_(options), prefix_(std::min(options.prefix, recorded.events.size())) {}

const recorder::StoredEvent* ReplaySession::NextRecorded() const {
  const size_t index = static_cast<size_t>(last_seq_);  // events[i] has seq i + 1
  return index < prefix_ ? &recorded_.events[index] : nullptr;
}

void ReplaySession::Diverge(const recorder::StoredEvent* recorded, const std::string& replayed_type,
                            const Json& replayed, const std::string& note, const Json* recorded_payload) {
  if (divergence_) return;
  Divergence d;
  d.seq = recorded ? recorded->seq : last_seq_ + 1;
  d.step = recorded ? recorded->step : last_step_;
  d.phase = recorded ? recorded->phase : last_phase_;
  if (recorded) {
    d.recorded_type = recorded->type;
    d.recorded = recorded_payload ? *recorded_payload : ComparableRecorded(recorded->type, recorded->payload);
  }
  d.replayed_type = replayed_type;
  d.replayed = replayed;
  d.note = note;
  divergence_ = std::move(d);
}

bool ReplaySession::Matches(const agent::RunEvent& event, const std::string& type,
                            const recorder::StoredEvent& rec) const {
  if (rec.type != type) return false;
  if (handed_out_ && handed_out_->seq == event.seq) {
    const auto* returned = std::get_if<agent::ToolReturned>(&event.body);
    return returned != nullptr && JsonFingerprint(returned->result.structured) == handed_out_->fingerprint &&
           EqualIgnoringVolatileExceptStructured(rec.payload, event);
  }
  return EqualIgnoringVolatile(rec.payload, event);
}

Json ReplaySession::RecordedPayload(const recorder::StoredEvent& rec, const agent::RunEvent& event,
                                    std::string* note) const {
  Json payload = rec.payload;
  if (!handed_out_ || handed_out_->seq != rec.seq) return payload;
  const auto* returned = std::get_if<agent::ToolReturned>(&event.body);
  if (returned != nullptr && JsonFingerprint(returned->result.structured) == handed_out_->fingerprint) {
    payload["structured"] = returned->result.structured;
  } else {
    *note = "the engine changed the recorded tool result it was handed before emitting it "
            "(its structured result is not the one recorded)";
  }
  return payload;
}

void ReplaySession::OnEvent(const agent::RunEvent& event) {
  const std::string type = agent::EventTypeName(event);
  if (divergence_) return;
  if (static_cast<size_t>(event.seq) <= prefix_) {
    const recorder::StoredEvent& rec = recorded_.events[static_cast<size_t>(event.seq) - 1];
    ++compared_;
    // Copying and redacting are the costly part: an event equal to the
    // (redacted) recording as it stands has nothing to redact.
    if (!Matches(event, type, rec)) {
      std::string note;
      const Json want = ComparableRecorded(rec.type, RecordedPayload(rec, event, &note));
      const Json asked = Comparable(type, agent::ToJson(event));
      if (rec.type != type || !SamePayload(want, asked) || !note.empty()) {
        last_seq_ = event.seq - 1;
        Diverge(&rec, type, asked, note, &want);
        return;
      }
    }
  } else if (!options_.live_after_prefix) {
    last_seq_ = event.seq - 1;
    Diverge(nullptr, type, Comparable(type, agent::ToJson(event)),
            "the recording ends after event " + std::to_string(prefix_) + "; the replay went on");
    return;
  } else {
    live_ = true;
  }
  last_seq_ = event.seq;
  last_step_ = event.step;
  last_phase_ = agent::PhaseName(event.phase);
}

ToolResult ReplaySession::RunLive(const agent::ToolCall& call, bool by_engine, const ToolContext& ctx) {
  live_ = true;
  if (options_.tools == ToolSource::kRecorded && !options_.cluster_after_prefix) {
    return ErrorResult("replay has no cluster: " + call.name + " has no recorded result");
  }
  const Tool* tool = options_.catalog->Find(call.name);
  const bool mutating = tool != nullptr && !tool->annotations().read_only;
  // The call itself is the last recorded event: recorded, never answered.
  const bool intent_recorded = by_engine && static_cast<size_t>(last_seq_) == prefix_ && prefix_ > 0 &&
                               recorded_.events[prefix_ - 1].type == "tool_call";
  if (mutating && intent_recorded) {
    Result<MutationPreview> preview = PreviewMutation(call.name, call.args, ctx);
    if (preview.ok() && preview->no_op) {
      ++not_repeated_;
      ToolResult r;
      r.command = preview->command;
      r.text = "not executed again: the cluster already shows this change (" + preview->action +
               "); the interrupted run applied it before its result was recorded\n";
      r.structured = Json{{"not_repeated", true}};
      return r;
    }
  }
  return options_.catalog->Invoke(call.name, call.args, ctx);
}

ToolResult ReplaySession::Invoke(const agent::ToolCall& call, bool by_engine, const ToolContext& ctx) {
  if (divergence_) return ErrorResult("replay stopped: it diverged from the recording");
  const recorder::StoredEvent* next = NextRecorded();
  if (next == nullptr || next->type != "tool_result") {
    if (options_.live_after_prefix && next == nullptr) return RunLive(call, by_engine, ctx);
    Diverge(next, "tool_result", nullptr,
            next == nullptr ? "the recording has no result for " + call.name
                            : "the recording continues with a " + next->type + " event, not a tool result");
    return ErrorResult("replay diverged: no recorded result for " + call.name);
  }
  Result<ToolResult> recorded = TakeRecordedResult(recorded_.events[static_cast<size_t>(last_seq_)]);
  if (!recorded.ok()) {
    Diverge(next, "tool_result", nullptr, "unreadable recorded result: " + recorded.status().message());
    return ErrorResult(recorded.status().message());
  }
  if (options_.tools == ToolSource::kRecorded) {
    if (options_.replay_clock && next->virtual_time > options_.replay_clock->Now()) {
      options_.replay_clock->AdvanceTo(next->virtual_time);
    }
    return std::move(*recorded);
  }
  ToolResult simulated = options_.catalog->Invoke(call.name, call.args, ctx);
  const Json want = Comparable("tool_result", ResultJson(*recorded));
  const Json got = Comparable("tool_result", ResultJson(simulated));
  if (CanonicalJson(want) != CanonicalJson(got)) {
    drifts_.push_back(Drift{next->seq, next->step, call.name, DiffJson(want, got)});
    if (options_.drift_is_divergence) {
      Diverge(next, "tool_result", got, "the simulator's answer differs from the recorded one");
    }
  }
  return std::move(*recorded);
}

Result<ToolResult> ReplaySession::TakeRecordedResult(recorder::StoredEvent& next) {
  Json structured;
  Json* slot = nullptr;
  if (next.payload.is_object()) {
    if (auto it = next.payload.find("structured"); it != next.payload.end()) slot = &*it;
  }
  if (slot != nullptr) structured = std::move(*slot);  // leaves null behind
  Result<ToolResult> result = agent::ToolResultFromEventJson(next.payload);
  if (!result.ok()) {
    if (slot != nullptr) *slot = std::move(structured);
    return result;
  }
  result->structured = std::move(structured);
  handed_out_ = HandedOut{next.seq, JsonFingerprint(result->structured)};
  return result;
}

agent::Decision ReplaySession::Decide(const agent::Proposal& proposal) {
  agent::Decision stop;
  stop.kind = agent::Decision::Kind::kDefer;
  stop.decided_by = "replay";
  if (divergence_) {
    stop.reason = "replay diverged";
    return stop;
  }
  const recorder::StoredEvent* next = NextRecorded();
  if (next != nullptr && next->type == "decision" && next->payload.contains("decision")) {
    Result<agent::Decision> d = agent::DecisionFromJson(next->payload["decision"]);
    if (d.ok()) return *d;
    Diverge(next, "decision", nullptr, "unreadable recorded decision: " + d.status().message());
    stop.reason = "replay diverged";
    return stop;
  }
  if (next == nullptr && options_.live_after_prefix && options_.live_gate) {
    live_ = true;
    return options_.live_gate->Decide(proposal);
  }
  Diverge(next, "decision", nullptr, "the recording has no decision for this approval request");
  stop.reason = "replay diverged";
  return stop;
}

Status ReplaySession::Preview(agent::Option* option, const ToolContext& ctx) {
  if (options_.tools == ToolSource::kSimulate) return agent::DefaultPreview(option, ctx);
  for (size_t i = static_cast<size_t>(last_seq_); i < prefix_; ++i) {
    const recorder::StoredEvent& e = recorded_.events[i];
    if (e.type != "approval_request") continue;
    const Json& options = e.payload.contains("proposal") ? e.payload["proposal"].value("options", Json::array())
                                                         : Json::array();
    for (const Json& o : options) {
      Result<agent::Option> rec = agent::OptionFromJson(o);
      if (!rec.ok() || !(rec->call == option->call)) continue;
      option->action = rec->action;
      option->target_kind = rec->target_kind;
      option->target_name = rec->target_name;
      option->ns = rec->ns;
      option->changes = rec->changes;
      option->consequence = rec->consequence;
      return Status::Ok();
    }
    break;
  }
  if (options_.cluster_after_prefix && NextRecorded() == nullptr) return agent::DefaultPreview(option, ctx);
  return FailedPrecondition("replay has no recorded preview of " + option->call.name);
}

Status ReplaySession::Interrupt() const {
  if (!divergence_) return Status::Ok();
  return FailedPrecondition("replay diverged at event " + std::to_string(divergence_->seq));
}

void ReplaySession::Finish() {
  if (divergence_ || options_.live_after_prefix) return;
  if (static_cast<size_t>(last_seq_) < prefix_) {
    Diverge(&recorded_.events[static_cast<size_t>(last_seq_)], "", nullptr,
            "the replay ended; the recording goes on");
  }
}

}  // namespace kf::replay
