// Fleet figures for `clawbook lab`: start N simulated gateways in this process (default 1,000), then time a full
// probe of all of them at once from one io_context (TCP connect, upgrade, connect.challenge, connect request,
// hello-ok, health, close), and print the resident memory per gateway. Usage: lab_bench [N] [rounds]
#include "lab.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"  // false positives inside Asio's scheduler
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#pragma GCC diagnostic pop
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
constexpr const char* kToken = "lab-bench-token";

double resident_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1024.0;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

asio::awaitable<bool> probe(std::uint16_t port) {
  websocket::stream<beast::tcp_stream> ws(co_await asio::this_coro::executor);
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
  auto [cec] = co_await beast::get_lowest_layer(ws).async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_nothrow);
  if (cec) co_return false;
  auto [hec] = co_await ws.async_handshake("127.0.0.1:" + std::to_string(port), "/", use_nothrow);
  if (hec) co_return false;
  beast::flat_buffer buffer;
  if (auto [ec, n] = co_await ws.async_read(buffer, use_nothrow); ec) co_return false;  // connect.challenge
  const nlohmann::json connect{
      {"type", "req"},
      {"id", "c"},
      {"method", "connect"},
      {"params", {{"minProtocol", 3},
                  {"maxProtocol", 4},
                  {"client", {{"id", "cli"}, {"version", "bench"}, {"platform", "linux"}, {"mode", "cli"}}},
                  {"role", "operator"},
                  {"scopes", {"operator.read"}},
                  {"auth", {{"token", kToken}}}}}};
  const std::string connect_text = connect.dump();
  if (auto [ec, n] = co_await ws.async_write(asio::buffer(connect_text), use_nothrow); ec) co_return false;
  buffer.clear();
  if (auto [ec, n] = co_await ws.async_read(buffer, use_nothrow); ec) co_return false;
  const auto hello = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
  if (hello.is_discarded() || hello.value("ok", false) != true) co_return false;
  const std::string health = R"({"type":"req","id":"h","method":"health","params":{}})";
  if (auto [ec, n] = co_await ws.async_write(asio::buffer(health), use_nothrow); ec) co_return false;
  buffer.clear();
  if (auto [ec, n] = co_await ws.async_read(buffer, use_nothrow); ec) co_return false;
  const auto res = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
  co_await ws.async_close(websocket::close_code::normal, use_nothrow);
  co_return !res.is_discarded() && res.value("ok", false) == true;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t gateways = argc > 1 ? std::stoul(argv[1]) : 1000;
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 3;
  const std::size_t fd_limit = clawbook::lab::raise_open_file_limit();
  const double rss_before = resident_kib();

  clawbook::lab::Options options;
  options.count = gateways;
  options.token = kToken;
  const auto start = Clock::now();
  clawbook::lab::Lab lab(options);
  lab.start();
  const double start_ms = ms_since(start);
  const double rss_listening = resident_kib();

  std::printf("lab_bench: %zu gateways in one process (open-file limit %zu), client on one io_context\n", gateways,
              fd_limit);
  std::printf("%-28s %12s\n", "figure", "value");
  std::printf("%-28s %12.1f\n", "start (bind+listen) ms", start_ms);
  std::printf("%-28s %12.2f\n", "RSS per idle gateway KiB", (rss_listening - rss_before) / static_cast<double>(gateways));
  for (int round = 1; round <= rounds; ++round) {
    asio::io_context client;
    std::size_t ok = 0;
    const auto probe_start = Clock::now();
    for (std::uint16_t port : lab.ports())
      asio::co_spawn(client, probe(port), [&ok](std::exception_ptr e, bool good) {
        if (!e && good) ++ok;
      });
    client.run();
    const double elapsed = ms_since(probe_start);
    std::printf("round %d: %-19s %12.1f   (%zu/%zu ok)\n", round, "probe all ms", elapsed, ok, gateways);
  }
  std::printf("%-28s %12.2f\n", "RSS per gateway after KiB", (resident_kib() - rss_before) / static_cast<double>(gateways));
  std::printf("%-28s %12.0f\n", "RSS total KiB", resident_kib());
  lab.stop();
  return 0;
}
