// One full healthy probe (TCP + upgrade + challenge + connect + hello-ok + `health` RPC) against a real
// OpenClaw gateway, compared in the same run with the gateway's own `openclaw gateway health --json`.
// Prints medians and the ratio; never pass/fail.
#include "gateway/gateway.hpp"

#include "../tests/bindings/gateway/real_gateway.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace std::chrono_literals;
namespace gw = clawbook::gateway;

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n == 0 ? 0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
}

template <class Done>
void pump(boost::asio::io_context& io, Done done, std::chrono::steady_clock::duration limit) {
  const auto started = std::chrono::steady_clock::now();
  io.restart();
  while (!done() && std::chrono::steady_clock::now() - started < limit) io.run_one_for(50ms);
}

// Seconds for one probe, or a negative value when it failed.
double probe_once(boost::asio::io_context& io, const std::string& url, const std::string& token) {
  gw::ConnectOptions options;
  options.token = token;
  const auto started = std::chrono::steady_clock::now();
  bool finished = false;
  double seconds = -1;
  gw::connect(io, url, options, 10s, [&](gw::Json hello, std::shared_ptr<gw::Session> session) {
    if (!session) {
      std::fprintf(stderr, "probe failed: %s\n", hello.dump().c_str());
      finished = true;
      return;
    }
    session->call("health", gw::Json::object(), 10s, [&, session](gw::Json health) {
      if (health.value("ok", false)) seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      session->close(2s, [&](gw::Json) { finished = true; });
    });
  });
  pump(io, [&] { return finished; }, 20s);
  return seconds;
}

}  // namespace

int main() {
  if (!gateway_test::real_gateway_installed()) {
    std::printf("gateway_bench: SKIPPED (no real gateway; run scripts/peers/openclaw.sh install)\n");
    return 0;
  }
  boost::asio::io_context io;
  gateway_test::RealGateway gateway;
  if (!gateway.start()) {
    std::printf("gateway_bench: could not start the gateway\n");
    return 1;
  }
  const auto spawned = std::chrono::steady_clock::now();
  bool ready = false;
  while (!ready && std::chrono::steady_clock::now() - spawned < 120s) {
    bool done = false;
    gw::health(io, gateway.http_url(), {}, 2s, [&](gw::Json result) {
      ready = result.value("ready", false);
      done = true;
    });
    pump(io, [&] { return done; }, 5s);
    if (!ready) pump(io, [] { return false; }, 200ms);
  }
  if (!ready) {
    std::printf("gateway_bench: gateway not ready after 120 s\n");
    return 1;
  }
  const double ready_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - spawned).count();

  probe_once(io, gateway.ws_url(), gateway.token());  // warm-up: first connections are slower on the gateway side
  std::vector<double> ours;
  for (int i = 0; i < 9; ++i) {
    const double seconds = probe_once(io, gateway.ws_url(), gateway.token());
    if (seconds >= 0) ours.push_back(seconds);
  }
  std::vector<double> theirs;
  for (int i = 0; i < 5; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const auto [status, out] = gateway.cli("gateway health --json");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (status == 0 && out.find("\"ok\"") != std::string::npos) theirs.push_back(seconds);
  }
  gateway.stop();

  const double our_median = median(ours);
  const double their_median = median(theirs);
  std::printf("gateway_bench (real openclaw 2026.9.6 on 127.0.0.1, ready after %.1f s)\n", ready_s);
  std::printf("%-52s %6s %12s\n", "measure", "runs", "median");
  std::printf("%-52s %6zu %10.2f ms\n", "clawbook probe: connect + hello-ok + health RPC", ours.size(), our_median * 1e3);
  std::printf("%-52s %6zu %10.2f ms\n", "openclaw gateway health --json", theirs.size(), their_median * 1e3);
  if (our_median > 0 && their_median > 0)
    std::printf("%-52s %6s %10.1f x\n", "ratio (openclaw CLI / clawbook probe)", "", their_median / our_median);
  return ours.empty() || theirs.empty() ? 1 : 0;
}
