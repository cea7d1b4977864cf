#include "engine/tools/render/describe_common.h"

#include <algorithm>
#include <vector>

#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/tools/render/render_util.h"

namespace kf::render {

namespace {

const size_t kMaxAnnotationLen = 140;

std::vector<std::string> SortedKeys(const Json& m) {
  std::vector<std::string> keys;
  if (m.is_object())
    for (auto it = m.begin(); it != m.end(); ++it) keys.push_back(it.key());
  return keys;  // nlohmann objects iterate in key order
}

// noinline: GCC 12 at -O2 reports a false -Warray-bounds when this is
// inlined with a constant `max`.
[[gnu::noinline]] std::string Shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  std::string out(s, 0, max);
  out.append("...");
  return out;
}

std::string Optional(const Json& opt) { return opt.is_boolean() && opt.get<bool>() ? "true" : "false"; }

// Go's %v of a *bool: "<nil>", "true", "false".
std::string BoolPtr(const Json& b) { return b.is_boolean() ? (b.get<bool>() ? "true" : "false") : "<nil>"; }

std::string PortString(const Json& ports, const char* field) {
  std::vector<std::string> out;
  for (const Json& p : ports) {
    std::string proto = Str(Field(p, "protocol"));
    out.push_back(std::to_string(Int(Field(p, field))) + "/" + (proto.empty() ? "TCP" : proto));
  }
  return Join(out, ", ");
}

// IntOrString as Go prints it.
std::string IntOrString(const Json& v) { return v.is_string() ? Str(v) : std::to_string(Int(v)); }

// DescribeProbe, with the API server's defaults for unset fields.
std::string Probe(const Json& p) {
  std::string attrs = StrFormat(
      "delay=%llds timeout=%llds period=%llds #success=%lld #failure=%lld",
      static_cast<long long>(Int(Field(p, "initialDelaySeconds"), 0)),
      static_cast<long long>(Int(Field(p, "timeoutSeconds"), 1)),
      static_cast<long long>(Int(Field(p, "periodSeconds"), 10)),
      static_cast<long long>(Int(Field(p, "successThreshold"), 1)),
      static_cast<long long>(Int(Field(p, "failureThreshold"), 3)));
  if (Field(p, "exec").is_object()) {
    std::vector<std::string> cmd;
    for (const Json& c : At(p, {"exec", "command"})) cmd.push_back(Str(c));
    return "exec [" + Join(cmd, " ") + "] " + attrs;
  }
  if (Field(p, "httpGet").is_object()) {
    const Json& h = Field(p, "httpGet");
    std::string scheme = ToLower(Str(Field(h, "scheme")));
    if (scheme.empty()) scheme = "http";
    std::string port = IntOrString(Field(h, "port"));
    std::string host = Str(Field(h, "host"));
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return "http-get " + scheme + "://" + host + ":" + port + Str(Field(h, "path")) + " " + attrs;
  }
  if (Field(p, "tcpSocket").is_object()) {
    const Json& t = Field(p, "tcpSocket");
    return "tcp-socket " + Str(Field(t, "host")) + ":" + IntOrString(Field(t, "port")) + " " + attrs;
  }
  if (Field(p, "grpc").is_object()) {
    const Json& g = Field(p, "grpc");
    return "grpc <pod>:" + std::to_string(Int(Field(g, "port"))) + " " + Str(Field(g, "service")) + " " + attrs;
  }
  return "unknown " + attrs;
}

void WriteState(TabWriter& w, const std::string& name, const Json& state) {
  if (Field(state, "running").is_object()) {
    w.Write(2, name + ":\tRunning\n");
    w.Write(3, "Started:\t" + Rfc1123z(At(state, {"running", "startedAt"})) + "\n");
  } else if (Field(state, "waiting").is_object()) {
    w.Write(2, name + ":\tWaiting\n");
    std::string reason = Str(At(state, {"waiting", "reason"}));
    if (!reason.empty()) w.Write(3, "Reason:\t" + reason + "\n");
  } else if (Field(state, "terminated").is_object()) {
    const Json& t = Field(state, "terminated");
    w.Write(2, name + ":\tTerminated\n");
    if (!Str(Field(t, "reason")).empty()) w.Write(3, "Reason:\t" + Str(Field(t, "reason")) + "\n");
    if (!Str(Field(t, "message")).empty()) w.Write(3, "Message:\t" + Str(Field(t, "message")) + "\n");
    w.Write(3, "Exit Code:\t" + std::to_string(Int(Field(t, "exitCode"))) + "\n");
    if (Int(Field(t, "signal")) > 0) w.Write(3, "Signal:\t" + std::to_string(Int(Field(t, "signal"))) + "\n");
    w.Write(3, "Started:\t" + Rfc1123z(Field(t, "startedAt")) + "\n");
    w.Write(3, "Finished:\t" + Rfc1123z(Field(t, "finishedAt")) + "\n");
  } else {
    w.Write(2, name + ":\tWaiting\n");
  }
}

// Resource names sorted as SortedResourceNames does (by name).
void WriteResources(TabWriter& w, const Json& resources) {
  for (const char* kind : {"limits", "requests"}) {
    const Json& m = Field(resources, kind);
    if (!m.is_object() || m.empty()) continue;
    w.Write(2, std::string(kind[0] == 'l' ? "Limits" : "Requests") + ":\n");
    for (const std::string& name : SortedKeys(m)) w.Write(3, name + ":\t" + GoValue(m[name]) + "\n");
  }
}

void WriteEnvFrom(TabWriter& w, const Json& env_from) {
  w.Write(2, "Environment Variables from:\n");
  for (const Json& e : env_from) {
    std::string from, name;
    const Json* ref = nullptr;
    if (Field(e, "configMapRef").is_object()) { from = "ConfigMap"; ref = &Field(e, "configMapRef"); }
    else if (Field(e, "secretRef").is_object()) { from = "Secret"; ref = &Field(e, "secretRef"); }
    if (ref) name = Str(Field(*ref, "name"));
    std::string optional = ref ? Optional(Field(*ref, "optional")) : "false";
    std::string prefix = Str(Field(e, "prefix"));
    if (prefix.empty()) w.Write(3, name + "\t" + from + "\tOptional: " + optional + "\n");
    else w.Write(3, name + "\t" + from + " with prefix '" + prefix + "'\tOptional: " + optional + "\n");
  }
}

// A fieldRef's value read from the pod ("metadata.name", "status.podIP",
// "metadata.labels['app']"); empty without a pod.
std::string ResolveFieldRef(const Json* pod, const std::string& path) {
  if (!pod) return "";
  const Json* cur = pod;
  std::string rest = path;
  size_t br = rest.find("['");
  std::string key;
  if (br != std::string::npos && EndsWith(rest, "']")) {
    key = rest.substr(br + 2, rest.size() - br - 4);
    rest = rest.substr(0, br);
  }
  for (const std::string& part : Split(rest, '.')) cur = &Field(*cur, part.c_str());
  if (!key.empty()) cur = &Field(*cur, key.c_str());
  return cur->is_string() ? Str(*cur) : "";
}

void WriteEnv(TabWriter& w, const Json& env, const Json* pod) {
  if (!env.is_array() || env.empty()) {
    w.Write(2, "Environment:\t<none>\n");
    return;
  }
  w.Write(2, "Environment:\n");
  for (const Json& e : env) {
    std::string name = Str(Field(e, "name"));
    const Json& from = Field(e, "valueFrom");
    if (!from.is_object()) {
      std::vector<std::string> lines = Split(Str(Field(e, "value")), '\n');
      for (size_t i = 0; i < lines.size(); ++i)
        w.Write(3, (i == 0 ? name + ":\t" : "\t") + lines[i] + "\n");
    } else if (Field(from, "fieldRef").is_object()) {
      const Json& f = Field(from, "fieldRef");
      std::string api = Str(Field(f, "apiVersion"));
      w.Write(3, name + ":\t" + ResolveFieldRef(pod, Str(Field(f, "fieldPath"))) + " (" + (api.empty() ? "v1" : api) + ":" + Str(Field(f, "fieldPath")) + ")\n");
    } else if (Field(from, "resourceFieldRef").is_object()) {
      w.Write(3, name + ":\t (" + Str(At(from, {"resourceFieldRef", "resource"})) + ")\n");
    } else if (Field(from, "secretKeyRef").is_object()) {
      const Json& s = Field(from, "secretKeyRef");
      w.Write(3, name + ":\t<set to the key '" + Str(Field(s, "key")) + "' in secret '" + Str(Field(s, "name")) +
                     "'>\tOptional: " + Optional(Field(s, "optional")) + "\n");
    } else if (Field(from, "configMapKeyRef").is_object()) {
      const Json& c = Field(from, "configMapKeyRef");
      w.Write(3, name + ":\t<set to the key '" + Str(Field(c, "key")) + "' of config map '" +
                     Str(Field(c, "name")) + "'>\tOptional: " + Optional(Field(c, "optional")) + "\n");
    }
  }
}

void WriteMounts(TabWriter& w, const Json& mounts) {
  if (!mounts.is_array() || mounts.empty()) {
    w.Write(2, "Mounts:\t<none>\n");
    return;
  }
  w.Write(2, "Mounts:\n");
  std::vector<Json> sorted(mounts.begin(), mounts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const Json& a, const Json& b) {
    return Str(Field(a, "mountPath")) < Str(Field(b, "mountPath"));
  });
  for (const Json& m : sorted) {
    std::string flags = Bool(Field(m, "readOnly")) ? "ro" : "rw";
    if (!Str(Field(m, "subPath")).empty()) flags += ",path=\"" + Str(Field(m, "subPath")) + "\"";
    w.Write(3, Str(Field(m, "mountPath")) + " from " + Str(Field(m, "name")) + " (" + flags + ")\n");
  }
}

