// GCC's -Wnull-dereference fires inside Asio's inlined scheduler code (false positives, not in our code).
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include "docker/engine_http.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>

#include <sys/un.h>

namespace clawbook::docker {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

Json failure(const char* error, std::string message) {
  return {{"ok", false}, {"error", error}, {"message", std::move(message)}};
}

bool is_loopback(const std::string& host) {
  if (host == "localhost") return true;
  error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

Json connect_failure(const Endpoint& endpoint, const error_code& ec) {
  const std::string where = endpoint.kind == Endpoint::Kind::unix_socket ? endpoint.path : endpoint.text;
  if (ec == beast::error::timeout) {
    return failure("daemon_not_answering", "no connection to " + where + " before the deadline");
  }
  if (ec == asio::error::no_such_device || ec == boost::system::errc::no_such_file_or_directory) {
    return failure("socket_missing", "no Docker socket at " + where + " (" + ec.message() + ")");
  }
  if (ec == boost::system::errc::permission_denied || ec == boost::system::errc::operation_not_permitted) {
    return failure("permission_denied", "cannot connect to " + where + ": " + ec.message() +
                                            " (is this user in the docker group?)");
  }
  if (ec == asio::error::connection_refused) {
    return failure("daemon_not_answering", "connection refused at " + where + " (no daemon behind the socket)");
  }
  return failure("daemon_not_answering", "cannot connect to " + where + ": " + ec.message());
}

Json exchange_failure(const Endpoint& endpoint, const char* step, const error_code& ec) {
  if (ec == beast::error::timeout) {
    return failure("daemon_not_answering", std::string("the daemon at ") + endpoint.text + " did not answer before the deadline (" +
                                               step + ")");
  }
  if (ec.category() == http::make_error_code(http::error::bad_version).category()) {
    return failure("malformed_response", std::string("not an HTTP answer (") + step + "): " + ec.message());
  }
  if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == http::error::partial_message) {
    return failure("malformed_response", std::string("the connection closed before a complete answer (") + step + ")");
  }
  return failure("daemon_not_answering", std::string(step) + " failed: " + ec.message());
}

template <typename Protocol>
asio::awaitable<HttpOutcome> exchange(Endpoint endpoint, typename Protocol::endpoint peer, HttpRequest request) {
  const auto executor = co_await asio::this_coro::executor;
  beast::basic_stream<Protocol> stream(executor);
  stream.expires_after(request.timeout);  // one budget for connect, write and read

  auto [connect_error] = co_await stream.async_connect(peer, use_tuple);
  if (connect_error) co_return connect_failure(endpoint, connect_error);

  http::request<http::string_body> message;
  message.method(http::string_to_verb(request.method));
  message.target(request.target);
  message.version(11);
  message.set(http::field::host, "docker");
  message.set(http::field::user_agent, "clawbook");
  message.set(http::field::connection, "close");
  if (!request.body.empty()) {
    message.set(http::field::content_type, "application/json");
    message.body() = request.body;
  }
  message.prepare_payload();
  auto [write_error, written] = co_await http::async_write(stream, message, use_tuple);
  (void)written;
  if (write_error) co_return exchange_failure(endpoint, "write", write_error);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(request.body_limit);
  if (request.method == "HEAD") parser.skip(true);
  auto [read_error, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
  (void)read;
  if (read_error == http::error::body_limit) {
    co_return failure("malformed_response", "the answer is larger than " + std::to_string(request.body_limit) + " bytes");
  }
  if (read_error) co_return exchange_failure(endpoint, "read", read_error);

  HttpResponse response;
  const auto& result = parser.get();
  response.status = result.result_int();
  for (const auto& field : result) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    response.headers[name] = std::string(field.value());
  }
  response.body = std::move(parser.release().body());
  error_code ignored;
  stream.socket().shutdown(Protocol::socket::shutdown_both, ignored);
  co_return response;
}

}  // namespace

std::variant<Endpoint, Json> endpoint_from_docker_host(const std::optional<std::string>& docker_host) {
  Endpoint endpoint;
  const std::string text = docker_host && !docker_host->empty() ? *docker_host : "unix:///var/run/docker.sock";
  endpoint.text = text;
  if (text.rfind("unix://", 0) == 0) {
    endpoint.kind = Endpoint::Kind::unix_socket;
    endpoint.path = text.substr(7);
    if (endpoint.path.empty() || endpoint.path.front() != '/') {
      return failure("unsupported_host", "DOCKER_HOST " + text + ": a unix:// address needs an absolute path");
    }
    if (endpoint.path.size() >= sizeof(sockaddr_un::sun_path)) {
      return failure("unsupported_host", "DOCKER_HOST " + text + ": socket path longer than the system allows");
    }
    return endpoint;
  }
  if (text.rfind("tcp://", 0) == 0) {
    std::string rest = text.substr(6);
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    std::string host;
    std::string port;
    if (!rest.empty() && rest.front() == '[') {  // [::1]:2375
      const auto close = rest.find(']');
      if (close == std::string::npos) return failure("unsupported_host", "DOCKER_HOST " + text + ": bad IPv6 address");
      host = rest.substr(1, close - 1);
      if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
    } else {
      const auto colon = rest.rfind(':');
      host = rest.substr(0, colon);
      if (colon != std::string::npos) port = rest.substr(colon + 1);
    }
    if (!is_loopback(host)) {
      return failure("unsupported_host", "DOCKER_HOST " + text + ": only loopback TCP addresses are allowed");
    }
    unsigned long number = 2375;
    if (!port.empty()) {
      char* end = nullptr;
      number = std::strtoul(port.c_str(), &end, 10);
      if (*end != '\0' || number == 0 || number > 65535) {
        return failure("unsupported_host", "DOCKER_HOST " + text + ": bad port");
      }
    }
    endpoint.kind = Endpoint::Kind::tcp;
    endpoint.host = host == "localhost" ? "127.0.0.1" : host;
    endpoint.port = static_cast<unsigned short>(number);
    return endpoint;
  }
  return failure("unsupported_host", "DOCKER_HOST " + text + ": only unix:// and loopback tcp:// are supported");
}

void async_http(asio::io_context& io, const Endpoint& endpoint, HttpRequest request, HttpDone done) {
  auto finish = [done = std::move(done)](std::exception_ptr error, HttpOutcome outcome) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        return done(failure("malformed_response", std::string("request failed: ") + e.what()));
      } catch (...) {
        return done(failure("malformed_response", "request failed"));
      }
    }
    done(std::move(outcome));
  };
  if (endpoint.kind == Endpoint::Kind::unix_socket) {
    asio::co_spawn(io, exchange<asio::local::stream_protocol>(endpoint, asio::local::stream_protocol::endpoint(endpoint.path),
                                                              std::move(request)),
                   std::move(finish));
  } else {
    const asio::ip::tcp::endpoint peer(asio::ip::make_address(endpoint.host), endpoint.port);
    asio::co_spawn(io, exchange<asio::ip::tcp>(endpoint, peer, std::move(request)), std::move(finish));
  }
}

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace clawbook::docker
