#include "engine/agent/transcript_printer.h"

#include <ostream>

#include "engine/core/duration.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

std::string Scalar(const Json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    // Quote what YAML would read as something else (numbers, quantities).
    bool plain = !s.empty() && s.find_first_of(":#{}[],&*!|>'\"%@`") == std::string::npos &&
                 !(s[0] >= '0' && s[0] <= '9') && s != "true" && s != "false" && s != "null";
    return plain ? s : v.dump();
  }
  return v.dump();
}

void Yaml(const Json& v, int indent, std::string* out) {
  const std::string pad(indent, ' ');
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      if ((child.is_object() || child.is_array()) && !child.empty()) {
        *out += pad + k + ":\n";
        Yaml(child, indent + 2, out);
      } else {
        *out += pad + k + ": " + Scalar(child) + "\n";
      }
    }
  } else if (v.is_array()) {
    for (const Json& item : v) {
      if ((item.is_object() || item.is_array()) && !item.empty()) {
        std::string sub;
        Yaml(item, indent + 2, &sub);
        sub.replace(indent, 2, "- ");  // first line of the item gets the dash
        *out += sub;
      } else {
        *out += pad + "- " + Scalar(item) + "\n";
      }
    }
  } else {
    *out += pad + Scalar(v) + "\n";
  }
}

std::string EndLine(const std::string& s) {
  if (s.empty() || s.back() == '\n') return s;
  return s + "\n";
}

std::string Steps(const std::vector<int>& steps) {
  std::vector<std::string> parts;
  for (int s : steps) parts.push_back(std::to_string(s));
  if (parts.empty()) return "";
  return std::string(parts.size() == 1 ? " (step " : " (steps ") + Join(parts, ", ") + ")";
}

void PrintOption(std::ostream& out, const Option& o, int index) {
  out << "Option " << index << (index == 1 ? " (recommended)" : "") << ": " << o.title << "\n";
  out << "  Action: " << o.action << "\n  Change:\n";
  for (const FieldChange& f : o.changes) out << "    " << RenderFieldChange(f) << "\n";
  if (o.changes.empty()) out << "    (no field changes)\n";
  if (!o.consequence.empty()) out << "  " << o.consequence << "\n";
}

struct Printer {
  std::ostream& out;
  const RunEvent& e;
  TranscriptPrinter::ModelTotals& totals;