void WriteVolumeSource(TabWriter& w, const Json& v) {
  if (Field(v, "hostPath").is_object()) {
    const Json& h = Field(v, "hostPath");
    w.Write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t" + Str(Field(h, "path")) +
                   "\n    HostPathType:\t" + (Field(h, "type").is_null() ? "<none>" : Str(Field(h, "type"))) + "\n");
  } else if (Field(v, "emptyDir").is_object()) {
    const Json& e = Field(v, "emptyDir");
    std::string limit = Str(Field(e, "sizeLimit"));
    w.Write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t" +
                   Str(Field(e, "medium")) + "\n    SizeLimit:\t" + (limit.empty() ? "<unset>" : limit) + "\n");
  } else if (Field(v, "secret").is_object()) {
    const Json& s = Field(v, "secret");
    w.Write(2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t" + Str(Field(s, "secretName")) +
                   "\n    Optional:\t" + Optional(Field(s, "optional")) + "\n");
  } else if (Field(v, "configMap").is_object()) {
    const Json& c = Field(v, "configMap");
    w.Write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t" + Str(Field(c, "name")) +
                   "\n    Optional:\t" + Optional(Field(c, "optional")) + "\n");
  } else if (Field(v, "persistentVolumeClaim").is_object()) {
    const Json& c = Field(v, "persistentVolumeClaim");
    w.Write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
               "    ClaimName:\t" + Str(Field(c, "claimName")) + "\n    ReadOnly:\t" +
                   (Bool(Field(c, "readOnly")) ? "true" : "false") + "\n");
  } else if (Field(v, "projected").is_object()) {
    w.Write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    for (const Json& s : At(v, {"projected", "sources"})) {
      if (Field(s, "secret").is_object()) {
        w.Write(2, "SecretName:\t" + Str(At(s, {"secret", "name"})) + "\n    SecretOptionalName:\t" +
                       BoolPtr(At(s, {"secret", "optional"})) + "\n");
      } else if (Field(s, "downwardAPI").is_object()) {
        w.Write(2, "DownwardAPI:\ttrue\n");
      } else if (Field(s, "configMap").is_object()) {
        w.Write(2, "ConfigMapName:\t" + Str(At(s, {"configMap", "name"})) + "\n    ConfigMapOptional:\t" +
                       BoolPtr(At(s, {"configMap", "optional"})) + "\n");
      } else if (Field(s, "serviceAccountToken").is_object()) {
        w.Write(2, "TokenExpirationSeconds:\t" +
                       std::to_string(Int(At(s, {"serviceAccountToken", "expirationSeconds"}), 3600)) + "\n");
      }
    }
  } else {
    w.Write(1, "<unknown>\n");
  }
}

}  // namespace

