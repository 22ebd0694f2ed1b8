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
#include "clawbook/options.hpp"
#include "docker/docker_client.hpp"

#include <cmath>

namespace clawbook {
namespace {

namespace dk = docker;

// Every call takes these, besides its own options.
const std::vector<std::string_view> kConnectionOptions = {"host", "timeout"};

dk::Options connection(const Options& opts, double default_seconds) {
  dk::Options settings;
  settings.timeout = opts.deadline(default_seconds);
  settings.docker_host = opts.str("host");  // unix://PATH or tcp://127.0.0.1:PORT; checked by the client
  return settings;
}

std::string container_id(Call& call, int index) {
  std::string id = call.str(index);
  if (id.empty() || id.find_first_of(std::string("/\n\r\0", 4)) != std::string::npos) {
    call.arg_error(index, "container id or name expected");
  }
  return id;
}

int docker_available(Call& call) {
  const dk::Options settings = connection(Options(call, 1, kConnectionOptions), 5);
  return call.await_result([&](dk::Done done) { dk::async_available(call.io(), settings, std::move(done)); });
}

int docker_containers(Call& call) {
  const Options opts(call, 1, option_keys({"all", "name", "image", "label", "project"}, kConnectionOptions));
  const dk::Options settings = connection(opts, 5);
  dk::ContainerQuery query;
  query.all = opts.boolean("all", query.all);
  query.name = opts.str("name");
  query.image = opts.str("image");
  query.project = opts.str("project");
  // One label "k=v" or a list of them.
  if (const auto label = opts.value("label"); label && label->is_string()) query.labels.push_back(label->get<std::string>());
  else query.labels = opts.strings("label");
  return call.await_result([&](dk::Done done) { dk::async_containers(call.io(), query, settings, std::move(done)); });
}

int docker_inspect(Call& call) {
  const std::string id = container_id(call, 1);
  const Options opts(call, 2, option_keys({"paths"}, kConnectionOptions));
  dk::Options settings = connection(opts, 5);
  const std::vector<std::string> paths = opts.strings("paths");
  for (const auto& path : paths)
    if (path.empty() || path.front() != '/') opts.error("option 'paths' must hold absolute container paths");
  // A credential in the container's env may show up in its log: every output shows its fingerprint instead.
  Completion completion = call.suspend();
  settings.on_secret = [completion](const std::string& value) { completion.secret(value); };
  dk::async_inspect(call.io(), id, paths, settings, [completion](Json result) { completion.complete(std::move(result)); });
  return call.yield();
}

int docker_logs(Call& call) {
  const std::string id = container_id(call, 1);
  const Options opts(call, 2, option_keys({"tail", "since", "timestamps"}, kConnectionOptions));
  const dk::Options settings = connection(opts, 10);
  dk::LogQuery query;
  query.tail = opts.integer("tail", 200, 0, LLONG_MAX);
  if (const auto since = opts.num("since")) query.since = static_cast<long long>(std::floor(*since));
  query.timestamps = opts.boolean("timestamps", query.timestamps);
  return call.await_result([&](dk::Done done) { dk::async_logs(call.io(), id, query, settings, std::move(done)); });
}

int docker_top(Call& call) {
  const std::string id = container_id(call, 1);
  const dk::Options settings = connection(Options(call, 2, kConnectionOptions), 5);
  return call.await_result([&](dk::Done done) { dk::async_top(call.io(), id, settings, std::move(done)); });
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
