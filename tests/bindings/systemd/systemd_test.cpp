// systemd support: the parsers against the real recorded `systemctl --user show` of the OpenClaw gateway unit and
// against journal JSON built from journalctl's documented format; the client against this machine's real
// systemctl/journalctl with no manager running (REAL-PEERS.md section 3: never start one).
#include "clawbook/fingerprint.hpp"
#include "systemd/systemd_client.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include "test_paths.hpp"

using clawbook::fingerprint;
using Json = nlohmann::json;
namespace sd = clawbook::systemd;
using namespace std::chrono_literals;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string capture() {
  return read_file(std::filesystem::path(CLAWBOOK_TESTS_DIR) / "fixtures/openclaw/captures/systemctl-user-show-openclaw-gateway.txt");
}

// The Environment= line of the capture, as KEY=VALUE pairs (to check fingerprints against the real values).
std::vector<std::pair<std::string, std::string>> capture_environment() {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream lines(capture());
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("Environment=", 0) != 0) continue;
    std::istringstream words(line.substr(12));
    std::string word;
    while (words >> word) out.emplace_back(word.substr(0, word.find('=')), word.substr(word.find('=') + 1));
  }
  return out;
}

bool pid1_is_systemd() { return read_file("/proc/1/comm").rfind("systemd", 0) == 0; }

bool journal_files_exist() {
  for (const char* dir : {"/var/log/journal", "/run/log/journal"}) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().extension() == ".journal") return true;
    }
  }
  return false;
}

sd::CommandSpec command(std::string program, std::vector<std::string> args = {},
                        std::chrono::steady_clock::duration timeout = 5s, std::size_t max_output = 1 << 20) {
  sd::CommandSpec spec;
  spec.program = std::move(program);
  spec.args = std::move(args);
  spec.timeout = timeout;
  spec.max_output = max_output;
  return spec;
}

sd::Options scoped(sd::Scope scope) {
  sd::Options options;
  options.scope = scope;
  return options;
}

sd::Options with_tools(std::string systemctl, std::string journalctl = "journalctl",
                       std::chrono::steady_clock::duration timeout = 5s) {
  sd::Options options;
  options.tools.systemctl = std::move(systemctl);
  options.tools.journalctl = std::move(journalctl);
  options.timeout = timeout;
  return options;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clawbook-svc-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("systemctl show: the real capture of the OpenClaw gateway user unit", "[systemd]") {
  const sd::Properties properties = sd::parse_properties(capture());
  REQUIRE(properties.size() > 200);
  const Json unit = sd::unit_from_properties(properties);

  CHECK(unit["id"] == "openclaw-gateway.service");
  CHECK(unit["description"] == "OpenClaw Gateway (peer test, port 18792)");
  CHECK(unit["load_state"] == "loaded");
  CHECK(unit["found"] == true);
  CHECK(unit["active_state"] == "active");
  CHECK(unit["sub_state"] == "running");
  CHECK(unit["result"] == "success");
  CHECK(unit["unit_file_state"] == "enabled");
  CHECK(unit["main_pid"] == 23988);
  CHECK(unit["exec_main_pid"] == 23988);
  CHECK(unit["exec_main_status"] == 0);
  CHECK(unit["exec_main_code"] == 0);
  CHECK_FALSE(unit.contains("exec_main_code_name"));  // 0: the main process has not exited
  CHECK(unit["n_restarts"] == 0);
  CHECK(unit["active_enter_timestamp"] == "Sun 2026-11-22 07:38:10 UTC");
  CHECK(unit["active_enter_time"] == 1795333090.0);
  CHECK(unit["working_directory"] == "/home/op/.openclaw");
  CHECK(unit["fragment_path"] == "/home/op/.config/systemd/user/openclaw-gateway.service");
  CHECK(unit["restart"] == "always");
  CHECK(unit["restart_sec"] == 5.0);
  CHECK(unit["restart_prevent_exit_status"] == Json::array({"78"}));
  CHECK(unit["success_exit_status"] == Json::array({"0", "143"}));
  CHECK(unit["start_limit_burst"] == 10);
  CHECK(unit["start_limit_interval_sec"] == 300.0);
  CHECK(unit["timeout_start_sec"] == 30.0);
  CHECK(unit["timeout_stop_sec"] == 30.0);
  CHECK(unit["runtime_max_sec"] == "infinity");
  CHECK(unit["kill_mode"] == "mixed");
  CHECK(unit["oom_policy"] == "continue");
  CHECK_FALSE(unit.contains("uid"));  // "[not set]"

  REQUIRE(unit["exec_start"].size() == 1);
  const Json& exec = unit["exec_start"][0];
  CHECK(exec["path"] == "/usr/local/bin/node");
  CHECK(exec["argv"] == Json::array({"/usr/local/bin/node", "/usr/local/lib/node_modules/openclaw/dist/index.js",
                                     "gateway", "--port", "18792"}));
  CHECK(exec["ignore_errors"] == false);
  CHECK(exec["pid"] == 23988);
  CHECK(exec["start_time"] == "Sun 2026-11-22 07:38:10 UTC");
  CHECK(exec["start_epoch"] == 1795333090.0);
  CHECK_FALSE(exec.contains("stop_time"));  // [n/a]
  CHECK_FALSE(exec.contains("code"));       // (null)
  CHECK(exec["status"] == 0);

  // Environment: every name, in order, with the fingerprint of its real value; no value anywhere in the result.
  const auto expected = capture_environment();
  REQUIRE(expected.size() == 14);
  REQUIRE(unit["environment"].size() == expected.size());
  const std::string dumped = unit.dump();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(unit["environment"][i]["name"] == expected[i].first);
    CHECK(unit["environment"][i]["fingerprint"] == fingerprint(expected[i].second));
    CHECK(unit["environment"][i].size() == 2);
  }
  CHECK(dumped.find("/usr/local/bin:/usr/bin:/bin") == std::string::npos);
  CHECK(dumped.find("/home/op/.openclaw/openclaw.json") == std::string::npos);
  CHECK(dumped.find("OPENCLAW_SKIP_CRON=") == std::string::npos);
}

