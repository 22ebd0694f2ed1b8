// The signature catalog (runbooks/lib/signatures.lua) classifies every message quoted in the seed articles and
// in PROTOCOL.md: each quote below is copied verbatim from those documents (or from the recorded real log).
#include "log/scan.hpp"

#include <catch2/catch.hpp>
#include <lua.hpp>

#include <fstream>
#include <set>
#include "test_paths.hpp"

namespace logscan = clawbook::logscan;
using Json = nlohmann::json;

namespace {

// Plain Lua data -> JSON (sequences become arrays).
Json to_json(lua_State* L, int index) {
  index = lua_absindex(L, index);
  switch (lua_type(L, index)) {
    case LUA_TSTRING:
      return lua_tostring(L, index);
    case LUA_TNUMBER:
      return lua_tonumber(L, index);
    case LUA_TBOOLEAN:
      return static_cast<bool>(lua_toboolean(L, index));
    case LUA_TTABLE: {
      const lua_Unsigned length = lua_rawlen(L, index);
      Json out = length > 0 ? Json::array() : Json::object();
      if (length > 0) {
        for (lua_Unsigned i = 1; i <= length; ++i) {
          lua_rawgeti(L, index, static_cast<lua_Integer>(i));
          out.push_back(to_json(L, -1));
          lua_pop(L, 1);
        }
        return out;
      }
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        out[lua_tostring(L, -2)] = to_json(L, -1);
        lua_pop(L, 1);
      }
      return out;
    }
    default:
      return nullptr;
  }
}

Json load_data(const std::string& relative);

Json load_catalog() { return load_data("lib/signatures.lua"); }

Json load_data(const std::string& relative) {
  lua_State* L = luaL_newstate();
  const std::string path = std::string(CLAWBOOK_SOURCE_DIR) + "/runbooks/" + relative;
  // Data only: loaded without any standard library.
  const int status = luaL_dofile(L, path.c_str());
  INFO((status == LUA_OK ? "" : lua_tostring(L, -1)));
  REQUIRE(status == LUA_OK);
  Json data = to_json(L, -1);
  lua_close(L);
  return data;
}

// Every id of the finding catalog (runbooks/knowledge/: index.lua names the area files).
std::set<std::string> catalog_finding_ids() {
  std::set<std::string> ids;
  const Json index = load_data("knowledge/index.lua");
  for (const auto& area : index["areas"]) {
    const Json entries = load_data("knowledge/" + area.get<std::string>() + ".lua");
    for (const auto& entry : entries) ids.insert(entry["id"].get<std::string>());
  }
  REQUIRE(ids.size() >= 50);
  return ids;
}

struct Quote {
  const char* text;
  const char* finding;  // the finding at least one matching signature must name
};

