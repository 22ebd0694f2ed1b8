// HTTP/1.1 to the Docker Engine API over its Unix socket (or loopback TCP), with Boost.Beast. One connection per
// request; every request runs under one deadline covering connect, write and read (chunked bodies included).
#pragma once

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace clawbook::docker {

using Json = nlohmann::json;

struct Endpoint {
  enum class Kind { unix_socket, tcp };
  Kind kind = Kind::unix_socket;
  std::string path;          // unix socket path
  std::string host;          // tcp: a loopback address
  unsigned short port = 0;
  std::string text;          // as configured: "unix:///var/run/docker.sock"
};

// DOCKER_HOST (nullopt or empty: the default /var/run/docker.sock). Accepts unix://PATH and tcp://HOST:PORT
// with HOST on loopback (127.0.0.0/8, ::1, localhost); anything else is a classified failure
// {ok=false, error="unsupported_host", message}. DOCKER_TLS_VERIFY is not supported (no TLS client here).
std::variant<Endpoint, Json> endpoint_from_docker_host(const std::optional<std::string>& docker_host);

struct HttpResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target;  // "/v1.41/containers/json?all=1"
  std::string body;    // sent as application/json when not empty
  std::chrono::steady_clock::duration timeout = std::chrono::seconds(5);
  std::size_t body_limit = 64 * 1024 * 1024;
};

// Either the response, or a classified failure: {ok=false, error, message} with error one of socket_missing,
// permission_denied, daemon_not_answering (refused, or no answer before the deadline), malformed_response.
using HttpOutcome = std::variant<HttpResponse, Json>;
using HttpDone = std::function<void(HttpOutcome)>;

// `done` runs once, on the io_context's thread.
void async_http(boost::asio::io_context& io, const Endpoint& endpoint, HttpRequest request, HttpDone done);

// Percent-encoding for query values.
std::string url_encode(std::string_view text);

}  // namespace clawbook::docker
