#include "engine/metrics/promql/regex.h"

#include <cctype>

namespace kf::promql {

namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char OtherCase(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  return c;
}

class Translator {
 public:
  explicit Translator(const std::string& in) : in_(in) {}

  Status Run() {
    flags_.push_back(Flags{});
    while (i_ < in_.size()) {
      char c = in_[i_];
      if (c == '\\') {
        KF_RETURN_IF_ERROR(Escape());
      } else if (c == '[') {
        KF_RETURN_IF_ERROR(Class());
      } else if (c == '(') {
        KF_RETURN_IF_ERROR(Open());
      } else if (c == ')') {
        if (flags_.size() <= 1) return Error("unexpected )");
        flags_.pop_back();
        out_ += ')';
        ++i_;
      } else if (c == '.') {
        out_ += flags_.back().dotall ? "[\\s\\S]" : ".";
        ++i_;
      } else if (IsAlpha(c) && flags_.back().icase) {
        out_ += '[';
        out_ += c;
        out_ += OtherCase(c);
        out_ += ']';
        ++i_;
      } else if ((c == '+' || c == '*' || c == '?' || c == '}') && i_ + 1 < in_.size() &&
                 in_[i_ + 1] == '+') {
        return Unimplemented("possessive quantifiers are not supported in regexp " + Q(in_));
      } else {
        out_ += c;
        ++i_;
      }
    }
    if (flags_.size() != 1) return Error("missing closing )");
    return Status::Ok();
  }

  std::string out() const { return out_; }
  std::vector<std::string> names() const { return names_; }

 private:
  struct Flags {
    bool icase = false;
    bool dotall = false;
  };

  static std::string Q(const std::string& s) { return "\"" + s + "\""; }
  Status Error(const std::string& what) {
    return InvalidArgument("error parsing regexp: " + what + ": `" + in_ + "`");
  }

  Status Escape() {
    if (i_ + 1 >= in_.size()) return Error("trailing backslash at end of expression");
    char n = in_[i_ + 1];
    if (n == 'p' || n == 'P' || n == 'Q' || n == 'E' || n == 'C') {
      return Unimplemented(std::string("regexp escape \\") + n + " is not supported");
    }
    if (n == 'A') {
      out_ += '^';
    } else if (n == 'z') {
      out_ += '$';
    } else if (IsAlpha(n) || std::isdigit(static_cast<unsigned char>(n))) {
      out_ += '\\';
      out_ += n;
    } else if (n == '-' || n == '/') {
      out_ += n;  // Harmless in ECMAScript outside a class.
    } else {
      out_ += '\\';
      out_ += n;
    }
    i_ += 2;
    return Status::Ok();
  }

  Status Class() {
    // Copies a bracket expression, adding the other case of letters when
    // case-insensitive.
    std::string body;
    std::string extra;
    size_t j = i_ + 1;
    if (j < in_.size() && in_[j] == '^') {
      body += '^';
      ++j;
    }
    bool first = true;
    while (j < in_.size() && (in_[j] != ']' || first)) {
      first = false;
      if (in_[j] == '[' && j + 1 < in_.size() && in_[j + 1] == ':') {
        size_t end = in_.find(":]", j + 2);
        if (end == std::string::npos) return Error("missing closing ]");
        body += in_.substr(j, end + 2 - j);
        j = end + 2;
        continue;
      }
      if (in_[j] == '\\') {
        if (j + 1 >= in_.size()) return Error("missing closing ]");
        char n = in_[j + 1];
        if (n == 'p' || n == 'P') return Unimplemented("regexp \\p classes are not supported");
        body += in_.substr(j, 2);
        j += 2;
        continue;
      }
      char c = in_[j];
      if (j + 2 < in_.size() && in_[j + 1] == '-' && in_[j + 2] != ']') {
        char hi = in_[j + 2];
        body += in_.substr(j, 3);
        if (flags_.back().icase && IsAlpha(c) && IsAlpha(hi) &&
            std::islower(static_cast<unsigned char>(c)) ==
                std::islower(static_cast<unsigned char>(hi))) {
          extra += OtherCase(c);
          extra += '-';
          extra += OtherCase(hi);
        }
        j += 3;
        continue;
      }
      body += c;
      if (flags_.back().icase && IsAlpha(c)) extra += OtherCase(c);
      ++j;
    }
    if (j >= in_.size()) return Error("missing closing ]");
    out_ += '[';
    out_ += body;
    out_ += extra;
    out_ += ']';
    i_ = j + 1;
    return Status::Ok();
  }

