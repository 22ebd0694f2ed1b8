// Against a real Docker engine: a private dockerd (scripts/peers/dockerd.sh, REAL-PEERS.md section 2) with no
// bridge and no iptables; containers use --network host or none only. The daemon is started if it is not
// running and stopped at exit if this process started it (by the PID in its pidfile); the containers this
// process creates are removed at exit.
#include "clawbook/fingerprint.hpp"
#include "docker/docker_client.hpp"
#include "systemd/command_runner.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include "test_paths.hpp"

using Json = nlohmann::json;
namespace docker = clawbook::docker;
using clawbook::fingerprint;
using clawbook::systemd::CommandOutput;
using clawbook::systemd::CommandSpec;
using clawbook::systemd::run_command;
using namespace std::chrono_literals;

namespace {

std::string peers_dir() {
  const char* configured = std::getenv("CLAWBOOK_PEERS_DIR");
  return std::string(configured != nullptr && *configured != '\0' ? configured : "/var/cache/clawbook-peers") + "/dockerd";
}

CommandOutput script(std::vector<std::string> args, std::chrono::steady_clock::duration timeout = 120s) {
  CommandSpec spec;
  spec.program = std::string(CLAWBOOK_SOURCE_DIR) + "/scripts/peers/dockerd.sh";
  spec.args = std::move(args);
  spec.timeout = timeout;
  return run_command(std::move(spec));
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

class PrivateDaemon {
 public:
  static PrivateDaemon& get() {
    static PrivateDaemon daemon;
    return daemon;
  }

  docker::Options options(std::chrono::steady_clock::duration timeout = 10s) const {
    docker::Options result;
    result.docker_host = "unix://" + socket_;
    result.timeout = timeout;
    return result;
  }

  // The docker CLI against the private socket: test setup only, never the code under test.
  std::string cli(std::vector<std::string> args) {
    std::vector<std::string> full{"docker", dir_, "--"};
    full.insert(full.end(), args.begin(), args.end());
    const CommandOutput output = script(full, 60s);
    if (output.status != CommandOutput::Status::exited || output.exit_code != 0) {
      throw std::runtime_error("docker " + args.front() + " failed (status " + std::to_string(static_cast<int>(output.status)) +
                               ", exit " + std::to_string(output.exit_code) + "): " + output.err);
    }
    return trimmed(output.out);
  }

  std::string name(const std::string& role) {
    const std::string full = "clawbook-t" + std::to_string(::getpid()) + "-" + role;
    created_.push_back(full);
    return full;
  }

  const std::string& prefix() const { return prefix_; }

 private:
  PrivateDaemon() : dir_(peers_dir()), prefix_("clawbook-t" + std::to_string(::getpid()) + "-") {
    const bool running = script({"status", dir_}, 10s).exit_code == 0;
    if (!running) {
      const CommandOutput install = script({"install"}, 600s);
      if (install.exit_code != 0) throw std::runtime_error("dockerd.sh install failed: " + install.err);
    }
    const CommandOutput start = script({"start", dir_}, 180s);
    if (start.status != CommandOutput::Status::exited || start.exit_code != 0) {
      throw std::runtime_error("dockerd.sh start failed (status " + std::to_string(static_cast<int>(start.status)) +
                               ", exit " + std::to_string(start.exit_code) + "): " + start.err);
    }
    socket_ = trimmed(start.out);
    started_here_ = !running;
  }

  ~PrivateDaemon() {
    for (const auto& container : created_) script({"docker", dir_, "--", "rm", "-f", "-v", container}, 30s);
    for (const auto& volume : volumes_) script({"docker", dir_, "--", "volume", "rm", "-f", volume}, 30s);
    if (started_here_) script({"stop", dir_}, 60s);
  }

 public:
  void volume(const std::string& name) { volumes_.push_back(name); }

 private:
  std::string dir_;
  std::string prefix_;
  std::string socket_;
  bool started_here_ = false;
  std::vector<std::string> created_;
  std::vector<std::string> volumes_;
};

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string http_get_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    const std::string request = "GET /index.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) > 0) {
      char buffer[4096];
      ssize_t n = 0;
      while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return answer;
}

template <typename Predicate>
Json wait_for_inspect(const std::string& id, Predicate done, std::chrono::seconds limit = 30s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  Json last;
  while (std::chrono::steady_clock::now() < until) {
    last = docker::inspect(id, {}, PrivateDaemon::get().options());
    if (last["ok"] == true && done(last)) return last;
    std::this_thread::sleep_for(100ms);
  }
  return last;
}

const char* kImage = "clawbook-test/busybox:1";

}  // namespace

