// tcp, http(s), health, http_token_check and ws_upgrade against real sockets on 127.0.0.1.
#include "gateway/gateway.hpp"
#include "servers.hpp"

#include "clawbook/fingerprint.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace clawbook::gateway;
using namespace gateway_test;

namespace {

// A port with nothing listening: bind, read the port, close.
unsigned short free_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

std::filesystem::path scratch_dir() {
  static const auto dir = std::filesystem::temp_directory_path() / ("clawbook-gw-" + std::to_string(::getpid()));
  return dir;
}

}  // namespace

TEST_CASE("tcp: connect, refused, timeout on a full backlog", "[gateway]") {
  asio::io_context io;
  Listener listener(io, [](std::shared_ptr<tcp_socket>) {});

  auto ok = run(io, [&](Handler done) { tcp(io, "127.0.0.1", listener.port(), {}, 2s, done); });
  REQUIRE(ok.completions == 1);
  CHECK(ok.result["ok"] == true);
  CHECK(ok.result["address"] == "127.0.0.1:" + std::to_string(listener.port()));
  CHECK(ok.result["latency_ms"].get<double>() >= 0);
  CHECK(ok.result["tried"].size() == 1);

  const auto closed_port = free_port();
  auto refused = run(io, [&](Handler done) { tcp(io, "127.0.0.1", closed_port, {}, 2s, done); });
  CHECK(refused.result["ok"] == false);
  CHECK(refused.result["error"] == "refused");
  CHECK(refused.result["tried"][0]["error"] == "refused");

  // localhost resolves through the system resolver (hosts file); every address is reported.
  auto by_name = run(io, [&](Handler done) { tcp(io, "localhost", closed_port, {}, 2s, done); });
  CHECK(by_name.result["error"] == "refused");
  bool tried_v4 = false;
  for (const auto& attempt : by_name.result["tried"]) tried_v4 |= attempt["address"] == "127.0.0.1:" + std::to_string(closed_port);
  CHECK(tried_v4);

  // ::1 is a separate listener address: nothing there.
  auto v6 = run(io, [&](Handler done) { tcp(io, "::1", closed_port, {}, 2s, done); });
  CHECK(v6.result["ok"] == false);
  CHECK((v6.result["error"] == "refused" || v6.result["error"] == "address_unavailable"));
  CHECK(v6.result["tried"][0]["address"] == "[::1]:" + std::to_string(closed_port));

  // A listener that never accepts with a backlog of 0: once the queue is full, SYNs are dropped and the
  // connect hangs until our deadline.
  Listener full(io, nullptr, 0);
  std::vector<std::shared_ptr<tcp_socket>> fillers;
  for (int i = 0; i < 4; ++i) {
    auto filler = std::make_shared<tcp_socket>(io);
    filler->async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), full.port()),
                          [](const boost::system::error_code&) {});
    fillers.push_back(filler);
  }
  pump(io, [] { return false; }, 200ms);
  auto timeout = run(io, [&](Handler done) { tcp(io, "127.0.0.1", full.port(), {}, 300ms, done); });
  CHECK(timeout.completions == 1);
  CHECK(timeout.result["error"] == "timeout");
  CHECK(timeout.seconds < 1.0);
}

TEST_CASE("http: status, headers, JSON body, timings, body cap", "[gateway]") {
  asio::io_context io;
  std::string seen_request;
  Listener server(io, [&](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(socket, [&](const std::string& request) {
      seen_request = request;
      if (request_path(request) == "/big") return http_response(200, "OK", "text/plain", std::string(10000, 'x'));
      if (request_path(request) == "/binary") return http_response(200, "OK", "application/octet-stream", "ok\xff\xfe" "end");
      if (request_path(request) == "/chunked")
        return std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                           "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      return http_response(200, "OK", "application/json; charset=utf-8", R"J({"ok":true,"status":"live"})J",
                           "Cache-Control: no-store\r\n");
    });
  });

  auto ok = run(io, [&](Handler done) { http(io, server.url("http", "/healthz"), {}, 2s, done); });
  REQUIRE(ok.completions == 1);
  CHECK(ok.result["ok"] == true);
  CHECK(ok.result["status"] == 200);
  CHECK(ok.result["headers"]["content-type"] == "application/json; charset=utf-8");
  CHECK(ok.result["headers"]["cache-control"] == "no-store");
  CHECK(Json::parse(ok.result["body"].get<std::string>())["status"] == "live");
  CHECK(ok.result["truncated"] == false);
  for (const char* key : {"connect_ms", "ttfb_ms", "total_ms"}) CHECK(ok.result["timings"].contains(key));
  CHECK(seen_request.find("Host: 127.0.0.1:" + std::to_string(server.port())) != std::string::npos);

  HttpOptions capped;
  capped.body_cap = 100;
  auto big = run(io, [&](Handler done) { http(io, server.url("http", "/big"), capped, 2s, done); });
  CHECK(big.result["ok"] == true);
  CHECK(big.result["body"].get<std::string>().size() == 100);
  CHECK(big.result["truncated"] == true);

  auto chunked = run(io, [&](Handler done) { http(io, server.url("http", "/chunked"), {}, 2s, done); });
  CHECK(chunked.result["body"] == "hello world");

  // Bodies that are not UTF-8 are made serializable, and say so.
  auto binary = run(io, [&](Handler done) { http(io, server.url("http", "/binary"), {}, 2s, done); });
  CHECK(binary.result["body_not_utf8"] == true);
  CHECK(binary.result["body"] == "ok\xEF\xBF\xBD\xEF\xBF\xBD" "end");
  CHECK_NOTHROW(binary.result.dump());

  HttpOptions post;
  post.method = "POST";
  post.body = R"J({"a":1})J";
  post.headers = {{"X-Probe", "1"}};
  auto posted = run(io, [&](Handler done) { http(io, server.url("http", "/tools/invoke"), post, 2s, done); });
  CHECK(posted.result["status"] == 200);
  CHECK(seen_request.rfind("POST /tools/invoke HTTP/1.1", 0) == 0);
  CHECK(seen_request.find("Content-Length: 7") != std::string::npos);
  CHECK(seen_request.find("X-Probe: 1") != std::string::npos);

  auto bad = run(io, [&](Handler done) { http(io, "localhost:80", {}, 2s, done); });
  CHECK(bad.result["error"] == "bad_url");
}

