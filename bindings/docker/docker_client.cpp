#include "docker/docker_client.hpp"
#include "clawbook/run_sync.hpp"

#include "clawbook/fingerprint.hpp"
#include "clawbook/untrusted_json.hpp"
#include "docker/log_stream.hpp"
#include "docker/sanitize.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace clawbook::docker {
namespace asio = boost::asio;

namespace {

Json failure(const char* error, std::string message) {
  return {{"ok", false}, {"error", error}, {"message", std::move(message)}};
}

std::mutex versions_mutex;
std::map<std::string, std::string> negotiated_versions;  // endpoint text -> API version to use

std::optional<std::string> cached_version(const std::string& endpoint) {
  std::lock_guard lock(versions_mutex);
  if (auto it = negotiated_versions.find(endpoint); it != negotiated_versions.end()) return it->second;
  return std::nullopt;
}

void remember_version(const std::string& endpoint, const std::string& version) {
  std::lock_guard lock(versions_mutex);
  negotiated_versions[endpoint] = version;
}

std::optional<std::string> env_docker_host(const Options& options) {
  if (options.docker_host) return options.docker_host;
  if (const char* value = std::getenv("DOCKER_HOST")) return std::string(value);
  return std::nullopt;
}

// The daemon's message from an error body {"message": "..."}.
std::string error_message(const HttpResponse& response) {
  const Json body = parse_untrusted_json(response.body);
  if (body.is_object() && body.contains("message") && body["message"].is_string()) return body["message"];
  std::string text = sanitize::to_utf8(response.body.substr(0, 300));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text.empty() ? "HTTP " + std::to_string(response.status) : text;
}

struct Negotiated {
  Endpoint endpoint;
  std::string version;   // the one requests use
  Json details;          // from /_ping and /version when freshly negotiated
};

using Negotiation = std::function<void(Negotiated)>;

void finish_negotiation(const Endpoint& endpoint, const std::string& server_version, Json details,
                        const Negotiation& next, const Done& done) {
  if (compare_versions(server_version, kMinApiVersion) < 0) {
    Json too_old = failure("api_too_old", "the daemon speaks Docker API " + server_version +
                                              ", older than the oldest this client supports (" + kMinApiVersion + ")");
    too_old["server_api_version"] = server_version;
    return done(std::move(too_old));
  }
  const std::string version =
      compare_versions(server_version, kMaxApiVersion) > 0 ? std::string(kMaxApiVersion) : server_version;
  remember_version(endpoint.text, version);
  details["server_api_version"] = server_version;
  next({endpoint, version, std::move(details)});
}

// Resolves the endpoint and the API version (cached per endpoint unless `fresh`), then calls `next`.
void negotiate(asio::io_context& io, const Options& options, bool fresh, Negotiation next, Done done) {
  auto resolved = endpoint_from_docker_host(env_docker_host(options));
  if (auto* error = std::get_if<Json>(&resolved)) return asio::post(io, [done, error = *error] { done(error); });
  const Endpoint endpoint = std::get<Endpoint>(resolved);
  if (!fresh) {
    if (auto version = cached_version(endpoint.text)) {
      return asio::post(io, [next, endpoint, version = *version] { next({endpoint, version, Json::object()}); });
    }
  }
  HttpRequest ping{.method = "GET", .target = "/_ping", .body = "", .timeout = options.timeout, .body_limit = 4096};
  async_http(io, endpoint, ping, [&io, endpoint, options, next, done](HttpOutcome outcome) {
    if (auto* error = std::get_if<Json>(&outcome)) return done(*error);
    const HttpResponse& response = std::get<HttpResponse>(outcome);
    Json details = {{"ping", sanitize::to_utf8(response.body.substr(0, 100))}};
    if (response.headers.count("server")) details["server"] = sanitize::to_utf8(response.headers.at("server"));
    if (response.status != 200) {
      return done(failure("malformed_response", "/_ping answered HTTP " + std::to_string(response.status) + ": " +
                                                    error_message(response)));
    }
    if (auto it = response.headers.find("api-version"); it != response.headers.end() && !it->second.empty()) {
      // A header value may hold any byte (obs-text): the version lands in results and messages.
      return finish_negotiation(endpoint, sanitize::to_utf8(it->second), std::move(details), next, done);
    }
    // Daemons older than API 1.25 send no Api-Version header: /version says.
    HttpRequest version{.method = "GET", .target = "/version", .body = "", .timeout = options.timeout, .body_limit = 1 << 20};
    async_http(io, endpoint, version, [endpoint, details, next, done](HttpOutcome answer) {
      if (auto* error = std::get_if<Json>(&answer)) return done(*error);
      const Json body = parse_untrusted_json(std::get<HttpResponse>(answer).body);
      if (!body.is_object() || !body.contains("ApiVersion") || !body["ApiVersion"].is_string()) {
        return done(failure("malformed_response", "/version did not say which API version the daemon speaks"));
      }
      finish_negotiation(endpoint, body["ApiVersion"], details, next, done);
    });
  });
}

using ResponseHandler = std::function<void(const HttpResponse&, const Negotiated&)>;

// One API call: negotiate, send, classify HTTP errors; `handle` gets only 2xx/304 answers.
void api_call(asio::io_context& io, const Options& options, std::string method, std::string path, std::string subject,
              ResponseHandler handle, Done done) {
  negotiate(
      io, options, false,
      [&io, options, method, path, subject, handle, done](Negotiated session) {
        HttpRequest request{.method = method, .target = "/v" + session.version + path, .body = "",
                            .timeout = options.timeout, .body_limit = 64 * 1024 * 1024};
        async_http(io, session.endpoint, request, [session, subject, handle, done](HttpOutcome outcome) {
          if (auto* error = std::get_if<Json>(&outcome)) return done(*error);
          const HttpResponse& response = std::get<HttpResponse>(outcome);
          if ((response.status >= 200 && response.status < 300) || response.status == 304) return handle(response, session);
          const std::string message = error_message(response);
          Json result;
          if (response.status == 404 && !subject.empty()) {
            result = failure("container_not_found", message);
            result["container"] = subject;
          } else if (response.status == 400 && (message.find("client version") != std::string::npos ||
                                                message.find("API version") != std::string::npos)) {
            result = failure("api_too_old", message);
          } else {
            result = failure("api_error", message);
          }
          result["status"] = response.status;
          result["api_version"] = session.version;
          done(std::move(result));
        });
      },
      done);
}

// The body as JSON of the expected kind, or a malformed_response failure.
std::optional<Json> json_body(const HttpResponse& response, Json::value_t kind, const Done& done, const char* what) {
  Json body = parse_untrusted_json(response.body);
  if (body.type() != kind) {
    done(failure("malformed_response", std::string(what) + ": the daemon's answer is not the JSON expected"));
    return std::nullopt;
  }
  return body;
}

std::string str(const Json& object, const char* key) {
  if (object.is_object() && object.contains(key) && object[key].is_string()) return object[key].get<std::string>();
  return {};
}

const Json& field(const Json& object, const char* key) {
  static const Json null;
  if (object.is_object() && object.contains(key)) return object[key];
  return null;
}

std::vector<std::string> strings_of(const Json& array) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const Json& item : array) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream words(text);
  std::string word;
  while (words >> word) out.push_back(word);
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// The first 12 bytes of an id, as `docker ps` shows it. A real id is hex, but a hostile engine may send any
// text: the cut backs off to a character boundary so the short id stays a prefix of the id and valid UTF-8.
std::string short_id(const std::string& id) {
  std::size_t end = std::min<std::size_t>(id.size(), 12);
  while (end > 0 && end < id.size() && (static_cast<unsigned char>(id[end]) & 0xC0) == 0x80) --end;
  return sanitize::to_utf8(std::string_view(id).substr(0, end));
}

