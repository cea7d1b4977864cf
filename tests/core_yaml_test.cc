#include "engine/core/yaml.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace kf {
namespace {

Json Value(const std::string& yaml) {
  auto doc = ParseYaml(yaml, "t.yaml");
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? doc->value : Json("<error>");
}

// The one scalar under key "v".
Json Scalar(const std::string& text) { return Value("v: " + text + "\n")["v"]; }

std::string Error(const std::string& yaml) {
  auto doc = ParseYaml(yaml, "scenarios/x.yaml");
  if (doc.ok()) return "parsed: " + doc->value.dump();
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
  return doc.status().message();
}

TEST(YamlScalarTest, NullAndBool) {
  for (const char* s : {"null", "Null", "NULL", "~", ""}) {
    EXPECT_TRUE(Scalar(s).is_null()) << s;
  }
  EXPECT_TRUE(Value("v:\n")["v"].is_null());
  for (const char* s : {"true", "True", "TRUE"}) EXPECT_EQ(Scalar(s), true) << s;
  for (const char* s : {"false", "False", "FALSE"}) EXPECT_EQ(Scalar(s), false) << s;
  // YAML 1.1 booleans are strings in 1.2 core.
  for (const char* s : {"yes", "no", "on", "off", "y", "n", "tRUE", "nULL"}) {
    EXPECT_EQ(Scalar(s), s) << s;
  }
}

TEST(YamlScalarTest, Integers) {
  EXPECT_EQ(Scalar("42"), 42);
  EXPECT_TRUE(Scalar("42").is_number_integer());
  EXPECT_EQ(Scalar("-17"), -17);
  EXPECT_EQ(Scalar("+5"), 5);
  EXPECT_EQ(Scalar("0"), 0);
  EXPECT_EQ(Scalar("0755"), 755);  // 1.2 core: decimal, not octal
  EXPECT_EQ(Scalar("0o755"), 493);
  EXPECT_EQ(Scalar("0xFF"), 255);
  EXPECT_EQ(Scalar("0xff"), 255);
  EXPECT_EQ(Scalar("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(Scalar("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(Scalar("18446744073709551615"), UINT64_MAX);
  EXPECT_TRUE(Scalar("18446744073709551615").is_number_unsigned());
  Json huge = Scalar("99999999999999999999");
  EXPECT_TRUE(huge.is_number_float());
  EXPECT_DOUBLE_EQ(huge.get<double>(), 1e20);
  for (const char* s : {"0x", "0o8", "0b101", "1_000", "0xG", "+0x1", "12e", "1,000", "--1"}) {
    EXPECT_EQ(Scalar(s), s) << s;
  }
}

TEST(YamlScalarTest, Floats) {
  EXPECT_EQ(Scalar("1.5"), 1.5);
  EXPECT_TRUE(Scalar("1e3").is_number_float());
  EXPECT_EQ(Scalar("1e3"), 1000.0);
  EXPECT_EQ(Scalar("-2.5E-1"), -0.25);
  EXPECT_EQ(Scalar(".5"), 0.5);
  EXPECT_EQ(Scalar("1."), 1.0);
  EXPECT_EQ(Scalar("+.5"), 0.5);
  EXPECT_TRUE(std::isinf(Scalar(".inf").get<double>()));
  EXPECT_GT(Scalar(".Inf").get<double>(), 0);
  EXPECT_LT(Scalar("-.INF").get<double>(), 0);
  EXPECT_TRUE(std::isinf(Scalar("+.inf").get<double>()));
  EXPECT_TRUE(std::isnan(Scalar(".nan").get<double>()));
  EXPECT_TRUE(std::isnan(Scalar(".NaN").get<double>()));
  EXPECT_TRUE(std::isnan(Scalar(".NAN").get<double>()));
  for (const char* s : {".", "-.", ".e3", "1.2.3", "inf", "nan", ".Nan", "-.nan", "1e3.5"}) {
    EXPECT_EQ(Scalar(s), s) << s;
  }
}

TEST(YamlScalarTest, StringsStayStrings) {
  EXPECT_EQ(Scalar("v2.14.0"), "v2.14.0");
  EXPECT_EQ(Scalar("10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(Scalar("256Mi"), "256Mi");
  EXPECT_EQ(Scalar("12:30"), "12:30");  // no sexagesimal in 1.2
  EXPECT_EQ(Scalar("2026-03-10"), "2026-03-10");
  EXPECT_EQ(Scalar("payment service"), "payment service");
  EXPECT_EQ(Scalar("\"42\""), "42");
  EXPECT_EQ(Scalar("'true'"), "true");
  EXPECT_EQ(Scalar("\"\""), "");
  EXPECT_EQ(Scalar("'null'"), "null");
  EXPECT_EQ(Scalar("'it''s'"), "it's");
  EXPECT_EQ(Scalar("\"tab\\there\""), "tab\there");
  EXPECT_EQ(Value("v: |\n  line1\n  line2\n")["v"], "line1\nline2\n");
  EXPECT_EQ(Value("v: >-\n  folded\n  text\n")["v"], "folded text");
  EXPECT_EQ(Value("v: |\n  42\n")["v"], "42\n");
}

TEST(YamlScalarTest, ExplicitTags) {
  EXPECT_EQ(Scalar("!!str 123"), "123");
  EXPECT_EQ(Scalar("!!str true"), "true");
  EXPECT_EQ(Scalar("!!int \"7\""), 7);
  EXPECT_EQ(Scalar("!!float 1"), 1.0);
  EXPECT_TRUE(Scalar("!!float 1").is_number_float());
  EXPECT_EQ(Scalar("!!bool \"false\""), false);
  EXPECT_TRUE(Scalar("!!null ''").is_null());
  EXPECT_EQ(Scalar("!custom 5"), "5");
  EXPECT_EQ(Scalar("! 42"), "42");
  EXPECT_EQ(Scalar("!!str null"), "null");
  EXPECT_EQ(Scalar("!!str ~"), "~");
  EXPECT_EQ(Scalar("!!str"), "");
  EXPECT_EQ(Scalar("!!binary aGVsbG8="), "aGVsbG8=");
  EXPECT_EQ(Error("a: 1\nv: !!bool yes\n"), "scenarios/x.yaml:2: yaml: invalid !!bool value \"yes\"");
  EXPECT_EQ(Error("v: !!int 1.5\n"), "scenarios/x.yaml:1: yaml: invalid !!int value \"1.5\"");
  EXPECT_EQ(Error("v: !!float abc\n"), "scenarios/x.yaml:1: yaml: invalid !!float value \"abc\"");
  EXPECT_EQ(Error("v: !!null x\n"), "scenarios/x.yaml:1: yaml: invalid !!null value \"x\"");
}

TEST(YamlStructureTest, MapsSequencesAndFlow) {
  Json v = Value(
      "kind: Deployment\n"
      "spec:\n"
      "  replicas: 3\n"
      "  selector: {matchLabels: {app: web}}\n"
      "  ports: [80, 443]\n"
      "  containers:\n"
      "  - name: app\n"
      "    args: []\n"
      "    env: {}\n"
      "  - name: sidecar\n");
  EXPECT_EQ(v.dump(),
            R"({"kind":"Deployment","spec":{"containers":[{"args":[],"env":{},"name":"app"},)"
            R"({"name":"sidecar"}],"ports":[80,443],"replicas":3,)"
            R"("selector":{"matchLabels":{"app":"web"}}}})");
}

TEST(YamlStructureTest, KeysAreStrings) {
  Json v = Value("1: one\ntrue: yes\n~: nothing\n0x10: hex\n\"q\": quoted\n");
  EXPECT_EQ(v["1"], "one");
  EXPECT_EQ(v["true"], "yes");
  EXPECT_EQ(v["null"], "nothing");
  EXPECT_EQ(v["0x10"], "hex");
  EXPECT_EQ(v["q"], "quoted");
}

TEST(YamlStructureTest, AnchorsAliasesAndMergeKeys) {
  Json v = Value(
      "base: &base {cpu: 100m, memory: 128Mi}\n"
      "extra: &extra {gpu: 1, cpu: 1}\n"
      "copy: *base\n"
      "small:\n"
      "  <<: *base\n"
      "  memory: 256Mi\n"
      "both:\n"
      "  <<: [*extra, *base]\n"
      "quoted:\n"
      "  '<<': *base\n");
  EXPECT_EQ(v["copy"], v["base"]);
  EXPECT_EQ(v["small"].dump(), R"({"cpu":"100m","memory":"256Mi"})");
  EXPECT_EQ(v["both"].dump(), R"({"cpu":1,"gpu":1,"memory":"128Mi"})");
  EXPECT_EQ(v["quoted"].dump(), R"({"<<":{"cpu":"100m","memory":"128Mi"}})");
  EXPECT_EQ(Error("a:\n  <<: 5\n"),
            "scenarios/x.yaml:2: yaml: map merge requires a map or a sequence of maps");
}

TEST(YamlStructureTest, EmptyAndCommentOnlyDocumentsAreNull) {
  EXPECT_TRUE(Value("").is_null());
  EXPECT_TRUE(Value("# nothing here\n").is_null());
  EXPECT_TRUE(Value("---\n").is_null());
  EXPECT_EQ(Value("---\na: 1\n...\n")["a"], 1);
  EXPECT_EQ(Value("- a\n- b\n"), Json::array({"a", "b"}));
  EXPECT_EQ(Value("just text"), "just text");
  EXPECT_EQ(Value("%YAML 1.2\n---\na: 1\n")["a"], 1);
  EXPECT_EQ(Value("a:\n  - b\n  -\n  - c\n")["a"], Json::parse(R"(["b",null,"c"])"));
}

constexpr const char* kDeployment =
    "apiVersion: apps/v1\n"                  // 1
    "kind: Deployment\n"                     // 2
    "metadata:\n"                            // 3
    "  name: payment-service\n"              // 4
    "spec:\n"                                // 5
    "  replicas: 3\n"                        // 6
    "  template:\n"                          // 7
    "    spec:\n"                            // 8
    "      containers:\n"                    // 9
    "      - name: app\n"                    // 10
    "        image: payment:v2.14.0\n"       // 11
    "        resources:\n"                   // 12
    "          limits:\n"                    // 13
    "            memory: 256Mi\n"            // 14
    "\n"                                     // 15
    "      - name: sidecar\n"                // 16
    "        args:\n"                        // 17
    "          - --port\n"                   // 18
    "          - \"9090\"\n";                // 19

TEST(YamlSourceMapTest, RecordsLineOfEveryNode) {
  auto doc = ParseYaml(kDeployment, "d.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const SourceMap& m = doc->lines;
  EXPECT_EQ(m.LineOf(""), 1);
  EXPECT_EQ(m.LineOf("apiVersion"), 1);
  EXPECT_EQ(m.LineOf("metadata"), 3);
  EXPECT_EQ(m.LineOf("metadata.name"), 4);
  EXPECT_EQ(m.LineOf("spec"), 5);
  EXPECT_EQ(m.LineOf("spec.replicas"), 6);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers"), 9);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[0]"), 10);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[0].name"), 10);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[0].image"), 11);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[0].resources.limits.memory"), 14);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[1]"), 16);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[1].args"), 17);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[1].args[0]"), 18);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[1].args[1]"), 19);
}

