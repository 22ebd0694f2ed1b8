// Docker support without a daemon: DOCKER_HOST parsing, the log stream demultiplexer, inspect shaping, and the
// failure classes against hostile stand-ins for the daemon's socket (garbage, truncation, silence, a missing
// socket, a socket this user may not open). The real engine is in real_docker_test.cpp.
#include "bindings/docker/fake_socket.hpp"
#include "clawbook/fingerprint.hpp"
#include "docker/docker_client.hpp"
#include "docker/log_stream.hpp"
#include "docker/sanitize.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using Json = nlohmann::json;
namespace docker = clawbook::docker;
using clawbook::fingerprint;
using clawbook::testing::FakeSocket;
using clawbook::testing::http_answer;
using clawbook::testing::kPingAnswer;
using namespace std::chrono_literals;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clawbook-dk-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

docker::Options at(const std::filesystem::path& socket, std::chrono::steady_clock::duration timeout = 2s) {
  docker::Options options;
  options.docker_host = "unix://" + socket.string();
  options.timeout = timeout;
  return options;
}

std::string frame(unsigned char stream, const std::string& payload) {
  std::string header(8, '\0');
  header[0] = static_cast<char>(stream);
  const auto size = static_cast<std::uint32_t>(payload.size());
  header[4] = static_cast<char>((size >> 24) & 0xFF);
  header[5] = static_cast<char>((size >> 16) & 0xFF);
  header[6] = static_cast<char>((size >> 8) & 0xFF);
  header[7] = static_cast<char>(size & 0xFF);
  return header + payload;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool path_of(const std::string& head, const std::string& fragment) {
  return head.substr(0, head.find("\r\n")).find(fragment) != std::string::npos;
}

}  // namespace

TEST_CASE("DOCKER_HOST: unix and loopback tcp only", "[docker]") {
  auto endpoint = [](std::optional<std::string> host) { return docker::endpoint_from_docker_host(host); };
  auto unix_default = std::get<docker::Endpoint>(endpoint(std::nullopt));
  CHECK(unix_default.kind == docker::Endpoint::Kind::unix_socket);
  CHECK(unix_default.path == "/var/run/docker.sock");
  CHECK(std::get<docker::Endpoint>(endpoint("")).path == "/var/run/docker.sock");
  CHECK(std::get<docker::Endpoint>(endpoint("unix:///tmp/x/docker.sock")).path == "/tmp/x/docker.sock");
  auto tcp = std::get<docker::Endpoint>(endpoint("tcp://127.0.0.1:2376"));
  CHECK(tcp.kind == docker::Endpoint::Kind::tcp);
  CHECK(tcp.host == "127.0.0.1");
  CHECK(tcp.port == 2376);
  CHECK(std::get<docker::Endpoint>(endpoint("tcp://[::1]:2375")).host == "::1");
  CHECK(std::get<docker::Endpoint>(endpoint("tcp://localhost")).port == 2375);
  for (const char* refused : {"tcp://10.1.2.3:2375", "tcp://docker.example:2375", "ssh://user@host", "unix://relative",
                              "tcp://127.0.0.1:99999", "npipe:////./pipe/docker_engine"}) {
    INFO(refused);
    auto result = endpoint(refused);
    REQUIRE(std::holds_alternative<Json>(result));
    CHECK(std::get<Json>(result)["error"] == "unsupported_host");
  }
}

