// The options layer (include/clawbook/options.hpp) as runbooks meet it: every binding function that takes an
// options table rejects a key it does not know, in one message style, and checks the types of the keys it does.
#include "bindings/proc/run_binary.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace clawbook::testing;

namespace {

struct Case {
  std::string function;  // "module.fn"
  int index;             // the options argument
  std::string call;      // a Lua call whose options table holds `bogus`
};

// One call per function with an options table; the arguments before it are valid.
const std::vector<Case> kCases = {
    {"action.snapshot", 1, "action.snapshot({ paths = {}, bogus = 1 })"},
    {"action.remove_stale_lock", 1, "action.remove_stale_lock({ bogus = 1 })"},
    {"action.stop_process", 1, "action.stop_process({ bogus = 1 })"},
    {"action.start_unit", 1, "action.start_unit({ bogus = 1 })"},
    {"action.restart_unit", 1, "action.restart_unit({ bogus = 1 })"},
    {"action.start_container", 1, "action.start_container({ bogus = 1 })"},
    {"action.restart_container", 1, "action.restart_container({ bogus = 1 })"},
    {"action.set_config", 1, "action.set_config({ bogus = 1 })"},
    {"action.pin_token", 1, "action.pin_token({ bogus = 1 })"},
    {"action.openclaw", 1, "action.openclaw({ bogus = 1 })"},
    {"docker.available", 1, "docker.available({ bogus = 1 })"},
    {"docker.containers", 1, "docker.containers({ bogus = 1 })"},
    {"docker.inspect", 2, "docker.inspect('c', { bogus = 1 })"},
    {"docker.logs", 2, "docker.logs('c', { bogus = 1 })"},
    {"docker.top", 2, "docker.top('c', { bogus = 1 })"},
    {"env.get", 2, "env.get('HOME', { bogus = 1 })"},
    {"fs.read", 2, "fs.read('/tmp/x', { bogus = 1 })"},
    {"fs.json5", 1, "fs.json5({ text = '{}', bogus = 1 })"},
    {"fs.json", 1, "fs.json({ text = '{}', bogus = 1 })"},
    {"fs.yaml", 1, "fs.yaml({ text = 'a: 1', bogus = 1 })"},
    {"fs.toml", 1, "fs.toml({ text = 'a = 1', bogus = 1 })"},
    {"gateway.tcp", 3, "gateway.tcp('127.0.0.1', 1, { bogus = 1 })"},
    {"gateway.http", 2, "gateway.http('http://127.0.0.1:1/', { bogus = 1 })"},
    {"gateway.health", 2, "gateway.health('http://127.0.0.1:1', { bogus = 1 })"},
    {"gateway.http_token_check", 3, "gateway.http_token_check('http://127.0.0.1:1', 'fake', { bogus = 1 })"},
    {"gateway.ws_upgrade", 2, "gateway.ws_upgrade('ws://127.0.0.1:1', { bogus = 1 })"},
    {"gateway.connect", 2, "gateway.connect('ws://127.0.0.1:1', { bogus = 1 })"},
    {"gateway.session_call", 4, "gateway.session_call(1, 'health', {}, { bogus = 1 })"},
    {"gateway.session_close", 2, "gateway.session_close(1, { bogus = 1 })"},
    {"json.validate", 3, "json.validate({}, {}, { bogus = 1 })"},
    {"log.scan", 3, "log.scan({ 'x' }, 'x', { bogus = 1 })"},
    {"openclaw.paths", 1, "openclaw.paths({ bogus = 1 })"},
    {"openclaw.config", 1, "openclaw.config({ bogus = 1 })"},
    {"openclaw.token_sources", 1, "openclaw.token_sources({ bogus = 1 })"},
    {"openclaw.client_token", 1, "openclaw.client_token({ bogus = 1 })"},
    {"openclaw.server_token", 1, "openclaw.server_token({ bogus = 1 })"},
    {"openclaw.node_version", 1, "openclaw.node_version({ bogus = 1 })"},
    {"openclaw.locks", 1, "openclaw.locks({ bogus = 1 })"},
    {"openclaw.gateways", 1, "openclaw.gateways({ bogus = 1 })"},
    {"openclaw.config_schema", 1, "openclaw.config_schema({ bogus = 1 })"},
    {"openclaw.validate_config", 1, "openclaw.validate_config({ bogus = 1 })"},
    {"proc.list", 1, "proc.list({ bogus = 1 })"},
    {"proc.listeners", 1, "proc.listeners({ bogus = 1 })"},
    {"proc.connections", 1, "proc.connections({ bogus = 1 })"},
    {"systemd.unit", 2, "systemd.unit('x.service', { bogus = 1 })"},
    {"systemd.units", 1, "systemd.units({ pattern = 'x*', bogus = 1 })"},
    {"systemd.journal", 2, "systemd.journal('x.service', { bogus = 1 })"},
    {"systemd.available", 1, "systemd.available({ bogus = 1 })"},
};

// Wrong types, one per getter, in the same style.
const std::vector<std::pair<std::string, std::string>> kTypeCases = {
    {"gateway.connect('ws://127.0.0.1:1', { token = 5 })", "option 'token' must be a string, not a number"},
    {"gateway.tcp('127.0.0.1', 1, { timeout = 'soon' })", "option 'timeout' must be a number, not a string"},
    {"gateway.connect('ws://127.0.0.1:1', { insecure = 'yes' })", "option 'insecure' must be a boolean, not a string"},
    {"docker.logs('c', { tail = 1.5 })", "option 'tail' must be an integer in 0.."},
    {"proc.listeners({ port = 70000 })", "option 'port' must be an integer in 0..65535"},
    {"gateway.connect('ws://127.0.0.1:1', { scopes = 'operator.read' })",
     "option 'scopes' must be a list of strings, not a string"},
    {"gateway.http('http://127.0.0.1:1/', { headers = { X = 1 } })", "option 'headers.X' must be a string"},
    {"systemd.unit('x.service', { scope = 'both' })", "option 'scope' must be \"system\" or \"user\""},
};

// A runbook that pcalls each call and keeps each error message as evidence under its position.
std::string runbook_of(const std::vector<std::string>& calls) {
  std::string body = "      local errors = {}\n";
  for (std::size_t i = 0; i < calls.size(); ++i)
    body += "      do\n        local ok, err = pcall(function() " + calls[i] + " end)\n        errors[" +
            std::to_string(i + 1) + "] = ok and \"no error\" or tostring(err)\n      end\n";
  body += "      step:evidence(\"errors\", errors)";
  return runbook_with("\"action\", \"docker\", \"env\", \"fs\", \"net\", \"proc\", \"systemd\"", "", body);
}

// Runs the calls in one runbook and returns their error messages, in order.
std::vector<std::string> errors_of(const std::vector<std::string>& calls) {
  TempDir dir;
  const auto run = run_runbook(dir, "options", runbook_of(calls));
  INFO(run.output);
  const auto errors = evidence(run, "check", "errors");
  REQUIRE(errors.is_array());
  REQUIRE(errors.size() == calls.size());
  std::vector<std::string> out;
  for (const auto& error : errors) out.push_back(error.get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("every binding rejects an unknown option key, in one message style", "[lua][options]") {
  std::vector<std::string> calls;
  for (const auto& c : kCases) calls.push_back(c.call);
  const auto errors = errors_of(calls);
  for (std::size_t i = 0; i < kCases.size(); ++i) {
    INFO(kCases[i].call << " -> " << errors[i]);
    CHECK(errors[i].find("bad argument #" + std::to_string(kCases[i].index) + " to '" + kCases[i].function +
                         "' (unknown option 'bogus'; known: ") != std::string::npos);
  }
}

TEST_CASE("binding options are type-checked by the shared getters", "[lua][options]") {
  std::vector<std::string> calls;
  for (const auto& [call, expected] : kTypeCases) calls.push_back(call);
  const auto errors = errors_of(calls);
  for (std::size_t i = 0; i < kTypeCases.size(); ++i) {
    INFO(kTypeCases[i].first << " -> " << errors[i]);
    CHECK(errors[i].find("bad argument #") != std::string::npos);
    CHECK(errors[i].find(kTypeCases[i].second) != std::string::npos);
  }
}