// Docker's zero time means "never".
void set_time(Json& into, const char* key, const std::string& value) {
  if (!value.empty() && value.rfind("0001-01-01", 0) != 0) into[key] = value;
}

Json labels_of(const Json& raw) {
  Json labels = Json::object();
  if (!raw.is_object()) return labels;
  for (auto& [key, value] : raw.items()) {
    if (value.is_string()) labels[sanitize::to_utf8(key)] = sanitize::to_utf8(value.get<std::string>());
  }
  return labels;
}

void add_compose(Json& into, const Json& labels) {
  if (labels.contains("com.docker.compose.project")) into["compose_project"] = labels["com.docker.compose.project"];
  if (labels.contains("com.docker.compose.service")) into["compose_service"] = labels["com.docker.compose.service"];
}

// {"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "18999"}]} -> [{container_port, protocol, host_ip, host_port}]
Json port_list(const Json& map) {
  Json out = Json::array();
  if (!map.is_object()) return out;
  for (auto& [key, bindings] : map.items()) {
    const auto slash = key.find('/');
    Json base = {{"protocol", slash == std::string::npos ? "tcp" : key.substr(slash + 1)}};
    try {
      base["container_port"] = std::stoi(key.substr(0, slash));
    } catch (const std::exception&) {
      base["container_port"] = key.substr(0, slash);
    }
    if (!bindings.is_array()) continue;
    for (const Json& binding : bindings) {
      Json entry = base;
      if (const std::string ip = str(binding, "HostIp"); !ip.empty()) entry["host_ip"] = ip;
      const std::string port = str(binding, "HostPort");
      if (!port.empty()) {
        try {
          entry["host_port"] = std::stoi(port);
        } catch (const std::exception&) {
          entry["host_port"] = port;
        }
      }
      out.push_back(std::move(entry));
    }
  }
  return out;
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  const auto parts = [](std::string_view text) {
    std::vector<long> out;
    std::string piece;
    for (char c : std::string(text) + ".") {
      if (c == '.') {
        out.push_back(piece.empty() ? 0 : std::strtol(piece.c_str(), nullptr, 10));
        piece.clear();
      } else {
        piece += c;
      }
    }
    return out;
  };
  auto left = parts(a);
  auto right = parts(b);
  const std::size_t size = std::max(left.size(), right.size());
  left.resize(size, 0);
  right.resize(size, 0);
  for (std::size_t i = 0; i < size; ++i) {
    if (left[i] != right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return 0;
}

void forget_negotiated_versions() {
  std::lock_guard lock(versions_mutex);
  negotiated_versions.clear();
}

Json shape_container_summary(const Json& raw) {
  Json out = Json::object();
  const std::string id = str(raw, "Id");
  out["id"] = id;
  out["short_id"] = short_id(id);
  Json names = Json::array();
  for (std::string name : strings_of(field(raw, "Names"))) {
    if (!name.empty() && name.front() == '/') name.erase(0, 1);
    names.push_back(sanitize::to_utf8(name));
  }
  out["names"] = names;
  if (!names.empty()) out["name"] = names[0];
  out["image"] = sanitize::to_utf8(str(raw, "Image"));
  out["image_id"] = str(raw, "ImageID");
  out["command"] = sanitize::to_utf8(join(sanitize::redact_argv(split_words(str(raw, "Command")))));
  if (field(raw, "Created").is_number()) out["created"] = raw["Created"];
  out["state"] = str(raw, "State");
  out["status"] = sanitize::to_utf8(str(raw, "Status"));
  const Json labels = labels_of(field(raw, "Labels"));
  out["labels"] = labels;
  add_compose(out, labels);
  if (const std::string mode = str(field(raw, "HostConfig"), "NetworkMode"); !mode.empty()) out["network_mode"] = mode;
  Json ports = Json::array();
  if (field(raw, "Ports").is_array()) {
    for (const Json& port : raw["Ports"]) {
      Json entry = {{"container_port", field(port, "PrivatePort")}, {"protocol", str(port, "Type")}};
      if (field(port, "PublicPort").is_number()) entry["host_port"] = port["PublicPort"];
      if (const std::string ip = str(port, "IP"); !ip.empty()) entry["host_ip"] = ip;
      ports.push_back(std::move(entry));
    }
  }
  out["ports"] = ports;
  return out;
}

Json shape_inspect(const Json& raw, const std::vector<std::string>& paths, std::vector<std::string>* secret_values) {
  Json out = Json::object();
  const std::string id = str(raw, "Id");
  out["id"] = id;
  out["short_id"] = short_id(id);
  std::string name = str(raw, "Name");
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  out["name"] = sanitize::to_utf8(name);
  const Json& config = field(raw, "Config");
  const Json& host_config = field(raw, "HostConfig");
  out["image"] = sanitize::to_utf8(str(config, "Image"));
  out["image_id"] = str(raw, "Image");
  set_time(out, "created", str(raw, "Created"));

  const Json& raw_state = field(raw, "State");
  Json state = {{"status", str(raw_state, "Status")}};
  for (const auto& [from, to] : {std::pair{"Running", "running"}, std::pair{"Paused", "paused"},
                                 std::pair{"Restarting", "restarting"}, std::pair{"OOMKilled", "oom_killed"},
                                 std::pair{"Dead", "dead"}}) {
    state[to] = field(raw_state, from).is_boolean() ? raw_state[from].get<bool>() : false;
  }
  if (field(raw_state, "Pid").is_number()) state["pid"] = raw_state["Pid"];
  if (field(raw_state, "ExitCode").is_number()) state["exit_code"] = raw_state["ExitCode"];
  if (const std::string error = str(raw_state, "Error"); !error.empty()) state["error"] = sanitize::to_utf8(error);
  set_time(state, "started_at", str(raw_state, "StartedAt"));
  set_time(state, "finished_at", str(raw_state, "FinishedAt"));
  if (const Json& health = field(raw_state, "Health"); health.is_object()) {
    Json shaped = {{"status", str(health, "Status")}};
    if (field(health, "FailingStreak").is_number()) shaped["failing_streak"] = health["FailingStreak"];
    if (const Json& log = field(health, "Log"); log.is_array() && !log.empty()) {
      const Json& last = log.back();
      Json entry = Json::object();
      if (field(last, "ExitCode").is_number()) entry["exit_code"] = last["ExitCode"];
      entry["output"] = sanitize::to_utf8(str(last, "Output").substr(0, 1000));
      set_time(entry, "start", str(last, "Start"));
      set_time(entry, "end", str(last, "End"));
      shaped["last"] = entry;
    }
    state["health"] = shaped;
  }
  out["state"] = state;
  if (field(raw, "RestartCount").is_number()) out["restart_count"] = raw["RestartCount"];
  const Json& policy = field(host_config, "RestartPolicy");
  out["restart_policy"] = {{"name", str(policy, "Name").empty() ? "no" : str(policy, "Name")},
                           {"maximum_retry_count", field(policy, "MaximumRetryCount").is_number()
                                                       ? policy["MaximumRetryCount"]
                                                       : Json(0)}};
  const std::string network_mode = str(host_config, "NetworkMode");
  out["network_mode"] = network_mode;
  out["host_network"] = network_mode == "host";
  out["tty"] = field(config, "Tty").is_boolean() && config["Tty"].get<bool>();

  // Ports: declared in HostConfig.PortBindings; published in NetworkSettings.Ports (empty when the container's
  // network cannot publish, e.g. --network none or host).
  const Json declared = port_list(field(host_config, "PortBindings"));
  const Json published = port_list(field(field(raw, "NetworkSettings"), "Ports"));
  Json unpublished = Json::array();
  for (const Json& port : declared) {
    const bool found = std::any_of(published.begin(), published.end(), [&](const Json& p) {
      return p["container_port"] == port["container_port"] && p["protocol"] == port["protocol"];
    });
    if (!found) unpublished.push_back(port);
  }
  Json exposed = Json::array();
  if (field(config, "ExposedPorts").is_object()) {
    for (auto& [key, unused] : config["ExposedPorts"].items()) exposed.push_back(key);
  }
  out["ports"] = {{"declared", declared}, {"published", published}, {"unpublished", unpublished}, {"exposed", exposed}};

  Json mounts = Json::array();
  if (field(raw, "Mounts").is_array()) {
    for (const Json& mount : raw["Mounts"]) {
      Json entry = {{"type", str(mount, "Type")}, {"destination", sanitize::to_utf8(str(mount, "Destination"))},
                    {"source", sanitize::to_utf8(str(mount, "Source"))}};
      if (const std::string volume = str(mount, "Name"); !volume.empty()) entry["name"] = volume;
      if (const std::string driver = str(mount, "Driver"); !driver.empty()) entry["driver"] = driver;
      entry["rw"] = field(mount, "RW").is_boolean() ? mount["RW"].get<bool>() : true;
      mounts.push_back(std::move(entry));
    }
  }
  out["mounts"] = mounts;
  Json persisted = Json::object();
  for (const std::string& path : paths) {
    // The mount whose destination is the path or its nearest parent decides.
    const Json* best = nullptr;
    std::size_t best_length = 0;
    for (const Json& mount : mounts) {
      std::string destination = mount["destination"];
      while (destination.size() > 1 && destination.back() == '/') destination.pop_back();
      const bool covers = path == destination || destination == "/" ||
                          (path.size() > destination.size() && path.compare(0, destination.size(), destination) == 0 &&
                           path[destination.size()] == '/');
      if (covers && (best == nullptr || destination.size() > best_length)) {
        best = &mount;
        best_length = destination.size();
      }
    }
    Json verdict = {{"persisted", false}};
    if (best != nullptr) {
      const std::string type = (*best)["type"];
      verdict["persisted"] = type == "volume" || type == "bind";
      verdict["mount"] = *best;
    }
    persisted[path] = verdict;
  }
  out["persisted"] = persisted;

  Json env = Json::array();
  for (const std::string& entry : strings_of(field(config, "Env"))) {
    const auto eq = entry.find('=');
    Json item = {{"name", sanitize::to_utf8(entry.substr(0, eq))}};
    if (eq != std::string::npos) {
      item["fingerprint"] = fingerprint(std::string_view(entry).substr(eq + 1));
      if (secret_values != nullptr && sanitize::looks_secret(entry.substr(0, eq)) && eq + 1 < entry.size())
        secret_values->push_back(entry.substr(eq + 1));
    }
    env.push_back(std::move(item));
  }
  out["env"] = env;

  const std::vector<std::string> args = sanitize::redact_argv(strings_of(field(raw, "Args")));
  std::vector<std::string> argv{str(raw, "Path")};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto utf8_list = [](const std::vector<std::string>& words) {
    Json list = Json::array();
    for (const auto& word : words) list.push_back(sanitize::to_utf8(word));
    return list;
  };
  out["command"] = {{"path", sanitize::to_utf8(str(raw, "Path"))},
                    {"args", utf8_list(args)},
                    {"argv", utf8_list(argv)},
                    {"entrypoint", utf8_list(sanitize::redact_argv(strings_of(field(config, "Entrypoint"))))},
                    {"cmd", utf8_list(sanitize::redact_argv(strings_of(field(config, "Cmd"))))}};
  if (auto bind = sanitize::flag_value(argv, "--bind")) out["bind"] = sanitize::to_utf8(*bind);

  const Json labels = labels_of(field(config, "Labels"));
  out["labels"] = labels;
  add_compose(out, labels);
  return out;
}

void async_available(asio::io_context& io, const Options& options, Done done) {
  const std::string endpoint_text = [&] {
    auto resolved = endpoint_from_docker_host(env_docker_host(options));
    if (auto* endpoint = std::get_if<Endpoint>(&resolved)) return endpoint->text;
    return env_docker_host(options).value_or("");
  }();
  auto report_failure = [done, endpoint_text](Json failure_result) {
    failure_result["ok"] = true;
    failure_result["available"] = false;
    failure_result["endpoint"] = endpoint_text;
    done(std::move(failure_result));
  };
  negotiate(
      io, options, true,
      [&io, options, done, report_failure](Negotiated session) {
        HttpRequest request{.method = "GET", .target = "/v" + session.version + "/version", .body = "",
                            .timeout = options.timeout, .body_limit = 1 << 20};
        async_http(io, session.endpoint, request, [session, done, report_failure](HttpOutcome outcome) {
          if (auto* error = std::get_if<Json>(&outcome)) return report_failure(*error);
          const Json body = parse_untrusted_json(std::get<HttpResponse>(outcome).body);
          Json result = {{"ok", true}, {"available", true}, {"endpoint", session.endpoint.text},
                         {"api_version", session.version}};
          result.update(session.details);
          if (body.is_object()) {
            for (const auto& [from, to] : {std::pair{"Version", "engine_version"}, std::pair{"MinAPIVersion", "min_api_version"},
                                           std::pair{"Os", "os"}, std::pair{"Arch", "arch"},
                                           std::pair{"KernelVersion", "kernel_version"}}) {
              if (const std::string value = str(body, from); !value.empty()) result[to] = value;
            }
          }
          done(std::move(result));
        });
      },
      report_failure);
}

void async_containers(asio::io_context& io, const ContainerQuery& query, const Options& options, Done done) {
  Json filters = Json::object();
  if (query.name) filters["name"] = {*query.name};
  if (query.image) filters["ancestor"] = {*query.image};
  Json labels = Json::array();
  for (const auto& label : query.labels) labels.push_back(label);
  if (query.project) labels.push_back("com.docker.compose.project=" + *query.project);
  if (!labels.empty()) filters["label"] = labels;
  std::string path = "/containers/json?all=" + std::string(query.all ? "1" : "0");
  if (!filters.empty()) path += "&filters=" + url_encode(filters.dump());
  api_call(io, options, "GET", path, "",
           [done](const HttpResponse& response, const Negotiated& session) {
             auto list = json_body(response, Json::value_t::array, done, "containers");
             if (!list) return;
             Json shaped = Json::array();
             for (const Json& raw : *list) {
               if (raw.is_object()) shaped.push_back(shape_container_summary(raw));
             }
             done({{"ok", true}, {"api_version", session.version}, {"containers", shaped}});
           },
           done);
}

void async_inspect(asio::io_context& io, const std::string& id, const std::vector<std::string>& paths,
                   const Options& options, Done done) {
  api_call(io, options, "GET", "/containers/" + url_encode(id) + "/json", id,
           [done, paths, on_secret = options.on_secret](const HttpResponse& response, const Negotiated& session) {
             auto raw = json_body(response, Json::value_t::object, done, "inspect");
             if (!raw) return;
             std::vector<std::string> secrets;
             Json shaped = shape_inspect(*raw, paths, &secrets);
             if (on_secret)
               for (const auto& secret : secrets) on_secret(secret);
             shaped["ok"] = true;
             shaped["api_version"] = session.version;
             done(std::move(shaped));
           },
           done);
}

void async_logs(asio::io_context& io, const std::string& id, const LogQuery& query, const Options& options, Done done) {
  // The container's TTY setting decides the body's form; inspecting first also classifies "not found".
  async_inspect(io, id, {}, options, [&io, id, query, options, done](Json container) {
    if (container["ok"] != true) return done(std::move(container));
    const bool tty = container["tty"] == true;
    std::string path = "/containers/" + url_encode(id) + "/logs?stdout=1&stderr=1";
    path += "&timestamps=" + std::string(query.timestamps ? "1" : "0");
    path += "&tail=" + (query.tail ? std::to_string(*query.tail) : std::string("all"));
    if (query.since) path += "&since=" + std::to_string(*query.since);
    api_call(io, options, "GET", path, id,
             [done, tty, query, id](const HttpResponse& response, const Negotiated& session) {
               Json parsed = tty ? split_raw_logs(response.body, query.timestamps)
                                 : demultiplex_logs(response.body, query.timestamps);
               parsed["ok"] = true;
               parsed["id"] = id;
               parsed["tty"] = tty;
               parsed["api_version"] = session.version;
               done(std::move(parsed));
             },
             done);
  });
}

void async_top(asio::io_context& io, const std::string& id, const Options& options, Done done) {
  api_call(io, options, "GET", "/containers/" + url_encode(id) + "/top", id,
           [done, id](const HttpResponse& response, const Negotiated& session) {
             auto raw = json_body(response, Json::value_t::object, done, "top");
             if (!raw) return;
             const std::vector<std::string> titles = strings_of(field(*raw, "Titles"));
             Json processes = Json::array();
             if (field(*raw, "Processes").is_array()) {
               for (const Json& row : (*raw)["Processes"]) {
                 const std::vector<std::string> values = strings_of(row);
                 Json process = Json::object();
                 for (std::size_t i = 0; i < titles.size() && i < values.size(); ++i) {
                   const bool command = titles[i] == "CMD" || titles[i] == "COMMAND";
                   process[sanitize::to_utf8(titles[i])] =
                       sanitize::to_utf8(command ? join(sanitize::redact_argv(split_words(values[i]))) : values[i]);
                 }
                 processes.push_back(std::move(process));
               }
             }
             done({{"ok", true}, {"id", id}, {"api_version", session.version}, {"titles", titles}, {"processes", processes}});
           },
           done);
}

namespace {

void container_action(asio::io_context& io, const std::string& id, const std::string& action, std::string query,
                      const Options& options, Done done) {
  api_call(io, options, "POST", "/containers/" + url_encode(id) + "/" + action + query, id,
           [done, id, action](const HttpResponse& response, const Negotiated& session) {
             Json result = {{"ok", true}, {"id", id}, {"action", action}, {"api_version", session.version}};
             if (response.status == 304) result["already"] = true;  // start of a running container
             done(std::move(result));
           },
           done);
}

}  // namespace

void async_restart(asio::io_context& io, const std::string& id, const Options& options, Done done) {
  // Leave the daemon time to stop the container (SIGTERM, then SIGKILL after t seconds) within our deadline.
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count();
  container_action(io, id, "restart", "?t=" + std::to_string(std::max<long long>(0, std::min<long long>(10, seconds / 2))),
                   options, std::move(done));
}

void async_start(asio::io_context& io, const std::string& id, const Options& options, Done done) {
  container_action(io, id, "start", "", options, std::move(done));
}

Json available(const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_available(io, options, std::move(done)); });
}
Json containers(const ContainerQuery& query, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_containers(io, query, options, std::move(done)); });
}
Json inspect(const std::string& id, const std::vector<std::string>& paths, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_inspect(io, id, paths, options, std::move(done)); });
}
Json logs(const std::string& id, const LogQuery& query, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_logs(io, id, query, options, std::move(done)); });
}
Json top(const std::string& id, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_top(io, id, options, std::move(done)); });
}
Json restart(const std::string& id, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_restart(io, id, options, std::move(done)); });
}
Json start(const std::string& id, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_start(io, id, options, std::move(done)); });
}

}  // namespace clawbook::docker
