#include "engine/eval/report.h"

#include "engine/core/duration.h"
#include "engine/core/strings.h"

namespace kf::eval {

namespace {

struct Counts {
  int cases = 0, passed = 0, diagnosis = 0, mitigation = 0, honesty = 0, safety = 0;
};

Counts Count(const std::vector<CaseResult>& results) {
  Counts c;
  for (const CaseResult& r : results) {
    ++c.cases;
    c.passed += r.passed() ? 1 : 0;
    if (!r.error.ok()) continue;
    c.diagnosis += r.score.diagnosis.passed ? 1 : 0;
    c.mitigation += r.score.mitigation.passed ? 1 : 0;
    c.honesty += r.score.honesty.passed ? 1 : 0;
    c.safety += r.score.safety.passed ? 1 : 0;
  }
  return c;
}

std::string CaseName(const CaseResult& r, bool repeats) {
  std::string name = r.scenario.empty() ? r.path : r.scenario;
  return repeats ? name + " #" + std::to_string(r.repeat) : name;
}

bool HasRepeats(const std::vector<CaseResult>& results) {
  for (const CaseResult& r : results) {
    if (r.repeat > 1) return true;
  }
  return false;
}

const char* Mark(bool ok) { return ok ? "ok" : "FAIL"; }

std::string Fraction(int a, int b) { return std::to_string(a) + "/" + std::to_string(b); }

}  // namespace

std::string SummaryLine(const std::vector<CaseResult>& results, double wall_ms) {
  const Counts c = Count(results);
  const double secs = wall_ms / 1000.0;
  return Fraction(c.passed, c.cases) + " scenario runs passed (diagnosis " + Fraction(c.diagnosis, c.cases) +
         ", mitigation " + Fraction(c.mitigation, c.cases) + ", honesty " + Fraction(c.honesty, c.cases) +
         ", safety " + Fraction(c.safety, c.cases) + ") in " + StrFormat("%.2fs", secs) +
         (secs > 0 ? StrFormat(", %.1f runs/s", c.cases / secs) : std::string());
}

void PrintTable(const std::vector<CaseResult>& results, double wall_ms, std::ostream& out) {
  const bool repeats = HasRepeats(results);
  std::vector<std::vector<std::string>> rows = {
      {"SCENARIO", "RESULT", "DIAGNOSIS", "MITIGATION", "HONESTY", "SAFETY", "STEPS", "CALLS", "VTIME", "WALL"}};
  for (const CaseResult& r : results) {
    if (!r.error.ok()) {
      rows.push_back({CaseName(r, repeats), "ERROR", "-", "-", "-", "-", "-", "-", "-", "-"});
      continue;
    }
    const Score& s = r.score;
    rows.push_back({CaseName(r, repeats), r.passed() ? "PASS" : "FAIL", Mark(s.diagnosis.passed),
                    Mark(s.mitigation.passed), Mark(s.honesty.passed), Mark(s.safety.passed),
                    std::to_string(s.efficiency.steps), std::to_string(s.efficiency.tool_calls),
                    FormatDuration(s.efficiency.virtual_time), StrFormat("%.0fms", r.wall_ms)});
  }
  out << FormatTable(rows);
  for (const CaseResult& r : results) {
    if (r.passed()) continue;
    out << "\n" << CaseName(r, repeats) << ":\n";
    if (!r.error.ok()) {
      out << "  error: " << r.error.message() << "\n";
      continue;
    }
    for (const Dimension* d : {&r.score.diagnosis, &r.score.mitigation, &r.score.honesty, &r.score.safety}) {
      if (!d->passed) out << "  " << d->detail << "\n";
    }
    for (const std::string& f : r.score.findings) out << "  " << f << "\n";
  }
  out << "\n" << SummaryLine(results, wall_ms) << "\n";
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += ch;
    }
  }
  return out;
}

void WriteJUnit(const std::vector<CaseResult>& results, double wall_ms, std::ostream& out) {
  const Counts c = Count(results);
  int errors = 0;
  for (const CaseResult& r : results) errors += r.error.ok() ? 0 : 1;
  const bool repeats = HasRepeats(results);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"kubeflight eval\" tests=\"" << c.cases << "\" failures=\""
      << (c.cases - c.passed - errors) << "\" errors=\"" << errors << "\" time=\""
      << StrFormat("%.3f", wall_ms / 1000.0) << "\">\n";
  out << "  <testsuite name=\"kubeflight eval\" tests=\"" << c.cases << "\" failures=\""
      << (c.cases - c.passed - errors) << "\" errors=\"" << errors << "\" time=\""
      << StrFormat("%.3f", wall_ms / 1000.0) << "\">\n";
  for (const CaseResult& r : results) {
    out << "    <testcase classname=\"kubeflight.eval\" name=\"" << XmlEscape(CaseName(r, repeats))
        << "\" time=\"" << StrFormat("%.3f", r.wall_ms / 1000.0) << "\"";
    if (r.passed() && r.run_id.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (!r.error.ok()) {
      out << "      <error message=\"" << XmlEscape(r.error.message()) << "\"/>\n";
    } else if (!r.passed()) {
      std::vector<std::string> failed;
      std::string body;
      const std::pair<const char*, const Dimension*> dims[] = {{"diagnosis", &r.score.diagnosis},
                                                                {"mitigation", &r.score.mitigation},
                                                                {"honesty", &r.score.honesty},
                                                                {"safety", &r.score.safety}};
      for (const auto& [name, d] : dims) {
        if (d->passed) continue;
        failed.push_back(name);
        body += std::string(name) + ": " + d->detail + "\n";
      }
      for (const std::string& f : r.score.findings) body += f + "\n";
      out << "      <failure message=\"" << XmlEscape("failed: " + Join(failed, ", ")) << "\" type=\"eval\">"
          << XmlEscape(body) << "</failure>\n";
    }
    if (!r.run_id.empty()) {
      out << "      <properties><property name=\"run_id\" value=\"" << XmlEscape(r.run_id)
          << "\"/></properties>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

Json ResultsJson(const std::vector<CaseResult>& results, double wall_ms) {
  const Counts c = Count(results);
  Json list = Json::array();
  for (const CaseResult& r : results) {
    Json j = r.error.ok() ? ToJson(r.score) : Json::object();
    j["scenario"] = r.scenario;
    j["path"] = r.path;
    j["repeat"] = r.repeat;
    j["seed"] = r.seed;
    j["run_id"] = r.run_id;
    j["outcome"] = r.outcome;
    j["passed"] = r.passed();
    j["error"] = r.error.ok() ? Json(nullptr) : Json(r.error.message());
    j["wall_ms"] = r.wall_ms;
    list.push_back(std::move(j));
  }
  Json summary = {{"cases", c.cases},
                  {"passed", c.passed},
                  {"failed", c.cases - c.passed},
                  {"dimensions",
                   {{"diagnosis", c.diagnosis}, {"mitigation", c.mitigation}, {"honesty", c.honesty}, {"safety", c.safety}}},
                  {"wall_ms", wall_ms}};
  return {{"summary", summary}, {"results", list}};
}

}  // namespace kf::eval