// Verbatim quotes. [P] PROTOCOL.md, [S] seeds 000-004, [R] the recorded real gateway log, [K]/[D] kernel/systemd.
const Quote kQuotes[] = {
    // Start-up [P]
    {"refusing to bind gateway to 0.0.0.0:18789 without auth (set gateway.auth.token/password, or set "
     "OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD)", "gateway.bind-without-auth"},
    {"refusing to bind gateway ... without auth", "gateway.bind-without-auth"},  // [S] 003 table
    {"non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins), or set "
     "gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true to use Host-header origin fallback mode",
     "auth.origin-not-allowed"},
    {"tailscale funnel requires gateway auth mode=password", "config.invalid"},
    {"tailscale serve/funnel requires gateway bind=loopback (127.0.0.1)", "config.invalid"},
    {"gateway auth mode=trusted-proxy requires gateway.trustedProxies", "config.invalid"},
    {"another gateway instance is already listening on ws://127.0.0.1:18789", "gateway.duplicate-instance"},
    {"EADDRINUSE / another gateway instance is already listening", "gateway.port-conflict"},  // [S] 003
    {"Error: listen EADDRINUSE: address already in use 127.0.0.1:18789", "gateway.port-conflict"},
    {"failed to bind gateway socket on ws://10.0.0.5:18789: Error: listen EADDRNOTAVAIL", "gateway.not-running"},
    {"gateway already running (pid 4242); lock timeout after 5000ms", "gateway.duplicate-instance"},
    {"Missing config. Run `openclaw setup` or set gateway.mode=local (or pass --allow-unconfigured).",
     "gateway.missing-config"},
    {"missing config: run openclaw setup or set gateway.mode=local", "gateway.missing-config"},  // [S] 004
    {"Gateway start blocked: existing config is missing gateway.mode. Treat this as suspicious or clobbered config.",
     "gateway.mode-unset"},
    {"Gateway start blocked: set gateway.mode=local (current: remote) or pass --allow-unconfigured.",
     "gateway.mode-unset"},
    // [S] 004: every gateway.mode variant
    {"gateway start blocked: set gateway.mode=local (current: unset)", "gateway.mode-unset"},
    {"gateway start blocked: set gateway.mode=local --allow-unconfigured", "gateway.mode-unset"},
    {"gateway.mode unset — gateway start will be blocked", "gateway.mode-unset"},
    {"gateway.mode is unset", "gateway.mode-unset"},
    {"ERROR: gateway.mode not configured. Run openclaw setup or set", "gateway.mode-unset"},
    {"gateway start blocked: gateway.mode is unset — expected local, remote, or hybrid", "gateway.mode-unset"},
    {"[gateway] start blocked — config key gateway.mode has no value", "gateway.mode-unset"},
    {"OpenClaw: access not configured.", "gateway.mode-unset"},
    {"Error: web login provider is not available.", "gateway.mode-unset"},
    {"Gateway failed to start: Error: boom", "gateway.not-running"},
    // [S] 004 not ready
    {"gateway did not become ready", "gateway.starting"},
    {"Error: gateway did not become ready within 60s", "gateway.starting"},
    {"gateway startup timeout — did not become ready", "gateway.starting"},
    {"[entrypoint] gateway did not become ready in time", "gateway.starting"},
    {"timeout waiting for gateway: did not become ready", "gateway.starting"},
    {"FAIL: gateway health check failed — not ready", "gateway.starting"},
    {"gateway starting; retry shortly", "gateway.starting"},  // [P] UNAVAILABLE
    // Config [S] 003
    {"Config auto-restored from last-known-good", "config.rejected-files"},
    {".rejected.* files appear next to openclaw.json", "config.rejected-files"},
    // WebSocket [S] 002 / [P]
    {"[ws] handshake timeout conn=24f73c4b-bb95-43d8-a9be-6f6f2a15091a remote=127.0.0.1", "ws.handshake-timeout"},
    {"[ws] closed before connect conn=24f73c4b-bb95-43d8-a9be-6f6f2a15091a remote=127.0.0.1 fwd=n/a origin=n/a "
     "host=127.0.0.1:18789 ua=n/a code=1000 reason=n/a", "ws.handshake-timeout"},
    {"Error: gateway closed (1000 normal closure): no close reason", "ws.handshake-timeout"},
    {"gateway connect failed: Error: gateway closed (1000):", "ws.handshake-timeout"},
    {"gateway closed (1006 abnormal closure (no close frame))", "ws.abnormal-close"},
    {"disconnected (4008): connect failed", "ws.abnormal-close"},
    {"WebSocket closed with code 4008", "ws.abnormal-close"},
    {"connection closed: 4008", "ws.abnormal-close"},
    {"TUI gateway disconnected — closed idle.", "ws.abnormal-close"},
    {"[ws] ⇄ res ✗ status 1ms errorCode=INVALID_REQUEST errorMessage=missing scope: operator.read "
     "conn=2ca83214…deeb id=0b3ef1eb…28da", "scope.missing-operator-read"},
    {"Gateway | local · ws://127.0.0.1:18789 (local loopback) · unreachable (missing scope: operator.read)",
     "scope.missing-operator-read"},
    // Auth [S] 001/003/004, [P]
    {"unauthorized: gateway token mismatch (provide gateway auth token)", "auth.token-mismatch"},
    {"AUTH_TOKEN_MISMATCH", "auth.token-mismatch"},
    {"AUTH_TOKEN_MISSING", "auth.token-missing"},
    {"gateway token missing", "auth.token-missing"},
    {"device token mismatch", "auth.device-token-mismatch"},
    {"connect failed: device token mismatch", "auth.device-token-mismatch"},
    {"disconnected (4008): connect failed — device token mismatch", "auth.device-token-mismatch"},
    {"openclaw gateway device token mismatch", "auth.device-token-mismatch"},
    {"Error: device token mismatch — please re-pair this device", "auth.device-token-mismatch"},
    {"WebSocket connection failed: device token mismatch", "auth.device-token-mismatch"},
    {"connect failed (4008): device identity rejected", "auth.device-token-mismatch"},
    {"disconnected (4008): device identity rejected", "auth.device-token-mismatch"},
    {"AUTH_DEVICE_TOKEN_MISMATCH", "auth.device-token-mismatch"},
    {"disconnected (1008): pairing required", "auth.pairing-required"},
    {"pairing required", "auth.pairing-required"},
    {"device not paired — approve this device to connect", "auth.pairing-required"},
    {"new device detected — waiting for approval", "auth.pairing-required"},
    {"[gateway] pairing request from device DEVICE_ID", "auth.pairing-required"},
    {"Telegram pairing required — approve code XXXXXX", "auth.pairing-required"},
    {"PAIRING_REQUIRED", "auth.pairing-required"},
    {"Error: device identity required", "auth.device-identity-required"},
    {"Device identity required.", "auth.device-identity-required"},
    {"control ui requires device identity (use HTTPS or localhost secure context)", "auth.device-identity-required"},
    {"origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)",
     "auth.origin-not-allowed"},
    {"Too many failed authentication attempts. Please try again later.", "auth.rate-limited"},
    {"gateway auth changed", "auth.token-drift"},
    {"protocol mismatch conn=e82da314 client=cli cli v0.0.1-probe min=99 max=99 expected=4 probeMin=3",
     "protocol.mismatch"},
    {"Proxy headers detected from untrusted address", "proxy.untrusted-forwarded-headers"},
    {"Loopback connection with non-local Host header. Treating it as remote.", "proxy.untrusted-forwarded-headers"},
    // Client side [S] 004
    {"Error: connect ECONNREFUSED 127.0.0.1:3001", "gateway.not-running"},
    {"connect failed: connection refused", "gateway.not-running"},
    {"WebSocket connection to 'ws://localhost:3001' failed", "gateway.not-running"},
    {"openclaw connection error: gateway unreachable", "gateway.not-running"},
    {"failed to connect to gateway at localhost:3001", "gateway.not-running"},
    {"send failed: gateway not connected", "channel.send-while-disconnected"},
    {"Error: send failed — gateway not connected", "channel.send-while-disconnected"},
    {"[telegram] send failed: gateway not connected", "channel.send-while-disconnected"},
    {"Error: cannot send — no active gateway connection", "gateway.not-running"},
    // Models [S] 003
    {"messages[...].content: invalid type: sequence, expected a string", "model.requires-string-content"},
    {"HTTP 429: rate_limit_error: Extra usage is required for long context requests", "model.long-context-rejected"},
    // Crashes [K] [D] [S]
    {"Out of memory: Killed process 4242 (node) total-vm:1234567kB, anon-rss:812000kB", "gateway.crashed"},
    {"Memory cgroup out of memory: Killed process 77 (openclaw-gatewa)", "gateway.crashed"},
    {"openclaw-gateway.service: A process of this unit has been killed by the OOM killer.", "gateway.crashed"},
    {"openclaw-gateway.service: Failed with result 'oom-kill'.", "gateway.crashed"},
    {"FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "gateway.crashed"},
    {"Killed", "gateway.crashed"},
    {"openclaw-gateway.service: Main process exited, code=killed, status=9/KILL", "gateway.crashed"},
    {"Main process exited, code=exited, status=1/FAILURE", "systemd.unit-failed"},
    {"Failed with result 'exit-code'", "systemd.unit-failed"},
    {"openclaw-gateway.service: Start request repeated too quickly.", "systemd.start-limit-hit"},
    {"openclaw-gateway.service: Scheduled restart job, restart counter is at 5.", "systemd.crash-loop"},
    {"openclaw-gateway.service: Main process exited, code=exited, status=78/CONFIG", "systemd.unit-failed"},
};

}  // namespace

