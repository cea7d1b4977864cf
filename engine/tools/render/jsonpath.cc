// JSONPath evaluation (client-go util/jsonpath/jsonpath.go), with kubectl's
// --allow-missing-template-keys=true: a missing field yields nothing.
// Each action's results print space-separated; maps and arrays print as Go's
// json.Marshal would (compact, sorted keys); strings raw; numbers and bools
// as Go's fmt does. Maps are walked in key order where Go's is random
// (wildcards, recursive descent).
#include <deque>

#include "engine/tools/render/jsonpath_ast.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"

namespace kf {
namespace {

using render::jsonpath::Node;
using Values = std::vector<const Json*>;

std::string GoTypeName(const Json& v) {
  if (v.is_object()) return "map[string]interface {}";
  if (v.is_array()) return "[]interface {}";
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float64";
  return "int64";
}

class Evaluator {
 public:
  // client-go's FindResults over nodes[begin, end): one result group per
  // action; a range repeats the nodes after it for each of its results.
  Status FindResults(const Json* data, const std::vector<Node>& nodes, size_t begin,
                     std::vector<Values>* out, size_t* stop) {
    for (size_t i = begin; i < nodes.size(); ++i) {
      begin_range_ = end_range_ = 0;
      Values results;
      KF_RETURN_IF_ERROR(Walk({data}, nodes[i], &results));
      if (end_range_ > 0) {  // an {end}: this block is done
        *stop = i;
        return Status::Ok();
      }
      if (begin_range_ > 0) {
        size_t end_at = nodes.size();
        if (results.empty()) {
          std::vector<Values> ignored;
          KF_RETURN_IF_ERROR(FindResults(nullptr, nodes, i + 1, &ignored, &end_at));
        }
        for (const Json* v : results) KF_RETURN_IF_ERROR(FindResults(v, nodes, i + 1, out, &end_at));
        i = end_at;  // resume after the matching {end}
        continue;
      }
      out->push_back(std::move(results));
    }
    *stop = nodes.size();
    return Status::Ok();
  }

 private:
  const Json* Own(Json v) {
    arena_.push_back(std::move(v));
    return &arena_.back();
  }

  Status Walk(const Values& in, const Node& node, Values* out) {
    switch (node.kind) {
      case Node::kText:
        out->push_back(Own(node.text));
        return Status::Ok();
      case Node::kLiteral:
        out->push_back(Own(node.literal));
        return Status::Ok();
      case Node::kList: {
        Values cur = in;
        for (const Node& child : node.children) {
          Values next;
          KF_RETURN_IF_ERROR(Walk(cur, child, &next));
          cur = std::move(next);
        }
        out->insert(out->end(), cur.begin(), cur.end());
        return Status::Ok();
      }
      case Node::kIdentifier:
        if (node.text == "range") ++begin_range_;
        else ++end_range_;
        *out = in;
        return Status::Ok();
      case Node::kField:
        for (const Json* v : in) {
          if (!v || !v->is_object()) continue;
          auto it = v->find(node.text);
          if (it != v->end() && !it->is_null()) out->push_back(&*it);
        }
        return Status::Ok();
      case Node::kWildcard:
        for (const Json* v : in) {
          if (!v || !(v->is_object() || v->is_array())) continue;
          for (const Json& child : *v) out->push_back(&child);
        }
        return Status::Ok();
      case Node::kRecursive:
        for (const Json* v : in) Descend(v, out);
        return Status::Ok();
      case Node::kUnion:
        for (const Node& sub : node.children) KF_RETURN_IF_ERROR(Walk(in, sub, out));
        return Status::Ok();
      case Node::kArray:
        for (const Json* v : in) KF_RETURN_IF_ERROR(Slice(v, node, out));
        return Status::Ok();
      case Node::kFilter:
        for (const Json* v : in) KF_RETURN_IF_ERROR(Filter(v, node, out));
        return Status::Ok();
    }
    return Status::Ok();
  }

  // evalRecursive: the value itself and all descendants that have children.
  void Descend(const Json* v, Values* out) {
    if (!v || !(v->is_object() || v->is_array()) || v->empty()) return;
    out->push_back(v);
    for (const Json& child : *v) Descend(&child, out);
  }