TEST_CASE("systemctl show: quoting, repeated ExecStart, a killed main process, a missing unit", "[systemd]") {
  // shell_maybe_quote() output as systemctl prints string arrays, and argv containing " ; ".
  const std::string text =
      "Environment=\"GREETING=hello world\" OPENCLAW_GATEWAY_TOKEN=s3cr3t \"ODD=a\\\"b\\\\c\\$d\" \"TAB=a\\tb\" BARE\n"
      "ExecStart={ path=/bin/sh ; argv[]=/bin/sh -c echo a ; echo b ; ignore_errors=yes ; start_time=[n/a] ; "
      "stop_time=[Sun 2026-11-22 08:00:00 UTC] ; pid=41 ; code=killed ; status=9/KILL }\n"
      "ExecStart={ path=/usr/bin/node ; argv[]=/usr/bin/node gw --token abc --bind=lan ; ignore_errors=no ; "
      "start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }\n"
      "ExecMainCode=2\nExecMainStatus=9\nNRestarts=3\nResult=signal\nSubState=auto-restart\n"
      "TimeoutStopUSec=5min 30s\nRestartUSec=100ms\nGarbage line without equals\n\n=novalue\n";
  const Json unit = sd::unit_from_properties(sd::parse_properties(text));
  REQUIRE(unit["environment"].size() == 5);
  CHECK(unit["environment"][0] == Json({{"name", "GREETING"}, {"fingerprint", fingerprint("hello world")}}));
  CHECK(unit["environment"][1] == Json({{"name", "OPENCLAW_GATEWAY_TOKEN"}, {"fingerprint", fingerprint("s3cr3t")}}));
  CHECK(unit["environment"][2]["fingerprint"] == fingerprint("a\"b\\c$d"));
  CHECK(unit["environment"][3]["fingerprint"] == fingerprint("a\tb"));
  CHECK(unit["environment"][4] == Json({{"name", "BARE"}}));
  CHECK(unit.dump().find("s3cr3t") == std::string::npos);

  REQUIRE(unit["exec_start"].size() == 2);
  CHECK(unit["exec_start"][0]["argv"] == Json::array({"/bin/sh", "-c", "echo", "a", ";", "echo", "b"}));
  CHECK(unit["exec_start"][0]["ignore_errors"] == true);
  CHECK(unit["exec_start"][0]["code"] == "killed");
  CHECK(unit["exec_start"][0]["status"] == 9);
  CHECK(unit["exec_start"][0]["signal"] == "KILL");
  CHECK(unit["exec_start"][0]["stop_epoch"] == 1795334400.0);
  // A credential flag's value shows only as its fingerprint.
  CHECK(unit["exec_start"][1]["argv"] ==
        Json::array({"/usr/bin/node", "gw", "--token", fingerprint("abc"), "--bind=lan"}));
  CHECK(unit["exec_main_code_name"] == "killed");
  CHECK(unit["n_restarts"] == 3);
  CHECK(unit["timeout_stop_sec"] == 330.0);
  CHECK(unit["restart_sec"] == 0.1);
  CHECK_FALSE(unit.contains("found"));  // no LoadState line

  const Json missing = sd::unit_from_properties(sd::parse_properties(
      "Id=nope.service\nLoadState=not-found\nActiveState=inactive\nLoadError=org.freedesktop.systemd1.NoSuchUnit "
      "\"Unit nope.service not found.\"\n"));
  CHECK(missing["found"] == false);
  CHECK(missing["load_error"].get<std::string>().find("not found") != std::string::npos);

  CHECK(sd::parse_properties("").empty());
  CHECK(sd::parse_properties(std::string("\xff\xfe=\xc3\x28\n", 6))[0].second == "\xEF\xBF\xBD(");
  CHECK(sd::parse_exec_command("garbage")["raw"] == "garbage");
}

