// OpenClaw path resolution with HOME and OPENCLAW_* pointed at temporary directories.
#include "bindings/proc/temp_dir.hpp"
#include "openclaw/paths.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using clawbook::testing::TempDir;
namespace oc = clawbook::openclaw;

TEST_CASE("sha256 prefix names the lock file as OpenClaw does", "[openclaw][paths]") {
  // python3 -c "import hashlib; print(hashlib.sha256(b'/home/u/.openclaw/openclaw.json').hexdigest()[:8])"
  CHECK(oc::sha256_hex("/home/u/.openclaw/openclaw.json").substr(0, 8) == "53bf3fdf");
}

TEST_CASE("paths: defaults under HOME", "[openclaw][paths]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const oc::Environment env = {{"HOME", home}, {"TMPDIR", dir / "tmp/"}};
  oc::PathOptions options;
  options.now = 1795331717;  // 2026-11-22
  const auto paths = oc::resolve_paths(env, options);
  CHECK(paths.home == home);
  CHECK(paths.home_source == "HOME");
  CHECK(paths.state_dir == home + "/.openclaw");
  CHECK(paths.state_dir_source == "default");
  CHECK(paths.config_path == home + "/.openclaw/openclaw.json");
  CHECK(paths.config_source == "canonical");
  CHECK(paths.env_file == home + "/.openclaw/.env");
  CHECK(paths.tmpdir == dir / "tmp");  // os.tmpdir() drops the trailing slash
  CHECK(paths.lock_dirs[0] == dir / ("tmp/openclaw-" + std::to_string(::geteuid())));
  CHECK(paths.lock_name == "gateway." + oc::sha256_hex(paths.config_path).substr(0, 8) + ".lock");
  REQUIRE(paths.log_files.size() >= 2);
  CHECK(paths.log_files[0]["kind"] == "rolling");
  CHECK(paths.log_files[0]["path"] == "/tmp/openclaw/openclaw-" + oc::local_date(1795331717) + ".log");
  CHECK_FALSE(paths.profile);
  CHECK(paths.workspace == home + "/.openclaw/workspace");
  const auto json = oc::to_json(paths);
  CHECK(json["config_exists"] == false);
}

TEST_CASE("paths: legacy ~/.clawdbot only when ~/.openclaw is missing", "[openclaw][paths]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  dir.write("home/.clawdbot/clawdbot.json", "{}");
  const oc::Environment env = {{"HOME", home}};
  auto paths = oc::resolve_paths(env);
  CHECK(paths.state_dir == home + "/.clawdbot");
  CHECK(paths.state_dir_source == "legacy");
  CHECK(paths.config_path == home + "/.clawdbot/clawdbot.json");
  CHECK(paths.config_source == "legacy_name");

  dir.write("home/.openclaw/openclaw.json", "{}");
  paths = oc::resolve_paths(env);
  CHECK(paths.state_dir == home + "/.openclaw");
  CHECK(paths.config_path == home + "/.openclaw/openclaw.json");
  CHECK(paths.config_source == "state_dir");
}

TEST_CASE("paths: OPENCLAW_HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH", "[openclaw][paths]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  SECTION("OPENCLAW_HOME with ~ expands against HOME") {
    const auto paths = oc::resolve_paths({{"HOME", home}, {"OPENCLAW_HOME", "~/alt"}});
    CHECK(paths.home == home + "/alt");
    CHECK(paths.home_source == "OPENCLAW_HOME");
    CHECK(paths.state_dir == home + "/alt/.openclaw");
  }
  SECTION("OPENCLAW_STATE_DIR with ~ and a fallback to an existing default config") {
    dir.write("home/.openclaw/openclaw.json", "{}");
    const auto paths = oc::resolve_paths({{"HOME", home}, {"OPENCLAW_STATE_DIR", " ~/state "}});
    CHECK(paths.state_dir == home + "/state");
    CHECK(paths.state_dir_source == "OPENCLAW_STATE_DIR");
    // As OpenClaw's resolveConfigPathCandidate: no config in the state dir, the default one exists.
    CHECK(paths.config_path == home + "/.openclaw/openclaw.json");
    CHECK(paths.config_source == "default_dir");
    dir.write("home/state/openclaw.json", "{}");
    CHECK(oc::resolve_paths({{"HOME", home}, {"OPENCLAW_STATE_DIR", "~/state"}}).config_path ==
          home + "/state/openclaw.json");
  }
  SECTION("OPENCLAW_CONFIG_PATH wins") {
    const auto paths = oc::resolve_paths({{"HOME", home}, {"OPENCLAW_CONFIG_PATH", "~/cfg/../cfg/x.json"}});
    CHECK(paths.config_path == home + "/cfg/x.json");
    CHECK(paths.config_source == "OPENCLAW_CONFIG_PATH");
  }
  SECTION("logging.file comes first among log files") {
    const auto paths = oc::resolve_paths({{"HOME", home}}, {}, std::string("~/logs/gw.log"));
    CHECK(paths.log_files[0]["path"] == home + "/logs/gw.log");
    CHECK(paths.log_files[0]["kind"] == "configured");
  }
}

TEST_CASE("paths: --profile and OPENCLAW_PROFILE", "[openclaw][paths]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  oc::PathOptions work;
  work.profile = "work";
  work.now = 1795331717;
  auto paths = oc::resolve_paths({{"HOME", home}}, work);
  CHECK(paths.profile == "work");
  CHECK(paths.profile_source == "arg");
  CHECK(paths.state_dir == home + "/.openclaw-work");
  CHECK(paths.state_dir_source == "profile");
  CHECK(paths.config_path == home + "/.openclaw-work/openclaw.json");
  CHECK(paths.log_files[0]["path"] == "/tmp/openclaw/openclaw-work-" + oc::local_date(1795331717) + ".log");
  CHECK_FALSE(paths.default_port);

  oc::PathOptions dev;
  dev.profile = "dev";
  CHECK(oc::resolve_paths({{"HOME", home}}, dev).default_port == 19001);
  CHECK_FALSE(oc::resolve_paths({{"HOME", home}, {"OPENCLAW_GATEWAY_PORT", "1234"}}, dev).default_port);
  // An explicit state dir is kept.
  CHECK(oc::resolve_paths({{"HOME", home}, {"OPENCLAW_STATE_DIR", home + "/s"}}, work).state_dir == home + "/s");
  oc::PathOptions default_profile;
  default_profile.profile = "default";
  CHECK(oc::resolve_paths({{"HOME", home}}, default_profile).state_dir == home + "/.openclaw");

  // The environment variable alone names the profile (log names) but does not move the state dir.
  oc::PathOptions at;
  at.now = 1795331717;
  paths = oc::resolve_paths({{"HOME", home}, {"OPENCLAW_PROFILE", "Team_A"}}, at);
  CHECK(paths.profile_source == "env");
  CHECK(paths.state_dir == home + "/.openclaw");
  // encodeLogProfileSegment: capitals -> "-1<lower>", '_' -> "-0".
  CHECK(paths.log_files[0]["path"] == "/tmp/openclaw/openclaw--1team-0-1a-" + oc::local_date(1795331717) + ".log");
}
