// Label and field selectors, parsed and matched as the API server does.
//
// Label selector syntax (apimachinery labels.Parse): comma-separated
// requirements, all of which must hold:
//   k=v  k==v  k!=v  k in (a,b)  k notin (a,b)  k  !k  k>1  k<1
// Parse errors carry the API server's text, e.g.
//   unable to parse requirement: found '', expected: '='...
// Field selector syntax (apimachinery fields.ParseSelector): comma-separated
// `path=value`, `path==value`, `path!=value`, with \, \= \\ escapes in values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

struct LabelRequirement {
  enum class Op { kEquals, kDoubleEquals, kNotEquals, kIn, kNotIn, kExists, kDoesNotExist,
                  kGreaterThan, kLessThan };
  std::string key;
  Op op = Op::kEquals;
  std::vector<std::string> values;  // sorted and unique when parsed from text

  // True when this requirement holds for the labels map ({"app":"x",...};
  // null or a non-object counts as no labels).
  bool Matches(const Json& labels) const;
  // "app=x", "tier in (a,b)", "!k": the canonical form.
  std::string ToString() const;
};

class LabelSelector {
 public:
  LabelSelector() = default;  // matches everything
  explicit LabelSelector(std::vector<LabelRequirement> requirements);
  // A selector that matches nothing (a null metav1.LabelSelector).
  static LabelSelector Nothing();

  // True when every requirement matches labels_object (a metadata.labels
  // object; null or missing means no labels). An empty selector matches all.
  bool Matches(const Json& labels_object) const;
  bool empty() const { return requirements_.empty() && !nothing_; }
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }
  // Requirements joined by ",", sorted by key: "app=x,tier in (a,b)".
  std::string ToString() const;

 private:
  std::vector<LabelRequirement> requirements_;  // sorted by key (stable)
  bool nothing_ = false;
};

// Parses a label selector string. Empty or blank text selects everything.
// Errors are kInvalidArgument with the API server's message.
Result<LabelSelector> ParseLabelSelector(const std::string& text);

// Builds a selector from a metav1.LabelSelector object (matchLabels and
// matchExpressions with operators In, NotIn, Exists, DoesNotExist), as
// Deployments, ReplicaSets and PDBs carry. A Service's spec.selector (a plain
// map of labels) is accepted too. {} selects everything; null selects nothing
// (as metav1.LabelSelectorAsSelector). Invalid
// operators or values give kInvalidArgument with the API server's message.
Result<LabelSelector> LabelSelectorFromJson(const Json& selector);

struct FieldRequirement {
  std::string field;  // "involvedObject.name"
  std::string value;  // unescaped
  bool negated = false;  // !=
};

class FieldSelector {
 public:
  FieldSelector() = default;  // matches everything
  explicit FieldSelector(std::vector<FieldRequirement> requirements)
      : requirements_(std::move(requirements)) {}

  // True when every requirement holds for the object. A field's value is the
  // string at its dotted path ("spec.nodeName"), booleans and numbers as text,
  // "" when absent; `source` on Events means source.component, and
  // status.podIPs matches any of the pod's IPs.
  bool Matches(const Json& object) const;
  bool empty() const { return requirements_.empty(); }
  const std::vector<FieldRequirement>& requirements() const { return requirements_; }

 private:
  std::vector<FieldRequirement> requirements_;
};

// Parses a field selector. When kind is given ("Pod", "Event", ...), fields
// the API server does not support for that kind are rejected with
// `field label not supported: <field>`; with an empty kind any field any kind
// supports is accepted. Empty text selects everything. Errors are
// kInvalidArgument (400 BadRequest).
Result<FieldSelector> ParseFieldSelector(const std::string& text, std::string_view kind = "");

// The field labels the API server supports for a kind (metadata.name and
// metadata.namespace for kinds without a special list).
std::vector<std::string> SupportedFieldLabels(std::string_view kind);

}  // namespace kf
