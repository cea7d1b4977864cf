#include <gtest/gtest.h>

#include <set>

#include "engine/tools/schema_validator.h"
#include "engine/tools/tool.h"
#include "tests/testing/fake_cluster.h"

namespace kf {
namespace {

using testing::FakeCluster;

TEST(ToolsCatalogTest, DefaultHasEveryToolSortedByName) {
  std::vector<std::string> names;
  for (const auto& t : ToolCatalog::Default().tools()) names.push_back(t->name());
  EXPECT_EQ(names, (std::vector<std::string>{
                       "kubernetes.delete_pod", "kubernetes.describe", "kubernetes.get_events",
                       "kubernetes.get_pod_logs", "kubernetes.get_resource",
                       "kubernetes.get_rollout_history", "kubernetes.list_pods",
                       "kubernetes.patch_resource", "kubernetes.rollout_restart",
                       "kubernetes.rollout_status", "kubernetes.rollout_undo", "kubernetes.scale",
                       "kubernetes.set_image", "kubernetes.top_pods", "prometheus.query",
                       "prometheus.query_range"}));
}

TEST(ToolsCatalogTest, AnnotationsMarkMutatingAndDestructiveTools) {
  const std::set<std::string> mutating = {
      "kubernetes.delete_pod", "kubernetes.patch_resource", "kubernetes.rollout_restart",
      "kubernetes.rollout_undo", "kubernetes.scale", "kubernetes.set_image"};
  const std::set<std::string> destructive = {"kubernetes.delete_pod", "kubernetes.scale"};
  for (const auto& t : ToolCatalog::Default().tools()) {
    SCOPED_TRACE(t->name());
    EXPECT_EQ(!t->annotations().read_only, mutating.count(t->name()) == 1);
    EXPECT_EQ(t->annotations().destructive, destructive.count(t->name()) == 1);
    EXPECT_FALSE(t->description().empty());
    // Every schema is a closed object schema whose required names exist.
    const Json& s = t->input_schema();
    EXPECT_EQ(s["type"], "object");
    EXPECT_EQ(s["additionalProperties"], false);
    for (const Json& r : s["required"]) EXPECT_TRUE(s["properties"].contains(r.get<std::string>()));
  }
  EXPECT_FALSE(ToolCatalog::Default().Find("kubernetes.rollout_undo")->annotations().idempotent);
}

TEST(ToolsCatalogTest, InvokeRejectsUnknownToolsAndBadArguments) {
  FakeCluster cluster;
  ToolContext ctx{&cluster, nullptr};
  const ToolCatalog& c = ToolCatalog::Default();
  ToolResult r = c.Invoke("kubernetes.nope", Json::object(), ctx);
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "unknown tool \"kubernetes.nope\"");

  r = c.Invoke("kubernetes.scale",
               Json{{"name", "payment-service"}, {"namespace", "production"}, {"replicas", "3"}}, ctx);
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "invalid arguments for kubernetes.scale: replicas: expected integer, got string");

  r = c.Invoke("kubernetes.get_pod_logs", Json{{"pod", "payment-service-6b8f9d4c7-v5n1s"}}, ctx);
  EXPECT_EQ(r.text, "invalid arguments for kubernetes.get_pod_logs: missing required property \"namespace\"");
  r = c.Invoke("kubernetes.list_pods", Json{{"namespace", "production"}, {"nmespace", "x"}}, ctx);
  EXPECT_EQ(r.text, "invalid arguments for kubernetes.list_pods: unknown property \"nmespace\"");
  r = c.Invoke("kubernetes.patch_resource",
               Json{{"kind", "deployment"}, {"name", "x"}, {"namespace", "p"}, {"patch", Json::object()},
                    {"patch_type", "apply"}},
               ctx);
  EXPECT_EQ(r.text,
            "invalid arguments for kubernetes.patch_resource: patch_type: must be one of "
            "\"strategic\", \"merge\", \"json\"");
  r = c.Invoke("kubernetes.patch_resource",
               Json{{"kind", "deployment"}, {"name", "x"}, {"namespace", "p"}, {"patch", "spec: {}"}},
               ctx);
  EXPECT_EQ(r.text,
            "invalid arguments for kubernetes.patch_resource: patch: expected object or array, got string");
  r = c.Invoke("kubernetes.scale", Json{{"name", "x"}, {"namespace", "p"}, {"replicas", -1}}, ctx);
  EXPECT_EQ(r.text, "invalid arguments for kubernetes.scale: replicas: must be >= 0");
  // Backend calls never happen for rejected arguments.
  EXPECT_TRUE(cluster.calls().empty());
}

TEST(ToolsCatalogTest, InvokeWithoutClusterFailsCleanly) {
  ToolResult r = ToolCatalog::Default().Invoke("kubernetes.list_pods", Json{{"namespace", "p"}}, {});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "kubernetes is not configured");
}

TEST(ToolsCatalogTest, AddReplacesToolOfTheSameNameAndKeepsOrder) {
  class Echo : public Tool {
   public:
    explicit Echo(std::string n) : name_(std::move(n)) {}
    const std::string& name() const override { return name_; }
    const std::string& description() const override { return name_; }
    const Json& input_schema() const override { return schema_; }
    ToolAnnotations annotations() const override { return {}; }
    ToolResult Run(const Json& args, const ToolContext&) const override {
      return ToolResult{"echo", args.dump(), args, false};
    }

   private:
    std::string name_;
    Json schema_ = {{"type", "object"}};
  };
  ToolCatalog c;
  c.Add(std::make_unique<Echo>("b"));
  c.Add(std::make_unique<Echo>("a"));
  c.Add(std::make_unique<Echo>("b"));
  ASSERT_EQ(c.tools().size(), 2u);
  EXPECT_EQ(c.tools()[0]->name(), "a");
  EXPECT_EQ(c.Invoke("a", nullptr, {}).text, "{}");  // null args count as {}
  EXPECT_EQ(c.Find("zzz"), nullptr);
}

}  // namespace
}  // namespace kf