TEST_CASE("systemd time spans and timestamps", "[systemd]") {
  CHECK(sd::parse_timespan("5s") == 5.0);
  CHECK(sd::parse_timespan("1min 30s") == 90.0);
  CHECK(sd::parse_timespan("2h 3min") == 7380.0);
  CHECK(sd::parse_timespan("500ms") == 0.5);
  CHECK(sd::parse_timespan("1d") == 86400.0);
  CHECK_FALSE(sd::parse_timespan("infinity"));
  CHECK_FALSE(sd::parse_timespan("5 parsecs"));
  CHECK_FALSE(sd::parse_timespan(""));
  CHECK(sd::parse_timestamp("Sun 2026-11-22 07:38:10 UTC") == 1795333090.0);
  CHECK(sd::parse_timestamp("2026-11-22 07:38:10 UTC") == 1795333090.0);
  CHECK_FALSE(sd::parse_timestamp("Sun 2026-11-22 07:38:10 CET"));  // zone abbreviations are ambiguous
  CHECK_FALSE(sd::parse_timestamp("n/a"));
  CHECK_FALSE(sd::parse_timestamp("Sun 2026-13-40 07:38:10 UTC"));
}

TEST_CASE("systemd time spans: infinity, NaN and overflow give no value", "[systemd]") {
  // std::from_chars reads these as numbers; the header promises nothing for infinity or garbage.
  for (const char* text : {"inf", "-inf", "nan", "NaN", "infs", "nan 5s", "1e308y", "5s 1e308y", "1e303"}) {
    INFO(text);
    CHECK_FALSE(sd::parse_timespan(text));
  }
  CHECK(sd::parse_timespan("1e3ms") == 1.0);  // an exponent is still a number
  const Json unit = sd::unit_from_properties(
      sd::parse_properties("RestartUSec=inf\nTimeoutStopUSec=1e308y\nTimeoutStartUSec=nan\nRuntimeMaxUSec=infinity\n"));
  CHECK_FALSE(unit.contains("restart_sec"));
  CHECK_FALSE(unit.contains("timeout_stop_sec"));
  CHECK_FALSE(unit.contains("timeout_start_sec"));
  CHECK(unit["runtime_max_sec"] == "infinity");
  CHECK_NOTHROW(unit.dump());
}