  void operator()(const RunStarted& b) {
    out << "kubeflight run " << b.scenario << " (seed " << b.seed << ", agent " << b.agent << ")\n";
    out << "Alert at " << FormatRfc3339(e.time) << "\n";
    out << "Request: \"" << b.prompt << "\"\n";
  }
  void operator()(const PhaseChanged& b) {
    out << "\n=== " << PhaseName(b.to);
    if (e.iteration > 1) out << " (iteration " << e.iteration << ")";
    out << " · " << FormatRfc3339(e.time) << " ===\n";
    if (!b.initial && !b.reason.empty()) out << "(" << b.reason << ")\n";
  }
  void operator()(const ToolCalled& b) {
    if (b.by_engine) {
      out << "\nTool: " << b.call.name << "\nParameters:\n" << RenderYamlBlock(b.call.args, 2);
    } else {
      out << "\nStep " << e.step << ": " << b.call.name << "\n";
    }
  }
  void operator()(const ToolReturned& b) {
    if (!b.result.command.empty()) out << "$ " << b.result.command << "\n";
    out << EndLine(b.result.text);
  }
  void operator()(const ActionRefused& b) {
    out << "\nRefused (step " << e.step << "): " << b.action << ": " << b.reason << "\n";
  }
  void operator()(const AssessmentMade& b) {
    const Assessment& a = b.assessment;
    out << "\nThe Agent's Assessment\n";
    out << "Root Cause: " << a.root_cause.summary << "\n";
    if (!a.impact.empty()) out << "Impact: " << a.impact << "\n";
    if (!a.evidence.empty()) out << "Evidence:\n";
    for (const EvidenceItem& ev : a.evidence) {
      out << "  - " << ev.summary << " (step " << ev.step << ")\n";
    }
    for (size_t i = 0; i < a.options.size(); ++i) {
      const Option& o = a.options[i];
      out << (i == 0 ? "Recommended Action: " : "Alternative: ") << o.title;
      if (!o.rationale.empty()) out << ". " << o.rationale;
      out << "\n";
    }
  }
  void operator()(const ApprovalRequested& b) {
    out << "\nApproval Request:\n";
    for (size_t i = 0; i < b.proposal.options.size(); ++i) {
      PrintOption(out, b.proposal.options[i], static_cast<int>(i) + 1);
    }
  }
  void operator()(const DecisionMade& b) {
    const Decision& d = b.decision;
    switch (d.kind) {
      case Decision::Kind::kApprove:
        out << "Decision: approved option " << d.option << " (" << d.decided_by << ")\n";
        break;
      case Decision::Kind::kDeny:
        out << "Decision: denied (" << d.decided_by << "): " << d.reason << "\n";
        break;
      case Decision::Kind::kDefer:
        out << "Decision: deferred (" << d.decided_by << "): " << d.reason << "\n";
        break;
    }
  }
  void operator()(const CheckDone& b) {
    out << "Check " << b.check.name << ": " << (b.check.passed ? "PASS" : "FAIL") << " - "
        << b.check.evidence << Steps(b.check.steps) << "\n";
  }
  void operator()(const VerdictReached& b) {
    out << "\nVerification: " << (b.verification.passed ? "PASSED" : "FAILED") << "\n";
    for (const std::string& h : b.verification.highlights) out << "- " << h << "\n";
    if (!b.verification.passed && !b.verification.summary.empty()) {
      out << "Learned: " << b.verification.summary << "\n";
    }
  }
  void operator()(const ReportMade& b) {
    const Report& r = b.report;
    if (!r.root_cause.empty()) {
      out << "Root cause: " << r.root_cause;
      if (!r.change.empty() && r.outcome == RunOutcome::kPassed) out << " Applied: " << r.change << ".";
      out << "\n";
    }
    if (!r.follow_up.empty() && r.outcome == RunOutcome::kPassed) {
      out << "Recommendation: " << r.follow_up << "\n";
    }
    out << "Outcome: " << RunOutcomeName(r.outcome) << " - " << r.message << "\n";
    if (totals.exchanges > 0) {
      out << StrFormat("Model usage: %d exchanges, %lld input + %lld output tokens, ", totals.exchanges,
                       static_cast<long long>(totals.input_tokens), static_cast<long long>(totals.output_tokens))
          << RenderCost(totals.cost_usd, totals.cost_usd > 0 || !totals.unpriced, totals.unpriced) << "\n";
    }
  }
  void operator()(const ModelExchanged& b) {
    ++totals.exchanges;
    totals.input_tokens += b.input_tokens;
    totals.output_tokens += b.output_tokens;
    totals.cost_usd += b.cost_usd;
    totals.unpriced = totals.unpriced || !b.priced;
    if (!b.error.ok()) {
      out << StrFormat("(model %s: failed after %s: %s)\n", b.model.c_str(), FormatDuration(b.latency_ms).c_str(),
                       b.error.message().c_str());
      return;
    }
    out << StrFormat("(model %s: %lld in + %lld out tokens, ", b.model.c_str(),
                     static_cast<long long>(b.input_tokens), static_cast<long long>(b.output_tokens))
        << RenderCost(b.cost_usd, b.priced, !b.priced);
    if (b.attempts > 1) out << StrFormat(", %d attempts", b.attempts);
    if (b.latency_ms > 0) out << ", " << FormatDuration(b.latency_ms);
    out << ")\n";
  }
  void operator()(const RunError& b) { out << "Error: " << b.status.ToString() << "\n"; }
};

}  // namespace

std::string RenderCost(double usd, bool any_priced, bool any_unpriced) {
  if (!any_priced) return "cost unknown";
  std::string cost = StrFormat("$%.4f", usd);
  if (any_unpriced) return "at least " + cost + " (some exchanges unpriced)";
  return cost;
}

std::string RenderYamlBlock(const Json& value, int indent) {
  std::string out;
  Yaml(value, indent, &out);
  return out;
}

std::string RenderFieldChange(const FieldChange& change) {
  std::string before = change.before.empty() ? "<none>" : change.before;
  std::string after = change.after.empty() ? "<none>" : change.after;
  return change.path + ": " + before + " → " + after;
}

void TranscriptPrinter::OnEvent(const RunEvent& event) {
  std::visit(Printer{out_, event, totals_}, event.body);
  out_.flush();
}

}  // namespace kf::agent
