#include "engine/kube/kubeconfig.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "engine/core/strings.h"
#include "engine/core/yaml.h"
#include "engine/kube/base64.h"

namespace kf::kube {
namespace {

namespace fs = std::filesystem;

struct File {
  std::string path;
  std::string dir;  // for relative paths inside it
  YamlDocument doc;
};

// One named cluster, user or context: where it is written.
struct Entry {
  const File* file = nullptr;
  std::string path;  // "clusters[2].cluster"
  const Json* value = nullptr;  // the member under `path` (may be null when absent)
};

struct Merged {
  std::vector<std::unique_ptr<File>> files;
  std::map<std::string, Entry> clusters, users, contexts;
  std::vector<std::string> context_names;  // in first-seen order
  std::string current_context;
};

Status FieldError(const File& f, const std::string& path, const std::string& message) {
  return InvalidArgument(f.path + ":" + std::to_string(f.doc.lines.LineOf(path)) + ": " + path +
                         ": " + message);
}

// Typed access to the members of one entry's map, with errors that name the field.
class Fields {
 public:
  explicit Fields(const Entry& e) : e_(e) {}

  std::string PathOf(const std::string& key) const { return JoinPath(e_.path, key); }
  Status Error(const std::string& key, const std::string& message) const {
    return FieldError(*e_.file, PathOf(key), message);
  }
  const Json* Find(const std::string& key) const {
    if (!e_.value || !e_.value->is_object()) return nullptr;
    auto it = e_.value->find(key);
    return it == e_.value->end() || it->is_null() ? nullptr : &*it;
  }
  Status String(const std::string& key, std::string* out) const {
    const Json* v = Find(key);
    if (!v) return Status::Ok();
    if (!v->is_string()) return Error(key, "expected a string");
    *out = v->get<std::string>();
    return Status::Ok();
  }
  Status Bool(const std::string& key, bool* out) const {
    const Json* v = Find(key);
    if (!v) return Status::Ok();
    if (!v->is_boolean()) return Error(key, "expected true or false");
    *out = v->get<bool>();
    return Status::Ok();
  }
  // A file path; relative paths are relative to the kubeconfig's directory.
  Status Path(const std::string& key, std::string* out) const {
    std::string p;
    KF_RETURN_IF_ERROR(String(key, &p));
    if (p.empty()) return Status::Ok();
    *out = fs::path(p).is_absolute() ? p : (fs::path(e_.file->dir) / p).lexically_normal().string();
    return Status::Ok();
  }
  // A base64 *-data field, decoded.
  Status Data(const std::string& key, std::string* out) const {
    std::string b64;
    KF_RETURN_IF_ERROR(String(key, &b64));
    if (b64.empty()) return Status::Ok();
    Result<std::string> decoded = Base64Decode(b64);
    if (!decoded.ok()) return Error(key, "invalid base64");
    *out = std::move(*decoded);
    return Status::Ok();
  }
  const File& file() const { return *e_.file; }
  const std::string& dir() const { return e_.file->dir; }

