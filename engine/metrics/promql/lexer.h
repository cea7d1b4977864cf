// The PromQL lexer: turns a query into tokens with byte positions. Lexical
// errors become ERROR tokens whose text is the message, as in Prometheus.
#pragma once

#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/status.h"

namespace kf::promql {

enum class Tok {
  kEOF,
  kError,
  kIdentifier,  // Names, keywords, metric names (may contain ':').
  kNumber,
  kDuration,
  kString,
  kLParen,
  kRParen,
  kLBrace,
  kRBrace,
  kLBracket,
  kRBracket,
  kComma,
  kColon,
  kAssign,  // =
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kEqlc,  // ==
  kNeq,
  kLss,
  kGtr,
  kLte,
  kGte,
  kEqlRegex,
  kNeqRegex,
  kAt,
};

struct Token {
  Tok type = Tok::kEOF;
  std::string text;  // Source text; for strings the unquoted value.
  size_t pos = 0;    // Byte offset in the query.
};

// Tokenizes the whole query. The last token is kEOF or kError.
std::vector<Token> Lex(const std::string& query);

// Prometheus durations: one or more <integer><unit> with units
// y, w, d, h, m, s, ms, in that order ("1h30m", "5m", "250ms").
Result<DurationMs> ParsePromDuration(const std::string& s);

// How Prometheus describes a token in "unexpected ..." errors.
std::string DescribeToken(const Token& t);

}  // namespace kf::promql