TEST_CASE("real docker: available, API version negotiated, a missing container", "[real-docker]") {
  auto& daemon = PrivateDaemon::get();
  const Json report = docker::available(daemon.options());
  REQUIRE(report["ok"] == true);
  CHECK(report["available"] == true);
  CHECK(report["api_version"] == "1.41");
  CHECK(report["server_api_version"] == "1.41");
  CHECK(report["os"] == "linux");
  CHECK(report["engine_version"].get<std::string>().rfind("20.10", 0) == 0);

  const Json missing = docker::inspect("clawbook-no-such-container", {}, daemon.options());
  CHECK(missing["ok"] == false);
  CHECK(missing["error"] == "container_not_found");
  CHECK(missing["message"].get<std::string>().find("No such container") != std::string::npos);
  CHECK(docker::logs("clawbook-no-such-container", {}, daemon.options())["error"] == "container_not_found");
  CHECK(docker::top("clawbook-no-such-container", daemon.options())["error"] == "container_not_found");
  CHECK(docker::restart("clawbook-no-such-container", daemon.options())["error"] == "container_not_found");
}

TEST_CASE("real docker: a running container on the host network serving HTTP on loopback, with top and restart", "[real-docker]") {
  auto& daemon = PrivateDaemon::get();
  const int port = free_loopback_port();
  const std::string web = daemon.name("web");
  daemon.cli({"run", "-d", "--init", "--name", web, "--network", "host", kImage, "httpd", "-f", "-p",
              "127.0.0.1:" + std::to_string(port), "-h", "/www"});
  std::string page;
  for (int i = 0; i < 50 && page.find("200") == std::string::npos; ++i) {
    page = http_get_loopback(port);
    if (page.empty()) std::this_thread::sleep_for(100ms);
  }
  CHECK(page.find("clawbook test page") != std::string::npos);

  const Json shaped = docker::inspect(web, {}, daemon.options());
  REQUIRE(shaped["ok"] == true);
  CHECK(shaped["name"] == web);
  CHECK(shaped["state"]["status"] == "running");
  CHECK(shaped["state"]["running"] == true);
  CHECK(shaped["state"]["pid"].get<long long>() > 0);
  CHECK(shaped["state"].contains("started_at"));
  CHECK_FALSE(shaped["state"].contains("finished_at"));
  CHECK(shaped["network_mode"] == "host");
  CHECK(shaped["host_network"] == true);
  CHECK(shaped["image"] == kImage);
  CHECK(shaped["command"]["argv"] == Json::array({"httpd", "-f", "-p", "127.0.0.1:" + std::to_string(port), "-h", "/www"}));

  const Json processes = docker::top(web, daemon.options());
  REQUIRE(processes["ok"] == true);
  bool saw_httpd = false;
  for (const Json& process : processes["processes"]) {
    if (process.value("CMD", "").find("httpd -f -p") != std::string::npos) saw_httpd = true;
  }
  CHECK(saw_httpd);

  const std::string started_before = shaped["state"]["started_at"];
  const Json restarted = docker::restart(web, daemon.options(20s));
  CHECK(restarted["ok"] == true);
  const Json after = docker::inspect(web, {}, daemon.options());
  CHECK(after["state"]["running"] == true);
  CHECK(after["state"]["started_at"] != started_before);
}

