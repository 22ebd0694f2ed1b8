// Scenario files (lab/scenario_file.cpp): every refusal class with its exact message, the shipped files and the
// docs' examples loaded and served, each field's effect over real loopback sockets, and built-in scenarios
// written as files answering with the same frames as the built-ins.
#include "lab.hpp"
#include "lab/lab_client.hpp"
#include "scenario_file.hpp"
#include "test_paths.hpp"

#include <catch2/catch.hpp>

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using namespace labtest;
using clawbook::lab::Lab;
using clawbook::lab::load_scenario_file;
using clawbook::lab::Options;
using clawbook::lab::parse_scenario;
using clawbook::lab::ScenarioFileError;
using clawbook::lab::ScenarioSpec;

namespace {

constexpr const char* kToken = "lab-test-token-4f7c";
const std::string kScenarios = std::string(CLAWBOOK_SOURCE_DIR) + "/lab/scenarios";

std::string refusal(std::string_view text) {
  try {
    parse_scenario(text);
  } catch (const ScenarioFileError& e) {
    return e.what();
  }
  return "(accepted)";
}

Options file_options(ScenarioSpec spec) {
  Options o;
  o.token = kToken;
  o.hostile_hold = 3000ms;
  o.spec = std::make_shared<const ScenarioSpec>(std::move(spec));
  return o;
}

Options builtin_options(std::string scenario) {
  Options o;
  o.scenario = std::move(scenario);
  o.token = kToken;
  o.hostile_hold = 3000ms;
  return o;
}

struct RunningLab {
  explicit RunningLab(Options options) : lab(std::move(options)) { lab.start(); }
  std::uint16_t port() const { return lab.ports().at(0); }
  Lab lab;
};

std::vector<std::string> shipped_files() {
  std::vector<std::string> files;
  DIR* dir = ::opendir(kScenarios.c_str());
  REQUIRE(dir != nullptr);
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() > 5 && name.substr(name.size() - 5) == ".json") files.push_back(kScenarios + "/" + name);
  }
  ::closedir(dir);
  std::sort(files.begin(), files.end());
  return files;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The ```json blocks of docs/lab.md that are whole scenarios (they start with '{').
std::vector<std::string> doc_examples() {
  const std::string doc = slurp(std::string(CLAWBOOK_SOURCE_DIR) + "/docs/lab.md");
  std::vector<std::string> out;
  for (std::size_t at = doc.find("```json\n"); at != std::string::npos; at = doc.find("```json\n", at + 1)) {
    const std::size_t start = at + 8;
    const std::size_t end = doc.find("```", start);
    if (end == std::string::npos) break;
    out.push_back(doc.substr(start, end - start));
  }
  return out;
}

// Values that differ between two runs of the same scenario (times, ids, ports, sizes) are blanked.
Json normalized(const Json& value, const std::string& key = {}) {
  static const std::set<std::string> volatile_keys{"ts",   "uptimeMs", "durationMs",  "rssBytes",       "pid", "cursor",
                                                   "size", "port",     "lastProbeAt", "degradedSinceMs"};
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : value.items()) out[k] = normalized(v, k);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& v : value) out.push_back(normalized(v, key));
    return out;
  }
  if (value.is_number() &&
      (volatile_keys.count(key) || (value.is_number_integer() && value.get<std::int64_t>() > 100000000000LL)))
    return 0;
  static const std::set<std::string> id_keys{"buildId",           "bootId", "connId", "instanceId", "recoveryScope",
                                             "appliedConfigHash", "hash",   "nonce",  "requestId"};
  if (value.is_string() && id_keys.count(key)) return "<id>";
  if (value.is_string()) {
    static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static const std::regex digits("[0-9]+");
    return std::regex_replace(std::regex_replace(value.get<std::string>(), uuid, "<uuid>"), digits, "#");
  }
  return value;
}

// What a client sees of a gateway: the probes, then a session's frames (challenge, hello or refusal, every read
// method) and how it ended.
struct Transcript {
  std::vector<Json> frames;
  std::optional<unsigned> close_code;
  std::string close_reason;
  bool abnormal = false;
};