TEST_CASE("http: hostile peers end classified within the deadline", "[gateway]") {
  asio::io_context io;
  Listener garbage(io, [](std::shared_ptr<tcp_socket> socket) {
    auto bytes = std::make_shared<std::string>("\x00\xff\xfeGARBAGE\r\n\r\nmore garbage", 26);
    asio::async_write(*socket, asio::buffer(*bytes), [socket, bytes](const boost::system::error_code&, std::size_t) {});
  });
  auto g = run(io, [&](Handler done) { http(io, garbage.url("http"), {}, 2s, done); });
  REQUIRE(g.completions == 1);
  CHECK(g.result["ok"] == false);
  CHECK(g.result["phase"] == "response");
  CHECK(g.result["error"] == "bad_http_response");

  Listener silent(io, [](std::shared_ptr<tcp_socket>) {});
  auto s = run(io, [&](Handler done) { http(io, silent.url("http"), {}, 300ms, done); });
  REQUIRE(s.completions == 1);
  CHECK(s.result["error"] == "timeout");
  CHECK(s.result["phase"] == "response");
  CHECK(s.seconds < 1.0);

  // Headers, part of the body, then a reset: what arrived is reported as truncated.
  Listener reset_mid_body(io, [](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(socket, [socket](const std::string&) {
      auto head = std::make_shared<std::string>("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial");
      asio::async_write(*socket, asio::buffer(*head), [socket, head](const boost::system::error_code&, std::size_t) {
        reset(*socket);
      });
      return std::string();
    });
  });
  auto r = run(io, [&](Handler done) { http(io, reset_mid_body.url("http"), {}, 2s, done); });
  CHECK(r.result["ok"] == true);
  CHECK(r.result["truncated"] == true);
  CHECK(r.result["body"] == "partial");

  // Reset before any byte of the response.
  Listener reset_at_once(io, [](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(socket, [socket](const std::string&) {
      reset(*socket);
      return std::string();
    });
  });
  auto early = run(io, [&](Handler done) { http(io, reset_at_once.url("http"), {}, 2s, done); });
  CHECK(early.result["ok"] == false);
  CHECK(early.result["error"] == "reset");
}