TEST_CASE("systemd timestamps: absurd years and fields give no value", "[systemd]") {
  CHECK(sd::parse_timestamp("Thu 1970-01-01 00:00:00 UTC") == 0.0);
  CHECK(sd::parse_timestamp("Fri 9999-12-31 23:59:59 UTC") == 253402300799.0);
  // INT_MIN - 1900 overflowed (UBSan: signed integer overflow) before the year range was checked.
  for (const char* text :
       {"-2147483648-01-01 00:00:00 UTC", "2147483647-01-01 00:00:00 UTC", "10000-01-01 00:00:00 UTC",
        "1969-12-31 23:59:59 UTC", "0-01-01 00:00:00 UTC", "2026-11-22 07:38:nan UTC", "2026-11-22 07:38:inf UTC",
        "2026-11-22 07:38:-1 UTC", "2026-11-22 -1:38:10 UTC", "2026-11-22 07:-5:10 UTC"}) {
    INFO(text);
    CHECK_FALSE(sd::parse_timestamp(text));
  }
  const Json unit = sd::unit_from_properties(sd::parse_properties(
      "ActiveEnterTimestamp=Sun -2147483648-11-22 07:38:10 UTC\nActiveExitTimestamp=Sun 2026-11-22 07:38:10 UTC\n"));
  CHECK(unit["active_enter_timestamp"] == "Sun -2147483648-11-22 07:38:10 UTC");
  CHECK_FALSE(unit.contains("active_enter_time"));
  CHECK(unit["active_exit_time"] == 1795333090.0);
}

TEST_CASE("systemctl show: escapes giving invalid UTF-8 in Environment names and list properties", "[systemd]") {
  // systemctl prints bytes it cannot show as \xNN or octal escapes; a \u escape may name a lone surrogate.
  const std::string text =
      "Environment=\"N\\xffAME=s\\xffcret\" $'\\303\\251T\\351=v' BARE\\xc3\n"
      "Wants=\"a\\xfe.service\" $'\\303\\251.service' \"\\ud800.service\" plain.service\n";
  const Json unit = sd::unit_from_properties(sd::parse_properties(text));
  REQUIRE(unit["environment"].size() == 3);
  CHECK(unit["environment"][0]["name"] == "N\xEF\xBF\xBD" "AME");
  // The value is fingerprinted as the bytes systemd holds, not as repaired text.
  CHECK(unit["environment"][0]["fingerprint"] == fingerprint("s\xff" "cret"));
  CHECK(unit["environment"][1]["name"] == "\xC3\xA9T\xEF\xBF\xBD");  // a valid sequence is kept
  CHECK(unit["environment"][1]["fingerprint"] == fingerprint("v"));
  CHECK(unit["environment"][2] == Json({{"name", "BARE\xEF\xBF\xBD"}}));
  CHECK(unit["wants"] == Json::array({"a\xEF\xBF\xBD.service", "\xC3\xA9.service",
                                      "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD.service", "plain.service"}));
  CHECK_NOTHROW(unit.dump());
}

TEST_CASE("list-units and list-unit-files tables, JSON and plain text", "[systemd]") {
  const auto loaded = sd::parse_list_units_json(
      R"([{"unit":"openclaw-gateway.service","load":"loaded","active":"active","sub":"running","description":"OpenClaw Gateway"}])");
  REQUIRE(loaded);
  CHECK((*loaded)[0] == Json({{"name", "openclaw-gateway.service"}, {"load_state", "loaded"}, {"active_state", "active"},
                              {"sub_state", "running"}, {"description", "OpenClaw Gateway"}}));
  const auto files = sd::parse_list_unit_files_json(R"([{"unit_file":"x.service","state":"masked","preset":null}])");
  REQUIRE(files);
  CHECK((*files)[0] == Json({{"name", "x.service"}, {"unit_file_state", "masked"}}));
  CHECK_FALSE(sd::parse_list_units_json("UNIT LOAD ACTIVE"));

  const Json text = sd::parse_list_units_text(
      "openclaw-gateway.service loaded active running OpenClaw Gateway (v2026.9.6)\n"
      "\xE2\x97\x8F clawdbot-gateway.service loaded failed failed Clawdbot Gateway\nshort line\n");
  REQUIRE(text.size() == 2);
  CHECK(text[0]["description"] == "OpenClaw Gateway (v2026.9.6)");
  CHECK(text[1]["name"] == "clawdbot-gateway.service");
  CHECK(text[1]["active_state"] == "failed");
  const Json file_text = sd::parse_list_unit_files_text("openclaw-gateway.service enabled enabled\nold.service static -\n");
  REQUIRE(file_text.size() == 2);
  CHECK(file_text[0]["preset"] == "enabled");
  CHECK_FALSE(file_text[1].contains("preset"));
}