  Status Slice(const Json* v, const Node& node, Values* out) {
    if (!v || v->is_null()) return Status::Ok();
    if (!v->is_array()) return InvalidArgument(GoTypeName(*v) + " is not array or slice");
    int64_t len = static_cast<int64_t>(v->size());
    Node::Param p0 = node.params[0], p1 = node.params[1], p2 = node.params[2];
    if (!p0.known) p0.value = 0;
    if (p0.value < 0) p0.value += len;
    if (!p1.known) p1.value = len;
    if (p1.value < 0 || (p1.value == 0 && p1.derived)) p1.value += len;
    if (p1.value == p0.value) return Status::Ok();
    if (p0.value >= len || p0.value < 0)
      return InvalidArgument("array index out of bounds: index " + std::to_string(p0.value) + ", length " +
                             std::to_string(len));
    if (p1.value > len || p1.value < 0)
      return InvalidArgument("array index out of bounds: index " + std::to_string(p1.value - 1) + ", length " +
                             std::to_string(len));
    if (p0.value > p1.value)
      return InvalidArgument("starting index " + std::to_string(p0.value) + " is greater than ending index " +
                             std::to_string(p1.value));
    int64_t step = 1;
    if (p2.known) {
      if (p2.value <= 0) return InvalidArgument("step must be > 0");
      step = p2.value;
    }
    for (int64_t i = p0.value; i < p1.value; i += step) out->push_back(&(*v)[static_cast<size_t>(i)]);
    return Status::Ok();
  }

  Status Filter(const Json* v, const Node& node, Values* out) {
    if (!v || v->is_null()) return Status::Ok();
    if (!v->is_array()) return InvalidArgument(GoTypeName(*v) + " is not array or slice and cannot be filtered");
    for (const Json& item : *v) {
      Values left;
      KF_RETURN_IF_ERROR(Walk({&item}, node.children[0], &left));
      if (node.op == "exists") {
        if (!left.empty()) out->push_back(&item);
        continue;
      }
      if (left.empty()) continue;
      Values right;
      KF_RETURN_IF_ERROR(Walk({&item}, node.children[1], &right));
      if (left.size() > 1 || right.size() > 1) return InvalidArgument("can only compare one element at a time");
      if (right.empty()) continue;
      Result<bool> keep = Compare(*left[0], *right[0], node.op);
      if (!keep.ok()) return keep.status();
      if (*keep) out->push_back(&item);
    }
    return Status::Ok();
  }

  static Result<bool> Compare(const Json& a, const Json& b, const std::string& op) {
    int cmp;
    if (a.is_number() && b.is_number()) {
      double x = a.get<double>(), y = b.get<double>();
      cmp = x < y ? -1 : (x > y ? 1 : 0);
    } else if (a.is_string() && b.is_string()) {
      cmp = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    } else if (a.is_boolean() && b.is_boolean() && (op == "==" || op == "!=")) {
      cmp = a == b ? 0 : 1;
    } else {
      if (op == "==") return false;
      if (op == "!=") return true;
      return InvalidArgument("incompatible types for comparison");
    }
    if (op == "==") return cmp == 0;
    if (op == "!=") return cmp != 0;
    if (op == "<") return cmp < 0;
    if (op == ">") return cmp > 0;
    if (op == "<=") return cmp <= 0;
    return cmp >= 0;
  }

  std::deque<Json> arena_;
  int begin_range_ = 0, end_range_ = 0;
};

std::string PrintValue(const Json& v) {
  if (v.is_object() || v.is_array()) return render::GoJson(v);
  return render::GoValue(v);
}

}  // namespace

Result<std::string> EvaluateJsonPath(const Json& object, const std::string& tmpl) {
  KF_ASSIGN_OR_RETURN(Node root, render::jsonpath::Parse(tmpl));
  Evaluator eval;
  std::vector<Values> groups;
  size_t stop = 0;
  KF_RETURN_IF_ERROR(eval.FindResults(&object, root.children, 0, &groups, &stop));
  std::string out;
  for (const Values& group : groups) {
    for (size_t i = 0; i < group.size(); ++i) {
      if (i) out += ' ';
      out += PrintValue(*group[i]);
    }
  }
  return out;
}

}  // namespace kf