TEST_CASE("https: verification on by default, ca_file, insecure, name mismatch, TLS/plain port mix-ups",
          "[gateway]") {
  asio::io_context io;
  const auto certs = make_certificates(scratch_dir());
  TlsHttpServer tls_server(io, server_tls_context(certs), [](const std::string&) {
    return http_response(200, "OK", "application/json", R"J({"ok":true})J");
  });
  const std::string https_url = "https://localhost:" + std::to_string(tls_server.port()) + "/healthz";

  HttpOptions trusted;
  trusted.tls.ca_file = certs.ca_file.string();
  auto ok = run(io, [&](Handler done) { http(io, https_url, trusted, 3s, done); });
  REQUIRE(ok.completions == 1);
  CHECK(ok.result["ok"] == true);
  CHECK(ok.result["status"] == 200);
  CHECK(ok.result["tls"]["verified"] == true);
  CHECK(ok.result["tls"]["version"].get<std::string>().rfind("TLSv1", 0) == 0);
  CHECK(ok.result["timings"].contains("tls_ms"));

  // The address literal is in the certificate's SAN too.
  auto by_ip = run(io, [&](Handler done) { http(io, tls_server.url("https"), trusted, 3s, done); });
  CHECK(by_ip.result["ok"] == true);

  // Default: the system store does not know our CA.
  auto untrusted = run(io, [&](Handler done) { http(io, https_url, {}, 3s, done); });
  CHECK(untrusted.result["ok"] == false);
  CHECK(untrusted.result["phase"] == "tls");
  CHECK(untrusted.result["error"] == "cert_verify");
  CHECK(untrusted.result["verify_reason"] == "unable to get local issuer certificate");

  HttpOptions insecure;
  insecure.tls.insecure = true;
  auto skipped = run(io, [&](Handler done) { http(io, https_url, insecure, 3s, done); });
  CHECK(skipped.result["ok"] == true);
  CHECK(skipped.result["tls"]["verified"] == false);

  HttpOptions wrong_name = trusted;
  wrong_name.tls.server_name = "gateway.example";
  auto mismatch = run(io, [&](Handler done) { http(io, https_url, wrong_name, 3s, done); });
  CHECK(mismatch.result["error"] == "cert_verify");
  CHECK(mismatch.result["verify_reason"] == "hostname mismatch");

  HttpOptions missing_ca;
  missing_ca.tls.ca_file = (scratch_dir() / "nope.pem").string();
  auto no_ca = run(io, [&](Handler done) { http(io, https_url, missing_ca, 3s, done); });
  CHECK(no_ca.result["error"] == "tls_config");

  // TLS ClientHello to a plain HTTP server, which answers 400 in plain text.
  Listener plain(io, [](std::shared_ptr<tcp_socket> socket) {
    auto buffer = std::make_shared<std::array<char, 512>>();
    socket->async_read_some(asio::buffer(*buffer), [socket, buffer](const boost::system::error_code&, std::size_t) {
      auto answer = std::make_shared<std::string>(http_response(400, "Bad Request", "text/plain", "bad request"));
      asio::async_write(*socket, asio::buffer(*answer), [socket, answer](const boost::system::error_code&, std::size_t) {
        socket->shutdown(tcp_socket::shutdown_send);
      });
    });
  });
  auto tls_on_plain = run(io, [&](Handler done) { http(io, plain.url("https"), trusted, 3s, done); });
  CHECK(tls_on_plain.result["phase"] == "tls");
  CHECK(tls_on_plain.result["error"] == "tls_on_plain_port");

  // Plain HTTP to the TLS port: the TLS server drops it; a second look finds TLS there.
  auto plain_on_tls = run(io, [&](Handler done) { http(io, tls_server.url("http"), {}, 3s, done); });
  CHECK(plain_on_tls.result["ok"] == false);
  CHECK(plain_on_tls.result["error"] == "plain_on_tls_port");
  CHECK(plain_on_tls.seconds < 3.0);
}

TEST_CASE("health: probe endpoints decoded, HTML 200 flagged", "[gateway]") {
  asio::io_context io;
  bool starting = true;
  Listener gateway(io, [&](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(socket, [&](const std::string& request) {
      const std::string path = request_path(request);
      if (path == "/healthz") return http_response(200, "OK", "application/json; charset=utf-8", R"J({"ok":true,"status":"live"})J");
      if (path == "/readyz")
        return starting ? http_response(503, "Service Unavailable", "application/json; charset=utf-8",
                                        R"J({"ready":false,"failing":["startup-sidecars"],"uptimeMs":2100})J")
                        : http_response(200, "OK", "application/json; charset=utf-8",
                                        R"J({"ready":true,"failing":[],"uptimeMs":7450})J");
      return starting ? http_response(503, "Service Unavailable", "application/json; charset=utf-8",
                                      R"J({"ok":false,"status":"starting","version":"2026.9.6","uptimeMs":2100})J")
                      : http_response(200, "OK", "application/json; charset=utf-8",
                                      R"J({"ok":true,"status":"started","version":"2026.9.6","uptimeMs":7467})J");
    });
  });
  const std::string base = "http://127.0.0.1:" + std::to_string(gateway.port());
  auto early = run(io, [&](Handler done) { health(io, base, {}, 2s, done); });
  REQUIRE(early.completions == 1);
  CHECK(early.result["ok"] == true);
  CHECK(early.result["live"] == true);
  CHECK(early.result["ready"] == false);
  CHECK(early.result["failing"] == Json::array({"startup-sidecars"}));
  CHECK(early.result["status"] == "starting");
  CHECK(early.result["started"] == false);
  CHECK(early.result["endpoints"]["readyz"]["status"] == 503);
  CHECK(early.result["warnings"].empty());

  starting = false;
  auto ready = run(io, [&](Handler done) { health(io, base + "/", {}, 2s, done); });
  CHECK(ready.result["ready"] == true);
  CHECK(ready.result["started"] == true);
  CHECK(ready.result["version"] == "2026.9.6");
  CHECK(ready.result["uptimeMs"] == 7467);

  // An older gateway or another server: the Control UI's HTML with 200 on every path.
  Listener html(io, [](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(socket, [](const std::string&) {
      return http_response(200, "OK", "text/html; charset=utf-8", "<!doctype html><title>OpenClaw Control</title>");
    });
  });
  auto spa = run(io, [&](Handler done) { health(io, html.url("http"), {}, 2s, done); });
  CHECK(spa.result["ok"] == true);
  CHECK(spa.result["live"] == false);
  CHECK(spa.result["ready"] == false);
  CHECK(spa.result["endpoints"]["healthz"]["json"] == false);
  CHECK(spa.result["warnings"].size() == 3);

  auto down = run(io, [&](Handler done) { health(io, "http://127.0.0.1:" + std::to_string(free_port()), {}, 2s, done); });
  CHECK(down.result["ok"] == false);
  CHECK(down.result["error"] == "refused");
}

