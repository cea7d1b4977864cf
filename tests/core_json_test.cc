#include "engine/core/json.h"

#include <gtest/gtest.h>

#include <string>

namespace kf {
namespace {

TEST(ParseJsonTest, ParsesValues) {
  auto j = ParseJson(R"({"b": [1, 2.5, "x", null, true], "a": {"c": -3}})");
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  EXPECT_EQ((*j)["a"]["c"], -3);
  EXPECT_EQ((*j)["b"][1], 2.5);
  EXPECT_TRUE((*j)["b"][3].is_null());
  EXPECT_EQ(ParseJson("42").value(), 42);
  EXPECT_EQ(ParseJson("  \"s\"  ").value(), "s");
}

TEST(ParseJsonTest, ErrorsNameByteOffset) {
  auto bad = ParseJson(R"({"a": tru})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "invalid JSON at byte offset 9: syntax error while parsing value - invalid literal; "
            "last read: '\"a\": tru}'");
  EXPECT_EQ(ParseJson("").status().message(),
            "invalid JSON at byte offset 0: syntax error while parsing value - unexpected end of "
            "input; expected '[', '{', or a literal");
  EXPECT_EQ(ParseJson("{\"a\":1} x").status().message(),
            "invalid JSON at byte offset 8: syntax error while parsing value - invalid literal; "
            "last read: '1} x'; expected end of input");
  EXPECT_FALSE(ParseJson("[1,]").ok());
  EXPECT_FALSE(ParseJson("{'a':1}").ok());
  EXPECT_FALSE(ParseJson("\"\xff\"").ok());
}

TEST(CanonicalJsonTest, SortedCompactStable) {
  auto a = ParseJson(R"({"z": 1, "a": {"y": [3, 2], "b": "x"}, "m": null})").value();
  auto b = ParseJson(R"({"m":null,"a":{"b":"x","y":[3,2]},"z":1})").value();
  EXPECT_EQ(CanonicalJson(a), R"({"a":{"b":"x","y":[3,2]},"m":null,"z":1})");
  EXPECT_EQ(CanonicalJson(a), CanonicalJson(b));
  EXPECT_EQ(CanonicalJson(Json("caf\xc3\xa9")), "\"caf\xc3\xa9\"");
  EXPECT_EQ(CanonicalJson(Json(1.5)), "1.5");
  EXPECT_EQ(CanonicalJson(Json::object()), "{}");
}

TEST(CanonicalJsonTest, InvalidUtf8DoesNotThrow) {
  Json bad = std::string("a\xff");
  EXPECT_EQ(CanonicalJson(bad), "\"a\xef\xbf\xbd\"");
}

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, PaddingBoundaries) {
  struct Case {
    size_t n;
    const char* want;
  };
  const Case cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const auto& c : cases) EXPECT_EQ(Sha256Hex(std::string(c.n, 'a')), c.want) << c.n;
}

TEST(Sha256Test, BinaryBytes) {
  std::string bytes("\0\xff\x80", 3);
  EXPECT_EQ(Sha256Hex(bytes).size(), 64u);
  EXPECT_NE(Sha256Hex(bytes), Sha256Hex(std::string("\0\xff", 2)));
}

class JsonAtPathTest : public ::testing::Test {
 protected:
  Json doc = ParseJson(R"({
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {"template": {"spec": {"containers": [
      {"name": "app", "image": "payment:v2.14.0", "ports": [{"containerPort": 8080}]},
      {"name": "sidecar"}
    ]}}},
    "matrix": [[1, 2], [3, 4]]
  })").value();
};

TEST_F(JsonAtPathTest, Finds) {
  EXPECT_EQ(JsonAtPath(doc, ""), &doc);
  EXPECT_EQ(*JsonAtPath(doc, "metadata.name"), "web");
  EXPECT_EQ(*JsonAtPath(doc, "spec.template.spec.containers[0].image"), "payment:v2.14.0");
  EXPECT_EQ(*JsonAtPath(doc, "spec.template.spec.containers[0].ports[0].containerPort"), 8080);
  EXPECT_EQ(*JsonAtPath(doc, "spec.template.spec.containers[1]"), Json({{"name", "sidecar"}}));
  EXPECT_EQ(*JsonAtPath(doc, "matrix[1][0]"), 3);
  EXPECT_EQ(*JsonAtPath(doc["matrix"], "[0][1]"), 2);
}

TEST_F(JsonAtPathTest, MissingOrMalformedIsNull) {
  for (const char* p : {"nope", "metadata.nope", "metadata.name.x", "spec.template.spec.containers[2]",
                        "spec.template.spec.containers[x]", "spec.template.spec.containers[]",
                        "spec.template.spec.containers[0", "metadata[0]", "matrix.a", ".metadata",
                        "metadata.", "metadata..name", "matrix[0]x", "matrix[99999999999999999999999]"}) {
    EXPECT_EQ(JsonAtPath(doc, p), nullptr) << p;
  }
}

TEST(JsonAccessorsTest, StringAndInt) {
  Json j = {{"name", "web"}, {"replicas", 3}, {"ratio", 0.5}, {"big", 18446744073709551615ULL},
            {"neg", -7}};
  EXPECT_EQ(JsonString(j, "name"), "web");
  EXPECT_EQ(JsonString(j, "replicas", "dflt"), "dflt");
  EXPECT_EQ(JsonString(j, "missing", "dflt"), "dflt");
  EXPECT_EQ(JsonInt(j, "replicas"), 3);
  EXPECT_EQ(JsonInt(j, "neg"), -7);
  EXPECT_EQ(JsonInt(j, "name", -1), -1);
  EXPECT_EQ(JsonInt(j, "ratio", -1), -1);
  EXPECT_EQ(JsonInt(j, "big", -1), -1);
  EXPECT_EQ(JsonInt(j, "missing", 9), 9);
  EXPECT_EQ(JsonString(Json::array({1}), "x", "f"), "f");
  EXPECT_EQ(JsonInt(Json("s"), "x", 4), 4);
}

}  // namespace
}  // namespace kf
