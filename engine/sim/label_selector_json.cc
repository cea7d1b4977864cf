// metav1.LabelSelector (matchLabels/matchExpressions) → LabelSelector, as
// apimachinery's LabelSelectorAsSelector.
#include "engine/sim/selector.h"
#include "engine/sim/selector_validation.h"

namespace kf {
namespace {

using Op = LabelRequirement::Op;

std::string Text(const Json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

Result<LabelRequirement> Checked(LabelRequirement req) {
  if (std::string e = ValidateRequirement(req, ""); !e.empty()) return InvalidArgument(e);
  return req;
}

Result<LabelRequirement> FromExpression(const Json& expr) {
  if (!expr.is_object()) return InvalidArgument("matchExpressions entries must be objects");
  LabelRequirement req;
  req.key = Text(expr.value("key", Json("")));
  const std::string op = Text(expr.value("operator", Json("")));
  if (op == "In") {
    req.op = Op::kIn;
  } else if (op == "NotIn") {
    req.op = Op::kNotIn;
  } else if (op == "Exists") {
    req.op = Op::kExists;
  } else if (op == "DoesNotExist") {
    req.op = Op::kDoesNotExist;
  } else {
    return InvalidArgument(Json(op).dump() + " is not a valid label selector operator");
  }
  const Json& values = JsonMember(expr, "values");
  if (values.is_array()) {
    for (const Json& v : values) req.values.push_back(Text(v));
  }
  return Checked(std::move(req));
}

}  // namespace

Result<LabelSelector> LabelSelectorFromJson(const Json& selector) {
  if (selector.is_null()) return LabelSelector::Nothing();
  if (!selector.is_object()) return InvalidArgument("a label selector must be an object");
  const bool structured = selector.contains("matchLabels") || selector.contains("matchExpressions");
  // A Service's spec.selector is the label map itself.
  const Json& match_labels = structured ? JsonMember(selector, "matchLabels") : selector;
  std::vector<LabelRequirement> reqs;
  if (match_labels.is_object()) {
    for (const auto& [key, value] : match_labels.items()) {
      LabelRequirement req{key, Op::kEquals, {Text(value)}};
      KF_ASSIGN_OR_RETURN(LabelRequirement checked, Checked(std::move(req)));
      reqs.push_back(std::move(checked));
    }
  }
  if (structured) {
    const Json& exprs = JsonMember(selector, "matchExpressions");
    if (exprs.is_array()) {
      for (const Json& expr : exprs) {
        KF_ASSIGN_OR_RETURN(LabelRequirement req, FromExpression(expr));
        reqs.push_back(std::move(req));
      }
    }
  }
  return LabelSelector(std::move(reqs));
}

}  // namespace kf