TEST_CASE("list-units and list-unit-files plain text: every column is valid UTF-8", "[systemd]") {
  const Json units = sd::parse_list_units_text("x.service lo\xff" "aded act\xc3ive ru\xe2\x82nning Desc\xff\n");
  REQUIRE(units.size() == 1);
  CHECK(units[0] == Json({{"name", "x.service"}, {"load_state", "lo\xEF\xBF\xBD" "aded"},
                          {"active_state", "act\xEF\xBF\xBD" "ive"},
                          {"sub_state", "ru\xEF\xBF\xBD\xEF\xBF\xBDnning"}, {"description", "Desc\xEF\xBF\xBD"}}));
  CHECK_NOTHROW(units.dump());
  const Json files = sd::parse_list_unit_files_text("y.service en\xff" "abled pre\xc3set\nz.service \xfe\n");
  REQUIRE(files.size() == 2);
  CHECK(files[0] == Json({{"name", "y.service"}, {"unit_file_state", "en\xEF\xBF\xBD" "abled"},
                          {"preset", "pre\xEF\xBF\xBDset"}}));
  CHECK(files[1] == Json({{"name", "z.service"}, {"unit_file_state", "\xEF\xBF\xBD"}}));
  CHECK_NOTHROW(files.dump());
}

TEST_CASE("journalctl -o json: strings, byte arrays, multi-line, absent MESSAGE, garbage", "[systemd]") {
  // Lines as journalctl writes them: every value a string, or an array of bytes when not printable UTF-8.
  const std::string text =
      R"({"__CURSOR":"s=1;i=1","__REALTIME_TIMESTAMP":"1795333090123456","_PID":"23988","PRIORITY":"6","MESSAGE":"gateway listening on 127.0.0.1:18792","_SYSTEMD_USER_UNIT":"openclaw-gateway.service","SYSLOG_IDENTIFIER":"node"})"
      "\n"
      R"({"__REALTIME_TIMESTAMP":"1795333091000000","_PID":"23988","PRIORITY":"3","MESSAGE":[104,105,255,10,98,121,101]})"
      "\n"
      "not json at all\n"
      R"({"__REALTIME_TIMESTAMP":"1795333092000000","MESSAGE":"first line\nsecond line"})"
      "\n"
      R"({"__REALTIME_TIMESTAMP":"1795333093000000","PRIORITY":"4"})"
      "\n"
      R"({"__REALTIME_TIMESTAMP":"1795333094000000","MESSAGE":["one","two"],"_PID":"x"})"
      "\n"
      R"({"MESSAGE":"truncated line)"
      "\n"
      R"({"__REALTIME_TIMESTAMP":"1795333095000000","MESSAGE":"Start request repeated too quickly.","PRIORITY":"3","_PID":"1"})";
  const Json parsed = sd::parse_journal(text);
  const Json& entries = parsed["entries"];
  CHECK(parsed["skipped"] == 2);
  REQUIRE(entries.size() == 6);
  CHECK(entries[0]["time_us"] == 1795333090123456LL);
  CHECK(entries[0]["time"] == Approx(1795333090.123456));
  CHECK(entries[0]["pid"] == 23988);
  CHECK(entries[0]["priority"] == 6);
  CHECK(entries[0]["priority_name"] == "info");
  CHECK(entries[0]["message"] == "gateway listening on 127.0.0.1:18792");
  CHECK(entries[0]["user_unit"] == "openclaw-gateway.service");
  CHECK(entries[0]["identifier"] == "node");
  CHECK(entries[0]["cursor"] == "s=1;i=1");
  CHECK(entries[1]["message"] == "hi\xEF\xBF\xBD\nbye");  // invalid byte replaced, JSON-safe
  CHECK(entries[1]["priority_name"] == "err");
  CHECK(entries[2]["message"] == "first line\nsecond line");
  CHECK_FALSE(entries[3].contains("message"));
  CHECK(entries[3]["priority_name"] == "warning");
  CHECK(entries[4]["message"] == "one\ntwo");
  CHECK_FALSE(entries[4].contains("pid"));
  CHECK(entries[5]["message"] == "Start request repeated too quickly.");
  CHECK_NOTHROW(parsed.dump());

  const Json capped = sd::parse_journal(R"({"MESSAGE":"0123456789"})", 4);
  CHECK(capped["entries"][0]["message"] == "0123");
  CHECK(capped["entries"][0]["message_truncated"] == true);
  CHECK(sd::parse_journal("")["entries"].empty());
}

