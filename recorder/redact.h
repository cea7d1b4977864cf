// Secret scrubbing: what the recorder applies to every payload, summary,
// label and verdict before it reaches the file. Values are replaced by
// kRedacted; keys stay, so a diff of two recordings still lines up.
// Deterministic and idempotent: Redact(Redact(x)) == Redact(x).
//
// JSON rules (RedactJson):
//  - a field whose name is a credential (Authorization, Proxy-Authorization,
//    x-api-key, api-key, Cookie, client-key-data, private_key, and any name
//    ending in password, passwd, secret, token or apikey, ignoring case, '-'
//    and '_'): its string values;
//  - a field whose name contains token, secret, password, apikey or
//    credential ("secretAccessKey", "token_value"): string values that look
//    like a credential (LooksLikeToken);
//  - a {"name": N, "value": V} pair (env vars, header lists) where N is such a
//    name: V, by the same two rules;
//  - a Kubernetes Secret anywhere (kind Secret, items of a SecretList, or an
//    object with a Secret type such as "Opaque" or "kubernetes.io/tls" and a
//    data/stringData map): every data and stringData value, and the
//    last-applied-configuration annotation;
//  - every other string goes through RedactText; a string holding a JSON
//    object or array is parsed, redacted as JSON and re-serialised when that
//    changed anything.
// Text rules (RedactText):
//  - "Bearer <token>"; credential-named keys in "key: value", "key=value" and
//    quoted JSON forms (a whole header line for Authorization);
//  - provider keys by prefix: sk-… (OpenAI, Anthropic sk-ant-…), AKIA/ASIA…
//    (AWS), ghp_/gho_/ghu_/ghs_/ghr_/github_pat_… (GitHub), xoxb-/xoxp-/…
//    (Slack), glpat-… (GitLab), AIza… (Google), JWTs (eyJ….eyJ….…);
//  - PEM private key bodies;
//  - in YAML text that contains "kind: Secret", the values under data: and
//    stringData:.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/json.h"

namespace kf::recorder {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Scrubs `value` in place; returns how many values or substrings were
// replaced.
int RedactJson(Json* value);
// Scrubs `text` in place; returns how many substrings were replaced.
int RedactText(std::string* text);

// A copy of `value`, scrubbed.
Json Redacted(Json value);

// True for strings of 20+ characters from a token alphabet (letters, digits,
// +/=_.~:-) that mix at least two of lower case, upper case and digits and
// carry at least 3 bits of entropy per character.
bool LooksLikeToken(std::string_view s);

enum class KeySensitivity {
  kNone,
  kIfTokenLike,  // redact values that LooksLikeToken
  kAlways,       // redact every non-empty string value
};
// How sensitive a field name is (see the JSON rules above).
KeySensitivity ClassifyKey(std::string_view key);

}  // namespace kf::recorder
