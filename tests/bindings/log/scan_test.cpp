// log scanning against the real gateway log recorded in the fixtures, real files written by the test, and the
// message formats OpenClaw's console and journald print.
#include "bindings/proc/temp_dir.hpp"
#include "log/scan.hpp"
#include "log/timestamp.hpp"

#include <catch2/catch.hpp>

#include <chrono>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include "test_paths.hpp"

using clawbook::testing::TempDir;
namespace logscan = clawbook::logscan;
using Json = nlohmann::json;

namespace {

std::vector<std::string> recorded_gateway_log() {
  std::ifstream in(std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/openclaw/captures/ws-logs.tail.json");
  const Json frame = Json::parse(in);
  return frame["payload"]["lines"].get<std::vector<std::string>>();
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

const Json* find_match(const Json& result, const std::string& pattern) {
  for (const auto& match : result["matches"])
    if (match.value("pattern", "") == pattern) return &match;
  return nullptr;
}

}  // namespace

TEST_CASE("timestamps at the start of log lines", "[log]") {
  const auto iso = logscan::parse_iso8601("2026-11-22T07:15:17.089+00:00 rest");
  REQUIRE(iso);
  CHECK(iso->epoch == Approx(1795331717.089));
  CHECK(iso->consumed == 29);
  CHECK(logscan::parse_iso8601("2026-11-22T09:15:17+02:00")->epoch == Approx(1795331717));
  CHECK(logscan::parse_iso8601("2026-11-22 07:15:17Z")->epoch == Approx(1795331717));
  CHECK_FALSE(logscan::parse_iso8601("2026-13-22T07:15:17Z"));
  CHECK_FALSE(logscan::parse_iso8601("not a time"));
  CHECK_FALSE(logscan::parse_iso8601(""));
  CHECK(logscan::parse_syslog_time("Nov 22 07:14:18 vm node[1]: x", 2026)->consumed == 15);
  CHECK(logscan::parse_syslog_time("Nov  2 07:14:18 vm", 2026));
  CHECK_FALSE(logscan::parse_syslog_time("Foo 22 07:14:18 vm", 2026));
  const auto clock = logscan::parse_clock("07:14:18+00:00 warn");
  REQUIRE(clock);
  CHECK(clock->seconds_of_day == 7 * 3600 + 14 * 60 + 18);
  CHECK(clock->offset_seconds == 0);
  CHECK_FALSE(logscan::parse_clock("07:14:18abc"));
  CHECK_FALSE(logscan::parse_clock("25:00:00"));
  CHECK(logscan::parse_duration("15m") == 900);
  CHECK(logscan::parse_duration("2h") == 7200);
  CHECK_FALSE(logscan::parse_duration("15"));
  CHECK_FALSE(logscan::parse_duration("m"));
}

TEST_CASE("parse_line understands the real tslog file log", "[log]") {
  const auto lines = recorded_gateway_log();
  REQUIRE(lines.size() > 30);
  // Key "0" is a plain message on CLI lines.
  const auto cli = logscan::parse_line(lines[0], 1, 0);
  CHECK(cli.format == "tslog");
  CHECK(cli.message == "Updated gateway.mode. Restart the gateway to apply.");
  CHECK(cli.subsystem.empty());
  CHECK(cli.level == "info");

  // Key "0" carries the subsystem, "1" the message.
  bool saw_handshake = false;
  bool saw_module = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto line = logscan::parse_line(lines[i], i + 1, 0);
    CHECK(line.format == "tslog");
    REQUIRE(line.time);
    if (line.message.rfind("handshake timeout", 0) == 0) {
      saw_handshake = true;
      CHECK(line.subsystem == "gateway/ws");
      CHECK(line.level == "warn");
      CHECK(*line.time == Approx(1795331717.090).margin(0.002));
    }
    if (line.message == "cron: job added") {
      saw_module = true;
      CHECK(line.subsystem == "cron");  // {"module":"cron",...}
      CHECK(line.fields.contains("jobName"));
    }
    // The message is the last numeric key: an object argument before it becomes fields.
    if (line.message.rfind("closed before connect", 0) == 0) CHECK(line.fields.contains("handshake"));
  }
  CHECK(saw_handshake);
  CHECK(saw_module);
}

TEST_CASE("parse_line understands console, journal and docker lines", "[log]") {
  const double now = 1795331717;  // 2026-11-22T07:15:17Z
  SECTION("TTY console") {
    const auto line = logscan::parse_line("07:14:18 [ws] handshake timeout conn=24f7 remote=127.0.0.1", 1, now);
    CHECK(line.format == "console");
    CHECK(line.subsystem == "ws");
    CHECK(line.message == "handshake timeout conn=24f7 remote=127.0.0.1");
    CHECK(line.date_inferred);
    REQUIRE(line.time);
  }
  SECTION("non-TTY console with zone, level and subsystem JSON") {
    const auto line = logscan::parse_line(
        "07:14:18+00:00 warn gateway/ws {\"subsystem\":\"gateway/ws\"} closed before connect code=1000", 1, now);
    CHECK(line.level == "warn");
    CHECK(line.subsystem == "gateway/ws");
    CHECK(line.message == "closed before connect code=1000");
    CHECK(*line.time == Approx(1795331658));
  }
  SECTION("a clock later than now is yesterday's") {
    const auto line = logscan::parse_line("23:59:00+00:00 [gateway] ready", 1, now);
    CHECK(*line.time < now);
    CHECK(now - *line.time < 86400);
  }
  SECTION("journal short format around the console line") {
    const auto line = logscan::parse_line(
        "Nov 22 07:14:18 vm node[5762]: 07:14:18+00:00 error gateway {\"subsystem\":\"gateway\"} Gateway failed to start: "
        "Error: boom", 1, now);
    CHECK(line.format == "syslog");
    CHECK(line.level == "error");
    CHECK(line.subsystem == "gateway");
    CHECK(line.message == "Gateway failed to start: Error: boom");
    CHECK_FALSE(line.date_inferred);
  }
  SECTION("docker --timestamps") {
    const auto line = logscan::parse_line("2026-11-22T07:14:18.123456789Z [gateway] listening on ws://0.0.0.0:18789", 1, now);
    CHECK(line.format == "iso");
    CHECK(line.subsystem == "gateway");
    CHECK(*line.time == Approx(1795331658.123));
  }
  SECTION("plain and hostile lines") {
    CHECK(logscan::parse_line("Killed", 1, now).message == "Killed");
    // Without a timestamp a leading level word is part of the message.
    CHECK(logscan::parse_line("FATAL ERROR: Reached heap limit", 1, now).message == "FATAL ERROR: Reached heap limit");
    CHECK(logscan::parse_line("07:14:18 ERROR [gateway] boom", 1, now).level == "error");
    CHECK(logscan::parse_line("", 1, now).message.empty());
    CHECK(logscan::parse_line("{not json", 1, now).message == "{not json");
    CHECK(logscan::parse_line("{\"msg\":\"hi\",\"level\":\"ERROR\"}", 1, now).level == "error");
    CHECK(logscan::parse_line("[]", 1, now).format == "plain");
    CHECK(logscan::parse_line(std::string(3 << 20, 'x'), 1, now).message.size() == 1u << 20);
  }
}

TEST_CASE("compile_patterns: strings, tables, regexes and misuse", "[log]") {
  CHECK(logscan::compile_patterns(Json("EADDRINUSE"))[0].id == "EADDRINUSE");
  const auto table = logscan::compile_patterns(Json::parse(
      R"J([{"id":"a","match":["x",["y","z"]],"regex":"port (\\d+)","finding":"f","cause":"c","severity":"high"}, "w"])J"));
  REQUIRE(table.size() == 2);
  CHECK(table[0].alternatives.size() == 2);
  CHECK(table[0].alternatives[1] == std::vector<std::string>{"y", "z"});
  CHECK(table[0].annotations["finding"] == "f");
  CHECK(logscan::compile_patterns(Json::object()).empty());
  CHECK_THROWS_AS(logscan::compile_patterns(Json("")), logscan::BadPattern);
  CHECK_THROWS_AS(logscan::compile_patterns(Json::parse(R"J([{"regex":"(unclosed"}])J")), logscan::BadPattern);
  CHECK_THROWS_AS(logscan::compile_patterns(Json::parse(R"([{"id":"nothing"}])")), logscan::BadPattern);
  CHECK_THROWS_AS(logscan::compile_patterns(Json::parse(R"([42])")), logscan::BadPattern);
  CHECK_THROWS_AS(logscan::compile_patterns(Json::parse(R"([{"match":[[]]}])")), logscan::BadPattern);
  CHECK_FALSE(logscan::time_bound(Json("yesterday"), 1e9));
  CHECK_FALSE(logscan::time_bound(Json::array(), 1e9));
  CHECK(logscan::time_bound(Json("15m"), 1e9) == Approx(1e9 - 900));
  CHECK(logscan::time_bound(Json(1234.5), 1e9) == Approx(1234.5));
  CHECK(logscan::time_bound(Json("2026-11-22T07:14:18Z"), 1e9) == Approx(1795331658));
  CHECK_FALSE(logscan::level_name("loud"));
  CHECK(logscan::level_name("warning") == "warn");
}

TEST_CASE("scan_file on the real gateway log: matches, fields, captures and counts", "[log]") {
  TempDir dir;
  const auto lines = recorded_gateway_log();
  const std::string path = dir.write("openclaw-2026-11-22.log", join_lines(lines));
  const auto patterns = logscan::compile_patterns(Json::parse(R"J([
      {"id":"handshake","match":"handshake timeout","regex":"handshake timeout conn=(\\S+)","finding":"ws.handshake-timeout"},
      {"id":"token","match":"reason=token_mismatch"},
      {"id":"device","match":[["closed before connect","device-required"]]},
      "protocol mismatch"])J"));
  const auto result = logscan::scan_file(path, patterns, {});
  REQUIRE(result["ok"] == true);
  CHECK(result["source"] == path);
  CHECK(result["line_numbers"] == "absolute");
  CHECK(result["lines_scanned"] == lines.size());
  CHECK(result["counts"]["handshake"] == 1);
  CHECK(result["counts"]["token"] == 1);
  CHECK(result["counts"]["device"] == 1);
  CHECK(result["counts"]["protocol mismatch"] == 1);

  const Json* handshake = find_match(result, "handshake");
  REQUIRE(handshake != nullptr);
  CHECK((*handshake)["finding"] == "ws.handshake-timeout");
  CHECK((*handshake)["captures"][0] == "c1515d45-bb44-4fc0-9348-323ec002fa91");
  CHECK((*handshake)["subsystem"] == "gateway/ws");
  CHECK((*handshake)["level"] == "warn");
  CHECK((*handshake)["fields"]["remote"] == "127.0.0.1");
  CHECK((*handshake)["line_no"] == 26);
  CHECK(lines[25].find("handshake timeout") != std::string::npos);
  const Json* token = find_match(result, "token");
  REQUIRE(token != nullptr);
  CHECK((*token)["fields"]["reason"] == "token_mismatch");
  CHECK((*token)["fields"]["client"] == "cli");

  SECTION("level and subsystem filters") {
    logscan::ScanOptions options;
    options.min_level = "error";
    const auto errors = logscan::scan_file(path, {}, options);
    REQUIRE(errors["matches"].size() == 1);
    CHECK(errors["matches"][0]["message"].get<std::string>().rfind("parse/handle error", 0) == 0);
    logscan::ScanOptions ws;
    ws.subsystem = "ws";  // the console's short name finds gateway/ws
    const auto ws_lines = logscan::scan_file(path, {}, ws);
    CHECK(ws_lines["matches"].size() == 10);
  }
  SECTION("time window") {
    logscan::ScanOptions options;
    options.since = 1795331750;  // 2026-11-22T07:15:50Z
    const auto late = logscan::scan_file(path, {}, options);
    CHECK(late["lines_scanned"] == 9);
    CHECK(late["first_time"].get<double>() >= 1795331750);
  }
}

TEST_CASE("scan_file reads only the tail of a large file and numbers lines", "[log]") {
  TempDir dir;
  std::string text;
  for (int i = 1; i <= 200000; ++i) {
    char line[160];
    const int hour = (i / 3600) % 24;
    std::snprintf(line, sizeof line, "2026-11-21T%02d:%02d:%02d.000Z [gateway] line %d%s\n", hour, (i / 60) % 60, i % 60,
                  i, i % 50000 == 0 ? " EADDRINUSE 127.0.0.1:18789" : "");
    text += line;
  }
  const std::string path = dir.write("big.log", text);
  const auto patterns = logscan::compile_patterns(Json("eaddrinuse"));

  logscan::ScanOptions last;
  last.last_lines = 100;
  const auto tail = logscan::scan_file(path, {}, last);
  REQUIRE(tail["ok"] == true);
  CHECK(tail["lines_scanned"] == 100);
  CHECK(tail["matches"][0]["line_no"] == 199901);
  CHECK(tail["matches"][99]["line_no"] == 200000);
  CHECK(tail["matches"][99]["message"] == "line 200000 EADDRINUSE 127.0.0.1:18789");
  CHECK(tail["line_numbers"] == "absolute");

  logscan::ScanOptions all;
  all.last_lines = 1000000;
  const auto every = logscan::scan_file(path, patterns, all);
  CHECK(every["counts"]["eaddrinuse"] == 4);
  CHECK(every["lines_scanned"] == 200000);

  logscan::ScanOptions capped;
  capped.last_lines = 1000000;
  capped.max_matches = 2;
  const auto few = logscan::scan_file(path, patterns, capped);
  CHECK(few["truncated"] == true);
  REQUIRE(few["matches"].size() == 2);
  CHECK(few["matches"][1]["line_no"] == 200000);  // the most recent are kept
}

TEST_CASE("scan_file failures are results", "[log]") {
  TempDir dir;
  const auto missing = logscan::scan_file(dir / "nope.log", {}, {});
  CHECK(missing["ok"] == false);
  CHECK(missing["error"] == "not_found");
  const auto directory = logscan::scan_file(dir.path(), {}, {});
  CHECK(directory["ok"] == false);
  CHECK(directory["error"] == "not_a_file");
  const auto empty = logscan::scan_file(dir.write("empty.log", ""), {}, {});
  CHECK(empty["ok"] == true);
  CHECK(empty["lines_scanned"] == 0);

  if (::geteuid() == 0) {
    // Unreadable for `nobody`: check from a child that dropped privileges.
    const std::string secret_log = dir.write("private.log", "x\n", 0600);
    ::chmod(dir.path().c_str(), 0755);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      std::string verdict = "setuid-failed";
      if (::setgid(65534) == 0 && ::setuid(65534) == 0)
        verdict = logscan::scan_file(secret_log, {}, {}).value("error", std::string("ok"));
      (void)!::write(fds[1], verdict.data(), verdict.size());
      ::_exit(0);
    }
    ::close(fds[1]);
    char buffer[64] = {};
    const ssize_t got = ::read(fds[0], buffer, sizeof buffer - 1);
    ::close(fds[0]);
    ::waitpid(child, nullptr, 0);
    CHECK(std::string(buffer, got > 0 ? static_cast<size_t>(got) : 0) == "permission_denied");
  }
}

TEST_CASE("scan_lines splits multi-line strings and carries times to continuation lines", "[log]") {
  const auto patterns = logscan::compile_patterns(Json("at Server"));
  logscan::ScanOptions options;
  options.since = 1795331700;
  const auto result = logscan::scan_lines(
      {"2026-11-22T07:14:00Z [gateway] old\n    at Server.listen (old)",
       "2026-11-22T07:15:10Z [gateway] Gateway failed to start: Error\n    at Server.listen (new)"},
      patterns, options);
  REQUIRE(result["matches"].size() == 1);
  CHECK(result["matches"][0]["message"] == "at Server.listen (new)");
  CHECK(result["matches"][0]["line_no"] == 4);
}

TEST_CASE("hostile log lines: a JSON line nested 200,000 deep and a 50 KB message end in a result, not a crash",
          "[log]") {
  // Both overflowed the stack before (found by tslog_fuzz): nlohmann's recursive destruction, and libstdc++'s
  // regex backtracking one frame per character.
  const auto patterns = logscan::compile_patterns(Json::parse(R"J([
      {"id":"start","regex":"Gateway failed to start: (.*)$"}, "refusing to bind"])J"));
  const std::vector<std::string> lines = {std::string(200000, '[') , "Gateway failed to start: " + std::string(50000, 'x'),
                                          std::string("{\"0\":\"") + std::string(100000, '{') + "\"}",
                                          "refusing to bind gateway to 0.0.0.0 \xff\xfe"};
  const Json result = logscan::scan_lines(lines, patterns, {});
  REQUIRE(result["ok"] == true);
  CHECK(result["lines_scanned"] == 4);
  CHECK(result["counts"]["start"] == 1);
  CHECK(result["counts"]["refusing to bind"] == 1);
  CHECK_NOTHROW(result.dump());  // the invalid bytes were replaced, so JSON output cannot throw
}

TEST_CASE("a runbook's regex that backtracks exponentially is matched in linear time (RE2)", "[log]") {
  // std::regex took exponential time on this pair, inside C where no limit of the run could stop it.
  const auto patterns = logscan::compile_patterns(Json::parse(R"J([{"id":"evil","regex":"^(a|aa)*c$"}])J"));
  const std::vector<std::string> lines = {std::string(4000, 'a'), std::string(3000, 'a') + "c"};
  const auto started = std::chrono::steady_clock::now();
  const auto result = logscan::scan_lines(lines, patterns, logscan::ScanOptions{});
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  REQUIRE(result["matches"].size() == 1);
  CHECK(result["matches"][0]["line_no"] == 2);
  CHECK_THROWS_AS(logscan::compile_patterns(Json::parse(R"J([{"regex":"a(?=b)"}])J")), logscan::BadPattern);
  CHECK_THROWS_AS(logscan::compile_patterns(Json::array({Json::object({{"regex", std::string(5000, 'a')}})})),
                  logscan::BadPattern);
}