Transcript transcript(std::uint16_t port, std::chrono::milliseconds wait_for_end = 1500ms) {
  Transcript t;
  for (const char* path : {"/healthz", "/readyz", "/startupz"}) {
    const auto res = http_request(port, http::verb::get, path);
    t.frames.push_back(Json{{"probe", path}, {"status", res.status}, {"body", normalized(res.json())}});
  }
  WsClient ws(port);
  REQUIRE(ws.upgraded());
  const auto hello = ws.handshake(WsClient::connect_params(kToken));
  if (ws.challenge()) t.frames.push_back(normalized(*ws.challenge()));
  if (hello) {
    t.frames.push_back(normalized(*hello));
    if ((*hello)["ok"] == true && !ws.close_code()) {
      for (const char* method : {"health", "status", "config.get", "system-presence", "channels.status", "logs.tail"}) {
        const auto res = ws.call(method);
        if (!res) break;
        t.frames.push_back(normalized(*res));
      }
      // Then whatever comes until the session ends (or wait_for_end passes); ticks and shutdown events count.
      while (const auto frame = ws.read_json(wait_for_end)) t.frames.push_back(normalized(*frame));
    }
  }
  if (!ws.close_code() && !ws.timed_out()) ws.read_json(wait_for_end);
  t.close_code = ws.close_code();
  t.close_reason = ws.close_reason();
  t.abnormal = ws.abnormal_closure();
  return t;
}

void check_same(const Transcript& builtin, const Transcript& file) {
  REQUIRE(builtin.frames.size() == file.frames.size());
  for (std::size_t i = 0; i < builtin.frames.size(); ++i) {
    INFO("frame " << i);
    CHECK(builtin.frames[i] == file.frames[i]);
  }
  CHECK(builtin.close_code == file.close_code);
  CHECK(builtin.close_reason == file.close_reason);
  CHECK(builtin.abnormal == file.abnormal);
}

ScenarioSpec shipped(const std::string& name) { return load_scenario_file(kScenarios + "/" + name + ".json"); }

}  // namespace