TEST_CASE("version comparison and argv redaction", "[docker]") {
  CHECK(docker::compare_versions("1.41", "1.25") > 0);
  CHECK(docker::compare_versions("1.9", "1.25") < 0);
  CHECK(docker::compare_versions("1.47", "1.47") == 0);
  CHECK(docker::compare_versions("2.0", "1.99") > 0);
  namespace sanitize = clawbook::sanitize;
  CHECK(sanitize::redact_argv({"node", "--token", "abc", "--gateway-password=pw", "--bind", "lan"}) ==
        std::vector<std::string>{"node", "--token", fingerprint("abc"), "--gateway-password=" + fingerprint("pw"), "--bind",
                                 "lan"});
  CHECK(sanitize::flag_value({"x", "--bind", "loopback"}, "--bind") == "loopback");
  CHECK(sanitize::flag_value({"x", "--bind=lan"}, "--bind") == "lan");
  CHECK_FALSE(sanitize::flag_value({"x", "--binder", "y", "--bind"}, "--bind"));
  CHECK(sanitize::to_utf8("ok \xC3\xA9 \xC3 \xED\xA0\x80 \xF4\x90\x80\x80") ==
        "ok \xC3\xA9 \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("log stream: frames, interleaving, partial lines, truncation, garbage, TTY", "[docker]") {
  const std::string body = frame(1, "hello\nwor") + frame(2, "oops\n") + frame(1, "ld\n") + frame(1, "") +
                           frame(2, "no newline at end");
  const Json parsed = docker::demultiplex_logs(body, false);
  CHECK(parsed["truncated"] == false);
  CHECK(parsed["malformed"] == false);
  CHECK(parsed["lines"] == Json::parse(R"([{"stream":"stdout","text":"hello"},{"stream":"stderr","text":"oops"},
      {"stream":"stdout","text":"world"},{"stream":"stderr","text":"no newline at end"}])"));

  // A frame that promises 100 bytes and delivers 10: the bytes that arrived are kept.
  std::string cut = frame(1, "complete\n") + frame(2, std::string(100, 'x')).substr(0, 18);
  const Json truncated = docker::demultiplex_logs(cut, false);
  CHECK(truncated["truncated"] == true);
  REQUIRE(truncated["lines"].size() == 2);
  CHECK(truncated["lines"][1] == Json({{"stream", "stderr"}, {"text", std::string(10, 'x')}}));
  // A header cut after 5 bytes.
  const Json short_header = docker::demultiplex_logs(frame(1, "a\n") + std::string("\x01\0\0\0\0", 5), false);
  CHECK(short_header["truncated"] == true);
  CHECK(short_header["lines"].size() == 1);
  // Not a frame header at all (a TTY body read as multiplexed, or garbage).
  const Json garbage = docker::demultiplex_logs(frame(1, "ok\n") + "GET / HTTP/1.1\r\n", false);
  CHECK(garbage["malformed"] == true);
  CHECK(garbage["lines"].size() == 1);
  // Invalid UTF-8 in a payload stays JSON-safe.
  CHECK(docker::demultiplex_logs(frame(1, "a\xff\n"), false)["lines"][0]["text"] == "a\xEF\xBF\xBD");
  CHECK_NOTHROW(docker::demultiplex_logs(std::string("\x02\0\0\0\xff\xff\xff\xff", 8), false).dump());

  const Json stamped = docker::demultiplex_logs(frame(1, "2026-11-22T19:17:53.097996070Z started\n"), true);
  CHECK(stamped["lines"][0]["time"] == "2026-11-22T19:17:53.097996070Z");
  CHECK(stamped["lines"][0]["text"] == "started");

  const Json tty = docker::split_raw_logs("line one\r\nline two\r\npartial", false);
  CHECK(tty["lines"] == Json::parse(R"([{"stream":"stdout","text":"line one"},{"stream":"stdout","text":"line two"},
      {"stream":"stdout","text":"partial"}])"));
}

TEST_CASE("log stream: a timestamp prefix with invalid UTF-8 is made valid", "[docker]") {
  // The prefix passes the shape check (a space at 20 or more, '-' at 4, 'T' at 10) but holds a stray byte.
  const std::string line = "2026-11-22T19:17:53.0979\xff" "60Z started\n";
  const std::string repaired = "2026-11-22T19:17:53.0979\xEF\xBF\xBD" "60Z";
  const Json multiplexed = docker::demultiplex_logs(frame(1, line), true);
  REQUIRE(multiplexed["lines"].size() == 1);
  CHECK(multiplexed["lines"][0]["time"] == repaired);
  CHECK(multiplexed["lines"][0]["text"] == "started");
  CHECK_NOTHROW(multiplexed.dump());
  const Json tty = docker::split_raw_logs(line, true);
  REQUIRE(tty["lines"].size() == 1);
  CHECK(tty["lines"][0]["time"] == repaired);
  CHECK_NOTHROW(tty.dump());
  // A valid timestamp is kept as sent.
  CHECK(docker::split_raw_logs("2026-11-22T19:17:53.097996070Z ok\n", true)["lines"][0]["time"] ==
        "2026-11-22T19:17:53.097996070Z");
}

TEST_CASE("short_id: cut at 12 bytes, never inside a character", "[docker]") {
  // id -> expected short id: hex as Docker sends it, then a 2-byte character across the cut (bytes 11-12), a
  // 4-byte one across it (bytes 10-13), and one ending exactly at the cut.
  const std::vector<std::pair<std::string, std::string>> cases{
      {"0123456789abcdef0123", "0123456789ab"},
      {"0123456789a\xC3\xA9xyz", "0123456789a"},
      {"0123456789\xF0\x9F\x98\x80xyz", "0123456789"},
      {"0123456789\xC3\xA9xyz", "0123456789\xC3\xA9"},
      {"short", "short"},
      {"", ""}};
  for (const auto& [id, expected] : cases) {
    INFO(id);
    const Json summary = docker::shape_container_summary(Json{{"Id", id}});
    CHECK(summary["short_id"] == expected);
    CHECK_NOTHROW(summary.dump());
    const Json inspected = docker::shape_inspect(Json{{"Id", id}}, {});
    CHECK(inspected["short_id"] == expected);
    CHECK_NOTHROW(inspected.dump());
  }
  // Through the JSON parser, as the engine's answer arrives.
  const Json parsed = Json::parse("[{\"Id\":\"0123456789a\xC3\xA9\"}]");
  CHECK(docker::shape_container_summary(parsed[0])["short_id"] == "0123456789a");
}

TEST_CASE("inspect shaping: persistence of a path, ports declared vs published, secrets", "[docker]") {
  const Json raw = Json::parse(R"({
    "Id": "0123456789abcdef0123", "Name": "/gw", "Path": "node", "Args": ["dist/index.js", "gateway", "--bind", "lan", "--token", "T0K"],
    "State": {"Status": "restarting", "Running": true, "Restarting": true, "OOMKilled": true, "ExitCode": 137,
              "StartedAt": "2026-11-22T19:17:53.09799607Z", "FinishedAt": "0001-01-01T00:00:00Z",
              "Health": {"Status": "unhealthy", "FailingStreak": 3, "Log": [{"ExitCode": 1, "Output": "curl: (7) refused"}]}},
    "RestartCount": 4,
    "HostConfig": {"NetworkMode": "bridge", "RestartPolicy": {"Name": "unless-stopped", "MaximumRetryCount": 0},
                   "PortBindings": {"18789/tcp": [{"HostIp": "", "HostPort": "18789"}], "18790/tcp": [{"HostIp": "127.0.0.1", "HostPort": "18790"}]}},
    "NetworkSettings": {"Ports": {"18789/tcp": [{"HostIp": "0.0.0.0", "HostPort": "18789"}], "18790/tcp": null}},
    "Mounts": [{"Type": "bind", "Source": "/srv/oc", "Destination": "/home/node/.openclaw", "RW": true},
               {"Type": "tmpfs", "Source": "", "Destination": "/home/node/.openclaw/tmp", "RW": true}],
    "Config": {"Image": "ghcr.io/openclaw/openclaw:latest", "Tty": false, "Env": ["HOME=/home/node", "OPENCLAW_GATEWAY_TOKEN=T0K"],
               "Cmd": ["node", "dist/index.js"], "Labels": {"com.docker.compose.project": "openclaw", "com.docker.compose.service": "openclaw-gateway"},
               "ExposedPorts": {"18789/tcp": {}}}})");
  const Json shaped = docker::shape_inspect(raw, {"/home/node/.openclaw", "/home/node/.openclaw/workspace",
                                                   "/home/node/.openclaw/tmp/x", "/app"});
  CHECK(shaped["name"] == "gw");
  CHECK(shaped["state"]["oom_killed"] == true);
  CHECK(shaped["state"]["exit_code"] == 137);
  CHECK_FALSE(shaped["state"].contains("finished_at"));
  CHECK(shaped["state"]["health"]["status"] == "unhealthy");
  CHECK(shaped["state"]["health"]["failing_streak"] == 3);
  CHECK(shaped["state"]["health"]["last"]["output"] == "curl: (7) refused");
  CHECK(shaped["restart_count"] == 4);
  CHECK(shaped["restart_policy"]["name"] == "unless-stopped");
  CHECK(shaped["bind"] == "lan");
  CHECK(shaped["command"]["args"][4] == "--token");
  CHECK(shaped["command"]["args"][5] == fingerprint("T0K"));
  CHECK(shaped["env"][1] == Json({{"name", "OPENCLAW_GATEWAY_TOKEN"}, {"fingerprint", fingerprint("T0K")}}));
  CHECK(shaped.dump().find("T0K") == std::string::npos);
  CHECK(shaped["persisted"]["/home/node/.openclaw"]["persisted"] == true);
  CHECK(shaped["persisted"]["/home/node/.openclaw/workspace"]["persisted"] == true);
  CHECK(shaped["persisted"]["/home/node/.openclaw/tmp/x"]["persisted"] == false);  // the nearer tmpfs decides
  CHECK(shaped["persisted"]["/app"]["persisted"] == false);
  CHECK(shaped["ports"]["declared"].size() == 2);
  CHECK(shaped["ports"]["published"] == Json::parse(R"([{"container_port":18789,"protocol":"tcp","host_ip":"0.0.0.0","host_port":18789}])"));
  CHECK(shaped["ports"]["unpublished"] == Json::parse(R"([{"container_port":18790,"protocol":"tcp","host_ip":"127.0.0.1","host_port":18790}])"));
  CHECK(shaped["compose_project"] == "openclaw");
  CHECK(shaped["compose_service"] == "openclaw-gateway");
}

