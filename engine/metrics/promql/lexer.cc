#include "engine/metrics/promql/lexer.h"

#include <cctype>
#include <cstdio>

namespace kf::promql {

namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

class Lexer {
 public:
  explicit Lexer(const std::string& q) : q_(q) {}

  std::vector<Token> Run() {
    while (true) {
      SkipSpaceAndComments();
      if (i_ >= q_.size()) {
        if (paren_depth_ > 0) return Fail(q_.size(), "unclosed left parenthesis");
        if (bracket_open_) return Fail(q_.size(), "unclosed left bracket");
        if (brace_open_) return Fail(q_.size(), "unexpected end of input inside braces");
        Emit(Tok::kEOF, "", q_.size());
        return out_;
      }
      if (!Next()) return out_;
    }
  }

 private:
  void Emit(Tok t, std::string text, size_t pos) { out_.push_back(Token{t, std::move(text), pos}); }
  std::vector<Token> Fail(size_t pos, const std::string& msg) {
    Emit(Tok::kError, msg, pos);
    return out_;
  }
  bool Error(size_t pos, const std::string& msg) {
    Emit(Tok::kError, msg, pos);
    return false;
  }

  void SkipSpaceAndComments() {
    while (i_ < q_.size()) {
      char c = q_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i_;
      } else if (c == '#') {
        while (i_ < q_.size() && q_[i_] != '\n') ++i_;
      } else {
        break;
      }
    }
  }

