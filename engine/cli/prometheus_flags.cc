#include "engine/cli/prometheus_flags.h"

#include <CLI/CLI.hpp>

namespace kf::cli {

void AddPrometheusFlags(CLI::App& cmd, PrometheusConfig* c) {
  cmd.add_option("--prometheus-url", c->url, "Prometheus base URL (or KUBEFLIGHT_PROMETHEUS_URL)");
  cmd.add_option("--prometheus-token", c->bearer_token,
                 "Bearer token (prefer KUBEFLIGHT_PROMETHEUS_TOKEN)");
  cmd.add_option("--prometheus-user", c->username, "Basic-auth user (or KUBEFLIGHT_PROMETHEUS_USER)");
  cmd.add_option("--prometheus-password", c->password,
                 "Basic-auth password (prefer KUBEFLIGHT_PROMETHEUS_PASSWORD)");
  cmd.add_option("--prometheus-ca-file", c->ca_file,
                 "CA bundle for the server's certificate (or KUBEFLIGHT_PROMETHEUS_CA_FILE)");
  cmd.add_flag("--prometheus-insecure", c->insecure_skip_verify,
               "Do not verify the server's certificate (or KUBEFLIGHT_PROMETHEUS_INSECURE=1)");
}

}  // namespace kf::cli