void WriteLabels(TabWriter& w, const std::string& title, const Json& labels) {
  std::vector<std::string> keys = SortedKeys(labels);
  w.Write(title + ":\t");
  if (keys.empty()) {
    w.Write("<none>\n");
    return;
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i != 0) w.Write("\t");
    w.Write(keys[i] + "=" + Str(labels[keys[i]]) + "\n");
  }
}

void WriteAnnotations(TabWriter& w, const std::string& title, const Json& annotations) {
  std::vector<std::string> keys;
  for (const std::string& k : SortedKeys(annotations))
    if (k != "kubectl.kubernetes.io/last-applied-configuration") keys.push_back(k);
  w.Write(title + ":\t");
  if (keys.empty()) {
    w.Write("<none>\n");
    return;
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i != 0) w.Write("\t");
    std::string value = Str(annotations[keys[i]]);
    if (EndsWith(value, "\n")) value.pop_back();
    if (value.size() + keys[i].size() + 2 > kMaxAnnotationLen || value.find('\n') != std::string::npos) {
      w.Write(keys[i] + ":\n");
      for (const std::string& line : Split(value, '\n'))
      {
        std::string text = "\t  ";
        text.append(Shorten(line, kMaxAnnotationLen - 2));
        text.append("\n");
        w.Write(text);
      }
    } else {
      w.Write(keys[i] + ": " + value + "\n");
    }
  }
}