 private:
  const Entry& e_;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument("cannot read kubeconfig " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Adds the named entries of one section ("clusters", "users", "contexts");
// names already defined by an earlier file are kept (first wins).
Status MergeSection(const File& f, const std::string& section, const std::string& member,
                    std::map<std::string, Entry>* into, std::vector<std::string>* order) {
  const Json& root = f.doc.value;
  auto it = root.find(section);
  if (it == root.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return FieldError(f, section, "expected a list");
  std::map<std::string, bool> seen_here;
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    std::string path = JoinIndex(section, i);
    if (!item.is_object()) return FieldError(f, path, "expected a mapping with name and " + member);
    const Json* name = item.contains("name") ? &item["name"] : nullptr;
    if (!name || !name->is_string() || name->get<std::string>().empty()) {
      return FieldError(f, JoinPath(path, "name"), "required");
    }
    std::string n = name->get<std::string>();
    if (seen_here[n]) return FieldError(f, JoinPath(path, "name"), "duplicate name \"" + n + "\"");
    seen_here[n] = true;
    const Json* value = item.contains(member) ? &item[member] : nullptr;
    if (value && !value->is_null() && !value->is_object()) {
      return FieldError(f, JoinPath(path, member), "expected a mapping");
    }
    if (into->count(n)) continue;
    (*into)[n] = Entry{&f, JoinPath(path, member), value};
    if (order) order->push_back(n);
  }
  return Status::Ok();
}

Result<Merged> Merge(const std::vector<std::string>& paths) {
  Merged m;
  for (const std::string& path : paths) {
    KF_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    auto f = std::make_unique<File>();
    f->path = path;
    f->dir = fs::absolute(fs::path(path)).parent_path().string();
    KF_ASSIGN_OR_RETURN(f->doc, ParseYaml(text, path));
    const File& file = *f;
    m.files.push_back(std::move(f));
    if (file.doc.value.is_null()) continue;  // an empty file contributes nothing
    if (!file.doc.value.is_object()) {
      return InvalidArgument(path + ":1: expected a kubeconfig mapping (kind: Config)");
    }
    KF_RETURN_IF_ERROR(MergeSection(file, "clusters", "cluster", &m.clusters, nullptr));
    KF_RETURN_IF_ERROR(MergeSection(file, "users", "user", &m.users, nullptr));
    KF_RETURN_IF_ERROR(MergeSection(file, "contexts", "context", &m.contexts, &m.context_names));
    if (m.current_context.empty()) {
      auto cc = file.doc.value.find("current-context");
      if (cc != file.doc.value.end() && !cc->is_null()) {
        if (!cc->is_string()) return FieldError(file, "current-context", "expected a string");
        m.current_context = cc->get<std::string>();
      }
    }
  }
  return m;
}

std::string FileList(const Merged& m) {
  std::vector<std::string> names;
  for (const auto& f : m.files) names.push_back(f->path);
  return Join(names, ", ");
}

std::string ContextList(const Merged& m) {
  return m.context_names.empty() ? "none" : Join(m.context_names, ", ");
}

Status ResolveCluster(const Entry& e, const std::string& name, RestConfig* out) {
  Fields f(e);
  if (!e.value) return FieldError(f.file(), e.path, "required (cluster \"" + name + "\" has no settings)");
  KF_RETURN_IF_ERROR(f.String("server", &out->server));
  if (out->server.empty()) return f.Error("server", "required");
  if (!StartsWith(out->server, "https://") && !StartsWith(out->server, "http://")) {
    return f.Error("server", "expected an http:// or https:// URL, got \"" + out->server + "\"");
  }
  while (EndsWith(out->server, "/")) out->server.pop_back();
  KF_RETURN_IF_ERROR(f.Path("certificate-authority", &out->ca_file));
  KF_RETURN_IF_ERROR(f.Data("certificate-authority-data", &out->ca_pem));
  if (!out->ca_pem.empty()) out->ca_file.clear();  // data wins, as in client-go
  KF_RETURN_IF_ERROR(f.Bool("insecure-skip-tls-verify", &out->insecure_skip_tls_verify));
  if (out->insecure_skip_tls_verify && (!out->ca_pem.empty() || !out->ca_file.empty())) {
    return f.Error("insecure-skip-tls-verify",
                   "specifying a root certificates file with the insecure flag is not allowed");
  }
  KF_RETURN_IF_ERROR(f.String("tls-server-name", &out->tls_server_name));
  KF_RETURN_IF_ERROR(f.String("proxy-url", &out->proxy_url));
  if (!out->proxy_url.empty() && !StartsWith(out->proxy_url, "http://") &&
      !StartsWith(out->proxy_url, "https://") && !StartsWith(out->proxy_url, "socks5://")) {
    return f.Error("proxy-url", "expected an http://, https:// or socks5:// URL");
  }
  return Status::Ok();
}

Status ResolveExec(const Fields& user, RestConfig* out) {
  const Json* exec = user.Find("exec");
  if (!exec) return Status::Ok();
  if (!exec->is_object()) return user.Error("exec", "expected a mapping");
  Entry sub{&user.file(), user.PathOf("exec"), exec};
  Fields f(sub);
  ExecConfig c;
  KF_RETURN_IF_ERROR(f.String("apiVersion", &c.api_version));
  if (c.api_version.empty()) return f.Error("apiVersion", "required");
  if (c.api_version == "client.authentication.k8s.io/v1alpha1") {
    return f.Error("apiVersion",
                   "client.authentication.k8s.io/v1alpha1 is no longer supported (removed in "
                   "kubectl 1.24); use client.authentication.k8s.io/v1 or v1beta1");
  }
  if (c.api_version != "client.authentication.k8s.io/v1" &&
      c.api_version != "client.authentication.k8s.io/v1beta1") {
    return f.Error("apiVersion", "unsupported \"" + c.api_version +
                                     "\": expected client.authentication.k8s.io/v1 or v1beta1");
  }
  KF_RETURN_IF_ERROR(f.String("command", &c.command));
  if (c.command.empty()) return f.Error("command", "required");
  if (c.command.find('/') != std::string::npos && !fs::path(c.command).is_absolute()) {
    c.command = (fs::path(f.dir()) / c.command).lexically_normal().string();
  }
  if (const Json* args = f.Find("args")) {
    if (!args->is_array()) return f.Error("args", "expected a list of strings");
    for (size_t i = 0; i < args->size(); ++i) {
      if (!(*args)[i].is_string()) return f.Error(JoinIndex("args", i), "expected a string");
      c.args.push_back((*args)[i].get<std::string>());
    }
  }
  if (const Json* env = f.Find("env")) {
    if (!env->is_array()) return f.Error("env", "expected a list of {name, value}");
    for (size_t i = 0; i < env->size(); ++i) {
      const Json& e = (*env)[i];
      std::string p = JoinIndex("env", i);
      if (!e.is_object() || !e.contains("name") || !e["name"].is_string()) {
        return f.Error(JoinPath(p, "name"), "required");
      }
      std::string value = e.contains("value") && e["value"].is_string() ? e["value"].get<std::string>() : "";
      c.env.emplace_back(e["name"].get<std::string>(), value);
    }
  }
  KF_RETURN_IF_ERROR(f.String("installHint", &c.install_hint));
  KF_RETURN_IF_ERROR(f.Bool("provideClusterInfo", &c.provide_cluster_info));
  KF_RETURN_IF_ERROR(f.String("interactiveMode", &c.interactive_mode));
  if (c.interactive_mode.empty()) {
    if (c.api_version == "client.authentication.k8s.io/v1") {
      return f.Error("interactiveMode", "required for client.authentication.k8s.io/v1 (Never, "
                                        "IfAvailable or Always)");
    }
    c.interactive_mode = "IfAvailable";
  } else if (c.interactive_mode != "Never" && c.interactive_mode != "IfAvailable" &&
             c.interactive_mode != "Always") {
    return f.Error("interactiveMode", "expected Never, IfAvailable or Always, got \"" +
                                          c.interactive_mode + "\"");
  }
  out->exec = std::move(c);
  return Status::Ok();
}

Status ResolveAuthProvider(const Fields& user, RestConfig* out) {
  const Json* ap = user.Find("auth-provider");
  if (!ap) return Status::Ok();
  std::string name = ap->is_object() ? JsonString(*ap, "name") : "";
  if (name == "gcp") {
    return user.Error("auth-provider", "the gcp auth provider was removed in kubectl 1.26; use the "
                                       "gke-gcloud-auth-plugin exec plugin (gcloud container "
                                       "clusters get-credentials writes it)");
  }
  if (name == "azure") {
    return user.Error("auth-provider", "the azure auth provider was removed in kubectl 1.26; use "
                                       "kubelogin (kubelogin convert-kubeconfig)");
  }
  if (name == "oidc") {
    const Json* config = JsonAtPath(*ap, "config");
    std::string id_token = config ? JsonString(*config, "id-token") : "";
    if (id_token.empty()) {
      return user.Error("auth-provider.config.id-token",
                        "required (kubeflight uses the oidc id-token as is; refresh it with kubectl first)");
    }
    out->token = id_token;
    return Status::Ok();
  }
  return user.Error("auth-provider.name", "unsupported auth provider \"" + name + "\"");
}

Status ResolveUser(const Entry& e, RestConfig* out) {
  if (!e.value) return Status::Ok();
  Fields f(e);
  KF_RETURN_IF_ERROR(f.Path("client-certificate", &out->client_cert_file));
  KF_RETURN_IF_ERROR(f.Data("client-certificate-data", &out->client_cert_pem));
  KF_RETURN_IF_ERROR(f.Path("client-key", &out->client_key_file));
  KF_RETURN_IF_ERROR(f.Data("client-key-data", &out->client_key_pem));
  bool has_cert = !out->client_cert_file.empty() || !out->client_cert_pem.empty();
  bool has_key = !out->client_key_file.empty() || !out->client_key_pem.empty();
  if (has_cert && !has_key) {
    return FieldError(f.file(), e.path, "client-certificate(-data) is set but client-key(-data) is not");
  }
  if (has_key && !has_cert) {
    return FieldError(f.file(), e.path, "client-key(-data) is set but client-certificate(-data) is not");
  }
  if (!out->client_cert_pem.empty()) out->client_cert_file.clear();
  if (!out->client_key_pem.empty()) out->client_key_file.clear();
  KF_RETURN_IF_ERROR(f.String("token", &out->token));
  KF_RETURN_IF_ERROR(f.Path("tokenFile", &out->token_file));
  KF_RETURN_IF_ERROR(f.String("username", &out->username));
  KF_RETURN_IF_ERROR(f.String("password", &out->password));
  if ((!out->token.empty() || !out->token_file.empty()) && !out->username.empty()) {
    return FieldError(f.file(), e.path, "more than one authentication method: token and basic auth "
                                        "(username/password); only one is allowed");
  }
  KF_RETURN_IF_ERROR(ResolveExec(f, out));
  KF_RETURN_IF_ERROR(ResolveAuthProvider(f, out));
  return Status::Ok();
}

Result<RestConfig> Resolve(const Merged& m, const std::string& requested) {
  std::string name = requested.empty() ? m.current_context : requested;
  if (name.empty()) {
    return InvalidArgument("no current-context is set in " + FileList(m) +
                           "; pass --context (contexts: " + ContextList(m) + ")");
  }
  auto ctx = m.contexts.find(name);
  if (ctx == m.contexts.end()) {
    return InvalidArgument("context \"" + name + "\" not found in " + FileList(m) +
                           " (contexts: " + ContextList(m) + ")");
  }
  Fields c(ctx->second);
  RestConfig out;
  out.context = name;
  out.origin = "context \"" + name + "\" of " + ctx->second.file->path;
  std::string cluster, user, ns;
  KF_RETURN_IF_ERROR(c.String("cluster", &cluster));
  KF_RETURN_IF_ERROR(c.String("user", &user));
  KF_RETURN_IF_ERROR(c.String("namespace", &ns));
  if (cluster.empty()) return c.Error("cluster", "required");
  auto cl = m.clusters.find(cluster);
  if (cl == m.clusters.end()) return c.Error("cluster", "cluster \"" + cluster + "\" is not defined");
  KF_RETURN_IF_ERROR(ResolveCluster(cl->second, cluster, &out));
  if (!user.empty()) {
    auto u = m.users.find(user);
    if (u == m.users.end()) return c.Error("user", "user \"" + user + "\" is not defined");
    out.user = user;
    KF_RETURN_IF_ERROR(ResolveUser(u->second, &out));
  }
  if (!ns.empty()) out.ns = ns;
  return out;
}

std::string Env(const KubeconfigOptions& o, const std::string& name) {
  if (o.getenv) return o.getenv(name);
  const char* v = std::getenv(name.c_str());
  return v ? v : "";
}

}  // namespace

std::vector<std::string> KubeconfigFiles(const KubeconfigOptions& options) {
  if (!options.explicit_path.empty()) return {options.explicit_path};
  std::vector<std::string> files;
  std::string list = Env(options, "KUBECONFIG");
  if (!list.empty()) {
    for (const std::string& p : Split(list, ':')) {
      if (p.empty()) continue;
      bool dup = false;
      for (const std::string& f : files) dup = dup || f == p;
      std::error_code ec;
      if (!dup && fs::is_regular_file(p, ec)) files.push_back(p);
    }
    return files;
  }
  std::string home = Env(options, "HOME");
  std::string def = home.empty() ? "" : home + "/.kube/config";
  std::error_code ec;
  if (!def.empty() && fs::is_regular_file(def, ec)) files.push_back(def);
  return files;
}

Result<RestConfig> LoadKubeconfigFiles(const std::vector<std::string>& files,
                                       const std::string& context) {
  KF_ASSIGN_OR_RETURN(Merged m, Merge(files));
  return Resolve(m, context);
}

Result<RestConfig> LoadKubeconfig(const KubeconfigOptions& options) {
  if (!options.explicit_path.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(options.explicit_path, ec)) {
      return NotFound("kubeconfig " + options.explicit_path + " does not exist");
    }
  }
  std::vector<std::string> files = KubeconfigFiles(options);
  if (files.empty()) {
    std::string list = Env(options, "KUBECONFIG");
    return NotFound(list.empty() ? "no kubeconfig: ~/.kube/config does not exist and KUBECONFIG is not set"
                                 : "no kubeconfig: none of the files in KUBECONFIG exists (" + list + ")");
  }
  return LoadKubeconfigFiles(files, options.context);
}

}  // namespace kf::kube