TEST_CASE("scenario files: each refusal class names the field's path", "[lab][scenario-file]") {
  // Not JSON, too deep, duplicate keys, too large: refused while parsing.
  CHECK(refusal("{\"name\": ").rfind("scenario: not valid JSON: parse error at line 1, column ", 0) == 0);
  // Found by scenario_file_fuzz: a number out of double's range threw out_of_range past the reader.
  CHECK(refusal(R"({"protocol": 1e400})") == "scenario: not valid JSON: number overflow parsing '1e400'");
  CHECK(refusal(std::string(40, '[') + std::string(40, ']')) == "scenario: nested deeper than 32 levels");
  CHECK(refusal(R"({"name": "a", "name": "b"})") == "scenario: duplicate key 'name'");
  CHECK(refusal(R"({"timeline": {"silent": {}, "silent": {}}})") == "scenario: duplicate key 'silent'");
  CHECK(refusal(std::string(clawbook::lab::kScenarioFileMaxBytes + 1, ' ')) == "scenario: larger than 1048576 bytes");
  CHECK(refusal("[]") == "scenario: expected an object, got an array");

  // Unknown fields, at the root and deep down.
  CHECK(refusal(R"({"nmae": "x"})").rfind("scenario: unknown field 'nmae' (known: $schema, format, name, ", 0) == 0);
  CHECK(refusal(R"({"handshake": {"close": {"code": 1008, "reson": "x"}, "error": {"code": "X", "message": "m"}}})") ==
        "scenario.handshake.close: unknown field 'reson' (known: code, reason)");
  CHECK(refusal(R"({"methods": {"logs.tail": {"payload": {}, "extra": 1}}})") ==
        "scenario.methods[\"logs.tail\"]: unknown field 'extra' (known: payload, merge, error, delayMs)");

  // Wrong types and values out of range.
  CHECK(refusal(R"({"handshake": {"error": {"code": "X", "message": "m"}, "close": {"code": "x"}}})") ==
        "scenario.handshake.close.code: expected integer 1000-4999, got \"x\"");
  CHECK(refusal(R"({"handshake": {"error": {"code": "X", "message": "m"}, "close": {"code": 1006}}})") ==
        "scenario.handshake.close.code: close code 1006 cannot be sent in a close frame (use 1000-1003, 1007-1014, "
        "3000-4999)");
  CHECK(refusal(R"({"protocol": 5})") == "scenario.protocol: expected integer 3-4, got 5");
  CHECK(refusal(R"({"format": 2})") == "scenario.format: expected 1 (the only format so far), got 2");
  CHECK(refusal(R"({"http": {"readyz": {"status": 99}}})") ==
        "scenario.http.readyz.status: expected an HTTP status 100-599, got 99");
  CHECK(refusal(R"({"http": {"readyz": {"body": {}}}})") == "scenario.http.readyz: missing field 'status'");
  CHECK(refusal(R"({"handshake": {"helloDelayMs": -1}})") ==
        "scenario.handshake.helloDelayMs: expected milliseconds 0-3600000, got -1");
  CHECK(refusal(R"({"handshake": {"hello": {"scopes": ["operator.read", 7]}}})") ==
        "scenario.handshake.hello.scopes[1]: expected a string, got 7");
  CHECK(refusal(R"({"handshake": {"ignoreConnect": "yes"}})") ==
        "scenario.handshake.ignoreConnect: expected true or false, got \"yes\"");
  CHECK(refusal(R"({"eventLoop": {"delayP99Ms": "slow"}})") ==
        "scenario.eventLoop.delayP99Ms: expected a number 0-3600000, got \"slow\"");
  CHECK(refusal(R"({"channels": [{"id": "telegram"}, {"id": "telegram"}]})") ==
        "scenario.channels[1].id: channel \"telegram\" listed twice");
  CHECK(refusal(R"({"logs": [{"level": "LOUD", "message": "x"}]})") ==
        "scenario.logs[0].level: expected \"DEBUG\", \"INFO\", \"WARN\" or \"ERROR\", got \"LOUD\"");
  CHECK(refusal(R"({"base": "nope"})") == "scenario.base: unknown built-in scenario \"nope\" (clawbook lab --list)");
  CHECK(refusal(R"({"name": "two words"})") ==
        "scenario.name: expected letters, digits, '.', '-' or '_' (it is printed in the banner), got \"two words\"");
  CHECK(refusal(R"({"methods": {"Status!": {"payload": {}}}})") ==
        "scenario.methods[\"Status!\"]: not a gateway method name (e.g. \"status\", \"logs.tail\")");
  CHECK(refusal(R"({"methods": {"status": {"error": {"message": "m"}}}})") ==
        "scenario.methods.status.error: missing field 'code' (e.g. \"INVALID_REQUEST\")");

  // Impossible combinations.
  CHECK(refusal(R"({"handshake": {"hello": {"scopes": []}, "error": {"code": "X", "message": "m"}}})") ==
        "scenario.handshake: 'error' refuses every connect, so 'hello' and 'helloDelayMs' can never apply");
  CHECK(refusal(R"({"handshake": {"close": {"code": 1000}}})") ==
        "scenario.handshake.close: a handshake close needs handshake.error (to close after hello-ok, use "
        "timeline.closeAfterHello)");
  CHECK(refusal(R"({"handshake": {"ignoreConnect": true, "error": {"code": "X", "message": "m"}}})") ==
        "scenario.handshake.ignoreConnect: a gateway that ignores connect sends neither hello-ok nor an error");
  CHECK(refusal(R"({"handshake": {"error": {"code": "X", "message": "m"}}, "methods": {"status": {"payload": {}}}})") ==
        "scenario.methods: the handshake never succeeds (handshake.error or handshake.ignoreConnect), so no method "
        "is ever called");
  CHECK(refusal(R"({"handshake": {"ignoreConnect": true}, "timeline": {"closeAfterHello": {"afterMs": 5}}})") ==
        "scenario.timeline.closeAfterHello: the handshake never succeeds (handshake.error or "
        "handshake.ignoreConnect), so there is no hello to count from");
  CHECK(refusal(R"({"timeline": {"closeAfterHello": {}, "dropAfterHello": {}}})") ==
        "scenario.timeline: 'closeAfterHello' and 'dropAfterHello' both end the session: choose one");
  CHECK(refusal(R"({"timeline": {"restart": {"afterMs": 5, "everyMs": 500}}})") ==
        "scenario.timeline.restart: expected exactly one of 'afterMs' (restart once) and 'everyMs' (restart "
        "repeatedly)");
  CHECK(refusal(R"({"timeline": {"restart": {"everyMs": 500, "downMs": 500}}})") ==
        "scenario.timeline.restart.downMs: the gateway must be up between restarts: downMs below everyMs (500)");
  CHECK(refusal(R"({"http": {"readyz": {"status": 200}}, "timeline": {"flapReadyz": {"periodMs": 500}}})") ==
        "scenario.timeline.flapReadyz: conflicts with http.readyz (a fixed /readyz answer cannot flap)");
  CHECK(refusal(R"({"base": "garbage", "methods": {}})") ==
        "scenario.methods: base \"garbage\" never speaks the gateway protocol, so 'methods' cannot apply");
  CHECK(refusal(R"({"methods": {"status": {"payload": {}, "error": {"code": "X", "message": "m"}}}})") ==
        "scenario.methods.status: expected exactly one of 'payload', 'merge', 'error', got 2");
  CHECK(refusal(R"({"methods": {"connect": {"payload": {}}}})") ==
        "scenario.methods.connect: connect is the handshake: use scenario.handshake");

  // A file that cannot be read, and the file's path before every message.
  CHECK_THROWS_WITH(load_scenario_file("/nonexistent/lab.json"), "/nonexistent/lab.json: cannot read the file");
  char dir[] = "/tmp/clawbook-scenario-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  const std::string bad = std::string(dir) + "/bad.json";
  std::ofstream(bad) << R"({"handshake": {"timeoutMs": 0}})";
  CHECK_THROWS_WITH(load_scenario_file(bad),
                    bad + ": scenario.handshake.timeoutMs: expected milliseconds 1-3600000, got 0");
  std::remove(bad.c_str());
  ::rmdir(dir);
}

