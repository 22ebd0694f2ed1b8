// Lua-level tests of the `openclaw` module, through the clawbook binary, with HOME and OPENCLAW_* pointed at a
// temporary directory.
#include "bindings/proc/child_process.hpp"
#include "bindings/proc/run_binary.hpp"
#include "clawbook/fingerprint.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace clawbook::testing;

TEST_CASE("openclaw.paths, config and locks from Lua", "[lua][openclaw]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  dir.write("home/.openclaw/openclaw.json",
            "{ gateway: { mode: 'local', port: 19876, token: 'old', auth: { token: 'lua-config-token' } } }", 0600);
  const auto run = run_runbook(dir, "openclaw",
                               runbook_with("\"fs\", \"proc\"", "",
                                            "local paths = openclaw.paths()\n"
                                            "step:evidence(\"state_dir\", paths.state_dir)\n"
                                            "local config = openclaw.config()\n"
                                            "step:evidence(\"port\", config.gateway.port)\n"
                                            "step:evidence(\"legacy\", config.legacy[1].key)\n"
                                            "step:evidence(\"token\", config.gateway.auth.secret.fingerprint)\n"
                                            "step:evidence(\"drift\", openclaw.token_sources().drift)\n"
                                            "step:evidence(\"locks\", #openclaw.locks())\n"
                                            "step:evidence(\"version\", openclaw.version().ok)"),
                               {},
                               {{"HOME", home}, {"TMPDIR", dir / "tmp"}, {"OPENCLAW_GATEWAY_TOKEN", "lua-env-token"}});
  INFO(run.output);
  CHECK(evidence(run, "check", "state_dir") == home + "/.openclaw");
  CHECK(evidence(run, "check", "port")["value"] == 19876);
  CHECK(evidence(run, "check", "port")["source"] == "config");
  CHECK(evidence(run, "check", "legacy") == "gateway.token");
  CHECK(evidence(run, "check", "token") == clawbook::fingerprint("lua-config-token"));
  CHECK(evidence(run, "check", "drift")["drift"] == true);
  CHECK(evidence(run, "check", "locks") == 0);
  CHECK(run.output.find("lua-config-token") == std::string::npos);
  CHECK(run.output.find("lua-env-token") == std::string::npos);
}

TEST_CASE("openclaw.token_sources needs the proc capability", "[lua][openclaw]") {
  TempDir dir;
  const auto run = run_runbook(dir, "tokens", runbook_with("\"fs\"", "", "openclaw.token_sources()"));
  CHECK(run.output.find("capability 'proc'") != std::string::npos);
}

TEST_CASE("openclaw.client_token sends gateway.remote.token first in remote mode", "[lua][openclaw]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  // real-cases P10: the CLI of a remote-mode config sends remote.token, here an older value than auth.token.
  dir.write("home/.openclaw/openclaw.json",
            "{ gateway: { mode: 'remote', remote: { url: 'ws://127.0.0.1:19877', token: 'remote-old-token' },"
            " auth: { token: 'auth-new-token' } } }",
            0600);
  const auto run = run_runbook(dir, "remote",
                               runbook_with("\"fs\"", "",
                                            "local token = openclaw.client_token()\n"
                                            "step:evidence(\"source\", token.source)\n"
                                            "step:evidence(\"fingerprint\", token.fingerprint)"),
                               {}, {{"HOME", home}, {"TMPDIR", dir / "tmp"}, {"OPENCLAW_GATEWAY_TOKEN", ""}});
  INFO(run.output);
  CHECK(evidence(run, "check", "source") == "config:remote");
  CHECK(evidence(run, "check", "fingerprint") == clawbook::fingerprint("remote-old-token"));
  CHECK(run.output.find("remote-old-token") == std::string::npos);
}

// Two real gateway-shaped Node processes: one of this install's state dir, one of the `work` profile's (its own
// OPENCLAW_STATE_DIR, as `openclaw --profile work gateway` leaves it). Only paths come out of their environments.
TEST_CASE("openclaw.gateways attributes each gateway process to its state dir", "[lua][openclaw]") {
  if (::access("/usr/bin/node", X_OK) != 0) {
    WARN("node not installed; skipped");
    return;
  }
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const std::string work = dir.mkdir("home/.openclaw-work");
  const std::string entry = dir.write("lib/node_modules/openclaw/dist/index.js", "setInterval(() => {}, 1000);\n");
  ChildProcess own({"node", entry, "gateway", "--port", "18789"},
                   {{"HOME", home}, {"OPENCLAW_GATEWAY_TOKEN", "own-secret-for-tests"}});
  ChildProcess other({"node", entry, "gateway", "--port", "19011"},
                     {{"HOME", home}, {"OPENCLAW_PROFILE", "work"}, {"OPENCLAW_STATE_DIR", work}});
  REQUIRE(wait_until([&] { return own.exec_done() && other.exec_done(); }));
  const auto run = run_runbook(
      dir, "gateways",
      runbook_with("\"fs\", \"proc\"", "",
                   "local homes = {}\n"
                   "for _, g in ipairs(openclaw.gateways()) do\n"
                   "  homes[tostring(g.pid)] = { own = g.own, state_dir = g.home.state_dir, from = g.home.from,\n"
                   "    profile = g.home.profile, port = g.gateway.port }\n"
                   "end\n"
                   "step:evidence(\"homes\", homes)"),
      {}, {{"HOME", home}, {"TMPDIR", dir / "tmp"}});
  INFO(run.output);
  const auto homes = evidence(run, "check", "homes");
  const auto mine = homes[std::to_string(own.pid())];
  const auto theirs = homes[std::to_string(other.pid())];
  CHECK(mine["own"] == true);
  CHECK(mine["from"] == "environ");
  CHECK(mine["state_dir"] == home + "/.openclaw");
  CHECK(mine["port"] == 18789);
  CHECK(theirs["own"] == false);
  CHECK(theirs["state_dir"] == work);
  CHECK(theirs["profile"] == "work");
  CHECK(run.output.find("own-secret-for-tests") == std::string::npos);
}

TEST_CASE("openclaw.gateways needs the proc capability", "[lua][openclaw]") {
  TempDir dir;
  const auto run = run_runbook(dir, "gateways", runbook_with("\"fs\"", "", "openclaw.gateways()"));
  CHECK(run.output.find("capability 'proc'") != std::string::npos);
}
