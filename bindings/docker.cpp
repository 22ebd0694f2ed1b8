// Lua module `docker`: the Docker Engine API over its Unix socket (DOCKER_HOST honoured; no docker CLI). Every
// function yields while the request runs, under the call's deadline, and returns a plain table:
// {ok=true, ...} or {ok=false, error=CLASS, message}; CLASS: socket_missing, permission_denied, api_too_old,
// daemon_not_answering, container_not_found, malformed_response, unsupported_host, api_error.
//
//   docker.available([{host=, timeout=}]) -> {available, api_version, engine_version, ...}
//   docker.containers{all=, name=, image=, label="k=v"|{...}, project=} -> {containers={...}}
//   docker.inspect(id_or_name [, {paths={"/home/node/.openclaw"}}]) -> state, restart_count, restart_policy,
//       network_mode, ports {declared, published, unpublished}, mounts, persisted[path], env (names and
//       fingerprints), command {argv, ...}, bind, labels, compose_project
//   docker.logs(id [, {tail=, since=, timestamps=}]) -> {lines={{stream, text, time?}}, truncated}
//   docker.top(id) -> {titles, processes}
// Restarting and starting containers are actions (dry run unless --apply): action.restart_container.
#include "clawbook/binding.hpp"
#include "docker/docker_client.hpp"

#include <cmath>

namespace clawbook {
namespace {

namespace dk = docker;

dk::Options connection(Call& call, const Json& options, int index, double default_seconds) {
  dk::Options settings;
  settings.timeout = call.deadline(index, default_seconds);
  if (options.contains("host")) {
    if (!options["host"].is_string()) call.arg_error(index, "host must be a string (unix://PATH or tcp://127.0.0.1:PORT)");
    settings.docker_host = options["host"].get<std::string>();
  }
  return settings;
}

std::string container_id(Call& call, int index) {
  std::string id = call.str(index);
  if (id.empty() || id.find_first_of(std::string("/\n\r\0", 4)) != std::string::npos) {
    call.arg_error(index, "container id or name expected");
  }
  return id;
}

std::optional<std::string> string_option(Call& call, const Json& options, const char* key, int index) {
  if (!options.contains(key)) return std::nullopt;
  if (!options[key].is_string()) call.arg_error(index, std::string(key) + " must be a string");
  return options[key].get<std::string>();
}

int finish_with(Call& call, const std::function<void(dk::Done)>& start) {
  Completion completion = call.suspend();
  start([completion](Json result) { completion.complete(std::move(result)); });
  return call.yield();
}

int docker_available(Call& call) {
  const Json options = call.table(1);
  const dk::Options settings = connection(call, options, 1, 5);
  return finish_with(call, [&](dk::Done done) { dk::async_available(call.io(), settings, std::move(done)); });
}

int docker_containers(Call& call) {
  const Json options = call.table(1);
  const dk::Options settings = connection(call, options, 1, 5);
  dk::ContainerQuery query;
  if (options.contains("all")) {
    if (!options["all"].is_boolean()) call.arg_error(1, "all must be a boolean");
    query.all = options["all"].get<bool>();
  }
  query.name = string_option(call, options, "name", 1);
  query.image = string_option(call, options, "image", 1);
  query.project = string_option(call, options, "project", 1);
  if (options.contains("label")) {
    const Json& label = options["label"];
    if (label.is_string()) {
      query.labels.push_back(label.get<std::string>());
    } else if (label.is_array()) {
      for (const Json& item : label) {
        if (!item.is_string()) call.arg_error(1, "label must be a string or a list of strings");
        query.labels.push_back(item.get<std::string>());
      }
    } else {
      call.arg_error(1, "label must be a string or a list of strings");
    }
  }
  return finish_with(call, [&](dk::Done done) { dk::async_containers(call.io(), query, settings, std::move(done)); });
}

int docker_inspect(Call& call) {
  const std::string id = container_id(call, 1);
  const Json options = call.table(2);
  dk::Options settings = connection(call, options, 2, 5);
  std::vector<std::string> paths;
  if (options.contains("paths")) {
    if (!options["paths"].is_array()) call.arg_error(2, "paths must be a list of container paths");
    for (const Json& path : options["paths"]) {
      if (!path.is_string() || path.get<std::string>().empty() || path.get<std::string>().front() != '/') {
        call.arg_error(2, "paths must be absolute container paths");
      }
      paths.push_back(path.get<std::string>());
    }
  }
  // A credential in the container's env may show up in its log: every output shows its fingerprint instead.
  Completion completion = call.suspend();
  settings.on_secret = [completion](const std::string& value) { completion.secret(value); };
  dk::async_inspect(call.io(), id, paths, settings, [completion](Json result) { completion.complete(std::move(result)); });
  return call.yield();
}

int docker_logs(Call& call) {
  const std::string id = container_id(call, 1);
  const Json options = call.table(2);
  const dk::Options settings = connection(call, options, 2, 10);
  dk::LogQuery query;
  query.tail = 200;
  if (options.contains("tail")) {
    if (!options["tail"].is_number() || options["tail"].get<double>() < 0) call.arg_error(2, "tail must be a number >= 0");
    query.tail = static_cast<long long>(options["tail"].get<double>());
  }
  if (options.contains("since")) {
    if (!options["since"].is_number()) call.arg_error(2, "since must be epoch seconds");
    query.since = static_cast<long long>(std::floor(options["since"].get<double>()));
  }
  if (options.contains("timestamps")) {
    if (!options["timestamps"].is_boolean()) call.arg_error(2, "timestamps must be a boolean");
    query.timestamps = options["timestamps"].get<bool>();
  }
  return finish_with(call, [&](dk::Done done) { dk::async_logs(call.io(), id, query, settings, std::move(done)); });
}

int docker_top(Call& call) {
  const std::string id = container_id(call, 1);
  const Json options = call.table(2);
  const dk::Options settings = connection(call, options, 2, 5);
  return finish_with(call, [&](dk::Done done) { dk::async_top(call.io(), id, settings, std::move(done)); });
}

ModuleSpec make_docker_module() {
  return {.name = "docker",
          .capability = "docker",
          .summary = "Docker Engine API over the local socket: containers, inspect, logs and top (restarts are in `action`).",
          .functions = {{"available", docker_available},
                        {"containers", docker_containers},
                        {"inspect", docker_inspect},
                        {"logs", docker_logs},
                        {"top", docker_top}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_docker_module());

}  // namespace clawbook
