// Label and field selectors: parsing, API-server error texts, matching.
#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/sim/selector.h"

namespace kf {
namespace {

Json J(const char* text) { return Json::parse(text); }

bool Selects(const std::string& selector, const char* labels) {
  auto s = ParseLabelSelector(selector);
  EXPECT_TRUE(s.ok()) << selector << ": " << s.status().ToString();
  return s.ok() && s->Matches(J(labels));
}

std::string LabelError(const std::string& selector) {
  auto s = ParseLabelSelector(selector);
  EXPECT_FALSE(s.ok()) << selector;
  if (s.ok()) return "";
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  return s.status().message();
}

TEST(LabelSelectorTest, EqualityOperators) {
  const char* labels = R"({"app":"payment-service","tier":"web"})";
  EXPECT_TRUE(Selects("app=payment-service", labels));
  EXPECT_TRUE(Selects("app==payment-service", labels));
  EXPECT_FALSE(Selects("app!=payment-service", labels));
  EXPECT_TRUE(Selects("app!=other", labels));
  EXPECT_TRUE(Selects("missing!=x", labels));  // != holds when the key is absent
  EXPECT_TRUE(Selects("app=payment-service,tier=web", labels));
  EXPECT_FALSE(Selects("app=payment-service,tier=db", labels));
  EXPECT_TRUE(Selects(" app = payment-service , tier = web ", labels));
}

TEST(LabelSelectorTest, SetBasedParsing) {
  auto s = ParseLabelSelector("tier in (web, db),env notin (prod),!canary,app");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->requirements().size(), 4u);
  // Sorted by key, values sorted.
  EXPECT_EQ(s->ToString(), "app,!canary,env notin (prod),tier in (db,web)");
  EXPECT_EQ(s->requirements()[3].op, LabelRequirement::Op::kIn);
  EXPECT_EQ(s->requirements()[3].values, (std::vector<std::string>{"db", "web"}));
  EXPECT_TRUE(s->Matches(J(R"({"app":"x","tier":"web","env":"dev"})")));
  EXPECT_TRUE(s->Matches(J(R"({"app":"x","tier":"db"})")));  // notin holds when absent
  EXPECT_FALSE(s->Matches(J(R"({"app":"x","tier":"web","env":"prod"})")));
  EXPECT_FALSE(s->Matches(J(R"({"app":"x","tier":"web","canary":"true"})")));
  EXPECT_FALSE(s->Matches(J(R"({"tier":"web"})")));
  EXPECT_FALSE(s->Matches(J(R"({"app":"x","tier":"cache"})")));
}

TEST(LabelSelectorTest, InAndNotinAreValuesInsideParentheses) {
  EXPECT_TRUE(Selects("x in (in,notin)", R"({"x":"notin"})"));
  EXPECT_TRUE(Selects("x in (a,,b)", R"({"x":""})"));
  EXPECT_TRUE(Selects("x in ()", R"({"x":""})"));
  EXPECT_TRUE(Selects("x=", R"({"x":""})"));
}

TEST(LabelSelectorTest, ExistsAndDoesNotExist) {
  EXPECT_TRUE(Selects("app", R"({"app":""})"));
  EXPECT_FALSE(Selects("app", R"({})"));
  EXPECT_TRUE(Selects("!app", R"({"other":"1"})"));
  EXPECT_FALSE(Selects("!app", R"({"app":"1"})"));
  EXPECT_FALSE(Selects("app", "null"));
  EXPECT_TRUE(Selects("!app", "null"));
}

TEST(LabelSelectorTest, GreaterAndLessThan) {
  EXPECT_TRUE(Selects("gen>2", R"({"gen":"3"})"));
  EXPECT_FALSE(Selects("gen>2", R"({"gen":"2"})"));
  EXPECT_TRUE(Selects("gen<2", R"({"gen":"1"})"));
  EXPECT_FALSE(Selects("gen<2", R"({"gen":"x"})"));
}

TEST(LabelSelectorTest, EmptySelectsEverything) {
  auto s = ParseLabelSelector("");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->empty());
  EXPECT_TRUE(s->Matches(J("{}")));
  EXPECT_TRUE(Selects("   ", R"({"a":"b"})"));
}

