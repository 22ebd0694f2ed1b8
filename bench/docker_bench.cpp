// Figures for the service-manager support: docker.containers{} + docker.inspect against a private dockerd with
// 10 containers (scripts/peers/dockerd.sh; started and stopped here if it was not running), and systemd
// `show` parsing on the recorded capture. Prints medians; never pass/fail (target: docker under 20 ms for
// containers{} + inspect).
#include "docker/docker_client.hpp"
#include "systemd/command_runner.hpp"
#include "systemd/show_parser.hpp"
#include "systemd/systemd_client.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

namespace docker = clawbook::docker;
namespace sd = clawbook::systemd;
using Clock = std::chrono::steady_clock;

double median_ms(int runs, const std::function<void()>& body) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    body();
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

sd::CommandOutput script(std::vector<std::string> args) {
  sd::CommandSpec spec;
  spec.program = std::string(CLAWBOOK_SOURCE_DIR) + "/scripts/peers/dockerd.sh";
  spec.args = std::move(args);
  spec.timeout = std::chrono::seconds(300);
  return sd::run_command(std::move(spec));
}

}  // namespace

int main() {
  std::ifstream capture(std::string(CLAWBOOK_SOURCE_DIR) +
                        "/tests/fixtures/openclaw/captures/systemctl-user-show-openclaw-gateway.txt");
  std::stringstream text;
  text << capture.rdbuf();
  const std::string show = text.str();
  const double parse = median_ms(200, [&] { sd::unit_from_properties(sd::parse_properties(show)); });
  std::printf("%-52s %8.3f ms\n", "systemd show parse (recorded capture, 248 lines)", parse);
  const double unavailable = median_ms(10, [] { sd::unit("openclaw-gateway.service", {}); });
  std::printf("%-52s %8.3f ms\n", "systemd.unit via systemctl (this machine)", unavailable);

  const char* peers = std::getenv("CLAWBOOK_PEERS_DIR");
  const std::string dir = std::string(peers != nullptr && *peers != '\0' ? peers : "/var/cache/clawbook-peers") + "/dockerd";
  const bool running = script({"status", dir}).exit_code == 0;
  if (!running && script({"install"}).exit_code != 0) {
    std::printf("docker: dockerd.sh install failed, no docker figures\n");
    return 0;
  }
  const sd::CommandOutput started = script({"start", dir});
  if (started.exit_code != 0) {
    std::printf("docker: dockerd.sh start failed: %s\n", started.err.c_str());
    return 0;
  }
  std::string socket = started.out;
  while (!socket.empty() && socket.back() == '\n') socket.pop_back();
  const std::string prefix = "clawbook-bench" + std::to_string(::getpid()) + "-";
  std::vector<std::string> names;
  for (int i = 0; i < 10; ++i) {
    names.push_back(prefix + std::to_string(i));
    script({"docker", dir, "--", "run", "-d", "--init", "--name", names.back(), "--network", "none", "-e",
            "OPENCLAW_GATEWAY_TOKEN=bench", "-v", "/home/node/.openclaw", "clawbook-test/busybox:1", "sleep", "600"});
  }
  docker::Options options;
  options.docker_host = "unix://" + socket;
  docker::available(options);  // negotiate once, as a runbook's first call would

  docker::ContainerQuery all;
  all.all = true;
  std::size_t listed = 0;
  const double list = median_ms(30, [&] { listed = docker::containers(all, options)["containers"].size(); });
  const double pair = median_ms(30, [&] {
    const auto found = docker::containers(all, options);
    docker::inspect(names[0], {"/home/node/.openclaw"}, options);
  });
  const double ten = median_ms(30, [&] {
    const auto found = docker::containers(all, options);
    for (const auto& name : names) docker::inspect(name, {"/home/node/.openclaw"}, options);
  });
  const double fresh = median_ms(30, [&] {
    docker::forget_negotiated_versions();
    docker::containers(all, options);
    docker::inspect(names[0], {}, options);
  });
  std::printf("%-52s %8.3f ms (%zu containers)\n", "docker.containers{all=true}", list, listed);
  std::printf("%-52s %8.3f ms\n", "docker.containers{} + docker.inspect (1)", pair);
  std::printf("%-52s %8.3f ms\n", "docker.containers{} + docker.inspect x10", ten);
  std::printf("%-52s %8.3f ms\n", "containers{} + inspect, negotiating each time", fresh);

  for (const auto& name : names) script({"docker", dir, "--", "rm", "-f", "-v", name});
  if (!running) script({"stop", dir});
  return 0;
}
