#include <gtest/gtest.h>

#include "engine/tools/schema_validator.h"

namespace kf {
namespace {

Json ScaleSchema() {
  return Json::parse(R"({
    "type":"object",
    "properties":{
      "name":{"type":"string","minLength":1},
      "namespace":{"type":"string"},
      "replicas":{"type":"integer","minimum":0,"maximum":1000},
      "patch_type":{"type":"string","enum":["strategic","merge","json"]},
      "patch":{"oneOf":[{"type":"object"},
                        {"type":"array","items":{"type":"object","required":["op","path"],
                          "properties":{"op":{"type":"string"},"path":{"type":"string"}}}}]},
      "time":{"type":["string","number"]},
      "labels":{"type":"object","additionalProperties":false,
                "properties":{"app":{"type":"string"}}}
    },
    "required":["name","namespace"],
    "additionalProperties":false})");
}

std::string Error(const Json& value) { return ValidateJson(ScaleSchema(), value).message(); }

TEST(ToolsSchemaTest, AcceptsValidArguments) {
  EXPECT_TRUE(ValidateJson(ScaleSchema(), Json::parse(R"({"name":"x","namespace":"p","replicas":3})")).ok());
  // 3.0 is an integer in JSON Schema.
  EXPECT_TRUE(ValidateJson(ScaleSchema(), Json::parse(R"({"name":"x","namespace":"p","replicas":3.0})")).ok());
  EXPECT_TRUE(ValidateJson(ScaleSchema(), Json::parse(R"({"name":"x","namespace":"p","patch":{"a":1}})")).ok());
  EXPECT_TRUE(ValidateJson(ScaleSchema(),
                           Json::parse(R"({"name":"x","namespace":"p","patch":[{"op":"add","path":"/a"}]})"))
                  .ok());
  EXPECT_TRUE(ValidateJson(ScaleSchema(), Json::parse(R"({"name":"x","namespace":"p","time":-5})")).ok());
}

TEST(ToolsSchemaTest, ReportsTypeErrorsWithPath) {
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","replicas":"3"})")),
            "replicas: expected integer, got string");
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","replicas":1.5})")),
            "replicas: expected integer, got number");
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","time":true})")),
            "time: expected string or number, got boolean");
  EXPECT_EQ(ValidateJson(ScaleSchema(), Json::parse("[1]")).message(), "expected object, got array");
  EXPECT_EQ(ValidateJson(ScaleSchema(), Json::parse("[1]")).code(), StatusCode::kInvalidArgument);
}

TEST(ToolsSchemaTest, ReportsMissingAndUnknownProperties) {
  EXPECT_EQ(Error(Json::parse(R"({"name":"x"})")), "missing required property \"namespace\"");
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","nmespace":"p","namespace":"p"})")),
            "unknown property \"nmespace\"");
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","labels":{"tier":"web"}})")),
            "labels: unknown property \"tier\"");
}

TEST(ToolsSchemaTest, ReportsEnumBoundsAndLength) {
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","patch_type":"apply"})")),
            "patch_type: must be one of \"strategic\", \"merge\", \"json\"");
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","replicas":-1})")), "replicas: must be >= 0");
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","replicas":1001})")),
            "replicas: must be <= 1000");
  EXPECT_EQ(Error(Json::parse(R"({"name":"","namespace":"p"})")), "name: must not be empty");
}

TEST(ToolsSchemaTest, OneOfNamesTheFormsOrTheInnerError) {
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","patch":"spec: {}"})")),
            "patch: expected object or array, got string");
  EXPECT_EQ(Error(Json::parse(R"({"name":"x","namespace":"p","patch":[{"op":"add"}]})")),
            "patch[0]: missing required property \"path\"");
}

TEST(ToolsSchemaTest, TypeNames) {
  EXPECT_STREQ(JsonTypeName(Json(1)), "integer");
  EXPECT_STREQ(JsonTypeName(Json(2.0)), "integer");
  EXPECT_STREQ(JsonTypeName(Json(2.5)), "number");
  EXPECT_STREQ(JsonTypeName(Json(nullptr)), "null");
  EXPECT_STREQ(JsonTypeName(Json::object()), "object");
}

}  // namespace
}  // namespace kf