TEST(YamlSourceMapTest, MissingPathsFallBackToNearestAncestor) {
  auto doc = ParseYaml(kDeployment, "d.yaml");
  ASSERT_TRUE(doc.ok());
  const SourceMap& m = doc->lines;
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[0].resources.limits.cpu"), 13);
  EXPECT_EQ(m.LineOf("spec.template.spec.containers[7].image"), 9);
  EXPECT_EQ(m.LineOf("status.replicas"), 1);
  EXPECT_EQ(SourceMap().LineOf("anything"), 0);
  EXPECT_EQ(SourceMap().LineOf(""), 0);
  SourceMap s;
  s.Set("a.b", 7);
  EXPECT_EQ(s.LineOf("a.b[3].c"), 7);
  EXPECT_EQ(s.LineOf("a"), 0);
}

TEST(YamlSourceMapTest, LinesAfterDocumentMarkerAndComments) {
  auto doc = ParseYaml("# header\n---\n# comment\nname: x\nitems:\n- 1\n", "f.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->lines.LineOf("name"), 4);
  EXPECT_EQ(doc->lines.LineOf("items[0]"), 6);
}

TEST(YamlErrorTest, SyntaxErrorsNameFileAndLine) {
  EXPECT_EQ(Error("a: b: c\n"), "scenarios/x.yaml:1: yaml: illegal map value");
  EXPECT_EQ(Error("a:\n  b: 1\n c: 2\n"), "scenarios/x.yaml:3: yaml: end of map not found");
  EXPECT_EQ(Error("a:\n\tb: 1\n"), "scenarios/x.yaml:2: yaml: illegal map value");
  EXPECT_EQ(Error("a: [1, 2\n"), "scenarios/x.yaml:2: yaml: end of sequence flow not found");
  EXPECT_EQ(Error("a: {b: 1\n"), "scenarios/x.yaml:2: yaml: end of map flow not found");
  EXPECT_EQ(Error("x: 1\ny: *nope\n"), "scenarios/x.yaml:2: yaml: the referenced anchor is not defined");
  EXPECT_EQ(Error("a: @x\n"), "scenarios/x.yaml:1: yaml: unknown token");
  EXPECT_EQ(Error("? [1]\n: 2\n"), "scenarios/x.yaml:1: yaml: mapping keys must be scalars");
}

TEST(YamlErrorTest, ContentAfterDocumentEnd) {
  EXPECT_EQ(Error("- a\n- b\nkey: 1\n"),
            "scenarios/x.yaml:3: yaml: unexpected content after the end of the document "
            "(wrong indentation, or a missing \"---\")");
  EXPECT_EQ(Error("- a\n# comment\n\nkey: 1\n"),
            "scenarios/x.yaml:4: yaml: unexpected content after the end of the document "
            "(wrong indentation, or a missing \"---\")");
}

TEST(YamlErrorTest, DuplicateKeys) {
  EXPECT_EQ(Error("a: 1\nb: 2\na: 3\n"), "scenarios/x.yaml:3: duplicate key \"a\"");
  EXPECT_EQ(Error("spec:\n  replicas: 1\n  template: {}\n  replicas: 2\n"),
            "scenarios/x.yaml:4: duplicate key \"replicas\"");
  EXPECT_EQ(Error("x: {a: 1, a: 2}\n"), "scenarios/x.yaml:1: duplicate key \"a\"");
  EXPECT_EQ(Error("1: a\n\"1\": b\n"), "scenarios/x.yaml:2: duplicate key \"1\"");
}

TEST(YamlErrorTest, RecursiveAliasIsRejected) {
  EXPECT_EQ(Error("a: &a [*a]\n"), "scenarios/x.yaml:1: yaml: document nested too deeply");
}

TEST(YamlErrorTest, AliasExpansionIsBounded) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  std::string err = Error(bomb);
  EXPECT_TRUE(err.starts_with("scenarios/x.yaml:")) << err;
  EXPECT_TRUE(err.ends_with(": yaml: document too large")) << err;
}

