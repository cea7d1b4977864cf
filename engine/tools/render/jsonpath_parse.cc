// JSONPath template parser, following client-go's util/jsonpath/parser.go.
#include <cctype>
#include <regex>

#include "engine/core/strings.h"
#include "engine/tools/render/jsonpath_ast.h"

namespace kf::render::jsonpath {
namespace {

bool IsAlnum(char c) { return c == '_' || isalnum(static_cast<unsigned char>(c)); }
bool IsTerminator(char c) {
  return c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '.' || c == ',' || c == '[' ||
         c == ']' || c == '$' || c == '@' || c == '{' || c == '}';
}

class Parser {
 public:
  explicit Parser(std::string input, size_t base = 0) : in_(std::move(input)), base_(base) {}

  Status ParseTemplate(Node* root) {
    root->kind = Node::kList;
    while (pos_ < in_.size()) {
      size_t open = in_.find('{', pos_);
      if (open == std::string::npos) open = in_.size();
      if (open > pos_) root->children.push_back(Text(in_.substr(pos_, open - pos_)));
      pos_ = open;
      if (pos_ >= in_.size()) break;
      action_start_ = pos_;
      ++pos_;  // '{'
      Node list;
      list.kind = Node::kList;
      KF_RETURN_IF_ERROR(InsideAction(&list));
      root->children.push_back(std::move(list));
    }
    return Status::Ok();
  }

  // A bare path (filter operands): everything is one action.
  Status ParseAction(Node* list) {
    list->kind = Node::kList;
    in_ += "}";
    return InsideAction(list);
  }

 private:
  static Node Text(std::string t) {
    Node n;
    n.kind = Node::kText;
    n.text = std::move(t);
    return n;
  }

  Status Error(const std::string& msg, size_t at) const {
    return InvalidArgument(msg + " (at position " + std::to_string(base_ + at) + ")");
  }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < in_.size() ? in_[pos_ + ahead] : '\0'; }
  bool HasPrefix(const char* p) const { return in_.compare(pos_, strlen(p), p) == 0; }

  Status InsideAction(Node* cur) {
    while (true) {
      if (HasPrefix("}")) {
        ++pos_;
        return Status::Ok();
      }
      if (HasPrefix("[?(")) {
        KF_RETURN_IF_ERROR(Filter(cur));
        continue;
      }
      if (HasPrefix("..")) {
        pos_ += 2;
        Node r;
        r.kind = Node::kRecursive;
        cur->children.push_back(r);
        if (IsAlnum(Peek())) KF_RETURN_IF_ERROR(Field(cur));
        continue;
      }
      char c = Peek();
      size_t at = pos_;
      if (pos_ >= in_.size() || c == '\n') return Error("unclosed action", action_start_);
      if (c == ' ' || c == '@' || c == '$') {
        ++pos_;
      } else if (c == '[') {
        KF_RETURN_IF_ERROR(Array(cur));
      } else if (c == '"' || c == '\'') {
        KF_RETURN_IF_ERROR(Quote(cur, c));
      } else if (c == '.') {
        ++pos_;
        KF_RETURN_IF_ERROR(Field(cur));
      } else if (c == '+' || c == '-' || isdigit(static_cast<unsigned char>(c))) {
        KF_RETURN_IF_ERROR(Number(cur));
      } else if (IsAlnum(c)) {
        KF_RETURN_IF_ERROR(Identifier(cur));
      } else {
        return Error(StrFormat("unrecognized character in action: U+%04X '%c'", static_cast<unsigned char>(c), c), at);
      }
    }
  }

  // A field name up to a terminator; a backslash escapes the next character.
  Status Field(Node* cur) {
    std::string name;
    while (pos_ < in_.size() && !IsTerminator(in_[pos_])) {
      if (in_[pos_] == '\\' && pos_ + 1 < in_.size()) ++pos_;
      name += in_[pos_++];
    }
    Node n;
    if (name == "*") {
      n.kind = Node::kWildcard;
    } else {
      n.kind = Node::kField;
      n.text = name;
    }
    cur->children.push_back(std::move(n));
    return Status::Ok();
  }

  Status Identifier(Node* cur) {
    size_t start = pos_;
    while (IsAlnum(Peek())) ++pos_;
    std::string word = in_.substr(start, pos_ - start);
    Node n;
    if (word == "true" || word == "false") {
      n.kind = Node::kLiteral;
      n.literal = word == "true";
    } else {
      if (word == "end") {
        if (ranges_ == 0) return Error("not in range, nothing to end", start);
        --ranges_;
      } else if (word == "range") {
        ++ranges_;
      } else {
        return Error("unrecognized identifier " + word, start);
      }
      n.kind = Node::kIdentifier;
      n.text = word;
    }
    cur->children.push_back(std::move(n));
    return Status::Ok();
  }

  Status Number(Node* cur) {
    size_t start = pos_;
    if (Peek() == '+' || Peek() == '-') ++pos_;
    while (isdigit(static_cast<unsigned char>(Peek())) || Peek() == '.' || Peek() == 'e' || Peek() == 'E') ++pos_;
    std::string text = in_.substr(start, pos_ - start);
    Node n;
    n.kind = Node::kLiteral;
    char* end = nullptr;
    long long i = strtoll(text.c_str(), &end, 10);
    if (end && *end == '\0' && !text.empty()) {
      n.literal = static_cast<int64_t>(i);
    } else {
      double d = strtod(text.c_str(), &end);
      if (!end || *end != '\0' || text.empty()) return Error("cannot parse number " + text, start);
      n.literal = d;
    }
    cur->children.push_back(std::move(n));
    return Status::Ok();
  }

