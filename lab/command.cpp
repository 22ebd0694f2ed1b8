// `clawbook lab`: serve simulated gateways until SIGINT/SIGTERM, or `--list` the scenarios.
#include "lab.hpp"
#include "scenario_file.hpp"

#include "clawbook/command.hpp"
#include "clawbook/fingerprint.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

namespace clawbook::lab {
namespace {

struct CommandOptions {
  bool list = false;
  std::string scenario = "healthy";
  std::string scenario_file;
  std::string host = "127.0.0.1";
  std::uint16_t port = 18789;
  std::string ports;
  int protocol = 4;
  std::optional<std::string> token;
  double ready_after_s = 5;
  int handshake_timeout_ms = 0;  // 0: the scenario's default
  int latency_ms = 1000;
  int period_ms = 5000;
  int tick_ms = 30000;
  std::string cert_out;
};

void print_catalogue() {
  std::size_t width = 0;
  for (const ScenarioInfo& s : scenario_catalogue()) width = std::max(width, s.name.size());
  for (const ScenarioInfo& s : scenario_catalogue())
    std::cout << s.name << std::string(width + 2 - s.name.size(), ' ') << "[" << s.category << "] " << s.description
              << "\n";
}

int serve(const CommandOptions& cli, bool port_given, bool scenario_given) {
  Options options;
  std::string shown_name = cli.scenario;
  if (!cli.scenario_file.empty()) {
    if (scenario_given) {
      std::cerr << "clawbook lab: --scenario and --scenario-file exclude each other (a file names its built-in "
                   "starting point with \"base\")\n";
      return 2;
    }
    try {
      auto spec = std::make_shared<ScenarioSpec>(load_scenario_file(cli.scenario_file));
      shown_name = spec->name;
      options.spec = std::move(spec);
    } catch (const ScenarioFileError& e) {
      std::cerr << "clawbook lab: " << e.what() << "\n";
      return 2;
    }
  } else if (!is_scenario(cli.scenario)) {
    std::cerr << "clawbook lab: unknown scenario '" << cli.scenario << "' (clawbook lab --list shows them)\n";
    return 2;
  }
  options.scenario = cli.scenario;
  options.host = cli.host;
  options.protocol = cli.protocol;
  options.token = resolve_token(cli.token);
  options.ready_after = std::chrono::milliseconds(static_cast<long long>(cli.ready_after_s * 1000));
  options.latency = std::chrono::milliseconds(cli.latency_ms);
  options.period = std::chrono::milliseconds(cli.period_ms);
  options.tick_interval = std::chrono::milliseconds(cli.tick_ms);
  if (cli.handshake_timeout_ms > 0) {
    options.handshake_timeout = std::chrono::milliseconds(cli.handshake_timeout_ms);
    options.silence_close_after = options.handshake_timeout;
  }
  try {
    if (!cli.ports.empty()) {
      if (port_given) throw std::invalid_argument("--port and --ports exclude each other");
      const PortRange range = parse_port_range(cli.ports);
      options.port = range.first;
      options.count = range.size();
    } else {
      options.port = cli.port;
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "clawbook lab: " << e.what() << "\n";
    return 2;
  }
  const std::size_t fd_limit = raise_open_file_limit();
  if (options.count + 64 > fd_limit)
    std::cerr << "clawbook lab: warning: " << options.count << " gateways with an open-file limit of " << fd_limit
              << " leaves little room for connections\n";
  std::unique_ptr<Lab> lab;
  try {
    lab = std::make_unique<Lab>(options);
  } catch (const std::invalid_argument& e) {
    std::cerr << "clawbook lab: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "clawbook lab: " << e.what() << "\n";
    return 1;
  }
  if (!cli.cert_out.empty()) {
    if (!lab->uses_tls()) {
      std::cerr << "clawbook lab: --cert-out needs --scenario tls\n";
      return 2;
    }
    std::ofstream(cli.cert_out) << lab->certificate_pem();
  }
  const auto& ports = lab->ports();
  std::string where = "url=" + lab->url(0);
  if (ports.size() > 1) where += "-" + std::to_string(ports.back()) + " gateways=" + std::to_string(ports.size());
  std::cout << "clawbook lab: scenario=" << shown_name << " " << where << " protocol=" << lab->options().protocol
            << " token=" << fingerprint(options.token) << std::endl;
  lab->run_until_signal();
  return 0;
}

CommandSpec lab_command() {
  return {.name = "lab",
          .description = "Serve a fault-injecting OpenClaw gateway simulator (see --list)",
          .setup = [](CLI::App& sub) -> std::function<int()> {
            auto cli = std::make_shared<CommandOptions>();
            sub.add_flag("--list", cli->list, "Describe every scenario and exit");
            auto* scenario = sub.add_option("--scenario", cli->scenario, "Scenario to simulate (default healthy)");
            sub.add_option("--scenario-file", cli->scenario_file,
                           "Simulate the scenario written as data (JSON) in FILE; refused with the field's path "
                           "when invalid (docs/lab.md)")
                ->option_text("FILE");
            auto* port = sub.add_option("--port", cli->port, "Port to serve (default 18789, 0 for an ephemeral one)");
            sub.add_option("--ports", cli->ports, "Serve one gateway per port of the range A-B");
            sub.add_option("--host", cli->host, "Loopback address to bind (default 127.0.0.1)");
            sub.add_option("--protocol", cli->protocol, "Gateway protocol to speak: 3 or 4 (default 4)")
                ->check(CLI::IsMember({3, 4}));
            sub.add_option("--token", cli->token,
                           "Gateway token (default: $OPENCLAW_GATEWAY_TOKEN, else the lab default)");
            sub.add_option("--ready-after", cli->ready_after_s, "starting: seconds until ready (default 5)")
                ->check(CLI::NonNegativeNumber);
            sub.add_option("--handshake-timeout-ms", cli->handshake_timeout_ms,
                           "Close silent handshakes after this long (default 15000; handshake-timeout: 2000)")
                ->check(CLI::PositiveNumber);
            sub.add_option("--latency-ms", cli->latency_ms, "slow: delay before every answer (default 1000)")
                ->check(CLI::NonNegativeNumber);
            sub.add_option("--period-ms", cli->period_ms,
                           "idle-close, flap-readyz, restart-loop: how often the fault strikes (default 5000)")
                ->check(CLI::PositiveNumber);
            sub.add_option("--tick-ms", cli->tick_ms, "Tick events on open sessions every this long (default 30000)")
                ->check(CLI::PositiveNumber);
            sub.add_option("--cert-out", cli->cert_out, "tls: write the self-signed certificate (PEM) to this file");
            return [cli, port, scenario]() -> int {
              if (cli->list) {
                print_catalogue();
                return 0;
              }
              return serve(*cli, port->count() > 0, scenario->count() > 0);
            };
          },
          .order = 90,
          .exit_codes =
              "  0    --list printed, or the lab served until SIGINT/SIGTERM\n"
              "  1    the gateways could not start (a port in use, no permission)\n"
              "  2    bad option values (unknown scenario, bad port range, --cert-out without tls, --scenario with\n"
              "       --scenario-file) or a refused scenario file (its message names the field); nothing is served\n"};
}

}  // namespace
}  // namespace clawbook::lab

CLAWBOOK_COMMAND(clawbook::lab::lab_command());
