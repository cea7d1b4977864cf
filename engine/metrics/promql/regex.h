// Regular expressions with Prometheus's (RE2) syntax, run on std::regex.
//
// Patterns are fully anchored, as Prometheus anchors label matchers and
// label_replace. The RE2 syntax is translated to ECMAScript: inline flags
// (?i) and (?i:...) become case-folded character sets, (?s) makes '.' match
// newlines, (?P<name>...) becomes a numbered group (names kept for $name),
// \A and \z become ^ and $. Constructs without an ECMAScript equivalent
// (\p{..} classes, \Q..\E, (?U), possessive forms) fail with Unimplemented.
// Differences that remain: std::regex uses backtracking (no RE2 linear-time
// guarantee) and ECMAScript's leftmost-first alternation, which RE2 also uses
// for Go's regexp (not POSIX leftmost-longest), so matches agree.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace kf::promql {

struct Regex {
  std::regex re;
  // group_names[i] is the name of capture group i+1, "" when unnamed.
  std::vector<std::string> group_names;
  std::string source;
};

// Compiles `pattern` anchored at both ends. Errors are InvalidArgument
// ("error parsing regexp: ...") or Unimplemented. Never throws.
Result<std::shared_ptr<const Regex>> CompileRegex(const std::string& pattern);

// Whole-string match; fills `groups` (group 0 is the whole match) when given.
bool RegexFullMatch(const Regex& re, const std::string& s,
                    std::vector<std::string>* groups = nullptr);

// Go's regexp.Expand for a full match: $1, ${1}, $name, ${name}; $$ is '$'.
std::string RegexExpand(const Regex& re, const std::string& templ,
                        const std::vector<std::string>& groups);

}  // namespace kf::promql