TEST_CASE("real docker: a crash loop with --restart on-failure:3, an exited container, start", "[real-docker]") {
  auto& daemon = PrivateDaemon::get();
  const std::string crash = daemon.name("crash");
  daemon.cli({"run", "-d", "--name", crash, "--network", "none", "--restart", "on-failure:3", kImage, "sh", "-c",
              "echo boom >&2; exit 3"});
  const Json looped = wait_for_inspect(crash, [](const Json& c) {
    return c["restart_count"] == 3 && c["state"]["status"] == "exited";
  });
  CHECK(looped["restart_count"] == 3);
  CHECK(looped["state"]["status"] == "exited");
  CHECK(looped["state"]["exit_code"] == 3);
  CHECK(looped["state"]["running"] == false);
  CHECK(looped["restart_policy"] == Json({{"name", "on-failure"}, {"maximum_retry_count", 3}}));
  const Json crash_logs = docker::logs(crash, {}, daemon.options());
  REQUIRE(crash_logs["ok"] == true);
  int booms = 0;
  for (const Json& line : crash_logs["lines"]) booms += line == Json({{"stream", "stderr"}, {"text", "boom"}});
  CHECK(booms == 4);  // the first run and three restarts

  const std::string exited = daemon.name("exited");
  daemon.cli({"run", "-d", "--name", exited, "--network", "none", kImage, "sh", "-c", "echo done; exit 7"});
  const Json done = wait_for_inspect(exited, [](const Json& c) { return c["state"]["status"] == "exited"; });
  CHECK(done["state"]["status"] == "exited");
  CHECK(done["state"]["exit_code"] == 7);
  CHECK(done["state"].contains("finished_at"));
  CHECK(done["restart_policy"]["name"] == "no");

  docker::ContainerQuery running_only;
  running_only.name = daemon.prefix();
  bool listed = false;
  // Held in a variable: a range-for over a member of a temporary reads freed memory (ASan caught it).
  const Json running_listed = docker::containers(running_only, daemon.options());
  for (const Json& c : running_listed["containers"]) listed |= c["name"] == exited;
  CHECK_FALSE(listed);
  docker::ContainerQuery everything = running_only;
  everything.all = true;
  const Json all_listed = docker::containers(everything, daemon.options());
  INFO(all_listed.dump());
  for (const Json& c : all_listed["containers"]) listed |= c["name"] == exited;
  CHECK(listed);

  const Json started = docker::start(exited, daemon.options());
  CHECK(started["ok"] == true);
  Json lines;
  for (int i = 0; i < 50 && lines.size() < 2; ++i) {
    std::this_thread::sleep_for(100ms);
    lines = docker::logs(exited, {}, daemon.options())["lines"];
  }
  CHECK(lines == Json::parse(R"([{"stream":"stdout","text":"done"},{"stream":"stdout","text":"done"}])"));  // both runs
}