TEST_CASE("command runner: exit status, both streams, missing program, deadline kills the process group", "[systemd]") {
  const sd::CommandOutput ok = sd::run_command(command("sh", {"-c", "echo out; echo err >&2; exit 3"}));
  CHECK(ok.status == sd::CommandOutput::Status::exited);
  CHECK(ok.exit_code == 3);
  CHECK(ok.out == "out\n");
  CHECK(ok.err == "err\n");

  const sd::CommandOutput capped =
      sd::run_command(command("sh", {"-c", "head -c 100000 /dev/zero"}, 5s, 1000));
  CHECK(capped.out.size() == 1000);
  CHECK(capped.out_truncated);

  const sd::CommandOutput missing = sd::run_command(command("clawbook-no-such-program"));
  CHECK(missing.status == sd::CommandOutput::Status::not_found);
  CHECK(missing.spawn_error == "clawbook-no-such-program: not found in PATH");

  // A child that spawns a grandchild holding the pipes open, and ignores SIGTERM: the deadline still ends it.
  TempDir dir;
  const std::string pid_file = (dir.path / "grandchild.pid").string();
  const auto started = std::chrono::steady_clock::now();
  const sd::CommandOutput slow = sd::run_command(
      command("sh", {"-c", "trap '' TERM; sleep 30 & echo $! > " + pid_file + "; wait"}, 300ms));
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(slow.status == sd::CommandOutput::Status::timed_out);
  CHECK(elapsed < 2.0);
  const std::string grandchild = read_file(pid_file);
  REQUIRE_FALSE(grandchild.empty());
  const int grandchild_pid = std::stoi(grandchild);
  // Killed with its group: gone, or a zombie waiting for a reaper that is not us.
  for (int i = 0; i < 50 && ::kill(grandchild_pid, 0) == 0; ++i) {
    const std::string stat = read_file("/proc/" + std::to_string(grandchild_pid) + "/stat");
    if (stat.empty() || stat.find(") Z") != std::string::npos) break;
    std::this_thread::sleep_for(20ms);
  }
  const std::string stat = read_file("/proc/" + std::to_string(grandchild_pid) + "/stat");
  CHECK((stat.empty() || stat.find(") Z") != std::string::npos));
}