TEST_CASE("http_token_check: 401 rejected, 400 accepted, token never in the result", "[gateway]") {
  asio::io_context io;
  const std::string good = "good-token-abcdef";
  std::string last_request;
  Listener gateway(io, [&](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(socket, [&](const std::string& request) {
      last_request = request;
      if (request.find("Authorization: Bearer " + good) != std::string::npos)
        return http_response(400, "Bad Request", "application/json",
                             R"J({"ok":false,"error":{"type":"invalid_request","message":"tools.invoke requires body.tool"}})J");
      return http_response(401, "Unauthorized", "application/json",
                           R"J({"error":{"message":"Unauthorized","type":"unauthorized"}})J");
    });
  });
  const std::string base = gateway.url("http");
  auto accepted = run(io, [&](Handler done) { http_token_check(io, base, good, {}, 2s, done); });
  CHECK(accepted.result["status"] == 400);
  CHECK(accepted.result["token_accepted"] == true);
  CHECK(accepted.result["token_fingerprint"] == clawbook::fingerprint(good));
  CHECK(accepted.result.dump().find(good) == std::string::npos);
  CHECK(last_request.rfind("POST /tools/invoke HTTP/1.1", 0) == 0);
  CHECK(last_request.find("Content-Type: application/json") != std::string::npos);

  auto rejected = run(io, [&](Handler done) { http_token_check(io, base, "wrong-token-xyz", {}, 2s, done); });
  CHECK(rejected.result["status"] == 401);
  CHECK(rejected.result["token_accepted"] == false);
  CHECK(rejected.result["verdict"] == "rejected");
  CHECK(rejected.result["server_error"]["type"] == "unauthorized");
  CHECK(rejected.result.dump().find("wrong-token-xyz") == std::string::npos);

  auto missing = run(io, [&](Handler done) { http_token_check(io, base, "", {}, 2s, done); });
  CHECK(missing.result["verdict"] == "token_required");
  CHECK(last_request.find("Authorization") == std::string::npos);
}

TEST_CASE("ws_upgrade: 101 with a valid accept, refused upgrades, forged accept", "[gateway]") {
  asio::io_context io;
  FakeGateway gateway(io);
  auto upgraded = run(io, [&](Handler done) { ws_upgrade(io, gateway.url(), {}, 2s, done); });
  REQUIRE(upgraded.completions == 1);
  CHECK(upgraded.result["ok"] == true);
  CHECK(upgraded.result["status"] == 101);
  CHECK(upgraded.result["accept_valid"] == true);
  CHECK(upgraded.result["headers"]["upgrade"] == "websocket");

  // A proxy that drops the Upgrade headers and serves the app.
  Listener proxy(io, [](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(socket, [](const std::string&) {
      return http_response(200, "OK", "text/html", "<!doctype html><title>OpenClaw Control</title>");
    });
  });
  auto refused = run(io, [&](Handler done) { ws_upgrade(io, proxy.url("ws"), {}, 2s, done); });
  CHECK(refused.result["ok"] == false);
  CHECK(refused.result["status"] == 200);
  CHECK(refused.result["upgraded"] == false);
  CHECK(refused.result["error"] == "upgrade_refused");
  CHECK(refused.result["body_preview"].get<std::string>().find("OpenClaw Control") != std::string::npos);

  Listener forged(io, [](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(
        socket,
        [](const std::string&) {
          return std::string("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBhY2NlcHQ=\r\n\r\n");
        },
        false);
  });
  auto bad_accept = run(io, [&](Handler done) { ws_upgrade(io, forged.url("ws"), {}, 2s, done); });
  CHECK(bad_accept.result["status"] == 101);
  CHECK(bad_accept.result["accept_valid"] == false);
  CHECK(bad_accept.result["error"] == "bad_accept");
}