TEST_CASE("docker: a missing socket and a stale socket file", "[docker]") {
  TempDir dir;
  const Json missing = docker::containers({}, at(dir.path / "docker.sock"));
  CHECK(missing["ok"] == false);
  CHECK(missing["error"] == "socket_missing");
  CHECK(missing["message"].get<std::string>().find(dir.path.string()) != std::string::npos);

  const Json report = docker::available(at(dir.path / "docker.sock"));
  CHECK(report["ok"] == true);
  CHECK(report["available"] == false);
  CHECK(report["error"] == "socket_missing");

  // A socket file left behind by a dead daemon: connect is refused.
  const auto stale = dir.path / "stale.sock";
  { FakeSocket gone(stale, [](const std::string&) { return kPingAnswer; }); }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  stale.string().copy(address.sun_path, sizeof(address.sun_path) - 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  ::close(fd);  // bound, never listening
  const Json refused = docker::inspect("x", {}, at(stale));
  CHECK(refused["error"] == "daemon_not_answering");
  CHECK(refused["message"].get<std::string>().find("refused") != std::string::npos);
}

TEST_CASE("docker: a socket that accepts and never answers is classified within the deadline", "[docker]") {
  TempDir dir;
  FakeSocket silent(dir.path / "silent.sock", [](const std::string&) { return std::nullopt; });
  const auto started = std::chrono::steady_clock::now();
  const Json result = docker::containers({}, at(silent.path(), 300ms));
  const double elapsed = seconds_since(started);
  CHECK(result["ok"] == false);
  CHECK(result["error"] == "daemon_not_answering");
  CHECK(result["message"].get<std::string>().find("deadline") != std::string::npos);
  CHECK(elapsed >= 0.25);
  CHECK(elapsed < 1.5);
}

TEST_CASE("docker: malformed answers", "[docker]") {
  TempDir dir;
  SECTION("not HTTP at all") {
    FakeSocket garbage(dir.path / "g.sock", [](const std::string&) { return std::string("SSH-2.0-OpenSSH_9.2\r\n\r\n"); });
    const Json result = docker::containers({}, at(garbage.path()));
    CHECK(result["error"] == "malformed_response");
  }
  SECTION("HTTP with a body that is not JSON") {
    FakeSocket broken(dir.path / "b.sock", [](const std::string& head) -> std::optional<std::string> {
      if (path_of(head, "/_ping")) return kPingAnswer;
      return http_answer("200 OK", "{\"Id\": [unterminated");
    });
    CHECK(docker::containers({}, at(broken.path()))["error"] == "malformed_response");
    CHECK(docker::inspect("abc", {}, at(broken.path()))["error"] == "malformed_response");
    CHECK(docker::top("abc", at(broken.path()))["error"] == "malformed_response");
  }
  SECTION("a chunked body cut off, and a complete chunked body") {
    FakeSocket chunked(dir.path / "c.sock", [](const std::string& head) -> std::optional<std::string> {
      if (path_of(head, "/_ping")) return kPingAnswer;
      const std::string body = R"([{"Id":"0123456789abcdef","Names":["/gw"],"State":"running","Labels":{}}])";
      const std::string first = body.substr(0, 20);
      const std::string rest = body.substr(20);
      auto hex = [](std::size_t n) {
        char text[16];
        std::snprintf(text, sizeof(text), "%zx", n);
        return std::string(text);
      };
      std::string answer = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nTransfer-Encoding: chunked\r\n\r\n" + hex(first.size()) +
                           "\r\n" + first + "\r\n";
      if (path_of(head, "all=1")) return answer + hex(rest.size()) + "\r\n" + rest + "\r\n0\r\n\r\n";
      return answer + hex(rest.size()) + "\r\n" + rest.substr(0, 5);  // then the connection closes
    });
    docker::ContainerQuery all;
    all.all = true;
    const Json complete = docker::containers(all, at(chunked.path()));
    REQUIRE(complete["ok"] == true);
    CHECK(complete["containers"][0]["name"] == "gw");
    CHECK(complete["api_version"] == "1.41");
    const Json cut = docker::containers({}, at(chunked.path()));
    CHECK(cut["error"] == "malformed_response");
  }
  SECTION("a truncated log frame through the API") {
    FakeSocket logs(dir.path / "l.sock", [](const std::string& head) -> std::optional<std::string> {
      if (path_of(head, "/_ping")) return kPingAnswer;
      if (path_of(head, "/logs")) {
        const std::string body = frame(1, "ready\n") + frame(2, std::string(100, 'e')).substr(0, 18);
        return http_answer("200 OK", body, "Content-Type: application/vnd.docker.raw-stream\r\n");
      }
      return http_answer("200 OK", R"({"Id":"abc","Name":"/gw","Config":{"Tty":false}})");
    });
    const Json result = docker::logs("gw", {}, at(logs.path()));
    REQUIRE(result["ok"] == true);
    CHECK(result["truncated"] == true);
    CHECK(result["lines"][0] == Json({{"stream", "stdout"}, {"text", "ready"}}));
    CHECK(result["lines"][1]["text"] == std::string(10, 'e'));
  }
}

TEST_CASE("docker: API version negotiation and a daemon too old", "[docker]") {
  TempDir dir;
  FakeSocket old(dir.path / "old.sock", [](const std::string& head) -> std::optional<std::string> {
    if (path_of(head, "/_ping")) return std::string("HTTP/1.1 200 OK\r\nApi-Version: 1.12\r\nContent-Length: 2\r\n\r\nOK");
    return http_answer("200 OK", "[]");
  });
  const Json too_old = docker::containers({}, at(old.path()));
  CHECK(too_old["error"] == "api_too_old");
  CHECK(too_old["server_api_version"] == "1.12");

  // No Api-Version header: /version decides.
  FakeSocket quiet(dir.path / "quiet.sock", [](const std::string& head) -> std::optional<std::string> {
    if (path_of(head, "/_ping")) return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");
    if (path_of(head, " /version")) return http_answer("200 OK", R"({"ApiVersion":"1.99","Version":"99.0"})");
    if (path_of(head, "/v1.47/containers/json")) return http_answer("200 OK", "[]");
    return http_answer("400 Bad Request", R"({"message":"unexpected path"})");
  });
  const Json newer = docker::containers({}, at(quiet.path()));
  CHECK(newer["ok"] == true);
  CHECK(newer["api_version"] == docker::kMaxApiVersion);

  // The daemon refuses our version.
  FakeSocket strict(dir.path / "strict.sock", [](const std::string& head) -> std::optional<std::string> {
    if (path_of(head, "/_ping")) return kPingAnswer;
    return http_answer("400 Bad Request",
                       R"({"message":"client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version"})");
  });
  const Json refused = docker::containers({}, at(strict.path()));
  CHECK(refused["error"] == "api_too_old");
  CHECK(refused["message"].get<std::string>().find("Minimum supported API version is 1.44") != std::string::npos);
}

TEST_CASE("docker: an Api-Version header with invalid UTF-8 reaches results repaired", "[docker]") {
  TempDir dir;
  // A header value may carry any byte above 0x7F (obs-text); Beast passes it through.
  FakeSocket stray(dir.path / "stray.sock", [](const std::string& head) -> std::optional<std::string> {
    if (path_of(head, "/_ping")) {
      return std::string("HTTP/1.1 200 OK\r\nApi-Version: 1.41\xff\r\nContent-Length: 2\r\n\r\nOK");
    }
    return http_answer("200 OK", R"({"Version":"20.10","ApiVersion":"1.41"})");
  });
  const Json report = docker::available(at(stray.path()));
  REQUIRE(report["available"] == true);
  CHECK(report["server_api_version"] == "1.41\xEF\xBF\xBD");
  CHECK(report["api_version"] == "1.41\xEF\xBF\xBD");
  CHECK_NOTHROW(report.dump());

  FakeSocket old(dir.path / "old.sock", [](const std::string& head) -> std::optional<std::string> {
    if (path_of(head, "/_ping")) {
      return std::string("HTTP/1.1 200 OK\r\nApi-Version: 1.1\xfe\r\nContent-Length: 2\r\n\r\nOK");
    }
    return http_answer("200 OK", "[]");
  });
  const Json too_old = docker::containers({}, at(old.path()));
  CHECK(too_old["error"] == "api_too_old");
  CHECK(too_old["server_api_version"] == "1.1\xEF\xBF\xBD");
  CHECK(too_old["message"].get<std::string>().find("1.1\xEF\xBF\xBD") != std::string::npos);
  CHECK_NOTHROW(too_old.dump());
}

TEST_CASE("docker: a socket this user may not open (chmod 000)", "[docker]") {
  TempDir dir;
  FakeSocket daemon(dir.path / "docker.sock", [](const std::string& head) -> std::optional<std::string> {
    if (path_of(head, "/_ping")) return kPingAnswer;
    return http_answer("200 OK", R"({"Version":"20.10","ApiVersion":"1.41"})");
  });
  REQUIRE(::chmod(daemon.path().c_str(), 0) == 0);
  std::filesystem::permissions(dir.path, std::filesystem::perms::owner_all | std::filesystem::perms::others_exec |
                                             std::filesystem::perms::group_exec);
  const Json as_us = docker::available(at(daemon.path()));
  if (::geteuid() == 0) {
    // Root bypasses file permissions: mode 000 does not deny. The check runs as nobody in a child instead.
    WARN("running as root: chmod 000 does not deny root; checking as uid 65534 in a child process");
    CHECK(as_us["available"] == true);
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
      const std::string error = docker::available(at(daemon.path()))["error"].dump();
      const ssize_t written = ::write(pipe_fds[1], error.data(), error.size());
      ::_exit(written > 0 ? 0 : 3);
    }
    ::close(pipe_fds[1]);
    std::string error;
    char buffer[256];
    ssize_t n = 0;
    while ((n = ::read(pipe_fds[0], buffer, sizeof(buffer))) > 0) error.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(error == "\"permission_denied\"");
  } else {
    CHECK(as_us["available"] == false);
    CHECK(as_us["error"] == "permission_denied");
  }
}