TEST(LabelSelectorTest, ParseErrorsReadAsTheApiServers) {
  EXPECT_EQ(LabelError("app=x,"), "found '', expected: identifier after ','");
  EXPECT_EQ(LabelError("app in"), "unable to parse requirement: found '' expected: '('");
  EXPECT_EQ(LabelError("app in (a"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(LabelError("app in (a b)"), "unable to parse requirement: found 'b', expected: ',' or ')'");
  EXPECT_EQ(LabelError("app in (=)"), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  EXPECT_EQ(LabelError("app foo"),
            "unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(LabelError("app=a=b"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(LabelError("=x"), "found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(LabelError("!"), "unable to parse requirement: found '', expected: identifier");
  EXPECT_EQ(LabelError("a=("), "unable to parse requirement: found '(', expected: identifier");
  EXPECT_EQ(LabelError("-bad=x"),
            "unable to parse requirement: <nil>: Invalid value: \"-bad\": name part must consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(LabelError("/x=y"), "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty");
  EXPECT_EQ(LabelError("app=-x"),
            "unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must "
            "be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
            "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
            "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  EXPECT_EQ(LabelError("gen>x"),
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, "
            "the value must be an integer");
  EXPECT_EQ(LabelError(std::string("app=") + std::string(64, 'a')),
            "unable to parse requirement: values[0][app]: Invalid value: \"" + std::string(64, 'a') +
                "\": must be no more than 63 characters");
}

TEST(LabelSelectorTest, PrefixedKeys) {
  EXPECT_TRUE(Selects("app.kubernetes.io/name=payment", R"({"app.kubernetes.io/name":"payment"})"));
  EXPECT_EQ(LabelError("Example.com/x"),
            "unable to parse requirement: <nil>: Invalid value: \"Example.com/x\": prefix part a "
            "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
            "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
            "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
}

TEST(LabelSelectorFromJsonTest, MatchLabelsAndExpressions) {
  auto s = LabelSelectorFromJson(J(R"({"matchLabels":{"app":"payment-service"},
      "matchExpressions":[{"key":"tier","operator":"In","values":["web","api"]},
                         {"key":"canary","operator":"DoesNotExist"}]})"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->ToString(), "app=payment-service,!canary,tier in (api,web)");
  EXPECT_TRUE(s->Matches(J(R"({"app":"payment-service","tier":"api","pod-template-hash":"abc"})")));
  EXPECT_FALSE(s->Matches(J(R"({"app":"payment-service","tier":"db"})")));
}

TEST(LabelSelectorFromJsonTest, ServiceSelectorMapAndEmptyAndNull) {
  auto svc = LabelSelectorFromJson(J(R"({"app":"payment-service"})"));
  ASSERT_TRUE(svc.ok());
  EXPECT_TRUE(svc->Matches(J(R"({"app":"payment-service"})")));
  EXPECT_FALSE(svc->Matches(J(R"({"app":"other"})")));
  auto everything = LabelSelectorFromJson(J("{}"));
  ASSERT_TRUE(everything.ok());
  EXPECT_TRUE(everything->Matches(J("{}")));
  auto nothing = LabelSelectorFromJson(Json());
  ASSERT_TRUE(nothing.ok());
  EXPECT_FALSE(nothing->Matches(J(R"({"app":"x"})")));
  EXPECT_FALSE(nothing->empty());
}

TEST(LabelSelectorFromJsonTest, Errors) {
  auto op = LabelSelectorFromJson(J(R"({"matchExpressions":[{"key":"a","operator":"Like","values":["x"]}]})"));
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.status().message(), "\"Like\" is not a valid label selector operator");
  auto empty_in = LabelSelectorFromJson(J(R"({"matchExpressions":[{"key":"a","operator":"In","values":[]}]})"));
  ASSERT_FALSE(empty_in.ok());
  EXPECT_EQ(empty_in.status().message(),
            "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
  auto exists_values = LabelSelectorFromJson(J(R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})"));
  ASSERT_FALSE(exists_values.ok());
  EXPECT_EQ(exists_values.status().message(),
            "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist");
  auto bad_key = LabelSelectorFromJson(J(R"({"matchLabels":{"a b":"x"}})"));
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.status().message().substr(0, 40), "key: Invalid value: \"a b\": name part mus");
}

// ---- field selectors -----------------------------------------------------------

Json OomEvent() {
  return J(R"({"kind":"Event","metadata":{"name":"e1","namespace":"production"},
      "involvedObject":{"kind":"Pod","name":"payment-service-abc","namespace":"production","uid":"u-1"},
      "reason":"OOMKilling","type":"Warning","source":{"component":"kubelet","host":"node-1"}})");
}

TEST(FieldSelectorTest, EventSelectorsAsKubectlSends) {
  auto s = ParseFieldSelector(
      "involvedObject.name=payment-service-abc,involvedObject.namespace=production,involvedObject.uid=u-1",
      "Event");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->requirements().size(), 3u);
  EXPECT_TRUE(s->Matches(OomEvent()));
  Json other = OomEvent();
  other["involvedObject"]["uid"] = "u-2";
  EXPECT_FALSE(s->Matches(other));
}

TEST(FieldSelectorTest, OperatorsAndSource) {
  auto eq = [](const std::string& text) {
    auto s = ParseFieldSelector(text, "Event");
    EXPECT_TRUE(s.ok()) << text << ": " << s.status().ToString();
    return s.ok() && s->Matches(OomEvent());
  };
  EXPECT_TRUE(eq("reason=OOMKilling"));
  EXPECT_TRUE(eq("reason==OOMKilling"));
  EXPECT_FALSE(eq("reason!=OOMKilling"));
  EXPECT_TRUE(eq("type!=Normal,reason=OOMKilling"));
  EXPECT_TRUE(eq("source=kubelet"));
  EXPECT_TRUE(eq("involvedObject.kind=Pod"));
  EXPECT_TRUE(eq("involvedObject.fieldPath="));  // absent reads as ""
  EXPECT_TRUE(eq(""));
}

TEST(FieldSelectorTest, PodFields) {
  const Json pod = J(R"({"kind":"Pod","metadata":{"name":"p","namespace":"production"},
      "spec":{"nodeName":"node-1"},"status":{"phase":"Running","podIPs":[{"ip":"10.0.0.1"},{"ip":"fd00::1"}]}})");
  auto check = [&](const std::string& text) {
    auto s = ParseFieldSelector(text, "Pod");
    EXPECT_TRUE(s.ok()) << text << ": " << s.status().ToString();
    return s.ok() && s->Matches(pod);
  };
  EXPECT_TRUE(check("status.phase=Running"));
  EXPECT_FALSE(check("status.phase=Pending"));
  EXPECT_TRUE(check("spec.nodeName=node-1,metadata.namespace=production"));
  EXPECT_TRUE(check("metadata.name=p"));
  EXPECT_TRUE(check("spec.hostNetwork=false"));
  EXPECT_TRUE(check("status.podIPs=fd00::1"));
}

TEST(FieldSelectorTest, UnsupportedFieldLabels) {
  auto pod = ParseFieldSelector("reason=OOMKilling", "Pod");
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(pod.status().message(), "field label not supported: reason");
  auto deploy = ParseFieldSelector("metadata.name=x,spec.replicas=3", "deployments");
  ASSERT_FALSE(deploy.ok());
  EXPECT_EQ(deploy.status().message(), "field label not supported: spec.replicas");
  auto any = ParseFieldSelector("foo=bar");
  ASSERT_FALSE(any.ok());
  EXPECT_EQ(any.status().message(), "field label not supported: foo");
  EXPECT_TRUE(ParseFieldSelector("status.phase=Running").ok());
  // No trimming, as the API server: the space is part of the label.
  auto spaced = ParseFieldSelector("reason =x", "Event");
  ASSERT_FALSE(spaced.ok());
  EXPECT_EQ(spaced.status().message(), "field label not supported: reason ");
  EXPECT_TRUE(ParseFieldSelector("metadata.name=x", "Deployment").ok());
}

TEST(FieldSelectorTest, SyntaxErrorsAndEscapes) {
  auto bad = ParseFieldSelector("reason", "Event");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "invalid selector: 'reason'; can't understand 'reason'");
  auto esc = ParseFieldSelector("reason=a\\q", "Event");
  ASSERT_FALSE(esc.ok());
  EXPECT_EQ(esc.status().message(), "invalid field selector: invalid escape sequence: \\q");
  auto unescaped = ParseFieldSelector("reason=a=b", "Event");
  ASSERT_FALSE(unescaped.ok());
  EXPECT_EQ(unescaped.status().message(), "invalid field selector: unescaped character in value: 61");
  auto ok = ParseFieldSelector("reason=a\\,b\\=c", "Event");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->requirements().size(), 1u);
  EXPECT_EQ(ok->requirements()[0].value, "a,b=c");
}

}  // namespace
}  // namespace kf
