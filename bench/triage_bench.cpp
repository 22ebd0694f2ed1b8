// `clawbook run openclaw.triage` side by side with the OpenClaw CLI on the same real gateway, in one run: a
// healthy gateway against `openclaw gateway status --json` and `openclaw health --json`, then the gateway
// stopped (nothing listening) against the same two. Whole processes, as a user runs them. Prints medians and
// ratios; never pass/fail.
#include "../tests/bindings/gateway/real_gateway.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using gateway_test::RealGateway;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n == 0 ? 0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
}

struct Timed {
  std::vector<double> seconds;
  int last_status = 0;
  std::string last_output;
};

// Runs `command` in the gateway's environment `runs` times; keeps every wall time.
Timed time_command(const RealGateway& gateway, const std::string& command, int runs) {
  std::string env = "env";
  for (const auto& entry : gateway.environment()) env += " '" + entry + "'";
  Timed timed;
  for (int i = 0; i < runs; ++i) {
    const auto started = std::chrono::steady_clock::now();
    auto [status, out] = gateway_test::run_command(env + " " + command + " 2>/dev/null");
    timed.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    timed.last_status = status;
    timed.last_output = std::move(out);
  }
  return timed;
}

std::string verdict_of(const std::string& report) {
  const auto at = report.find("\"verdict\": \"");
  if (at == std::string::npos) return "?";
  const auto start = at + 12;
  return report.substr(start, report.find('"', start) - start);
}

void row(const char* what, const Timed& timed, const std::string& note) {
  std::printf("%-44s %5zu %11.1f ms  %s\n", what, timed.seconds.size(), median(timed.seconds) * 1e3, note.c_str());
}

void ratio(const char* what, const Timed& theirs, const Timed& ours) {
  const double a = median(theirs.seconds), b = median(ours.seconds);
  if (a > 0 && b > 0) std::printf("%-44s %5s %11.1f x\n", what, "", a / b);
}

}  // namespace

int main() {
  if (!gateway_test::real_gateway_installed()) {
    std::printf("triage_bench: SKIPPED (no real gateway; run scripts/peers/openclaw.sh install)\n");
    return 0;
  }
  RealGateway gateway;
  if (!gateway.start() || !gateway.wait_ready(120)) {
    std::printf("triage_bench: the real gateway did not become ready\n");
    return 1;
  }
  const std::string clawbook = std::string(CLAWBOOK_BINARY) + " run openclaw.triage --format json";
  const std::string openclaw = gateway_test::run_command(gateway_test::peer_script() + " bin").second;

  time_command(gateway, clawbook, 1);  // warm the page cache and the gateway's first-connection path
  const Timed triage_up = time_command(gateway, clawbook, 9);
  const Timed status_up = time_command(gateway, openclaw + " gateway status --json", 3);
  const Timed health_up = time_command(gateway, openclaw + " health --json", 3);

  gateway.stop();
  const Timed triage_down = time_command(gateway, clawbook, 9);
  const Timed status_down = time_command(gateway, openclaw + " gateway status --json", 1);
  // `openclaw health --json` waits for its own timeout when nothing listens: one run, capped at 90 s.
  const Timed health_down = time_command(gateway, "timeout 90 " + openclaw + " health --json", 1);

  std::printf("triage_bench: real openclaw 2026.9.6 on 127.0.0.1:%u, whole processes, medians\n", gateway.port());
  std::printf("%-44s %5s %14s\n", "command", "runs", "wall time");
  std::printf("-- healthy gateway\n");
  row("clawbook run openclaw.triage", triage_up, "verdict " + verdict_of(triage_up.last_output));
  row("openclaw gateway status --json", status_up, "exit " + std::to_string(status_up.last_status));
  row("openclaw health --json", health_up, "exit " + std::to_string(health_up.last_status));
  ratio("ratio: gateway status / triage", status_up, triage_up);
  ratio("ratio: health / triage", health_up, triage_up);
  std::printf("-- gateway stopped (nothing listening)\n");
  row("clawbook run openclaw.triage", triage_down, "verdict " + verdict_of(triage_down.last_output));
  row("openclaw gateway status --json", status_down, "exit " + std::to_string(status_down.last_status));
  row("openclaw health --json (capped at 90 s)", health_down, "exit " + std::to_string(health_down.last_status));
  ratio("ratio: gateway status / triage", status_down, triage_down);
  ratio("ratio: health / triage", health_down, triage_down);
  return 0;
}
