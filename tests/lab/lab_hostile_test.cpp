// Hostile lab peers over real sockets (garbage frames, lying frame lengths, invalid UTF-8, deep JSON, slowloris,
// silence, resets mid-frame, TLS garbage), the `tls` scenario with certificate verification, and `--ports` fleets.
#include "lab.hpp"
#include "lab/lab_client.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace labtest;
using clawbook::lab::Lab;
using clawbook::lab::Options;
namespace ssl = asio::ssl;

namespace {

constexpr const char* kToken = "lab-hostile-token";

struct RunningLab {
  explicit RunningLab(Options options) : lab(std::move(options)) { lab.start(); }
  std::uint16_t port(std::size_t i = 0) const { return lab.ports().at(i); }
  Lab lab;
};

Options hostile(std::string scenario) {
  Options o;
  o.scenario = std::move(scenario);
  o.token = kToken;
  o.hostile_hold = 3000ms;
  o.slowloris_interval = 500ms;
  return o;
}

struct RawResult {
  std::string bytes;
  bool peer_closed = false;  // EOF or reset before the window ended
  beast::error_code error;
};

// Connects, sends `request`, and collects what arrives within `window`.
RawResult raw_exchange(std::uint16_t port, const std::string& request, std::chrono::milliseconds window) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  RawResult out;
  auto op = [&]() -> asio::awaitable<bool> {
    auto [cec] = co_await socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_nothrow);
    if (cec) co_return false;
    if (!request.empty()) co_await asio::async_write(socket, asio::buffer(request), use_nothrow);
    char chunk[4096];
    for (;;) {
      auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), use_nothrow);
      out.bytes.append(chunk, n);
      if (ec) {
        out.error = ec;
        out.peer_closed = ec != asio::error::operation_aborted;  // aborted: our own window ended
        co_return true;
      }
    }
  };
  drive<bool>(ioc, op(), window, [&] { socket.close(); });
  return out;
}

std::string upgrade_request(std::uint16_t port) {
  return "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: 13\r\n\r\n";
}

// SNI "localhost" (SSL_set_tlsext_host_name is a macro with a C cast).
void set_server_name(SSL* ssl) {
  static char name[] = "localhost";
  SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, name);
}

ssl::context verifying_context(const std::string& ca_pem) {
  ssl::context ctx(ssl::context::tls_client);
  if (!ca_pem.empty()) ctx.add_certificate_authority(asio::buffer(ca_pem));
  ctx.set_verify_mode(ssl::verify_peer);
  return ctx;
}

// A TLS handshake against the lab; returns the error (empty on success).
beast::error_code tls_handshake(std::uint16_t port, const std::string& ca_pem) {
  asio::io_context ioc;
  ssl::context ctx = verifying_context(ca_pem);
  ssl::stream<beast::tcp_stream> stream(ioc, ctx);
  beast::error_code result;
  auto op = [&]() -> asio::awaitable<bool> {
    auto [cec] = co_await beast::get_lowest_layer(stream).async_connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_nothrow);
    if (cec) {
      result = cec;
      co_return false;
    }
    set_server_name(stream.native_handle());
    auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, use_nothrow);
    result = hec;
    co_return !hec;
  };
  if (!drive<bool>(ioc, op(), 5s, [&] { beast::get_lowest_layer(stream).socket().close(); }))
    if (!result) result = asio::error::timed_out;
  return result;
}

int json_depth(const std::string& text) {
  int depth = 0, deepest = 0;
  for (char c : text) {
    if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    if (c == ']' || c == '}') --depth;
  }
  return deepest;
}

