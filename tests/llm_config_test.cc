// Model selection, endpoints, the config file and pricing.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "engine/llm/config.h"
#include "engine/llm/http_model.h"
#include "engine/llm/model_spec.h"
#include "tests/testing/test_util.h"

namespace kf::llm {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(LlmModelSpecTest, ParsesProviders) {
  auto s = ParseModelSpec("openai:gpt-4o");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->provider, Provider::kOpenAi);
  EXPECT_EQ(s->model, "gpt-4o");
  s = ParseModelSpec("anthropic:claude-sonnet-4-5");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->provider, Provider::kAnthropic);
  s = ParseModelSpec("openai-compatible:http://127.0.0.1:8080/v1/#llama3:8b");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->provider, Provider::kOpenAiCompatible);
  EXPECT_EQ(s->base_url, "http://127.0.0.1:8080/v1");
  EXPECT_EQ(s->model, "llama3:8b");
  EXPECT_EQ(s->ToString(), "openai-compatible:http://127.0.0.1:8080/v1#llama3:8b");
}

TEST(LlmModelSpecTest, ErrorsNameTheSpec) {
  EXPECT_EQ(ParseModelSpec("gpt-4o").status().ToString(),
            "InvalidArgument: model \"gpt-4o\": expected PROVIDER:MODEL (openai:gpt-4o, "
            "anthropic:claude-sonnet-4-5, openai-compatible:URL#MODEL)");
  EXPECT_EQ(ParseModelSpec("gemini:pro").status().ToString(),
            "InvalidArgument: model \"gemini:pro\": unknown provider \"gemini\" (openai, anthropic, openai-compatible)");
  EXPECT_EQ(ParseModelSpec("openai-compatible:http://h/v1").status().ToString(),
            "InvalidArgument: model \"openai-compatible:http://h/v1\": expected openai-compatible:URL#MODEL");
  EXPECT_EQ(ParseModelSpec("openai-compatible:localhost:8080#m").status().ToString(),
            "InvalidArgument: model \"openai-compatible:localhost:8080#m\": URL must start with http:// or https://");
}

TEST(LlmModelSpecTest, ResolvesKeysAndBaseUrlsFromEnvironment) {
  auto ep = ResolveEndpoint(*ParseModelSpec("openai:gpt-4o"), FakeEnv({{"OPENAI_API_KEY", "sk-test"}}));
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->base_url, "https://api.openai.com/v1");
  EXPECT_EQ(ep->api_key, "sk-test");
  EXPECT_EQ(ChatUrl(*ep), "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(ep->Describe(), "openai:gpt-4o via https://api.openai.com/v1");

  ep = ResolveEndpoint(*ParseModelSpec("anthropic:claude-sonnet-4-5"),
                       FakeEnv({{"ANTHROPIC_API_KEY", "k"}, {"ANTHROPIC_BASE_URL", "http://proxy:1/"}}));
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ChatUrl(*ep), "http://proxy:1/v1/messages");

  ep = ResolveEndpoint(*ParseModelSpec("openai-compatible:http://127.0.0.1:11434/v1#llama3"), FakeEnv({}));
  ASSERT_TRUE(ep.ok()) << "the key is optional for openai-compatible";
  EXPECT_EQ(ep->api_key, "");
  EXPECT_EQ(ep->key_env, "KUBEFLIGHT_LLM_API_KEY");

  ep = ResolveEndpoint(*ParseModelSpec("openai:gpt-4o"), FakeEnv({{"OPENAI_BASE_URL", "https://gw/openai/deployments/d?api-version=2024-06-01"}, {"OPENAI_API_KEY", "k"}}));
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ChatUrl(*ep), "https://gw/openai/deployments/d/chat/completions?api-version=2024-06-01");
}

TEST(LlmModelSpecTest, MissingKeyIsUnauthenticated) {
  EXPECT_EQ(ResolveEndpoint(*ParseModelSpec("anthropic:claude-sonnet-4-5"), FakeEnv({})).status().ToString(),
            "Unauthenticated: anthropic: ANTHROPIC_API_KEY is not set (keys come from the environment only)");
}

