#include "engine/llm/config.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/core/yaml.h"

namespace kf::llm {

namespace {

// Reads fields of one YAML document, naming file, line and path in errors.
class Reader {
 public:
  Reader(const YamlDocument& doc, std::string filename) : doc_(doc), filename_(std::move(filename)) {}

  Status Error(const std::string& path, const std::string& problem) const {
    return InvalidArgument(filename_ + ":" + std::to_string(doc_.lines.LineOf(path)) + ": " + path + ": " +
                           problem);
  }

  // Every key of object `j` at `path` must be in `known`.
  Status OnlyKnown(const Json& j, const std::string& path, const std::set<std::string>& known) const {
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string field = JoinPath(path, it.key());
      if (it.key() == "api_key" || it.key() == "apiKey" || it.key() == "key") {
        return Error(field,
                     "API keys come from the environment only (OPENAI_API_KEY, ANTHROPIC_API_KEY, "
                     "KUBEFLIGHT_LLM_API_KEY)");
      }
      if (!known.count(it.key())) return Error(field, "unknown field");
    }
    return Status::Ok();
  }

  Status Object(const Json& j, const std::string& path) const {
    return j.is_object() ? Status::Ok() : Error(path, "expected a mapping");
  }

  // A number >= min, scaled by `scale`, into *out (when present).
  Status Number(const Json& parent, const std::string& parent_path, const char* key, double min,
                double scale, int64_t* out) const {
    if (!parent.contains(key)) return Status::Ok();
    const Json& v = parent[key];
    std::string path = JoinPath(parent_path, key);
    if (!v.is_number() || v.get<double>() < min) {
      return Error(path, "expected a number >= " + std::to_string(static_cast<int64_t>(min)));
    }
    *out = static_cast<int64_t>(std::llround(v.get<double>() * scale));
    return Status::Ok();
  }

 private:
  const YamlDocument& doc_;
  std::string filename_;
};

Status ReadTimeouts(const Reader& r, const Json& j, HttpTimeouts* t) {
  const std::string path = "llm.timeouts";
  KF_RETURN_IF_ERROR(r.Object(j, path));
  KF_RETURN_IF_ERROR(r.OnlyKnown(j, path, {"connect_seconds", "total_seconds", "idle_seconds"}));
  KF_RETURN_IF_ERROR(r.Number(j, path, "connect_seconds", 0, 1000, &t->connect_ms));
  KF_RETURN_IF_ERROR(r.Number(j, path, "total_seconds", 0, 1000, &t->total_ms));
  return r.Number(j, path, "idle_seconds", 0, 1000, &t->idle_ms);
}

Status ReadRetries(const Reader& r, const Json& j, RetryPolicy* p) {
  const std::string path = "llm.retries";
  KF_RETURN_IF_ERROR(r.Object(j, path));
  KF_RETURN_IF_ERROR(r.OnlyKnown(
      j, path, {"max_attempts", "initial_backoff_ms", "max_backoff_ms", "max_retry_after_seconds"}));
  if (j.contains("max_attempts") && (!j["max_attempts"].is_number_integer() || j["max_attempts"].get<int64_t>() < 1 ||
                                     j["max_attempts"].get<int64_t>() > 100)) {
    return r.Error(path + ".max_attempts", "expected an integer >= 1");
  }
  if (j.contains("max_attempts")) p->max_attempts = j["max_attempts"].get<int>();
  KF_RETURN_IF_ERROR(r.Number(j, path, "initial_backoff_ms", 0, 1, &p->initial_backoff_ms));
  KF_RETURN_IF_ERROR(r.Number(j, path, "max_backoff_ms", 0, 1, &p->max_backoff_ms));
  return r.Number(j, path, "max_retry_after_seconds", 0, 1000, &p->max_retry_after_ms);
}

Status ReadBudgets(const Reader& r, const Json& j, ModelBudgets* b) {
  const std::string path = "llm.budgets";
  KF_RETURN_IF_ERROR(r.Object(j, path));
  KF_RETURN_IF_ERROR(r.OnlyKnown(j, path, {"max_model_calls", "max_total_tokens", "max_cost_usd"}));
  for (const char* key : {"max_model_calls", "max_total_tokens"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_number_integer() || j[key].get<int64_t>() < 1) {
      return r.Error(JoinPath(path, key), "expected an integer >= 1");
    }
    (std::string(key) == "max_model_calls" ? b->max_model_calls : b->max_total_tokens) = j[key].get<int64_t>();
  }
  if (j.contains("max_cost_usd")) {
    if (!j["max_cost_usd"].is_number() || j["max_cost_usd"].get<double>() < 0) {
      return r.Error(JoinPath(path, "max_cost_usd"), "expected USD (a number >= 0; 0 = no cost budget)");
    }
    b->max_cost_usd = j["max_cost_usd"].get<double>();
  }
  return Status::Ok();
}

Status ReadPrices(const Reader& r, const Json& j, std::map<std::string, Price>* prices) {
  KF_RETURN_IF_ERROR(r.Object(j, "llm.prices"));
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string path = JoinPath("llm.prices", it.key());
    const Json& v = it.value();
    KF_RETURN_IF_ERROR(r.Object(v, path));
    KF_RETURN_IF_ERROR(r.OnlyKnown(v, path, {"input", "output"}));
    Price p;
    for (const char* side : {"input", "output"}) {
      if (!v.contains(side) || !v[side].is_number() || v[side].get<double>() < 0) {
        return r.Error(JoinPath(path, side), "expected USD per 1M tokens (a number >= 0)");
      }
    }
    p.input_per_mtok = v["input"].get<double>();
    p.output_per_mtok = v["output"].get<double>();
    (*prices)[it.key()] = p;
  }
  return Status::Ok();
}

}  // namespace

