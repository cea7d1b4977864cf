// Label selectors: a port of apimachinery pkg/labels/selector.go (lexer,
// parser, NewRequirement validation) so that errors read as the API server's.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "engine/sim/selector.h"
#include "engine/sim/selector_validation.h"

namespace kf {
namespace {

using Op = LabelRequirement::Op;

enum class Tok {
  kError, kEnd, kClosePar, kComma, kNot, kDoubleEquals, kEquals, kGreater, kIdentifier,
  kIn, kLess, kNotEquals, kNotIn, kOpenPar,
};

struct Item {
  Tok tok;
  std::string lit;
};

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsSpecial(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

bool KeywordToken(const std::string& s, Tok* tok) {
  static const std::pair<const char*, Tok> kTokens[] = {
      {")", Tok::kClosePar}, {",", Tok::kComma},     {"!", Tok::kNot},       {"==", Tok::kDoubleEquals},
      {"=", Tok::kEquals},   {">", Tok::kGreater},   {"in", Tok::kIn},       {"<", Tok::kLess},
      {"!=", Tok::kNotEquals}, {"notin", Tok::kNotIn}, {"(", Tok::kOpenPar},
  };
  for (const auto& [text, t] : kTokens) {
    if (s == text) {
      *tok = t;
      return true;
    }
  }
  return false;
}

std::vector<Item> Lex(const std::string& s) {
  std::vector<Item> items;
  size_t pos = 0;
  while (true) {
    while (pos < s.size() && IsWhitespace(s[pos])) ++pos;
    if (pos >= s.size()) {
      items.push_back({Tok::kEnd, ""});
      return items;
    }
    std::string buffer;
    if (IsSpecial(s[pos])) {
      Item last{Tok::kError, ""};
      while (pos < s.size() && IsSpecial(s[pos])) {
        buffer += s[pos];
        Tok t;
        if (KeywordToken(buffer, &t)) {
          last = {t, buffer};
          ++pos;
        } else if (last.tok != Tok::kError) {
          break;
        } else {
          ++pos;
        }
      }
      if (last.tok == Tok::kError) last.lit = "error expected: keyword found '" + buffer + "'";
      items.push_back(last);
      continue;
    }
    while (pos < s.size() && !IsSpecial(s[pos]) && !IsWhitespace(s[pos])) buffer += s[pos++];
    Tok t;
    items.push_back(KeywordToken(buffer, &t) ? Item{t, buffer} : Item{Tok::kIdentifier, buffer});
  }
}

class Parser {
 public:
  explicit Parser(const std::string& text) : items_(Lex(text)) {}

  Result<std::vector<LabelRequirement>> Parse() {
    std::vector<LabelRequirement> reqs;
    while (true) {
      const Item look = Lookahead(true);
      if (look.tok == Tok::kIdentifier || look.tok == Tok::kNot) {
        std::string err;
        auto req = ParseRequirement(&err);
        if (!req) return InvalidArgument("unable to parse requirement: " + err);
        reqs.push_back(std::move(*req));
        const Item next = Consume(true);
        if (next.tok == Tok::kEnd) return reqs;
        if (next.tok != Tok::kComma) {
          return InvalidArgument("found '" + next.lit + "', expected: ',' or 'end of string'");
        }
        const Item after = Lookahead(true);
        if (after.tok != Tok::kIdentifier && after.tok != Tok::kNot) {
          return InvalidArgument("found '" + after.lit + "', expected: identifier after ','");
        }
      } else if (look.tok == Tok::kEnd) {
        return reqs;
      } else {
        return InvalidArgument("found '" + look.lit +
                               "', expected: !, identifier, or 'end of string'");
      }
    }
  }

 private:
  // In the values context "in" and "notin" are plain identifiers.
  Item Lookahead(bool values) const { return Context(items_[pos_], values); }
  Item Consume(bool values) {
    Item it = Context(items_[pos_], values);
    if (pos_ + 1 < items_.size()) ++pos_;
    return it;
  }
  static Item Context(Item it, bool values) {
    if (values && (it.tok == Tok::kIn || it.tok == Tok::kNotIn)) it.tok = Tok::kIdentifier;
    return it;
  }

  std::optional<LabelRequirement> ParseRequirement(std::string* err) {
    LabelRequirement req;
    bool not_exists = false;
    Item it = Consume(true);
    if (it.tok == Tok::kNot) {
      not_exists = true;
      it = Consume(true);
    }
    if (it.tok != Tok::kIdentifier) {
      *err = "found '" + it.lit + "', expected: identifier";
      return std::nullopt;
    }
    if (std::string e = ValidateLabelKey(it.lit, "<nil>"); !e.empty()) {
      *err = e;
      return std::nullopt;
    }
    req.key = it.lit;
    const Tok next = Lookahead(true).tok;
    if (not_exists || next == Tok::kEnd || next == Tok::kComma) {
      req.op = not_exists ? Op::kDoesNotExist : Op::kExists;
      return FinishRequirement(std::move(req), err);
    }
    const Item op = Consume(false);
    switch (op.tok) {
      case Tok::kIn: req.op = Op::kIn; break;
      case Tok::kNotIn: req.op = Op::kNotIn; break;
      case Tok::kEquals: req.op = Op::kEquals; break;
      case Tok::kDoubleEquals: req.op = Op::kDoubleEquals; break;
      case Tok::kNotEquals: req.op = Op::kNotEquals; break;
      case Tok::kGreater: req.op = Op::kGreaterThan; break;
      case Tok::kLess: req.op = Op::kLessThan; break;
      default:
        *err = "found '" + op.lit + "', expected: in, notin, =, ==, !=, gt, lt";
        return std::nullopt;
    }
    std::set<std::string> values;
    const bool ok = (req.op == Op::kIn || req.op == Op::kNotIn) ? ParseValues(&values, err)
                                                                  : ParseExactValue(&values, err);
    if (!ok) return std::nullopt;
    req.values.assign(values.begin(), values.end());
    return FinishRequirement(std::move(req), err);
  }

  static std::optional<LabelRequirement> FinishRequirement(LabelRequirement req, std::string* err) {
    if (std::string e = ValidateRequirement(req, ""); !e.empty()) {
      *err = e;
      return std::nullopt;
    }
    return req;
  }

  bool ParseValues(std::set<std::string>* out, std::string* err) {
    Item it = Consume(true);
    if (it.tok != Tok::kOpenPar) {
      *err = "found '" + it.lit + "' expected: '('";
      return false;
    }
    it = Lookahead(true);
    if (it.tok == Tok::kClosePar) {
      Consume(true);
      out->insert("");
      return true;
    }
    if (it.tok != Tok::kIdentifier && it.tok != Tok::kComma) {
      *err = "found '" + it.lit + "', expected: ',', ')' or identifier";
      return false;
    }
    if (!ParseIdentifiersList(out, err)) return false;
    if (Consume(true).tok != Tok::kClosePar) {
      *err = "found '" + it.lit + "', expected: ')'";
      return false;
    }
    return true;
  }

  bool ParseIdentifiersList(std::set<std::string>* out, std::string* err) {
    while (true) {
      const Item it = Consume(true);
      if (it.tok == Tok::kIdentifier) {
        out->insert(it.lit);
        const Item next = Lookahead(true);
        if (next.tok == Tok::kComma) continue;
        if (next.tok == Tok::kClosePar) return true;
        *err = "found '" + next.lit + "', expected: ',' or ')'";
        return false;
      }
      if (it.tok == Tok::kComma) {
        if (out->empty()) out->insert("");
        const Tok next = Lookahead(true).tok;
        if (next == Tok::kClosePar) {
          out->insert("");
          return true;
        }
        if (next == Tok::kComma) {
          Consume(true);
          out->insert("");
        }
        continue;
      }
      *err = "found '" + it.lit + "', expected: ',', or identifier";
      return false;
    }
  }

  bool ParseExactValue(std::set<std::string>* out, std::string* err) {
    const Tok next = Lookahead(true).tok;
    if (next == Tok::kEnd || next == Tok::kComma) {
      out->insert("");
      return true;
    }
    const Item it = Consume(true);
    if (it.tok == Tok::kIdentifier) {
      out->insert(it.lit);
      return true;
    }
    *err = "found '" + it.lit + "', expected: identifier";
    return false;
  }

  std::vector<Item> items_;
  size_t pos_ = 0;
};

const std::string* LabelValue(const Json& labels, const std::string& key, std::string* scratch) {
  if (!labels.is_object()) return nullptr;
  auto it = labels.find(key);
  if (it == labels.end()) return nullptr;
  if (it->is_string()) return it->get_ptr<const std::string*>();
  *scratch = it->dump();
  return scratch;
}

bool ParseInt(const std::string& s, long long* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtoll(s.c_str(), &end, 10);
  return end != nullptr && *end == '\0';
}

}  // namespace

bool LabelRequirement::Matches(const Json& labels) const {
  std::string scratch;
  const std::string* value = LabelValue(labels, key, &scratch);
  const bool has_value =
      value != nullptr && std::find(values.begin(), values.end(), *value) != values.end();
  switch (op) {
    case Op::kEquals:
    case Op::kDoubleEquals:
    case Op::kIn:
      return has_value;
    case Op::kNotEquals:
    case Op::kNotIn:
      return !has_value;
    case Op::kExists:
      return value != nullptr;
    case Op::kDoesNotExist:
      return value == nullptr;
    case Op::kGreaterThan:
    case Op::kLessThan: {
      long long have = 0, want = 0;
      if (value == nullptr || values.size() != 1 || !ParseInt(*value, &have) ||
          !ParseInt(values[0], &want)) {
        return false;
      }
      return op == Op::kGreaterThan ? have > want : have < want;
    }
  }
  return false;
}

std::string LabelRequirement::ToString() const {
  std::string out = op == Op::kDoesNotExist ? "!" + key : key;
  switch (op) {
    case Op::kExists:
    case Op::kDoesNotExist: return out;
    case Op::kEquals: out += "="; break;
    case Op::kDoubleEquals: out += "=="; break;
    case Op::kNotEquals: out += "!="; break;
    case Op::kGreaterThan: out += ">"; break;
    case Op::kLessThan: out += "<"; break;
    case Op::kIn: out += " in ("; break;
    case Op::kNotIn: out += " notin ("; break;
  }
  std::vector<std::string> sorted = values;  // output order is sorted, as apimachinery's
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) out += (i > 0 ? "," : "") + sorted[i];
  if (op == Op::kIn || op == Op::kNotIn) out += ")";
  return out;
}

LabelSelector::LabelSelector(std::vector<LabelRequirement> requirements)
    : requirements_(std::move(requirements)) {
  std::stable_sort(requirements_.begin(), requirements_.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
}

LabelSelector LabelSelector::Nothing() {
  LabelSelector s;
  s.nothing_ = true;
  return s;
}

bool LabelSelector::Matches(const Json& labels_object) const {
  if (nothing_) return false;
  for (const LabelRequirement& r : requirements_) {
    if (!r.Matches(labels_object)) return false;
  }
  return true;
}

std::string LabelSelector::ToString() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    out += (i > 0 ? "," : "") + requirements_[i].ToString();
  }
  return out;
}

Result<LabelSelector> ParseLabelSelector(const std::string& text) {
  Parser parser(text);
  KF_ASSIGN_OR_RETURN(std::vector<LabelRequirement> reqs, parser.Parse());
  return LabelSelector(std::move(reqs));
}

}  // namespace kf