  // "..." or '...' with Go escapes (\n \t \" \\ \').
  Status Quote(Node* cur, char q) {
    size_t start = pos_++;
    std::string value;
    while (true) {
      if (pos_ >= in_.size() || in_[pos_] == '\n') return Error("unterminated quoted string", start);
      char c = in_[pos_++];
      if (c == q) break;
      if (c == '\\' && pos_ < in_.size()) {
        char e = in_[pos_++];
        switch (e) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case 'r': value += '\r'; break;
          default: value += e; break;
        }
        continue;
      }
      value += c;
    }
    Node n;
    n.kind = Node::kLiteral;
    n.literal = value;
    cur->children.push_back(std::move(n));
    return Status::Ok();
  }

  Status Array(Node* cur) {
    size_t start = pos_;
    size_t close = std::string::npos;
    char quote = 0;
    for (size_t i = pos_ + 1; i < in_.size(); ++i) {
      char c = in_[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ']') {
        close = i;
        break;
      }
    }
    if (close == std::string::npos) return Error("unterminated array", start);
    std::string body = in_.substr(pos_ + 1, close - pos_ - 1);
    pos_ = close + 1;
    // Unions: [a,b] (commas outside quotes).
    std::vector<std::string> parts;
    std::string part;
    quote = 0;
    for (char c : body) {
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ',') {
        parts.push_back(part);
        part.clear();
        continue;
      }
      part += c;
    }
    parts.push_back(part);
    if (parts.size() > 1) {
      Node u;
      u.kind = Node::kUnion;
      for (const std::string& p : parts) {
        Node sub;
        sub.kind = Node::kList;
        KF_RETURN_IF_ERROR(ArrayItem(Trim(p), start + 1, &sub));
        u.children.push_back(std::move(sub));
      }
      cur->children.push_back(std::move(u));
      return Status::Ok();
    }
    return ArrayItem(Trim(body), start + 1, cur);
  }

  // One subscript: 'field', "field", *, i, a:b, a:b:c.
  Status ArrayItem(const std::string& text, size_t at, Node* cur) {
    Node n;
    if (text.size() >= 2 && (text[0] == '\'' || text[0] == '"') && text.back() == text[0]) {
      n.kind = Node::kField;
      n.text = text.substr(1, text.size() - 2);
      cur->children.push_back(std::move(n));
      return Status::Ok();
    }
    n.kind = Node::kArray;
    std::string spec = text == "*" ? ":" : text;
    std::vector<std::string> fields = Split(spec, ':');
    if (fields.size() > 3) return Error("invalid array index " + text, at);
    for (size_t i = 0; i < fields.size(); ++i) {
      std::string f = Trim(fields[i]);
      if (f.empty()) continue;
      char* end = nullptr;
      long long v = strtoll(f.c_str(), &end, 10);
      if (!end || *end != '\0') return Error("invalid array index " + text, at);
      n.params[i].value = v;
      n.params[i].known = true;
    }
    if (fields.size() == 1) {
      if (!n.params[0].known) return Error("invalid array index " + text, at);
      n.params[1].value = n.params[0].value + 1;
      n.params[1].known = true;
      n.params[1].derived = true;
    }
    cur->children.push_back(std::move(n));
    return Status::Ok();
  }

  // [?(@.a == "x")] or [?(@.a)].
  Status Filter(Node* cur) {
    size_t start = pos_;
    pos_ += 3;
    size_t body_start = pos_;
    char quote = 0;
    while (true) {
      if (pos_ >= in_.size() || in_[pos_] == '\n') return Error("unterminated filter", start);
      char c = in_[pos_];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ')' && Peek(1) == ']') {
        break;
      }
      ++pos_;
    }
    std::string body = in_.substr(body_start, pos_ - body_start);
    pos_ += 2;
    static const std::regex kCompare(R"(^([^!<>=]+)([!<>=]+)(.+?)$)");
    std::smatch m;
    Node f;
    f.kind = Node::kFilter;
    Node left, right;
    left.kind = right.kind = Node::kList;
    if (std::regex_match(body, m, kCompare)) {
      f.op = m[2].str();
      if (f.op != "==" && f.op != "!=" && f.op != "<" && f.op != ">" && f.op != "<=" && f.op != ">=")
        return Error("unrecognized filter operator " + f.op, body_start + m.position(2));
      Parser lp(m[1].str(), base_ + body_start);
      KF_RETURN_IF_ERROR(lp.ParseAction(&left));
      Parser rp(m[3].str(), base_ + body_start + m.position(3));
      KF_RETURN_IF_ERROR(rp.ParseAction(&right));
    } else {
      f.op = "exists";
      Parser lp(body, base_ + body_start);
      KF_RETURN_IF_ERROR(lp.ParseAction(&left));
    }
    f.children.push_back(std::move(left));
    f.children.push_back(std::move(right));
    cur->children.push_back(std::move(f));
    return Status::Ok();
  }

  std::string in_;
  size_t base_;
  size_t pos_ = 0;
  size_t action_start_ = 0;
  int ranges_ = 0;
};

}  // namespace

Result<Node> Parse(const std::string& tmpl) {
  Parser p(tmpl);
  Node root;
  Status s = p.ParseTemplate(&root);
  if (!s.ok()) return InvalidArgument("error parsing jsonpath " + tmpl + ", " + s.message());
  return root;
}

}  // namespace kf::render::jsonpath