void WriteTolerations(TabWriter& w, const std::string& title, const Json& tolerations) {
  w.Write(title + ":\t");
  if (!tolerations.is_array() || tolerations.empty()) {
    w.Write("<none>\n");
    return;
  }
  std::vector<Json> sorted(tolerations.begin(), tolerations.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Json& a, const Json& b) { return Str(Field(a, "key")) < Str(Field(b, "key")); });
  for (size_t i = 0; i < sorted.size(); ++i) {
    const Json& t = sorted[i];
    if (i != 0) w.Write("\t");
    std::string key = Str(Field(t, "key")), value = Str(Field(t, "value")), effect = Str(Field(t, "effect"));
    std::string line = key;
    if (!value.empty()) line += "=" + value;
    if (!effect.empty()) line += ":" + effect;
    if (Str(Field(t, "operator")) == "Exists" && value.empty())
      line += (!key.empty() || !effect.empty()) ? " op=Exists" : "op=Exists";
    if (!Field(t, "tolerationSeconds").is_null())
      line += " for " + std::to_string(Int(Field(t, "tolerationSeconds"))) + "s";
    w.Write(line + "\n");
  }
}

void WriteContainers(TabWriter& w, const std::string& label, const Json& containers,
                     const Json& statuses, const std::string& space, const Json* pod) {
  bool none = !containers.is_array() || containers.empty();
  w.Write(space + label + ":" + (none ? " <none>" : "") + "\n");
  if (none) return;
  for (const Json& c : containers) {
    std::string name = Str(Field(c, "name"));
    const Json* status = nullptr;
    if (statuses.is_array())
      for (const Json& s : statuses)
        if (Str(Field(s, "name")) == name) status = &s;
    w.Write(1, (space.empty() ? "" : " ") + name + ":\n");
    if (status) w.Write(2, "Container ID:\t" + Str(Field(*status, "containerID")) + "\n");
    w.Write(2, "Image:\t" + Str(Field(c, "image")) + "\n");
    if (status) w.Write(2, "Image ID:\t" + Str(Field(*status, "imageID")) + "\n");
    const Json& ports = Field(c, "ports");
    std::string port = PortString(ports, "containerPort"), host = PortString(ports, "hostPort");
    w.Write(2, (port.find(',') != std::string::npos ? "Ports:\t" : "Port:\t") + OrNone(port) + "\n");
    w.Write(2, (host.find(',') != std::string::npos ? "Host Ports:\t" : "Host Port:\t") + OrNone(host) + "\n");
    if (!Str(Field(c, "restartPolicy")).empty()) w.Write(2, "Restart Policy:\t" + Str(Field(c, "restartPolicy")) + "\n");
    for (const char* field : {"command", "args"}) {
      const Json& lines = Field(c, field);
      if (!lines.is_array() || lines.empty()) continue;
      w.Write(2, std::string(field[0] == 'c' ? "Command" : "Args") + ":\n");
      for (const Json& l : lines)
        for (const std::string& s : Split(Str(l), '\n')) w.Write(3, s + "\n");
    }
    if (status) {
      WriteState(w, "State", Field(*status, "state"));
      if (At(*status, {"lastState", "terminated"}).is_object())
        WriteState(w, "Last State", Field(*status, "lastState"));
      w.Write(2, std::string("Ready:\t") + (Bool(Field(*status, "ready")) ? "True" : "False") + "\n");
      w.Write(2, "Restart Count:\t" + std::to_string(Int(Field(*status, "restartCount"))) + "\n");
    }
    WriteResources(w, Field(c, "resources"));
    if (Field(c, "livenessProbe").is_object()) w.Write(2, "Liveness:\t" + Probe(Field(c, "livenessProbe")) + "\n");
    if (Field(c, "readinessProbe").is_object()) w.Write(2, "Readiness:\t" + Probe(Field(c, "readinessProbe")) + "\n");
    if (Field(c, "startupProbe").is_object()) w.Write(2, "Startup:\t" + Probe(Field(c, "startupProbe")) + "\n");
    if (Field(c, "envFrom").is_array() && !Field(c, "envFrom").empty()) WriteEnvFrom(w, Field(c, "envFrom"));
    WriteEnv(w, Field(c, "env"), pod);
    WriteMounts(w, Field(c, "volumeMounts"));
  }
}