TEST(YamlErrorTest, SingleDocumentExpected) {
  EXPECT_EQ(Error("x: 1\n---\ny: 2\n"),
            "scenarios/x.yaml:3: expected one YAML document, found 2");
}

TEST(YamlAllTest, MultipleDocuments) {
  auto docs = ParseYamlAll(
      "apiVersion: v1\nkind: Service\n---\n# second\napiVersion: apps/v1\nkind: Deployment\n"
      "---\n---\n--- [1, 2]\n",
      "m.yaml");
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 3u);  // the empty document is skipped
  EXPECT_EQ((*docs)[0].value["kind"], "Service");
  EXPECT_EQ((*docs)[1].value["kind"], "Deployment");
  EXPECT_EQ((*docs)[1].lines.LineOf("kind"), 6);
  EXPECT_EQ((*docs)[2].value, Json::array({1, 2}));
  EXPECT_EQ((*docs)[2].lines.LineOf("[1]"), 9);
}

TEST(YamlAllTest, TaggedDocumentAfterMarker) {
  auto docs = ParseYamlAll("a: 1\n---\n# note\n!!map\nb: 2\n", "m.yaml");
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[1].value["b"], 2);
  EXPECT_EQ((*docs)[1].lines.LineOf("b"), 5);
}

TEST(YamlAllTest, EmptyStreamAndErrors) {
  auto none = ParseYamlAll("", "e.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto bad = ParseYamlAll("a: 1\n---\nb: 1\nb: 2\n", "e.yaml");
  EXPECT_EQ(bad.status().message(), "e.yaml:4: duplicate key \"b\"");
}

TEST(YamlPathTest, JoinPathAndIndex) {
  EXPECT_EQ(JoinPath("spec", "replicas"), "spec.replicas");
  EXPECT_EQ(JoinPath("", "spec"), "spec");
  EXPECT_EQ(JoinIndex("containers", 0), "containers[0]");
  EXPECT_EQ(JoinIndex("", 2), "[2]");
  EXPECT_EQ(JoinPath(JoinIndex(JoinPath("spec", "containers"), 1), "image"),
            "spec.containers[1].image");
}

}  // namespace
}  // namespace kf