  bool Next() {
    size_t start = i_;
    char c = q_[i_];
    auto two = [&](char n) { return i_ + 1 < q_.size() && q_[i_ + 1] == n; };
    switch (c) {
      case '(':
        ++paren_depth_;
        Emit(Tok::kLParen, "(", i_++);
        return true;
      case ')':
        if (paren_depth_ == 0) return Error(i_, "unexpected right parenthesis ')'");
        --paren_depth_;
        Emit(Tok::kRParen, ")", i_++);
        return true;
      case '{':
        if (brace_open_) return Error(i_, "unexpected left brace '{'");
        brace_open_ = true;
        Emit(Tok::kLBrace, "{", i_++);
        return true;
      case '}':
        if (!brace_open_) return Error(i_, "unexpected right brace '}'");
        brace_open_ = false;
        Emit(Tok::kRBrace, "}", i_++);
        return true;
      case '[':
        if (bracket_open_) return Error(i_, "unexpected left bracket '['");
        bracket_open_ = true;
        Emit(Tok::kLBracket, "[", i_++);
        return true;
      case ']':
        if (!bracket_open_) return Error(i_, "unexpected right bracket ']'");
        bracket_open_ = false;
        Emit(Tok::kRBracket, "]", i_++);
        return true;
      case ',':
        Emit(Tok::kComma, ",", i_++);
        return true;
      case ':':
        if (!bracket_open_) break;  // Part of an identifier.
        Emit(Tok::kColon, ":", i_++);
        return true;
      case '@':
        Emit(Tok::kAt, "@", i_++);
        return true;
      case '+':
        Emit(Tok::kAdd, "+", i_++);
        return true;
      case '-':
        Emit(Tok::kSub, "-", i_++);
        return true;
      case '*':
        Emit(Tok::kMul, "*", i_++);
        return true;
      case '/':
        Emit(Tok::kDiv, "/", i_++);
        return true;
      case '%':
        Emit(Tok::kMod, "%", i_++);
        return true;
      case '^':
        Emit(Tok::kPow, "^", i_++);
        return true;
      case '=':
        if (two('=')) {
          Emit(Tok::kEqlc, "==", i_);
          i_ += 2;
        } else if (two('~')) {
          Emit(Tok::kEqlRegex, "=~", i_);
          i_ += 2;
        } else {
          Emit(Tok::kAssign, "=", i_++);
        }
        return true;
      case '!':
        if (two('=')) {
          Emit(Tok::kNeq, "!=", i_);
          i_ += 2;
          return true;
        }
        if (two('~')) {
          Emit(Tok::kNeqRegex, "!~", i_);
          i_ += 2;
          return true;
        }
        return Error(i_, "unexpected character after '!': " + Char(NextChar()));
      case '<':
        if (two('=')) {
          Emit(Tok::kLte, "<=", i_);
          i_ += 2;
        } else {
          Emit(Tok::kLss, "<", i_++);
        }
        return true;
      case '>':
        if (two('=')) {
          Emit(Tok::kGte, ">=", i_);
          i_ += 2;
        } else {
          Emit(Tok::kGtr, ">", i_++);
        }
        return true;
      case '"':
      case '\'':
        return String(c);
      case '`':
        return RawString();
      default:
        break;
    }
    if (IsDigit(c) || (c == '.' && i_ + 1 < q_.size() && IsDigit(q_[i_ + 1]))) {
      return NumberOrDuration();
    }
    if (IsIdentStart(c)) {
      while (i_ < q_.size() && IsIdentChar(q_[i_])) ++i_;
      std::string word = q_.substr(start, i_ - start);
      std::string lower;
      for (char ch : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (!brace_open_ && (lower == "inf" || lower == "nan")) {
        Emit(Tok::kNumber, word, start);
      } else {
        Emit(Tok::kIdentifier, word, start);
      }
      return true;
    }
    return Error(i_, "unexpected character: " + Char(c));
  }

  char NextChar() const { return i_ + 1 < q_.size() ? q_[i_ + 1] : 0; }
  static std::string Char(char c) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "'%c'", c);
    return buf;
  }

  bool NumberOrDuration() {
    size_t start = i_;
    // Hexadecimal.
    if (q_[i_] == '0' && i_ + 1 < q_.size() && (q_[i_ + 1] == 'x' || q_[i_ + 1] == 'X')) {
      i_ += 2;
      while (i_ < q_.size() && std::isxdigit(static_cast<unsigned char>(q_[i_]))) ++i_;
      Emit(Tok::kNumber, q_.substr(start, i_ - start), start);
      return true;
    }
    // A duration: digits followed by a unit letter.
    size_t j = i_;
    while (j < q_.size() && IsDigit(q_[j])) ++j;
    if (j > i_ && j < q_.size() && std::string("smhdwy").find(q_[j]) != std::string::npos) {
      size_t k = j;
      // Consume <digits><unit> groups.
      while (k < q_.size()) {
        size_t d = k;
        while (d < q_.size() && IsDigit(q_[d])) ++d;
        if (d == k && k != j) break;
        size_t u = (d == k) ? k : d;
        if (u >= q_.size()) break;
        if (q_.compare(u, 2, "ms") == 0) {
          k = u + 2;
        } else if (std::string("smhdwy").find(q_[u]) != std::string::npos) {
          k = u + 1;
        } else {
          break;
        }
        if (k >= q_.size() || !IsDigit(q_[k])) break;
      }
      if (k < q_.size() && IsIdentChar(q_[k]) && q_[k] != ':') {
        i_ = k;
        return Error(start, "bad duration syntax: \"" + q_.substr(start, k + 1 - start) + "\"");
      }
      i_ = k;
      Emit(Tok::kDuration, q_.substr(start, i_ - start), start);
      return true;
    }
    while (i_ < q_.size() && IsDigit(q_[i_])) ++i_;
    if (i_ < q_.size() && q_[i_] == '.') {
      ++i_;
      while (i_ < q_.size() && IsDigit(q_[i_])) ++i_;
    }
    if (i_ < q_.size() && (q_[i_] == 'e' || q_[i_] == 'E')) {
      size_t save = i_;
      ++i_;
      if (i_ < q_.size() && (q_[i_] == '+' || q_[i_] == '-')) ++i_;
      if (i_ < q_.size() && IsDigit(q_[i_])) {
        while (i_ < q_.size() && IsDigit(q_[i_])) ++i_;
      } else {
        i_ = save;
      }
    }
    if (i_ < q_.size() && IsIdentChar(q_[i_])) {
      size_t k = i_;
      while (k < q_.size() && IsIdentChar(q_[k])) ++k;
      i_ = k;
      return Error(start, "bad number or duration syntax: \"" + q_.substr(start, k - start) + "\"");
    }
    Emit(Tok::kNumber, q_.substr(start, i_ - start), start);
    return true;
  }

  bool String(char quote) {
    size_t start = i_++;
    std::string val;
    while (true) {
      if (i_ >= q_.size() || q_[i_] == '\n') return Error(start, "unterminated quoted string");
      char c = q_[i_];
      if (c == quote) {
        ++i_;
        break;
      }
      if (c != '\\') {
        val += c;
        ++i_;
        continue;
      }
      if (i_ + 1 >= q_.size()) return Error(start, "unterminated quoted string");
      char e = q_[i_ + 1];
      i_ += 2;
      switch (e) {
        case 'a': val += '\a'; break;
        case 'b': val += '\b'; break;
        case 'f': val += '\f'; break;
        case 'n': val += '\n'; break;
        case 'r': val += '\r'; break;
        case 't': val += '\t'; break;
        case 'v': val += '\v'; break;
        case '\\': val += '\\'; break;
        case '"': val += '"'; break;
        case '\'': val += '\''; break;
        case 'x': {
          if (i_ + 2 > q_.size()) return Error(start, "unterminated quoted string");
          val += static_cast<char>(std::stoi(q_.substr(i_, 2), nullptr, 16));
          i_ += 2;
          break;
        }
        case 'u':
        case 'U': {
          size_t n = e == 'u' ? 4 : 8;
          if (i_ + n > q_.size()) return Error(start, "unterminated quoted string");
          unsigned long cp = std::stoul(q_.substr(i_, n), nullptr, 16);
          i_ += n;
          AppendUtf8(&val, cp);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            if (i_ + 2 > q_.size()) return Error(start, "unterminated quoted string");
            val += static_cast<char>(std::stoi(q_.substr(i_ - 1, 3), nullptr, 8));
            i_ += 2;
            break;
          }
          return Error(i_ - 2, "unknown escape sequence " + Char(e));
      }
    }
    Emit(Tok::kString, val, start);
    return true;
  }

  static void AppendUtf8(std::string* s, unsigned long cp) {
    if (cp < 0x80) {
      *s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *s += static_cast<char>(0xC0 | (cp >> 6));
      *s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *s += static_cast<char>(0xE0 | (cp >> 12));
      *s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *s += static_cast<char>(0xF0 | (cp >> 18));
      *s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool RawString() {
    size_t start = i_++;
    size_t end = q_.find('`', i_);
    if (end == std::string::npos) return Error(start, "unterminated raw string");
    Emit(Tok::kString, q_.substr(i_, end - i_), start);
    i_ = end + 1;
    return true;
  }

  const std::string& q_;
  size_t i_ = 0;
  int paren_depth_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  std::vector<Token> out_;
};

}  // namespace