void WriteVolumes(TabWriter& w, const Json& volumes, const std::string& space) {
  if (!volumes.is_array() || volumes.empty()) {
    w.Write(space + "Volumes:\t<none>\n");
    return;
  }
  w.Write(space + "Volumes:\n");
  for (const Json& v : volumes) {
    w.Write(1, (space.empty() ? "" : " ") + Str(Field(v, "name")) + ":\n");
    WriteVolumeSource(w, v);
  }
}

void WriteEvents(TabWriter& w, const Json& event_list, UnixMillis now) {
  const Json& items = Items(event_list);
  if (items.empty()) {
    w.Write("Events:\t<none>\n");
    return;
  }
  w.Flush();
  std::vector<Json> events(items.begin(), items.end());
  std::stable_sort(events.begin(), events.end(), [](const Json& a, const Json& b) {
    return Time(Field(a, "lastTimestamp")) < Time(Field(b, "lastTimestamp"));
  });
  w.Write("Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.Write(1, "----\t------\t----\t----\t-------\n");
  for (const Json& e : events) {
    UnixMillis first = Time(Field(e, "eventTime"));
    if (first == 0) first = Time(Field(e, "firstTimestamp"));
    std::string interval;
    if (Field(e, "series").is_object()) {
      interval = FormatAge(Time(At(e, {"series", "lastObservedTime"})), now) + " (x" +
                 std::to_string(Int(At(e, {"series", "count"}))) + " over " + FormatAge(first, now) + ")";
    } else {
      interval = FormatEventInterval(first, Time(Field(e, "lastTimestamp")),
                                     static_cast<int>(Int(Field(e, "count"))), now);
    }
    std::string source = Str(At(e, {"source", "component"}));
    if (source.empty()) source = Str(Field(e, "reportingComponent"));
    w.Write(1, Str(Field(e, "type")) + "\t" + Str(Field(e, "reason")) + "\t" + interval + "\t" + source + "\t" +
                   Trim(Str(Field(e, "message"))) + "\n");
  }
}

}  // namespace kf::render