TEST_CASE("real docker: ports declared but not published, state dir with and without a volume, env token, logs",
          "[real-docker]") {
  auto& daemon = PrivateDaemon::get();
  const int host_port = free_loopback_port();
  const std::string project = daemon.prefix() + "proj";
  const std::string state_volume = daemon.prefix() + "state";
  daemon.volume(state_volume);
  const std::string token = "tok-" + std::to_string(::getpid()) + "-secret";

  const std::string with_volume = daemon.name("vol");
  daemon.cli({"run", "-d", "--init", "--name", with_volume, "--network", "none", "-p",
              "127.0.0.1:" + std::to_string(host_port) + ":18789", "-v", state_volume + ":/home/node/.openclaw", "-e",
              "OPENCLAW_GATEWAY_TOKEN=" + token, "-e", "HOME=/home/node", "--label", "com.docker.compose.project=" + project,
              "--label", "com.docker.compose.service=openclaw-gateway", kImage, "sh", "-c",
              "echo out-line; sleep 0.2; echo err-line >&2; sleep 0.2; echo second-out; exec sleep 600", "gateway", "--bind", "lan"});
  const std::string without_volume = daemon.name("novol");
  daemon.cli({"run", "-d", "--init", "--name", without_volume, "--network", "none", "-e", "OPENCLAW_GATEWAY_TOKEN=" + token,
              kImage, "sh", "-c", "exec sleep 600", "gateway", "--bind", "loopback"});

  const std::vector<std::string> paths{"/home/node/.openclaw", "/home/node/.openclaw/workspace", "/tmp"};
  const Json vol = docker::inspect(with_volume, paths, daemon.options());
  REQUIRE(vol["ok"] == true);
  CHECK(vol["network_mode"] == "none");
  CHECK(vol["ports"]["declared"] ==
        Json::array({{{"container_port", 18789}, {"protocol", "tcp"}, {"host_ip", "127.0.0.1"}, {"host_port", host_port}}}));
  CHECK(vol["ports"]["published"].empty());
  CHECK(vol["ports"]["unpublished"] == vol["ports"]["declared"]);
  CHECK(vol["persisted"]["/home/node/.openclaw"]["persisted"] == true);
  CHECK(vol["persisted"]["/home/node/.openclaw"]["mount"]["type"] == "volume");
  CHECK(vol["persisted"]["/home/node/.openclaw"]["mount"]["name"] == state_volume);
  CHECK(vol["persisted"]["/home/node/.openclaw/workspace"]["persisted"] == true);
  CHECK(vol["persisted"]["/tmp"]["persisted"] == false);
  CHECK(vol["bind"] == "lan");
  CHECK(vol["compose_project"] == project);
  CHECK(vol["compose_service"] == "openclaw-gateway");
  bool saw_token = false;
  for (const Json& entry : vol["env"]) {
    if (entry["name"] == "OPENCLAW_GATEWAY_TOKEN") {
      saw_token = true;
      CHECK(entry["fingerprint"] == fingerprint(token));
    }
  }
  CHECK(saw_token);
  CHECK(vol.dump().find(token) == std::string::npos);

  const Json novol = docker::inspect(without_volume, paths, daemon.options());
  CHECK(novol["persisted"]["/home/node/.openclaw"]["persisted"] == false);
  CHECK(novol["mounts"].empty());
  CHECK(novol["bind"] == "loopback");
  CHECK(novol["ports"]["declared"].empty());

  // Compose projects are found by label.
  docker::ContainerQuery by_project;
  by_project.project = project;
  const Json listed = docker::containers(by_project, daemon.options());
  REQUIRE(listed["ok"] == true);
  REQUIRE(listed["containers"].size() == 1);
  CHECK(listed["containers"][0]["name"] == with_volume);
  CHECK(listed["containers"][0]["compose_project"] == project);
  CHECK(listed.dump().find(token) == std::string::npos);
  docker::ContainerQuery by_image;
  by_image.image = kImage;
  by_image.name = daemon.prefix();
  CHECK(docker::containers(by_image, daemon.options())["containers"].size() >= 2);

  // Logs: stdout and stderr apart, with and without timestamps, and tail.
  Json lines;
  for (int i = 0; i < 50; ++i) {
    lines = docker::logs(with_volume, {}, daemon.options())["lines"];
    if (lines.size() >= 3) break;
    std::this_thread::sleep_for(100ms);
  }
  CHECK(lines == Json::parse(R"([{"stream":"stdout","text":"out-line"},{"stream":"stderr","text":"err-line"},
      {"stream":"stdout","text":"second-out"}])"));
  docker::LogQuery stamped;
  stamped.timestamps = true;
  stamped.tail = 1;
  const Json last = docker::logs(with_volume, stamped, daemon.options());
  REQUIRE(last["lines"].size() == 1);
  CHECK(last["lines"][0]["text"] == "second-out");
  CHECK(last["lines"][0]["time"].get<std::string>().rfind("20", 0) == 0);
  CHECK(last["tty"] == false);

  // The TTY form: one raw stream.
  const std::string tty = daemon.name("tty");
  daemon.cli({"run", "-d", "-t", "--init", "--name", tty, "--network", "none", kImage, "sh", "-c",
              "echo tty-one; sleep 0.2; echo tty-two >&2; exec sleep 600"});
  Json tty_logs;
  for (int i = 0; i < 50; ++i) {
    tty_logs = docker::logs(tty, {}, daemon.options());
    if (tty_logs["lines"].size() >= 2) break;
    std::this_thread::sleep_for(100ms);
  }
  CHECK(tty_logs["tty"] == true);
  CHECK(tty_logs["lines"] == Json::parse(R"([{"stream":"stdout","text":"tty-one"},{"stream":"stdout","text":"tty-two"}])"));
}