// connect + challenge + connect req + hello-ok + health against one gateway; true when all of it worked.
asio::awaitable<bool> probe_gateway(std::uint16_t port) {
  websocket::stream<beast::tcp_stream> ws(co_await asio::this_coro::executor);
  auto [cec] = co_await beast::get_lowest_layer(ws).async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_nothrow);
  if (cec) co_return false;
  auto [hec] = co_await ws.async_handshake("127.0.0.1:" + std::to_string(port), "/", use_nothrow);
  if (hec) co_return false;
  beast::flat_buffer buffer;
  auto [rec, rn] = co_await ws.async_read(buffer, use_nothrow);
  if (rec) co_return false;
  const std::string connect = Json{{"type", "req"}, {"id", "c"}, {"method", "connect"},
                                   {"params", WsClient::connect_params(kToken)}}.dump();
  auto [wec, wn] = co_await ws.async_write(asio::buffer(connect), use_nothrow);
  if (wec) co_return false;
  buffer.clear();
  auto [hrec, hn] = co_await ws.async_read(buffer, use_nothrow);
  if (hrec || Json::parse(beast::buffers_to_string(buffer.data()))["ok"] != true) co_return false;
  const std::string health = R"({"type":"req","id":"h","method":"health","params":{}})";
  auto [w2, n2] = co_await ws.async_write(asio::buffer(health), use_nothrow);
  if (w2) co_return false;
  buffer.clear();
  auto [r2, m2] = co_await ws.async_read(buffer, use_nothrow);
  if (r2) co_return false;
  const Json res = Json::parse(beast::buffers_to_string(buffer.data()));
  co_await ws.async_close(websocket::close_code::normal, use_nothrow);
  co_return res["ok"] == true && res["payload"]["ok"] == true;
}

std::size_t probe_all(const std::vector<std::uint16_t>& ports) {
  asio::io_context ioc;
  std::size_t ok = 0;
  for (std::uint16_t port : ports)
    asio::co_spawn(ioc, probe_gateway(port), [&ok](std::exception_ptr e, bool good) {
      if (!e && good) ++ok;
    });
  ioc.run_for(20s);
  return ok;
}

// The bytes a hostile lab sends after its 101 answer.
std::string after_upgrade(std::uint16_t port, std::chrono::milliseconds window = 600ms) {
  const RawResult result = raw_exchange(port, upgrade_request(port), window);
  REQUIRE(result.bytes.rfind("HTTP/1.1 101 ", 0) == 0);
  const auto end = result.bytes.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  return result.bytes.substr(end + 4);
}

unsigned byte(const std::string& s, std::size_t i) { return static_cast<unsigned char>(s.at(i)); }

// A Beast client refuses the frame and fails the connection; Beast then waits for the peer's EOF in teardown,
// which a hostile peer withholds until it drops the socket (hostile_hold). Either way no message is delivered.
void check_client_refuses(std::uint16_t port) {
  WsClient ws(port);
  REQUIRE(ws.upgraded());
  ws.set_read_limit(1 << 20);
  CHECK_FALSE(ws.read_text(3s));
  CHECK_FALSE(ws.timed_out());
  CHECK_FALSE(ws.close_code());
}

Options short_hold(std::string scenario) {
  Options o = hostile(std::move(scenario));
  o.hostile_hold = 500ms;
  return o;
}

}  // namespace

TEST_CASE("garbage: a non-JSON text frame, then a reserved opcode", "[lab][hostile]") {
  RunningLab running(short_hold("garbage"));
  const std::string frames = after_upgrade(running.port());
  REQUIRE(frames.size() > 2);
  CHECK(byte(frames, 0) == 0x81);  // FIN + text
  const std::size_t length = byte(frames, 1);
  const std::string text = frames.substr(2, length);
  CHECK(Json::parse(text, nullptr, false).is_discarded());
  REQUIRE(frames.size() > 2 + length);
  CHECK(byte(frames, 2 + length) == 0x83);  // FIN + reserved opcode 3
  WsClient ws(running.port());
  REQUIRE(ws.upgraded());
  const auto first = ws.read_text();
  REQUIRE(first);
  CHECK(*first == text);
  CHECK_FALSE(ws.read_text(3s));
  CHECK_FALSE(ws.timed_out());
}

