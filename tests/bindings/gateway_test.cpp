// Lua-level tests of the `gateway` module, through the clawbook binary (as a user runs it), against
// `clawbook lab` gateways started as separate processes.
#include "run_binary.hpp"

#include <boost/asio.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <map>
#include <thread>
#include "test_paths.hpp"

using Json = nlohmann::json;

namespace {

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
  Json report;         // the JSON report, or null
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clawbook-gw-lua-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::string path_;
};

// A runbook with one step "check" around `body` (Lua statements with `step` and `params` in scope).
std::string runbook_with(const std::string& capabilities, const std::string& params, const std::string& body) {
  return "return {\n  id = \"test.gateway\", version = \"1.0.0\", engine = \"^1\", title = \"gateway test\",\n"
         "  summary = \"Lua-level test of the gateway module.\", capabilities = {" + capabilities + "},\n"
         "  params = {" + params + "},\n"
         "  run = function(ctx, params)\n    ctx:step(\"check\", function(step)\n" + body +
         "\n      step:pass(\"done\")\n    end)\n  end,\n}\n";
}

RunResult run_runbook(const TempDir& dir, const std::string& name, const std::string& lua,
                      const std::map<std::string, std::string>& params = {}) {
  std::vector<std::string> args = {"run", dir.write(name + ".lua", lua), "--format", "json"};
  for (const auto& [key, value] : params) {
    args.push_back("--param");
    args.push_back(key + "=" + value);
  }
  const auto outcome = clawbook::test::run_clawbook(args);
  RunResult result{outcome.code, outcome.out + outcome.err, nullptr};
  result.report = Json::parse(outcome.out, nullptr, false);
  if (result.report.is_discarded()) result.report = nullptr;
  return result;
}

Json evidence(const RunResult& run, const std::string& title, const std::string& key) {
  if (!run.report.is_object() || !run.report.contains("steps")) return nullptr;
  for (const auto& step : run.report["steps"])
    if (step.value("title", "") == title && step.contains("evidence") && step["evidence"].contains(key))
      return step["evidence"][key];
  return nullptr;
}

const std::string kToken = "lua-test-token-0123456789";

unsigned short unused_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

bool port_open(unsigned short port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  return !ec;
}