Result<LlmConfig> ParseLlmConfig(const std::string& text, const std::string& filename) {
  KF_ASSIGN_OR_RETURN(YamlDocument doc, ParseYaml(text, filename));
  LlmConfig cfg;
  cfg.source = filename;
  if (doc.value.is_null()) return cfg;
  Reader r(doc, filename);
  if (!doc.value.is_object()) return r.Error("", "expected a mapping");
  if (!doc.value.contains("llm")) return cfg;
  const Json& llm = doc.value["llm"];
  if (llm.is_null()) return cfg;
  KF_RETURN_IF_ERROR(r.Object(llm, "llm"));
  KF_RETURN_IF_ERROR(r.OnlyKnown(llm, "llm", {"default_model", "prices", "timeouts", "retries", "budgets"}));
  if (llm.contains("default_model")) {
    if (!llm["default_model"].is_string()) return r.Error("llm.default_model", "expected a model spec string");
    cfg.default_model = llm["default_model"].get<std::string>();
    Result<ModelSpec> spec = ParseModelSpec(cfg.default_model);
    if (!spec.ok()) return r.Error("llm.default_model", spec.status().message());
  }
  if (llm.contains("timeouts")) KF_RETURN_IF_ERROR(ReadTimeouts(r, llm["timeouts"], &cfg.timeouts));
  if (llm.contains("retries")) KF_RETURN_IF_ERROR(ReadRetries(r, llm["retries"], &cfg.retry));
  if (llm.contains("prices")) KF_RETURN_IF_ERROR(ReadPrices(r, llm["prices"], &cfg.prices));
  if (llm.contains("budgets")) KF_RETURN_IF_ERROR(ReadBudgets(r, llm["budgets"], &cfg.budgets));
  return cfg;
}

Result<LlmConfig> LoadLlmConfig(const EnvLookup& env) {
  std::string path;
  bool required = false;
  if (auto explicit_path = env("KUBEFLIGHT_CONFIG"); explicit_path && !explicit_path->empty()) {
    path = *explicit_path;
    required = true;
  } else if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty()) {
    path = *xdg + "/kubeflight/config.yaml";
  } else if (auto home = env("HOME"); home && !home->empty()) {
    path = *home + "/.config/kubeflight/config.yaml";
  } else {
    return LlmConfig{};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (required) return NotFound(path + ": cannot read config file (from KUBEFLIGHT_CONFIG)");
    return LlmConfig{};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseLlmConfig(ss.str(), path);
}

Result<ModelSpec> SelectModel(const std::string& flag, const LlmConfig& config, const EnvLookup& env) {
  if (!flag.empty()) return ParseModelSpec(flag);
  if (auto m = env("KUBEFLIGHT_MODEL"); m && !m->empty()) return ParseModelSpec(*m);
  if (!config.default_model.empty()) return ParseModelSpec(config.default_model);
  std::string where = config.source.empty() ? "~/.config/kubeflight/config.yaml" : config.source;
  return FailedPrecondition("no model selected: pass --model PROVIDER:MODEL or set llm.default_model in " +
                            where);
}

std::optional<Price> FindPrice(const LlmConfig& config, const ModelSpec& spec) {
  auto it = config.prices.find(spec.ToString());
  if (it == config.prices.end()) it = config.prices.find(spec.model);
  if (it == config.prices.end()) return std::nullopt;
  return it->second;
}

std::optional<double> CostUsd(const LlmConfig& config, const ModelSpec& spec, const Usage& usage) {
  std::optional<Price> price = FindPrice(config, spec);
  if (!price) return std::nullopt;
  return (static_cast<double>(usage.input_tokens) * price->input_per_mtok +
          static_cast<double>(usage.output_tokens) * price->output_per_mtok) /
         1e6;
}

}  // namespace kf::llm