TEST_CASE("this machine without a systemd manager: classified, real messages, no hang", "[systemd]") {
  if (pid1_is_systemd()) {
    WARN("PID 1 is systemd here: the no-manager behaviour cannot be observed");
    return;
  }
  const auto started = std::chrono::steady_clock::now();

  const Json system_unit = sd::unit("openclaw-gateway.service", scoped(sd::Scope::system));
  CHECK(system_unit["ok"] == false);
  CHECK(system_unit["error"] == "unavailable");
  CHECK(system_unit["reason"] == "not_booted_with_systemd");
  CHECK(system_unit["scope"] == "system");
  CHECK(system_unit["message"].get<std::string>().find(
            "System has not been booted with systemd as init system (PID 1). Can't operate.") != std::string::npos);
  CHECK(system_unit["message"].get<std::string>().find("Failed to connect to bus: Host is down") != std::string::npos);

  const Json user_unit = sd::unit("openclaw-gateway.service", scoped(sd::Scope::user));
  CHECK(user_unit["ok"] == false);
  CHECK(user_unit["error"] == "unavailable");
  CHECK(user_unit["reason"] == "no_bus");
  CHECK(user_unit["message"].get<std::string>().rfind("Failed to connect to bus: ", 0) == 0);

  const Json avail = sd::available({});
  CHECK(avail["ok"] == true);
  CHECK(avail["available"] == false);
  CHECK(avail["system"]["available"] == false);
  CHECK(avail["system"]["reason"] == "not_booted_with_systemd");
  CHECK(avail["user"]["available"] == false);
  CHECK(avail["user"]["reason"] == "no_bus");

  if (!journal_files_exist()) {
    for (sd::Scope scope : {sd::Scope::system, sd::Scope::user}) {
      sd::JournalOptions options;
      options.scope = scope;
      options.lines = 20;
      options.since = "-1h";
      const Json journal = sd::journal("openclaw-gateway.service", options);
      CHECK(journal["ok"] == false);
      CHECK(journal["error"] == "unavailable");
      CHECK(journal["reason"] == "no_journal_files");
      CHECK(journal["message"] == "No journal files were found.");
    }
    CHECK(avail["journal"]["available"] == false);
    CHECK(avail["journal"]["message"] == "No journal files were found.");
  }

  // list-unit-files reads unit files from disk, so units{} still answers from files while the manager is down.
  const Json none = sd::units("openclaw*", {});
  CHECK(none["ok"] == true);
  CHECK(none["units"].empty());
  CHECK(none["scopes"]["system"]["manager"]["available"] == false);
  CHECK(none["scopes"]["system"]["manager"]["reason"] == "not_booted_with_systemd");
  CHECK(none["scopes"]["user"]["manager"]["reason"] == "no_bus");
  CHECK(none["scopes"]["system"]["files"]["available"] == true);

  std::string some_unit;
  for (const auto& entry : std::filesystem::directory_iterator("/lib/systemd/system")) {
    if (entry.path().extension() == ".service" && entry.path().filename().string().find('@') == std::string::npos) {
      some_unit = entry.path().filename().string();
      break;
    }
  }
  if (!some_unit.empty()) {
    const Json found = sd::units(some_unit, {});
    REQUIRE(found["ok"] == true);
    REQUIRE(found["units"].size() >= 1);
    CHECK(found["units"][0]["name"] == some_unit);
    CHECK(found["units"][0]["scope"] == "system");
    CHECK(found["units"][0]["sources"] == Json::array({"file"}));
    CHECK(found["units"][0].contains("unit_file_state"));
  }

  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(elapsed < 10.0);
}

TEST_CASE("a missing or hanging systemctl is classified, never thrown", "[systemd]") {
  const Json by_path = sd::unit("x.service", with_tools("/nonexistent/systemctl"));
  CHECK(by_path["ok"] == false);
  CHECK(by_path["error"] == "unavailable");
  CHECK(by_path["reason"] == "no_systemctl");
  CHECK(by_path["message"] == "/nonexistent/systemctl: not found or not executable");

  const Json by_name = sd::available(with_tools("clawbook-no-systemctl", "clawbook-no-journalctl"));
  CHECK(by_name["system"]["reason"] == "no_systemctl");
  CHECK(by_name["system"]["message"] == "clawbook-no-systemctl: not found in PATH");
  CHECK(by_name["journal"]["reason"] == "no_journalctl");
  sd::JournalOptions no_journalctl;
  no_journalctl.tools.journalctl = "clawbook-no-journalctl";
  CHECK(sd::journal("x", no_journalctl)["reason"] == "no_journalctl");
  const Json units = sd::units("x*", with_tools("clawbook-no-systemctl"));
  CHECK(units["ok"] == false);
  CHECK(units["error"] == "unavailable");

  // A systemctl that never answers (a stand-in script: the real one cannot be made to hang here).
  TempDir dir;
  const auto script = dir.path / "systemctl";
  std::ofstream(script) << "#!/bin/sh\nsleep 30\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  const auto started = std::chrono::steady_clock::now();
  const Json hung = sd::unit("x.service", with_tools(script.string(), "journalctl", 300ms));
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(hung["ok"] == false);
  CHECK(hung["error"] == "timeout");
  CHECK(elapsed < 2.0);
}

// Real outputs of a user manager running the real gateway (tests/fixtures/systemd/real, recorded with
// scripts/peers/systemd.sh): the states the runbooks tell apart, as systemd 252 really prints them.
namespace {
Json real_unit(const char* name) {
  return sd::unit_from_properties(
      sd::parse_properties(read_file(std::filesystem::path(CLAWBOOK_TESTS_DIR) / "fixtures/systemd/real" / name)));
}
}  // namespace