TEST(LlmConfigTest, ParsesAllSections) {
  auto cfg = ParseLlmConfig(R"(
cluster: {context: prod}   # another module's section
llm:
  default_model: anthropic:claude-sonnet-4-5
  timeouts: {connect_seconds: 5, total_seconds: 120, idle_seconds: 30}
  retries: {max_attempts: 6, initial_backoff_ms: 250, max_backoff_ms: 8000, max_retry_after_seconds: 30}
  budgets: {max_model_calls: 12, max_total_tokens: 50000, max_cost_usd: 0.5}
  prices:
    gpt-4o: {input: 2.5, output: 10}
    anthropic:claude-sonnet-4-5: {input: 3, output: 15}
)",
                            "config.yaml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg->default_model, "anthropic:claude-sonnet-4-5");
  EXPECT_EQ(cfg->timeouts.connect_ms, 5000);
  EXPECT_EQ(cfg->timeouts.total_ms, 120000);
  EXPECT_EQ(cfg->timeouts.idle_ms, 30000);
  EXPECT_EQ(cfg->retry.max_attempts, 6);
  EXPECT_EQ(cfg->retry.initial_backoff_ms, 250);
  EXPECT_EQ(cfg->retry.max_backoff_ms, 8000);
  EXPECT_EQ(cfg->retry.max_retry_after_ms, 30000);
  EXPECT_EQ(cfg->budgets.max_model_calls, 12);
  EXPECT_EQ(cfg->budgets.max_total_tokens, 50000);
  EXPECT_EQ(cfg->budgets.max_cost_usd, 0.5);

  Usage usage{1'000'000, 200'000};
  auto cost = CostUsd(*cfg, *ParseModelSpec("anthropic:claude-sonnet-4-5"), usage);
  ASSERT_TRUE(cost.has_value());
  EXPECT_DOUBLE_EQ(*cost, 3.0 + 3.0);
  cost = CostUsd(*cfg, *ParseModelSpec("openai-compatible:http://gw/v1#gpt-4o"), {1000, 1000});
  ASSERT_TRUE(cost.has_value()) << "bare model names price any provider";
  EXPECT_DOUBLE_EQ(*cost, 0.0125);
  EXPECT_FALSE(CostUsd(*cfg, *ParseModelSpec("openai:o3"), usage).has_value());
}

TEST(LlmConfigTest, ErrorsNameFileLineAndField) {
  EXPECT_EQ(ParseLlmConfig("llm:\n  default_model: openai:gpt-4o\n  api_key: sk-oops\n", "c.yaml").status().ToString(),
            "InvalidArgument: c.yaml:3: llm.api_key: API keys come from the environment only "
            "(OPENAI_API_KEY, ANTHROPIC_API_KEY, KUBEFLIGHT_LLM_API_KEY)");
  EXPECT_EQ(ParseLlmConfig("llm:\n  retries:\n    max_attempts: 0\n", "c.yaml").status().ToString(),
            "InvalidArgument: c.yaml:3: llm.retries.max_attempts: expected an integer >= 1");
  EXPECT_EQ(ParseLlmConfig("llm:\n  budgets:\n    max_total_tokens: -5\n", "c.yaml").status().ToString(),
            "InvalidArgument: c.yaml:3: llm.budgets.max_total_tokens: expected an integer >= 1");
  EXPECT_EQ(ParseLlmConfig("llm:\n  budgets: {max_cost_usd: cheap}\n", "c.yaml").status().ToString(),
            "InvalidArgument: c.yaml:2: llm.budgets.max_cost_usd: expected USD (a number >= 0; 0 = no cost budget)");
  EXPECT_EQ(ParseLlmConfig("llm:\n  colour: red\n", "c.yaml").status().ToString(),
            "InvalidArgument: c.yaml:2: llm.colour: unknown field");
  EXPECT_EQ(ParseLlmConfig("llm:\n  prices:\n    gpt-4o: {input: 1}\n", "c.yaml").status().ToString(),
            "InvalidArgument: c.yaml:3: llm.prices.gpt-4o.output: expected USD per 1M tokens (a number >= 0)");
  EXPECT_EQ(ParseLlmConfig("llm:\n  default_model: gpt-4o\n", "c.yaml").status().code(), StatusCode::kInvalidArgument);
}

TEST(LlmConfigTest, LoadsFromKubeflightConfigOrDefaults) {
  std::string dir = testing::TempDir();
  std::string path = dir + "/kf.yaml";
  std::ofstream(path) << "llm:\n  default_model: openai:gpt-4o\n";
  auto cfg = LoadLlmConfig(FakeEnv({{"KUBEFLIGHT_CONFIG", path}}));
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg->default_model, "openai:gpt-4o");
  EXPECT_EQ(cfg->source, path);

  cfg = LoadLlmConfig(FakeEnv({{"HOME", dir + "/nohome"}}));
  ASSERT_TRUE(cfg.ok()) << "a missing default file gives the defaults";
  EXPECT_EQ(cfg->retry.max_attempts, 4);

  EXPECT_EQ(LoadLlmConfig(FakeEnv({{"KUBEFLIGHT_CONFIG", dir + "/missing.yaml"}})).status().code(),
            StatusCode::kNotFound);
}

TEST(LlmConfigTest, SelectModelPrecedence) {
  LlmConfig cfg;
  cfg.default_model = "anthropic:claude-sonnet-4-5";
  EXPECT_EQ(SelectModel("openai:gpt-4o", cfg, FakeEnv({{"KUBEFLIGHT_MODEL", "openai:o3"}}))->model, "gpt-4o");
  EXPECT_EQ(SelectModel("", cfg, FakeEnv({{"KUBEFLIGHT_MODEL", "openai:o3"}}))->model, "o3");
  EXPECT_EQ(SelectModel("", cfg, FakeEnv({}))->model, "claude-sonnet-4-5");
  EXPECT_EQ(SelectModel("", LlmConfig{}, FakeEnv({})).status().ToString(),
            "FailedPrecondition: no model selected: pass --model PROVIDER:MODEL or set llm.default_model in "
            "~/.config/kubeflight/config.yaml");
}

}  // namespace
}  // namespace kf::llm
