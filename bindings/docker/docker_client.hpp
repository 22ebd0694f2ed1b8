// The Docker Engine API (no docker CLI): the daemon of DOCKER_HOST or /var/run/docker.sock, API version
// negotiated with /_ping (Api-Version header) or /version. Results are plain tables: {ok=true, ...} or
// {ok=false, error=CLASS, message}; CLASS is one of socket_missing, permission_denied, api_too_old,
// daemon_not_answering, container_not_found, malformed_response, unsupported_host, api_error.
// Secrets never appear: environment values and credential flags in command lines show as fingerprints.
#pragma once

#include "docker/engine_http.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clawbook::docker {

// Oldest API this client speaks (filters as JSON, HostConfig.RestartPolicy, Mounts) and newest it asks for.
inline constexpr const char* kMinApiVersion = "1.25";
inline constexpr const char* kMaxApiVersion = "1.47";

struct Options {
  std::optional<std::string> docker_host;  // nullopt: the DOCKER_HOST environment variable
  std::chrono::steady_clock::duration timeout = std::chrono::seconds(5);
  // inspect: told each value of a credential-looking env variable (to register it with the redactor).
  std::function<void(const std::string&)> on_secret;
};

struct ContainerQuery {
  bool all = false;                     // include stopped containers
  std::optional<std::string> name;      // Docker's name filter (substring match)
  std::optional<std::string> image;     // ancestor filter
  std::vector<std::string> labels;      // "key" or "key=value"
  std::optional<std::string> project;   // compose project: label com.docker.compose.project=NAME
};

struct LogQuery {
  std::optional<long long> tail;  // last N lines; nullopt: all
  std::optional<long long> since;  // seconds since the epoch
  bool timestamps = false;
};

using Done = std::function<void(Json)>;

// Each `done` runs once, on the io_context's thread.
void async_available(boost::asio::io_context& io, const Options& options, Done done);
void async_containers(boost::asio::io_context& io, const ContainerQuery& query, const Options& options, Done done);
// `paths`: container paths to check for persistence (e.g. /home/node/.openclaw) -> result.persisted[path].
void async_inspect(boost::asio::io_context& io, const std::string& id, const std::vector<std::string>& paths,
                   const Options& options, Done done);
void async_logs(boost::asio::io_context& io, const std::string& id, const LogQuery& query, const Options& options,
                Done done);
void async_top(boost::asio::io_context& io, const std::string& id, const Options& options, Done done);
// Actions (the Lua module requires capability `action` for these).
void async_restart(boost::asio::io_context& io, const std::string& id, const Options& options, Done done);
void async_start(boost::asio::io_context& io, const std::string& id, const Options& options, Done done);

// Shaping of raw API answers (exposed for tests on recorded data).
Json shape_container_summary(const Json& raw);
// With `secret_values`, the values of env variables whose names look like credentials are added to it (the
// binding registers them with the redactor: a container log may print them); the result never holds them.
Json shape_inspect(const Json& raw, const std::vector<std::string>& paths, std::vector<std::string>* secret_values = nullptr);
// "1.41" < "1.25"? Compares dotted version numbers.
int compare_versions(std::string_view a, std::string_view b);
// Forget negotiated versions (tests that swap daemons behind one socket path).
void forget_negotiated_versions();

// Synchronous forms on a private io_context (tests, benchmarks).
Json available(const Options& options);
Json containers(const ContainerQuery& query, const Options& options);
Json inspect(const std::string& id, const std::vector<std::string>& paths, const Options& options);
Json logs(const std::string& id, const LogQuery& query, const Options& options);
Json top(const std::string& id, const Options& options);
Json restart(const std::string& id, const Options& options);
Json start(const std::string& id, const Options& options);

}  // namespace clawbook::docker