std::vector<Token> Lex(const std::string& query) { return Lexer(query).Run(); }

Result<DurationMs> ParsePromDuration(const std::string& s) {
  static const struct {
    const char* unit;
    DurationMs ms;
  } kUnits[] = {{"y", 365LL * 24 * 3600 * 1000}, {"w", 7LL * 24 * 3600 * 1000},
                {"d", 24LL * 3600 * 1000},       {"h", 3600LL * 1000},
                {"m", 60LL * 1000},              {"s", 1000},
                {"ms", 1}};
  if (s.empty()) return InvalidArgument("empty duration string");
  if (s == "0") return DurationMs{0};
  DurationMs total = 0;
  size_t i = 0;
  int last_unit = -1;
  while (i < s.size()) {
    size_t d = i;
    while (d < s.size() && IsDigit(s[d])) ++d;
    if (d == i) return InvalidArgument("not a valid duration string: \"" + s + "\"");
    int64_t n = std::stoll(s.substr(i, d - i));
    int unit = -1;
    if (s.compare(d, 2, "ms") == 0) {
      unit = 6;
    } else {
      for (int u = 0; u < 6; ++u) {
        if (d < s.size() && s[d] == kUnits[u].unit[0]) unit = u;
      }
    }
    if (unit < 0 || unit <= last_unit) {
      return InvalidArgument("not a valid duration string: \"" + s + "\"");
    }
    last_unit = unit;
    total += n * kUnits[unit].ms;
    i = d + std::string(kUnits[unit].unit).size();
  }
  return total;
}

std::string DescribeToken(const Token& t) {
  switch (t.type) {
    case Tok::kEOF:
      return "end of input";
    case Tok::kError:
      return t.text;
    case Tok::kIdentifier:
      return "identifier \"" + t.text + "\"";
    case Tok::kNumber:
      return "number \"" + t.text + "\"";
    case Tok::kDuration:
      return "duration \"" + t.text + "\"";
    case Tok::kString:
      return "string \"" + t.text + "\"";
    case Tok::kLParen:
      return "\"(\"";
    case Tok::kRParen:
      return "\")\"";
    case Tok::kLBrace:
      return "\"{\"";
    case Tok::kRBrace:
      return "\"}\"";
    case Tok::kLBracket:
      return "\"[\"";
    case Tok::kRBracket:
      return "\"]\"";
    case Tok::kComma:
      return "\",\"";
    case Tok::kColon:
      return "\":\"";
    case Tok::kAssign:
      return "\"=\"";
    case Tok::kAt:
      return "\"@\"";
    default:
      return "<op:" + t.text + ">";
  }
}

}  // namespace kf::promql
