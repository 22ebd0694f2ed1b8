// Lua-level tests of the `net` and `http` modules through the clawbook binary, against real servers this test
// runs on loopback (a TLS server with a certificate made here, hostile HTTP peers) and the system resolver.
#include "bindings/gateway/servers.hpp"
#include "bindings/proc/run_binary.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

using namespace clawbook::testing;
using namespace gateway_test;

namespace {

// The servers' io_context, run on a thread of its own while the clawbook binary talks to them.
class ServerThread {
 public:
  ServerThread() : guard_(asio::make_work_guard(io)) {}
  void start() {
    thread_ = std::thread([this] { io.run(); });
  }
  ~ServerThread() {
    guard_.reset();
    io.stop();
    if (thread_.joinable()) thread_.join();
  }
  asio::io_context io;

 private:
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("net.resolve finds localhost and reports a name that does not exist", "[lua][net]") {
  TempDir dir;
  const auto run = run_runbook(
      dir, "resolve",
      runbook_with("\"net\"", "",
                   "step:evidence(\"localhost\", net.resolve(\"localhost\", { family = \"ipv4\" }))\n"
                   "step:evidence(\"missing\", net.resolve(\"clawbook-no-such-host.invalid\"))"));
  INFO(run.output);
  const auto localhost = evidence(run, "check", "localhost");
  CHECK(localhost["ok"] == true);
  CHECK(localhost["addresses"][0] == "127.0.0.1");
  const auto missing = evidence(run, "check", "missing");
  CHECK(missing["ok"] == false);
  CHECK(missing["error"] == "not_found");
}

TEST_CASE("net.tls, net.certificate and http.request against a real HTTPS server", "[lua][net][http]") {
  TempDir dir;
  const auto certs = make_certificates(dir.path());
  dir.write("bundle.pem", certs.leaf_pem + certs.leaf_key_pem + certs.ca_pem);
  dir.write("garbage.pem", std::string("-----BEGIN CERTIFICATE-----\n\x01\x02garbage\n-----END CERTIFICATE-----\n"));
  ServerThread servers;
  TlsHttpServer https(servers.io, server_tls_context(certs), [](const std::string& request) {
    if (request_path(request) == "/moved") return http_response(302, "Found", "text/plain", "", "Location: /hello\r\n");
    if (request_path(request) == "/huge") return http_response(200, "OK", "text/plain", std::string(8 << 20, 'x'));
    return http_response(200, "OK", "text/plain", "hello over TLS");
  });
  servers.start();
  const std::string port = std::to_string(https.port());
  const auto run = run_runbook(
      dir, "tls",
      runbook_with("\"net\", \"fs:" + dir.path() + "\"", "port = { type = \"number\" }, dir = { type = \"string\" }",
                   "local ca = params.dir .. \"/ca.pem\"\n"
                   "local port = math.floor(params.port)\n"
                   "step:evidence(\"tls\", net.tls(\"localhost\", port, { ca_file = ca }))\n"
                   "step:evidence(\"untrusted\", net.tls(\"localhost\", port))\n"
                   "step:evidence(\"wrong_name\", net.tls(\"127.0.0.1\", port, { ca_file = ca, server_name = "
                   "\"example.org\" }))\n"
                   "step:evidence(\"bundle\", net.certificate(params.dir .. \"/bundle.pem\"))\n"
                   "step:evidence(\"garbage\", net.certificate(params.dir .. \"/garbage.pem\"))\n"
                   "local base = \"https://localhost:\" .. port\n"
                   "step:evidence(\"get\", http.request{ url = base .. \"/\", tls = { ca_file = ca } })\n"
                   "step:evidence(\"moved\", http.request{ url = base .. \"/moved\", tls = { ca_file = ca } })\n"
                   "step:evidence(\"followed\", http.request{ url = base .. \"/moved\", redirects = 1, tls = { ca_file "
                   "= ca } })\n"
                   "local huge = http.request{ url = base .. \"/huge\", max_body = 4096, tls = { ca_file = ca } }\n"
                   "step:evidence(\"huge\", { ok = huge.ok, truncated = huge.truncated, bytes = #huge.body })\n"
                   "step:evidence(\"unverified\", http.request{ url = base .. \"/\" })\n"
                   "local ok, err = pcall(http.request, { url = base .. \"/\", headers = { [\"X-A\"] = "
                   "\"1\\r\\nX-Injected: 1\" } })\n"
                   "step:evidence(\"crlf_header\", err)\n"
                   "ok, err = pcall(http.request, { url = base .. \"/\\r\\nX-Injected: 1\" })\n"
                   "step:evidence(\"crlf_url\", err)"),
      {{"port", port}, {"dir", dir.path()}});
  INFO(run.output);
  const auto tls = evidence(run, "check", "tls");
  CHECK(tls["ok"] == true);
  CHECK(tls["verified"] == true);
  CHECK(tls["protocol"].get<std::string>().rfind("TLSv1", 0) == 0);
  CHECK(tls["cipher"].is_string());
  REQUIRE(tls["chain"].size() >= 1);
  CHECK(tls["chain"][0]["subject"] == "CN=localhost");
  CHECK(tls["chain"][0]["days_left"].is_number());
  const auto untrusted = evidence(run, "check", "untrusted");
  CHECK(untrusted["ok"] == false);
  CHECK(untrusted["error"] == "cert_verify");
  CHECK(untrusted["verified"] == false);
  CHECK(untrusted["chain"][0]["subject"] == "CN=localhost");  // the chain is reported all the same
  CHECK(evidence(run, "check", "wrong_name")["error"] == "cert_verify");
  const auto bundle = evidence(run, "check", "bundle");
  CHECK(bundle["ok"] == true);
  CHECK(bundle["certificates"].size() == 2);
  CHECK(run.output.find("PRIVATE KEY") == std::string::npos);
  CHECK(evidence(run, "check", "garbage")["error"] == "parse_error");
  const auto get = evidence(run, "check", "get");
  CHECK(get["ok"] == true);
  CHECK(get["status"] == 200);
  CHECK(get["body"] == "hello over TLS");
  CHECK(get["latency_ms"].is_number());
  CHECK(evidence(run, "check", "moved")["status"] == 302);  // redirects are off by default
  const auto followed = evidence(run, "check", "followed");
  CHECK(followed["status"] == 200);
  CHECK(followed["redirects"][0]["status"] == 302);
  const auto huge = evidence(run, "check", "huge");
  CHECK(huge["truncated"] == true);
  CHECK(huge["bytes"] == 4096);
  CHECK(evidence(run, "check", "unverified")["error"] == "cert_verify");
  CHECK(evidence(run, "check", "crlf_header").get<std::string>().find("control character") != std::string::npos);
  CHECK(evidence(run, "check", "crlf_url").get<std::string>().find("control characters") != std::string::npos);
}

TEST_CASE("http.request gives up on a server that never finishes its answer", "[lua][http]") {
  TempDir dir;
  ServerThread servers;
  Listener silent(servers.io, [](std::shared_ptr<tcp_socket> socket) {
    serve_http_once(
        socket,
        [](const std::string&) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\nstarted"); },
        false);
  });
  servers.start();
  const auto started = std::chrono::steady_clock::now();
  const auto run = run_runbook(dir, "slow",
                               runbook_with("\"net\"", "port = { type = \"number\" }",
                                            "step:evidence(\"slow\", http.request{ url = \"http://127.0.0.1:\" .."
                                            " math.floor(params.port) .. \"/\", timeout = 1 })"),
                               {{"port", std::to_string(silent.port())}});
  INFO(run.output);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  const auto slow = evidence(run, "check", "slow");
  CHECK(slow["ok"] == false);
  CHECK(slow["error"] == "timeout");
}