// `clawbook lab --scenario NAME --port P --token T`, stopped by PID when the object goes away.
class Lab {
 public:
  explicit Lab(const std::string& scenario) : port_(unused_port()) {
    std::vector<std::string> args = {CLAWBOOK_BINARY, "lab",    "--scenario",         scenario,
                                     "--port",        std::to_string(port_), "--token", kToken};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;  // the lab runs beside the test; its output is not needed
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawn(&pid_, CLAWBOOK_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) pid_ = 0;
    for (int i = 0; i < 100 && pid_ > 0 && !port_open(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;
  ~Lab() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  bool running() const { return pid_ > 0 && port_open(port_); }
  std::string http() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string ws() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  unsigned short port() const { return port_; }

 private:
  unsigned short port_;
  pid_t pid_ = 0;
};

RunResult run_gateway_runbook(const TempDir& dir, const std::string& body,
                              const std::map<std::string, std::string>& params) {
  return run_runbook(dir, "gw",
                     runbook_with("\"net\"", "url = { type = \"string\" }, http = { type = \"string\" }, "
                                             "token = { type = \"string\", secret = true }",
                                  body),
                     params);
}

}  // namespace

TEST_CASE("gateway.connect + session:call + session:close against the lab", "[lua][gateway]") {
  Lab lab("healthy");
  REQUIRE(lab.running());
  TempDir dir;
  const auto run = run_gateway_runbook(
      dir,
      "local s = gateway.connect(params.url, { token = params.token, timeout = 5 })\n"
      "step:evidence('ok', s.ok)\n"
      "step:evidence('protocol', s.protocol)\n"
      "step:evidence('role', s.role)\n"
      "step:evidence('has_health', s.methods[1] == 'health')\n"
      "step:evidence('fingerprint', s.token_fingerprint)\n"
      "local h = s:call('health', {}, { timeout = 5 })\n"
      "step:evidence('health_ok', h.ok and h.payload.ok)\n"
      "step:evidence('info_open', s:info().open)\n"
      "local c = s:close()\n"
      "step:evidence('closed', c.ok)\n"
      "step:evidence('after', s:call('health').error.code)\n",
      {{"url", lab.ws()}, {"http", lab.http()}, {"token", kToken}});
  INFO(run.output);
  CHECK(evidence(run, "check", "ok") == true);
  CHECK(evidence(run, "check", "protocol") == 4);
  CHECK(evidence(run, "check", "role") == "operator");
  CHECK(evidence(run, "check", "has_health") == true);
  CHECK(evidence(run, "check", "health_ok") == true);
  CHECK(evidence(run, "check", "info_open") == true);
  CHECK(evidence(run, "check", "closed") == true);
  CHECK(evidence(run, "check", "after") == "not_connected");
  CHECK(evidence(run, "check", "fingerprint").get<std::string>().rfind("sha256:", 0) == 0);
  CHECK(run.output.find(kToken) == std::string::npos);
}

TEST_CASE("gateway HTTP probes against the lab", "[lua][gateway]") {
  Lab lab("healthy");
  REQUIRE(lab.running());
  TempDir dir;
  const auto run = run_gateway_runbook(
      dir,
      "local t = gateway.tcp('127.0.0.1', " + std::to_string(lab.port()) + ")\n"
      "step:evidence('tcp', t.ok)\n"
      "local r = gateway.http(params.http .. '/healthz', { headers = { ['X-Probe'] = '1' } })\n"
      "step:evidence('status', r.status)\n"
      "step:evidence('ttfb', r.timings.ttfb_ms ~= nil)\n"
      "local h = gateway.health(params.http)\n"
      "step:evidence('live', h.live)\n"
      "step:evidence('ready', h.ready)\n"
      "local good = gateway.http_token_check(params.http, params.token)\n"
      "step:evidence('good', good.token_accepted)\n"
      "local bad = gateway.http_token_check(params.http, 'not-the-token')\n"
      "step:evidence('bad', bad.verdict)\n"
      "local u = gateway.ws_upgrade(params.url)\n"
      "step:evidence('upgrade', u.status)\n"
      "step:evidence('accept', u.accept_valid)\n",
      {{"url", lab.ws()}, {"http", lab.http()}, {"token", kToken}});
  INFO(run.output);
  CHECK(evidence(run, "check", "tcp") == true);
  CHECK(evidence(run, "check", "status") == 200);
  CHECK(evidence(run, "check", "ttfb") == true);
  CHECK(evidence(run, "check", "live") == true);
  CHECK(evidence(run, "check", "ready") == true);
  CHECK(evidence(run, "check", "good") == true);
  CHECK(evidence(run, "check", "bad") == "rejected");
  CHECK(evidence(run, "check", "upgrade") == 101);
  CHECK(evidence(run, "check", "accept") == true);
  CHECK(run.output.find(kToken) == std::string::npos);
}

TEST_CASE("gateway.connect failures are classified results", "[lua][gateway]") {
  Lab lab("token-mismatch");
  REQUIRE(lab.running());
  TempDir dir;
  // A listening socket nobody serves: TCP connects, the upgrade never gets an answer.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto run = run_gateway_runbook(
      dir,
      "local r = gateway.connect(params.url, { token = params.token })\n"
      "step:evidence('ok', r.ok)\n"
      "step:evidence('phase', r.phase)\n"
      "step:evidence('details_code', r.details_code)\n"
      "step:evidence('close_code', r.close_code)\n"
      "step:evidence('handle', r.handle)\n"
      "local t = gateway.connect('ws://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) +
          "', { timeout = 0.3 })\n"
          "step:evidence('timeout', t.error)\n"
          "step:evidence('timeout_phase', t.phase)\n",
      {{"url", lab.ws()}, {"http", lab.http()}, {"token", kToken}});
  INFO(run.output);
  CHECK(evidence(run, "check", "ok") == false);
  CHECK(evidence(run, "check", "phase") == "connect");
  CHECK(evidence(run, "check", "details_code") == "AUTH_TOKEN_MISMATCH");
  CHECK(evidence(run, "check", "close_code") == 1008);
  CHECK(evidence(run, "check", "handle").is_null());
  CHECK(evidence(run, "check", "timeout") == "timeout");
  CHECK(evidence(run, "check", "timeout_phase") == "upgrade");
}

TEST_CASE("gateway misuse raises", "[lua][gateway]") {
  TempDir dir;
  const auto with_net = [&](const std::string& body) {
    return run_runbook(dir, "misuse", runbook_with("\"net\"", "", body));
  };
  const auto typo = with_net("gateway.connect('ws://127.0.0.1:1', { tokn = 'x' })");
  CHECK(typo.output.find("unknown option 'tokn'") != std::string::npos);
  const auto port = with_net("gateway.tcp('127.0.0.1', 70000)");
  CHECK(port.output.find("1..65535") != std::string::npos);
  // Header injection and hosts that are not hosts are refused before anything connects.
  const auto crlf_header = with_net("gateway.http('http://127.0.0.1:1/', { headers = { ['X-A'] = 'v\\r\\nX-Injected: 1' } })");
  CHECK(crlf_header.output.find("control character") != std::string::npos);
  const auto bad_name = with_net("gateway.http('http://127.0.0.1:1/', { headers = { ['X-A\\r\\nX-B'] = 'v' } })");
  CHECK(bad_name.output.find("not a valid token") != std::string::npos);
  const auto bad_method = with_net("gateway.http('http://127.0.0.1:1/', { method = 'GET / HTTP/1.1\\r\\n' })");
  CHECK(bad_method.output.find("HTTP method") != std::string::npos);
  const auto nul_host = with_net("gateway.tcp('localhost\\0evil', 80)");
  CHECK(nul_host.output.find("control characters") != std::string::npos);
  const auto crlf_url = with_net(
      "local r = gateway.http('http://127.0.0.1:1/x\\r\\nX-Injected: 1')\n"
      "      step:evidence('r', r)\n      assert(r.error == 'bad_url', r.error)");
  CHECK(crlf_url.exit_code == 0);
  const auto userinfo = with_net(
      "local r = gateway.http('http://someone:userinfo-pw-123@127.0.0.1:1/')\n"
      "      step:evidence('r', r)\n      assert(r.error == 'bad_url', r.error)");
  CHECK(userinfo.exit_code == 0);
  CHECK(userinfo.output.find("userinfo-pw-123") == std::string::npos);
  CHECK(userinfo.output.find("user info") != std::string::npos);
  const auto handle = with_net("gateway.session_call(12345678, 'health')");
  CHECK(handle.output.find("not a gateway session handle") != std::string::npos);
  const auto undeclared =
      run_runbook(dir, "undeclared", runbook_with("", "", "gateway.tcp('127.0.0.1', 1)"));
  CHECK(undeclared.output.find("capability 'net'") != std::string::npos);
}

TEST_CASE("a parent runbook cannot replace the session methods its child's sessions use", "[lua][gateway]") {
  Lab lab("healthy");
  REQUIRE(lab.running());
  TempDir dir;
  dir.write("child.lua",
            "return { id = \"test.gateway-child\", version = \"1.0.0\", engine = \"^1\", title = \"child\",\n"
            "  summary = \"s\", capabilities = { \"net\" },\n"
            "  params = { url = { type = \"string\" }, token = { type = \"string\", secret = true } },\n"
            "  run = function(ctx, params)\n"
            "    local s = gateway.connect(params.url, { token = params.token, timeout = 5 })\n"
            "    local h = s:call('health', {}, { timeout = 5 })\n"
            "    return (h.payload and h.payload.spoofed) and 'spoofed' or 'real'\n"
            "  end }\n");
  const std::string parent = dir.write(
      "parent.lua",
      runbook_with("\"net\"", "url = { type = \"string\" }, token = { type = \"string\", secret = true }",
                   "local s = gateway.connect(params.url, { token = params.token, timeout = 5 })\n"
                   "local fake = function() return { ok = true, payload = { spoofed = true } } end\n"
                   "step:evidence('metatable', type(getmetatable(s)))\n"
                   "step:evidence('via_index', type(s.__index))\n"
                   "pcall(function() getmetatable(s).call = fake end)\n"
                   "pcall(function() s.__index.call = fake end)\n"
                   "local _, seen = ctx:run('test.gateway-child', { url = params.url, token = params.token })\n"
                   "step:evidence('child_saw', seen)\n"));
  const auto outcome = clawbook::test::run_clawbook({"run", parent, "--runbook-path", std::filesystem::path(parent).parent_path().string(),
                                                     "--format", "json", "--param", "url=" + lab.ws(), "--param",
                                                     "token=" + kToken});
  INFO(outcome.out + outcome.err);
  RunResult run{outcome.code, outcome.out + outcome.err, Json::parse(outcome.out, nullptr, false)};
  CHECK(evidence(run, "check", "metatable") == "boolean");
  CHECK(evidence(run, "check", "via_index") == "nil");
  CHECK(evidence(run, "check", "child_saw") == "real");
}