TEST_CASE("oversize-frame: a text frame header announcing 2^63-1 bytes", "[lab][hostile]") {
  RunningLab running(short_hold("oversize-frame"));
  const std::string frames = after_upgrade(running.port());
  REQUIRE(frames.size() >= 10);
  CHECK(byte(frames, 0) == 0x81);
  CHECK(byte(frames, 1) == 127);
  CHECK(byte(frames, 2) == 0x7F);
  for (std::size_t i = 3; i < 10; ++i) CHECK(byte(frames, i) == 0xFF);
  check_client_refuses(running.port());
}

TEST_CASE("invalid-utf8: a text frame that is not UTF-8", "[lab][hostile]") {
  RunningLab running(short_hold("invalid-utf8"));
  const std::string frames = after_upgrade(running.port());
  REQUIRE(frames.size() > 2);
  CHECK(byte(frames, 0) == 0x81);
  const std::string text = frames.substr(2, byte(frames, 1));
  CHECK(text.find("\xC3\x28") != std::string::npos);  // a lead byte followed by a non-continuation byte
  CHECK(text.find("\xFF\xFE") != std::string::npos);  // bytes that never occur in UTF-8
  check_client_refuses(running.port());
}

TEST_CASE("deep-json: a challenge nested 100,000 deep", "[lab][hostile]") {
  RunningLab running(hostile("deep-json"));
  WsClient ws(running.port());
  REQUIRE(ws.upgraded());
  const auto text = ws.read_text();
  REQUIRE(text);
  CHECK(text->rfind(R"({"type":"event","event":"connect.challenge")", 0) == 0);
  CHECK(json_depth(*text) >= 100000);
}

TEST_CASE("rst-mid-frame: half a frame, then a reset", "[lab][hostile]") {
  RunningLab running(hostile("rst-mid-frame"));
  WsClient ws(running.port());
  REQUIRE(ws.upgraded());
  CHECK_FALSE(ws.read_text(2s));
  CHECK(ws.abnormal_closure());
  CHECK_FALSE(ws.close_code());
}

TEST_CASE("silent: accepts and never writes", "[lab][hostile]") {
  RunningLab running(hostile("silent"));
  const RawResult result = raw_exchange(running.port(), upgrade_request(running.port()), 1200ms);
  CHECK(result.bytes.empty());
  CHECK_FALSE(result.peer_closed);
}

TEST_CASE("slowloris: one byte per interval", "[lab][hostile]") {
  RunningLab running(hostile("slowloris"));
  const RawResult result = raw_exchange(running.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 1800ms);
  CHECK(result.bytes.size() >= 2);
  CHECK(result.bytes.size() <= 6);
  CHECK(std::string("HTTP/1.1 200 OK").rfind(result.bytes, 0) == 0);
  CHECK_FALSE(result.peer_closed);
}

TEST_CASE("tls-garbage: a TLS client gets a malformed record, not a hang", "[lab][hostile]") {
  RunningLab running(hostile("tls-garbage"));
  const auto before = std::chrono::steady_clock::now();
  const beast::error_code ec = tls_handshake(running.port(), "");
  CHECK(ec);
  CHECK(ec != asio::error::timed_out);
  CHECK(std::chrono::steady_clock::now() - before < 2s);
}