TEST_CASE("the signature catalog is well-formed data", "[log][signatures]") {
  const Json catalog = load_catalog();
  REQUIRE(catalog.is_array());
  REQUIRE(catalog.size() >= 30);
  const auto findings = catalog_finding_ids();
  std::set<std::string> ids;
  for (const auto& entry : catalog) {
    INFO(entry.dump());
    REQUIRE(entry["id"].is_string());
    CHECK(ids.insert(entry["id"].get<std::string>()).second);  // unique
    CHECK(entry["cause"].is_string());
    CHECK(std::set<std::string>{"critical", "high", "medium", "low", "info"}.count(entry["severity"].get<std::string>()));
    CHECK(findings.count(entry["finding"].get<std::string>()) == 1);
    CHECK((entry.contains("match") || entry.contains("regex")));
  }
  // log.scan accepts the catalog as is.
  CHECK(logscan::compile_patterns(catalog).size() == catalog.size());
}

TEST_CASE("every quoted message is classified with the right finding", "[log][signatures]") {
  const auto patterns = logscan::compile_patterns(load_catalog());
  for (const auto& quote : kQuotes) {
    const auto result = logscan::scan_lines({quote.text}, patterns, {});
    std::set<std::string> found;
    for (const auto& match : result["matches"]) found.insert(match.value("finding", ""));
    INFO(quote.text);
    INFO("findings: " << Json(found).dump());
    CHECK(found.count(quote.finding) == 1);
  }
}

TEST_CASE("the catalog on the real gateway log", "[log][signatures]") {
  std::ifstream in(std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/openclaw/captures/ws-logs.tail.json");
  const auto lines = Json::parse(in)["payload"]["lines"].get<std::vector<std::string>>();
  const auto result = logscan::scan_lines(lines, logscan::compile_patterns(load_catalog()), {});
  const Json& counts = result["counts"];
  CHECK(counts.value("ws.handshake-timeout", 0) >= 1);
  CHECK(counts.value("auth.token-mismatch", 0) == 1);
  CHECK(counts.value("protocol.mismatch", 0) >= 1);
  CHECK(counts.value("auth.device-identity-required", 0) == 1);
  // Normal start-up lines classify as nothing.
  for (const auto& match : result["matches"]) {
    const std::string message = match["message"];
    CHECK(message.find("gateway ready") == std::string::npos);
    CHECK(message.find("loading configuration") == std::string::npos);
  }
}