TEST_CASE("scenario files: every shipped file and every docs example loads and serves", "[lab][scenario-file]") {
  const auto files = shipped_files();
  CHECK(files.size() >= 10);
  std::vector<ScenarioSpec> specs;
  for (const std::string& file : files) {
    INFO(file);
    ScenarioSpec spec;
    REQUIRE_NOTHROW(spec = load_scenario_file(file));
    CHECK(file.find("/" + spec.name + ".json") != std::string::npos);  // the name is the file's stem
    CHECK_FALSE(spec.description.empty());
    specs.push_back(std::move(spec));
  }
  const auto examples = doc_examples();
  CHECK(examples.size() >= 5);
  for (const std::string& text : examples) {
    INFO(text);
    ScenarioSpec spec;
    REQUIRE_NOTHROW(spec = parse_scenario(text, "doc-example"));
    specs.push_back(std::move(spec));
  }
  // Served: a probe answers and a client completes the handshake, or gets the file's refusal.
  for (ScenarioSpec& spec : specs) {
    INFO(spec.name);
    if (spec.silent && spec.silent->after.count() == 0) continue;  // silent from the start: nothing to probe
    const bool hello = spec.says_hello();
    const auto timeout = spec.handshake_timeout;
    const bool slow_hello = spec.hello_delay.count() > 0 || spec.challenge_delay.count() > 0;
    RunningLab running(file_options(std::move(spec)));
    const auto healthz = http_request(running.port(), http::verb::get, "/healthz");
    CHECK(healthz.status >= 200);
    if (slow_hello) continue;
    WsClient ws(running.port());
    REQUIRE(ws.upgraded());
    const auto res = ws.handshake(WsClient::connect_params(kToken));
    if (hello) {
      REQUIRE(res);
      CHECK((*res)["ok"] == true);
    } else if (res) {
      CHECK((*res)["ok"] == false);
    } else {
      CHECK(timeout.has_value());  // ignoreConnect: the handshake timeout closes
    }
  }
}