TEST_CASE("systemctl show: real states of the gateway unit from a real user manager", "[systemd]") {
  const Json running = real_unit("show-running.txt");
  CHECK(running["id"] == "openclaw-gateway.service");
  CHECK(running["active_state"] == "active");
  CHECK(running["sub_state"] == "running");
  CHECK(running["main_pid"].get<long long>() > 0);
  CHECK(running["n_restarts"] == 0);
  CHECK(running["restart"] == "always");
  CHECK(running["restart_sec"] == 5.0);
  CHECK(running["restart_prevent_exit_status"] == Json::array({"78"}));
  CHECK(running["start_limit_burst"] == 5);
  CHECK(running["start_limit_interval_sec"] == 60.0);
  CHECK(running["fragment_path"] == "/root/.config/systemd/user/openclaw-gateway.service");
  REQUIRE(running["exec_start"].size() == 1);
  const Json& argv = running["exec_start"][0]["argv"];
  REQUIRE(argv.size() == 5);
  CHECK(argv[2] == "gateway");
  CHECK(argv[3] == "--port");

  // kill -9 of MainPID: the main process is gone and systemd waits RestartSec before the next start.
  const Json killed = real_unit("show-sigkilled-auto-restart.txt");
  CHECK(killed["active_state"] == "activating");
  CHECK(killed["sub_state"] == "auto-restart");
  CHECK(killed["result"] == "signal");
  CHECK(killed["exec_main_status"] == 9);
  CHECK(killed["exec_main_code_name"] == "killed");
  CHECK(killed["main_pid"] == 0);
  CHECK(killed["n_restarts"] == 0);

  const Json restarted = real_unit("show-restarted.txt");
  CHECK(restarted["active_state"] == "active");
  CHECK(restarted["n_restarts"] == 1);
  CHECK(restarted["main_pid"].get<long long>() > 0);
  CHECK(restarted["main_pid"] != running["main_pid"]);

  // The start limit: systemd 252 keeps Result=exit-code, only the journal says "Start request repeated too quickly".
  const Json limited = real_unit("show-start-limit.txt");
  CHECK(limited["active_state"] == "failed");
  CHECK(limited["result"] == "exit-code");
  CHECK(limited["n_restarts"] == 5);
  CHECK(limited["exec_main_status"] == 1);
  CHECK(limited["restart_sec"] == 1.0);

  // A config the gateway refuses: exit 78 (EX_CONFIG) and RestartPreventExitStatus=78 keeps it down.
  const Json refused = real_unit("show-exit-78.txt");
  CHECK(refused["active_state"] == "failed");
  CHECK(refused["exec_main_status"] == 78);
  CHECK(refused["exec_main_code_name"] == "exited");
  CHECK(refused["n_restarts"] == 0);
}

TEST_CASE("journalctl -o json: the real journal of the gateway unit around a SIGKILL and restart", "[systemd]") {
  const Json parsed = sd::parse_journal(
      read_file(std::filesystem::path(CLAWBOOK_TESTS_DIR) / "fixtures/systemd/real/journal-sigkill-restart.jsonl"));
  CHECK(parsed["skipped"] == 0);
  const Json& entries = parsed["entries"];
  REQUIRE(entries.size() == 18);
  // The manager's own lines about the unit come from init.scope; the gateway's output from the unit itself.
  CHECK(entries[0]["user_unit"] == "init.scope");
  CHECK(entries[0]["message"] == "Started openclaw-gateway.service - OpenClaw Gateway (v2026.9.6).");
  CHECK(entries[1]["user_unit"] == "openclaw-gateway.service");
  CHECK(entries[1]["comm"] == "MainThread");
  CHECK(entries[1]["identifier"] == "node");
  bool killed = false, counter = false;
  for (const Json& entry : entries) {
    const std::string message = entry.value("message", "");
    killed = killed || message == "openclaw-gateway.service: Main process exited, code=killed, status=9/KILL";
    counter = counter || message == "openclaw-gateway.service: Scheduled restart job, restart counter is at 1.";
    CHECK(entry["time"].get<double>() > 1.7e9);
  }
  CHECK(killed);
  CHECK(counter);
}