TEST_CASE("tls: verified HTTPS and WSS with the generated certificate, plain and TLS mixed up fail", "[lab][tls]") {
  RunningLab running(hostile("tls"));
  const auto port = running.port();
  REQUIRE(running.lab.uses_tls());
  CHECK(running.lab.url().rfind("wss://127.0.0.1:", 0) == 0);
  const std::string& pem = running.lab.certificate_pem();
  REQUIRE(pem.find("-----BEGIN CERTIFICATE-----") == 0);

  CHECK_FALSE(tls_handshake(port, pem));  // verifies against the lab's certificate
  const beast::error_code unverified = tls_handshake(port, "");
  CHECK(unverified.category() == asio::error::get_ssl_category());

  asio::io_context ioc;
  ssl::context ctx = verifying_context(pem);
  websocket::stream<ssl::stream<beast::tcp_stream>> ws(ioc, ctx);
  auto op = [&]() -> asio::awaitable<std::string> {
    auto [cec] = co_await beast::get_lowest_layer(ws).async_connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_nothrow);
    if (cec) co_return "connect: " + cec.message();
    set_server_name(ws.next_layer().native_handle());
    auto [tec] = co_await ws.next_layer().async_handshake(ssl::stream_base::client, use_nothrow);
    if (tec) co_return "tls: " + tec.message();
    auto [hec] = co_await ws.async_handshake("localhost", "/", use_nothrow);
    if (hec) co_return "upgrade: " + hec.message();
    beast::flat_buffer buffer;
    auto [rec, rn] = co_await ws.async_read(buffer, use_nothrow);
    if (rec) co_return "challenge: " + rec.message();
    const std::string connect = Json{{"type", "req"}, {"id", "c"}, {"method", "connect"},
                                     {"params", WsClient::connect_params(kToken)}}.dump();
    co_await ws.async_write(asio::buffer(connect), use_nothrow);
    buffer.clear();
    auto [hrec, hn] = co_await ws.async_read(buffer, use_nothrow);
    if (hrec) co_return "hello: " + hrec.message();
    co_return Json::parse(beast::buffers_to_string(buffer.data()))["payload"]["type"].get<std::string>();
  };
  const auto outcome = drive<std::string>(ioc, op(), 5s, [&] { beast::get_lowest_layer(ws).socket().close(); });
  CHECK(outcome.value_or("timeout") == "hello-ok");

  // Plain HTTP on the TLS port: no HTTP answer, the connection just ends.
  const auto plain = http_request(port, http::verb::get, "/healthz", {}, {}, 3s);
  CHECK(plain.status == 0);
  CHECK(plain.error != "timeout");

  // TLS on a plain port: the gateway answers 400 in clear text, which is no TLS record.
  RunningLab healthy(hostile("healthy"));
  const beast::error_code wrong_port = tls_handshake(healthy.port(), "");
  CHECK(wrong_port);
  CHECK(wrong_port != asio::error::timed_out);
}

TEST_CASE("one lab process serves 200 gateways on --ports, every one answers a full probe", "[lab][fleet]") {
  SECTION("ephemeral ports") {
    Options o = hostile("healthy");
    o.count = 200;
    RunningLab running(o);
    REQUIRE(running.lab.ports().size() == 200);
    CHECK(probe_all(running.lab.ports()) == 200);
    CHECK(running.lab.connections_accepted() == 200);
  }
  SECTION("a consecutive range, as --ports A-B binds it") {
    std::unique_ptr<RunningLab> running;
    for (int attempt = 0; attempt < 10 && !running; ++attempt) {
      Options o = hostile("healthy");
      o.port = static_cast<std::uint16_t>(20000 + ((getpid() + attempt * 7) % 45) * 200);
      o.count = 200;
      try {
        running = std::make_unique<RunningLab>(o);
      } catch (const std::runtime_error&) {  // someone holds a port of that range; try another
      }
    }
    REQUIRE(running);
    const auto& ports = running->lab.ports();
    for (std::size_t i = 1; i < ports.size(); ++i) CHECK(ports[i] == ports[0] + i);
    CHECK(probe_all(ports) == 200);
  }
  SECTION("a taken port is reported, not skipped") {
    RunningLab first(hostile("healthy"));
    Options o = hostile("healthy");
    o.port = first.port();
    CHECK_THROWS_WITH(Lab(o), Catch::Contains(std::to_string(first.port())));
  }
}
