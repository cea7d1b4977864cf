// kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): the parsed
// form. Internal to engine/tools/render.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf::render::jsonpath {

struct Node {
  enum Kind {
    kText,        // literal text outside {} (text)
    kList,        // one {} action or a sub-path (children)
    kField,       // .name (text)
    kArray,       // [i], [a:b:c], [*] (params)
    kFilter,      // [?(left op right)] (children = {left, right}, op)
    kRecursive,   // ..
    kWildcard,    // .*
    kUnion,       // [a,b] (children: one kList each)
    kIdentifier,  // range / end (text)
    kLiteral,     // "string", 12, 1.5, true (literal)
  };
  struct Param {
    int64_t value = 0;
    bool known = false;
    bool derived = false;  // [i] is [i:i+1]
  };
  Kind kind = kList;
  std::string text;
  Param params[3];
  std::string op;  // filter: == != < > <= >= or "exists"
  Json literal;
  std::vector<Node> children;
};

// Parses a whole template into a root kList whose children are kText and
// kList nodes. Errors: "unclosed action", "unrecognized character in
// action: U+0021 '!'", "not in range, nothing to end", ..., each with
// " (at position N)" naming the template byte offset.
Result<Node> Parse(const std::string& tmpl);

}  // namespace kf::render::jsonpath