  Status Open() {
    Flags f = flags_.back();
    if (i_ + 1 < in_.size() && in_[i_ + 1] == '?') {
      size_t j = i_ + 2;
      if (j < in_.size() && (in_[j] == 'P' || in_[j] == '<')) {
        if (in_[j] == 'P') ++j;
        if (j >= in_.size() || in_[j] != '<') return Error("invalid named capture");
        size_t end = in_.find('>', j);
        if (end == std::string::npos) return Error("invalid named capture");
        names_.push_back(in_.substr(j + 1, end - j - 1));
        out_ += '(';
        flags_.push_back(f);
        i_ = end + 1;
        return Status::Ok();
      }
      // Flags: (?flags) or (?flags:...)
      bool neg = false;
      for (; j < in_.size() && in_[j] != ')' && in_[j] != ':'; ++j) {
        char c = in_[j];
        if (c == '-') {
          neg = true;
        } else if (c == 'i') {
          f.icase = !neg;
        } else if (c == 's') {
          f.dotall = !neg;
        } else if (c == 'm') {
          // Multi-line mode only changes ^ and $ on text with newlines.
        } else if (c == 'U') {
          return Unimplemented("regexp flag U is not supported");
        } else {
          return Error("invalid or unsupported Perl syntax");
        }
      }
      if (j >= in_.size()) return Error("missing closing )");
      if (in_[j] == ')') {
        flags_.back() = f;  // Applies to the rest of the enclosing group.
        i_ = j + 1;
        return Status::Ok();
      }
      out_ += "(?:";
      flags_.push_back(f);
      i_ = j + 1;
      return Status::Ok();
    }
    names_.push_back("");
    out_ += '(';
    flags_.push_back(f);
    ++i_;
    return Status::Ok();
  }

  const std::string& in_;
  size_t i_ = 0;
  std::string out_;
  std::vector<Flags> flags_;
  std::vector<std::string> names_;
};

}  // namespace

Result<std::shared_ptr<const Regex>> CompileRegex(const std::string& pattern) {
  Translator t(pattern);
  KF_RETURN_IF_ERROR(t.Run());
  auto re = std::make_shared<Regex>();
  re->source = pattern;
  re->group_names = t.names();
  try {
    re->re = std::regex("^(?:" + t.out() + ")$", std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return InvalidArgument("error parsing regexp: " + std::string(e.what()) + ": `" + pattern +
                           "`");
  }
  return std::shared_ptr<const Regex>(std::move(re));
}

bool RegexFullMatch(const Regex& re, const std::string& s, std::vector<std::string>* groups) {
  try {
    std::smatch m;
    if (!std::regex_match(s, m, re.re)) return false;
    if (groups) {
      groups->clear();
      for (size_t i = 0; i < m.size(); ++i) groups->push_back(m[i].matched ? m[i].str() : "");
    }
    return true;
  } catch (const std::regex_error&) {
    return false;  // Complexity or stack limits: treated as no match.
  }
}

std::string RegexExpand(const Regex& re, const std::string& templ,
                        const std::vector<std::string>& groups) {
  std::string out;
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  for (size_t i = 0; i < templ.size(); ++i) {
    char c = templ[i];
    if (c != '$' || i + 1 >= templ.size()) {
      out += c;
      continue;
    }
    if (templ[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string name;
    size_t j = i + 1;
    if (templ[j] == '{') {
      size_t end = templ.find('}', j);
      if (end == std::string::npos) {
        out += c;
        continue;
      }
      name = templ.substr(j + 1, end - j - 1);
      bool ok = !name.empty();
      for (char n : name) ok = ok && is_name(n);
      if (!ok) {
        out += c;
        continue;
      }
      j = end + 1;
    } else {
      while (j < templ.size() && is_name(templ[j])) name += templ[j++];
      if (name.empty()) {
        out += c;
        continue;
      }
    }
    bool numeric = true;
    for (char n : name) numeric = numeric && std::isdigit(static_cast<unsigned char>(n));
    if (numeric) {
      size_t idx = std::stoul(name.size() > 9 ? std::string("999999999") : name);
      if (idx < groups.size()) out += groups[idx];
    } else {
      for (size_t g = 0; g < re.group_names.size(); ++g) {
        if (re.group_names[g] == name && g + 1 < groups.size()) {
          out += groups[g + 1];
          break;
        }
      }
    }
    i = j - 1;
  }
  return out;
}

}  // namespace kf::promql