TEST_CASE("scenario files: probes, handshake and hello-ok fields over real sockets", "[lab][scenario-file]") {
  SECTION("probe answers are the file's status and body") {
    RunningLab running(file_options(parse_scenario(R"({
      "http": {"healthz": {"status": 200, "body": {"ok": true, "status": "live"}},
               "readyz": {"status": 503, "body": {"ready": false, "failing": ["discord"], "uptimeMs": 12}},
               "startupz": {"status": 503, "body": {"ok": false, "status": "draining"}}}})")));
    const auto readyz = http_request(running.port(), http::verb::get, "/readyz");
    CHECK(readyz.status == 503);
    CHECK(readyz.json() == Json{{"ready", false}, {"failing", {"discord"}}, {"uptimeMs", 12}});
    CHECK(readyz.header("Cache-Control") == "no-store");
    const auto startupz = http_request(running.port(), http::verb::get, "/startup");
    CHECK(startupz.status == 503);
    CHECK(startupz.json()["status"] == "draining");
    CHECK(http_request(running.port(), http::verb::get, "/healthz").json()["status"] == "live");
    CHECK(http_request(running.port(), http::verb::post, "/readyz", {}, "{}").status == 405);  // still the gateway
  }
  SECTION("a handshake error with details, close code and reason") {
    RunningLab running(file_options(parse_scenario(R"({
      "handshake": {"error": {"code": "NOT_PAIRED", "message": "pairing required",
                              "details": {"code": "PAIRING_REQUIRED", "requestId": "req-1"}, "retryable": false},
                    "close": {"code": 4008, "reason": "pairing required"}}})")));
    WsClient ws(running.port());
    const auto res = ws.handshake(WsClient::connect_params(kToken));
    REQUIRE(res);
    CHECK((*res)["ok"] == false);
    CHECK((*res)["error"] == Json{{"code", "NOT_PAIRED"},
                                  {"message", "pairing required"},
                                  {"details", {{"code", "PAIRING_REQUIRED"}, {"requestId", "req-1"}}},
                                  {"retryable", false}});
    CHECK_FALSE(ws.read_json(3s));
    REQUIRE(ws.close_code());
    CHECK(*ws.close_code() == 4008);
    CHECK(ws.close_reason() == "pairing required");
  }
  SECTION("hello-ok: version, protocol, scopes, role, policy, merge; ticks at the file's interval") {
    RunningLab running(file_options(parse_scenario(R"({
      "version": "2026.3.13", "protocol": 3,
      "handshake": {"hello": {"scopes": ["operator.read"], "policy": {"tickIntervalMs": 300, "maxPayload": 1048576},
                              "merge": {"canvasHostUrl": null, "server": {"lab": "yes"}}}}})")));
    WsClient ws(running.port());
    const auto hello = ws.handshake(WsClient::connect_params(kToken, {{"scopes", Json::array()}}));
    REQUIRE(hello);
    const Json& payload = (*hello)["payload"];
    CHECK(payload["protocol"] == 3);
    CHECK(payload["server"]["version"] == "2026.3.13");
    CHECK(payload["server"]["lab"] == "yes");
    CHECK_FALSE(payload.contains("canvasHostUrl"));
    CHECK(payload["policy"]["tickIntervalMs"] == 300);
    CHECK(payload["policy"]["maxPayload"] == 1048576);
    const auto tick = ws.read_json(3s);
    REQUIRE(tick);
    CHECK((*tick)["event"] == "tick");
    // The granted scope lets status through although the client asked for none.
    const auto status = ws.call("status");
    REQUIRE(status);
    CHECK((*status)["ok"] == true);
    CHECK((*status)["payload"]["runtimeVersion"] == "2026.3.13");
    CHECK(http_request(running.port(), http::verb::get, "/startupz").json()["version"] == "2026.3.13");
  }
  SECTION("a hello slower than the handshake deadline: close 1000, empty reason, no hello") {
    ScenarioSpec spec = shipped("incident-handshake-deadline");
    spec.handshake_timeout = 500ms;
    spec.hello_delay = 1500ms;
    RunningLab running(file_options(std::move(spec)));
    WsClient ws(running.port());
    const auto res = ws.handshake(WsClient::connect_params(kToken));
    REQUIRE(ws.challenge());
    CHECK_FALSE(res);
    REQUIRE(ws.close_code());
    CHECK(*ws.close_code() == 1000);
    CHECK(ws.close_reason().empty());
  }
  SECTION("a challenge slower than the deadline: closed before any frame") {
    RunningLab running(file_options(parse_scenario(R"({"handshake": {"challengeDelayMs": 2000, "timeoutMs": 300}})")));
    WsClient ws(running.port());
    REQUIRE(ws.upgraded());
    CHECK_FALSE(ws.read_json(3s));
    REQUIRE(ws.close_code());
    CHECK(*ws.close_code() == 1000);
  }
}

TEST_CASE("scenario files: method replies, channels, logs and the event loop", "[lab][scenario-file]") {
  RunningLab running(file_options(parse_scenario(R"json({
    "eventLoop": {"degraded": true, "reasons": ["event_loop_delay"], "delayP99Ms": 850.5, "delayMaxMs": 2400},
    "channels": [{"id": "telegram", "label": "Telegram", "failing": true,
                  "account": {"connected": false, "lastError": "Call to 'getMe' failed! (401: Unauthorized)"},
                  "probe": {"ok": false, "status": 401}}],
    "logs": [{"agoMs": 60000, "level": "ERROR", "subsystem": "gateway/channels/telegram", "message": "channel exited"}],
    "methods": {
      "status": {"error": {"code": "INVALID_REQUEST", "message": "missing scope: operator.read"}},
      "config.get": {"payload": {"path": "/etc/openclaw.json", "valid": false}},
      "health": {"merge": {"heartbeatSeconds": null, "lab": 1}},
      "sessions.list": {"payload": {"sessions": []}}
    }})json")));
  WsClient ws(running.port());
  const auto hello = ws.handshake(WsClient::connect_params(kToken));
  REQUIRE(hello);
  const Json methods = (*hello)["payload"]["features"]["methods"];
  CHECK(std::find(methods.begin(), methods.end(), "sessions.list") != methods.end());

  const auto status = ws.call("status");
  REQUIRE(status);
  CHECK((*status)["ok"] == false);
  CHECK((*status)["error"] == Json{{"code", "INVALID_REQUEST"}, {"message", "missing scope: operator.read"}});
  CHECK((*ws.call("config.get"))["payload"] == Json{{"path", "/etc/openclaw.json"}, {"valid", false}});
  CHECK((*ws.call("sessions.list"))["payload"] == Json{{"sessions", Json::array()}});

  const auto health = ws.call("health");
  REQUIRE(health);
  const Json& h = (*health)["payload"];
  CHECK(h["lab"] == 1);
  CHECK_FALSE(h.contains("heartbeatSeconds"));
  CHECK(h["eventLoop"]["degraded"] == true);
  CHECK(h["eventLoop"]["delayP99Ms"] == 850.5);
  CHECK(h["eventLoop"]["delayMaxMs"] == 2400);
  CHECK(h["eventLoop"]["reasons"] == Json{"event_loop_delay"});
  CHECK(h["eventLoop"]["degradedSinceMs"].is_number_integer());
  CHECK(h["channels"]["telegram"]["lastError"] == "Call to 'getMe' failed! (401: Unauthorized)");
  CHECK(h["channels"]["telegram"]["connected"] == false);
  CHECK(h["channels"]["telegram"]["accounts"]["default"]["accountId"] == "default");
  CHECK(h["channelOrder"] == Json{"telegram"});

  const auto channels = ws.call("channels.status", {{"probe", true}});
  REQUIRE(channels);
  CHECK((*channels)["payload"]["channelAccounts"]["telegram"][0]["probe"]["status"] == 401);
  CHECK((*channels)["payload"]["eventLoop"]["delayP99Ms"] == 850.5);

  const auto logs = ws.call("logs.tail");
  REQUIRE(logs);
  bool found = false;
  for (const Json& line : (*logs)["payload"]["lines"]) {
    const Json parsed = Json::parse(line.get<std::string>());
    if (parsed["1"] == "channel exited") found = parsed["_meta"]["logLevelName"] == "ERROR";
  }
  CHECK(found);

  const auto readyz = http_request(running.port(), http::verb::get, "/readyz");
  CHECK(readyz.status == 503);
  CHECK(readyz.json()["failing"] == Json{"telegram"});
}

TEST_CASE("scenario files: an account's time fields relative to each answer", "[lab][scenario-file]") {
  CHECK(refusal(R"({"channels": [{"id": "slack", "account": {"lastInboundAt": {"ago": 5}}}]})") ==
        "scenario.channels[0].account.lastInboundAt: unknown field 'ago' (known: agoMs)");
  CHECK(refusal(R"({"channels": [{"id": "slack", "account": {"lastInboundAt": {}}}]})") ==
        "scenario.channels[0].account.lastInboundAt: missing field 'agoMs' (a time relative to the answer)");
  CHECK(refusal(R"({"channels": [{"id": "slack", "account": {"lastInboundAt": {"agoMs": -1}}}]})") ==
        "scenario.channels[0].account.lastInboundAt.agoMs: expected milliseconds 0-31536000000, got -1");
  // An object in a field that is not a time stays as written (lastDisconnect is one).
  CHECK(refusal(R"({"channels": [{"id": "slack", "account": {"lastDisconnect": {"error": "x"}}}]})") == "(accepted)");

  RunningLab running(file_options(parse_scenario(R"json({
    "channels": [{"id": "slack", "account": {"mode": "socket", "lastConnectedAt": {"agoMs": 28800000},
                                             "lastOutboundAt": {"agoMs": 600000}, "lastInboundAt": null,
                                             "lastDisconnect": {"error": "x"}}}]})json")));
  WsClient ws(running.port());
  REQUIRE(ws.handshake(WsClient::connect_params(kToken)));
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto channels = ws.call("channels.status");
  REQUIRE(channels);
  const Json& account = (*channels)["payload"]["channelAccounts"]["slack"][0];
  INFO(account.dump());
  REQUIRE(account["lastConnectedAt"].is_number_integer());
  const auto connected_ago = before - account["lastConnectedAt"].get<std::int64_t>();
  CHECK(connected_ago >= 28'800'000 - 60'000);
  CHECK(connected_ago <= 28'800'000 + 60'000);
  CHECK(account["lastOutboundAt"].get<std::int64_t>() > account["lastConnectedAt"].get<std::int64_t>());
  CHECK(account["lastInboundAt"].is_null());
  CHECK(account["lastDisconnect"] == Json{{"error", "x"}});
}

TEST_CASE("scenario files: timed behaviour after hello and over the lab's life", "[lab][scenario-file]") {
  SECTION("closeAfterHello with a code and reason") {
    RunningLab running(file_options(
        parse_scenario(R"({"timeline": {"closeAfterHello": {"afterMs": 300, "code": 4000, "reason": "bye"}}})")));
    WsClient ws(running.port());
    REQUIRE(ws.handshake(WsClient::connect_params(kToken)));
    CHECK((*ws.call("health"))["ok"] == true);  // the session works until then
    CHECK_FALSE(ws.read_json(3s));
    REQUIRE(ws.close_code());
    CHECK(*ws.close_code() == 4000);
    CHECK(ws.close_reason() == "bye");
  }
  SECTION("dropAfterHello: no close frame") {
    RunningLab running(file_options(parse_scenario(R"({"timeline": {"dropAfterHello": {"afterMs": 300}}})")));
    WsClient ws(running.port());
    REQUIRE(ws.handshake(WsClient::connect_params(kToken)));
    CHECK_FALSE(ws.read_json(3s));
    CHECK(ws.abnormal_closure());
  }
  SECTION("restart: shutdown event, the file's close, reset while down, then a new bootId") {
    RunningLab running(
        file_options(parse_scenario(R"({"timeline": {"restart": {"afterMs": 600, "downMs": 1500, "code": 1012}}})")));
    WsClient ws(running.port());
    const auto first = ws.handshake(WsClient::connect_params(kToken));
    REQUIRE(first);
    const std::string boot = (*first)["payload"]["server"]["bootId"];
    const auto shutdown = ws.read_json(3s);
    REQUIRE(shutdown);
    CHECK((*shutdown)["event"] == "shutdown");
    CHECK((*shutdown)["payload"]["restartExpectedMs"] == 1500);
    CHECK_FALSE(ws.read_json(3s));
    REQUIRE(ws.close_code());
    CHECK(*ws.close_code() == 1012);
    CHECK(ws.close_reason() == "service restart");
    // Down: the connection is reset before any answer.
    CHECK(http_request(running.port(), http::verb::get, "/healthz").status == 0);
    std::this_thread::sleep_for(1800ms);
    WsClient again(running.port());
    const auto second = again.handshake(WsClient::connect_params(kToken));
    REQUIRE(second);
    CHECK((*second)["payload"]["server"]["bootId"] != boot);
    CHECK_FALSE(again.read_json(1500ms));  // once: no second restart
    CHECK(again.timed_out());
  }
  SECTION("silent for a window: accepted, unanswered, then answering again") {
    RunningLab running(file_options(parse_scenario(R"({"timeline": {"silent": {"afterMs": 0, "forMs": 3000}}})")));
    const auto hung = http_request(running.port(), http::verb::get, "/healthz", {}, {}, 800ms);
    CHECK(hung.status == 0);
    CHECK(hung.error == "timeout");
    WsClient ws(running.port(), {}, "/", 500ms);
    CHECK_FALSE(ws.upgraded());
    CHECK(ws.timed_out());
    std::this_thread::sleep_for(2500ms);  // well past the window
    CHECK(http_request(running.port(), http::verb::get, "/healthz").status == 200);
  }
  SECTION("flapReadyz with the file's channels") {
    RunningLab running(file_options(
        parse_scenario(R"({"timeline": {"flapReadyz": {"periodMs": 1000, "failing": ["whatsapp", "discord"]}}})")));
    CHECK(http_request(running.port(), http::verb::get, "/readyz").status == 200);
    std::this_thread::sleep_for(1400ms);
    const auto down = http_request(running.port(), http::verb::get, "/readyz");
    CHECK(down.status == 503);
    CHECK(down.json()["failing"] == Json{"whatsapp", "discord"});
  }
}

TEST_CASE("scenario files: built-ins written as files answer with the built-ins' frames", "[lab][scenario-file]") {
  for (const char* name : {"missing-scope", "closed-1000-after-hello", "token-mismatch", "handshake-timeout"}) {
    INFO(name);
    RunningLab builtin(builtin_options(name));
    RunningLab file(file_options(shipped(name)));
    const Transcript a = transcript(builtin.port(), 3s);
    const Transcript b = transcript(file.port(), 3s);
    CHECK(a.frames.size() >= 4);
    check_same(a, b);
  }
  SECTION("idle-close, restart-loop: the shipped files with their period shortened") {
    for (const char* name : {"idle-close", "restart-loop"}) {
      INFO(name);
      Options o = builtin_options(name);
      o.period = 1200ms;
      ScenarioSpec spec = shipped(name);
      if (spec.drop_after_hello) spec.drop_after_hello = 1200ms;
      if (spec.restart) spec.restart->every = 1200ms;
      RunningLab builtin(std::move(o));
      RunningLab file(file_options(std::move(spec)));
      const Transcript a = transcript(builtin.port(), 3s);
      const Transcript b = transcript(file.port(), 3s);
      check_same(a, b);
      CHECK((a.close_code.has_value() || a.abnormal));
    }
  }
  SECTION("flap-readyz: the same /readyz answers, up then down") {
    Options o = builtin_options("flap-readyz");
    o.period = 1000ms;
    ScenarioSpec spec = shipped("flap-readyz");
    spec.flap_readyz->period = 1000ms;
    RunningLab builtin(std::move(o));
    RunningLab file(file_options(std::move(spec)));
    for (int phase = 0; phase < 2; ++phase) {
      const auto a = http_request(builtin.port(), http::verb::get, "/readyz");
      const auto b = http_request(file.port(), http::verb::get, "/readyz");
      CHECK(a.status == (phase == 0 ? 200 : 503));
      CHECK(a.status == b.status);
      CHECK(normalized(a.json()) == normalized(b.json()));
      std::this_thread::sleep_for(1400ms);
    }
  }
}
