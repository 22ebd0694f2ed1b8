// Small real servers on 127.0.0.1:0 for the gateway probe tests, all running on the test's io_context (the
// same single thread as the client): plain and TLS HTTP responders, hostile peers, and a WebSocket peer that
// speaks the OpenClaw protocol with the frames recorded from a real gateway.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>
#include "test_paths.hpp"

namespace gateway_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp_socket = asio::ip::tcp::socket;
using Json = nlohmann::json;
using namespace std::chrono_literals;

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

inline Json capture(const std::string& name) {
  return Json::parse(read_text(std::filesystem::path(CLAWBOOK_TESTS_DIR) / "fixtures/openclaw/captures" / name));
}

// Runs `io` until `done()` or `limit` passes; returns the elapsed time.
template <class Done>
std::chrono::steady_clock::duration pump(asio::io_context& io, Done done,
                                         std::chrono::steady_clock::duration limit = 10s) {
  const auto started = std::chrono::steady_clock::now();
  io.restart();
  while (!done() && std::chrono::steady_clock::now() - started < limit) io.run_one_for(50ms);
  return std::chrono::steady_clock::now() - started;
}

// Starts an operation taking a Json handler, runs the loop until it completes, returns the result and how long
// it took. Fails the test (via an empty Json) if it never completes.
struct Outcome {
  Json result;
  double seconds = 0;
  int completions = 0;
};

template <class Start>
Outcome run(asio::io_context& io, Start start, std::chrono::steady_clock::duration limit = 10s) {
  auto outcome = std::make_shared<Outcome>();
  start([outcome](Json result) {
    ++outcome->completions;
    outcome->result = std::move(result);
  });
  const auto elapsed = pump(
      io, [&] { return outcome->completions > 0; }, limit);
  // Let stray completions surface: an operation must complete exactly once.
  io.restart();
  io.poll();
  outcome->seconds = std::chrono::duration<double>(elapsed).count();
  return *outcome;
}

// ---- certificates ----

struct Certificates {
  std::string ca_pem, leaf_pem, leaf_key_pem;
  std::filesystem::path ca_file;
};

std::string pem_of_cert(X509* cert);
std::string pem_of_key(EVP_PKEY* key);
X509* make_cert(EVP_PKEY* key, EVP_PKEY* signer, X509* issuer, const char* common_name, bool ca, long serial);
// A test CA and a leaf for localhost/127.0.0.1 signed by it; the CA is written to `dir`/ca.pem.
Certificates make_certificates(const std::filesystem::path& dir);
std::shared_ptr<asio::ssl::context> server_tls_context(const Certificates& certs);

// ---- raw TCP peers ----
// The peers' code is in servers.cpp, compiled once for both test programs (Asio's and Beast's server-side
// operations are instantiated there rather than in every test file that includes this header).

// Accepts on 127.0.0.1:0 and hands each connection to `on_connection`; keeps sockets alive until destroyed.
class Listener {
 public:
  using OnConnection = std::function<void(std::shared_ptr<tcp_socket>)>;
  Listener(asio::io_context& io, OnConnection on_connection, int backlog = asio::socket_base::max_listen_connections);
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& scheme, const std::string& path = "/") const {
    return scheme + "://127.0.0.1:" + std::to_string(port()) + path;
  }
  int accepted = 0;
  std::vector<std::shared_ptr<tcp_socket>> held;

 private:
  void accept();
  asio::ip::tcp::acceptor acceptor_;
  OnConnection on_connection_;
};

// Sends a TCP reset instead of a FIN.
void reset(tcp_socket& socket);

// Reads a request head (and a Content-Length body), then calls `respond(request_text)` for the bytes to send.
// An empty answer means: stay silent.
void serve_http_once(std::shared_ptr<tcp_socket> socket, std::function<std::string(const std::string&)> respond,
                     bool close_after = true);

std::string http_response(int status, const std::string& reason, const std::string& content_type,
                          const std::string& body, const std::string& extra_headers = "");

std::string request_path(const std::string& request);

// HTTPS: handshake, read one request, answer with `respond`.
class TlsHttpServer {
 public:
  TlsHttpServer(asio::io_context& io, std::shared_ptr<asio::ssl::context> context,
                std::function<std::string(const std::string&)> respond);
  unsigned short port() const { return listener_.port(); }
  std::string url(const std::string& scheme, const std::string& path = "/") const {
    return listener_.url(scheme, path);
  }
  int handshakes_ok = 0;
  int handshakes_failed = 0;

 private:
  void serve(std::shared_ptr<tcp_socket> socket);
  std::shared_ptr<asio::ssl::context> context_;
  std::function<std::string(const std::string&)> respond_;
  Listener listener_;
};

// ---- a WebSocket peer speaking the OpenClaw protocol ----

class FakeGateway;

// One accepted WebSocket connection on the fake gateway.
class WsPeer : public std::enable_shared_from_this<WsPeer> {
 public:
  WsPeer(FakeGateway& gateway, tcp_socket socket);

  void start();
  void send(const Json& frame) { send_text(frame.dump()); }
  void send_text(std::string text);
  void close(int code, std::string reason);
  // Raw bytes on the socket beneath the WebSocket (hostile frames).
  void write_raw(std::string bytes, std::function<void()> then = nullptr);
  void reset();

  bhttp::request<bhttp::string_body> upgrade_request;
  std::vector<Json> received;
  std::optional<websocket::close_reason> client_close;

 private:
  void read();
  void write_next();
  void do_close();

  FakeGateway& gateway_;
  websocket::stream<tcp_socket> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  std::optional<std::pair<int, std::string>> closing_;
};

// The WebSocket side of an OpenClaw gateway. By default: challenge, then hello-ok from the capture for a
// connect with the expected token, and RPC answers from the captures. Tests replace the hooks for faults.
class FakeGateway {
 public:
  FakeGateway(asio::io_context& io, std::string token = "test-token-0123456789");

  std::string url() const { return listener_.url("ws"); }
  unsigned short port() const { return listener_.port(); }

  // Called after the upgrade; default sends connect.challenge.
  std::function<void(WsPeer&)> on_open;
  // Called for every frame; default implements connect + RPC from captures.
  std::function<void(WsPeer&, const Json&)> on_frame;

  void default_frame(WsPeer& peer, const Json& frame);
  static void reject(WsPeer& peer, const std::string& id, const std::string& code, const std::string& message,
                     const Json& details, int close_code, const std::string& close_reason);

  std::map<std::string, Json> replies;
  std::vector<std::shared_ptr<WsPeer>> peers;

 private:
  std::string token_;
  Listener listener_;
};

}  // namespace gateway_test
