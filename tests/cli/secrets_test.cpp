// The secrets test: known fake secrets planted in every place a run can carry them (evidence keys and values,
// nested keys, fact names, finding evidence, list and integer params, a child's secret param, a process's
// --token, a dotenv, a config, a DSN password, a logged prefix, a URL-encoded copy), then every output is
// grepped: each report format, -v debug lines, the live progress line on a real pseudo-terminal, dry-run diffs,
// a --record recording, the audit log of an applied run, and a support bundle. None may appear; fingerprints may.
#include "bindings/proc/child_process.hpp"
#include "run_binary.hpp"

#include "clawbook/fingerprint.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include "test_paths.hpp"

using clawbook::test::run_clawbook;
using clawbook::test::slurp;
namespace fs = std::filesystem;

namespace {

const std::string kToken = "s3cr3t-T0ken/with+chars=7f3a9c1e5b";
const std::string kCode1 = "recovery-code-one-8d7c6b";
const std::string kCode2 = "recovery-code-two-5a4f3e";
const std::string kPin = "73019482";
const std::string kChildToken = "child-token-2b8e4f6a1c3d";
const std::string kArgvToken = "argv-token-9e8d7c6b5a4f";
const std::string kArgvApiKey = "argv-apikey-4f5e6d7c8b";
const std::string kOldDotenvToken = "old-dotenv-token-1a2b3c4d5e";
const std::string kMyAuth = "my-auth-value-6f7e8d9c";
const std::string kDsnPassword = "dsn-pass-9d8c7b6a5f";
const std::string kConfigToken = "cfg/old+token=0f1e2d3c4b";
// What only the bundle's patterns can know (in the gateway log).
const std::string kWebhook = "hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
const std::string kAccessKey = "AKfake-access-123456";
const std::string kXAuth = "custom-auth-value-1f2e";
const std::string kQueryAuth = "query-auth-value-77ab";

std::string url_encoded(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      out += escaped;
    }
  }
  return out;
}

// Every planted secret, plus the forms a report must not show either.
std::vector<std::string> forbidden() {
  return {kToken,          kCode1,  kCode2,       kPin,         kChildToken,          kArgvToken,         kArgvApiKey,
          kOldDotenvToken, kMyAuth, kDsnPassword, kConfigToken, kToken.substr(0, 16), url_encoded(kToken)};
}

void check_clean(const std::string& where, const std::string& text) {
  for (const auto& secret : forbidden()) {
    INFO(where << ": " << secret << "\n" << text);
    CHECK(text.find(secret) == std::string::npos);
  }
}

struct Sandbox {
  fs::path dir;
  Sandbox() {
    char pattern[] = "/tmp/clawbook-secrets-XXXXXX";
    dir = mkdtemp(pattern);
    fs::create_directories(dir / "state" / "home");
    std::ofstream(path("state/.env")) << "# OpenClaw\nOPENCLAW_GATEWAY_TOKEN=" << kOldDotenvToken
                                      << "\nMY_AUTH=" << kMyAuth << "\nDATABASE_URL=postgres://app:" << kDsnPassword
                                      << "@db.internal:5432/app\nPORT=18789\n";
    std::ofstream(path("state/openclaw.json"))
        << "// planted\n{\n  gateway: {\n    mode: 'local',\n    port: 1,\n    auth: { mode: 'token', token: '"
        << kConfigToken << "' },\n  },\n  logging: { file: '" << path("state/gateway.log") << "' },\n}\n";
    std::ofstream(path("state/gateway.log"))
        << "2026-11-23T05:00:00.000Z [gateway] ready\n"
        << "2026-11-23T05:00:01.000Z [ws] unauthorized token " << kConfigToken.substr(0, 16) << "...\n"
        << "2026-11-23T05:00:02.000Z [http] GET /hook/" << url_encoded(kConfigToken) << " 401\n"
        << "2026-11-23T05:00:03.000Z [http] GET /api?auth=" << kQueryAuth << "&x=1 401\n"
        << "2026-11-23T05:00:04.000Z [notify] posting to https://" << kWebhook << " failed\n"
        << "2026-11-23T05:00:05.000Z [s3] accessKey=" << kAccessKey << " rejected\n"
        << "X-Auth: " << kXAuth << "\n";
    std::ofstream(path("token"), std::ios::binary) << kToken;
    fs::permissions(path("token"), fs::perms::owner_read | fs::perms::owner_write);
  }
  ~Sandbox() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  std::vector<std::string> env() const {
    return {"CLAWBOOK_AUDIT_LOG=" + path("state/audit.jsonl"),
            "CLAWBOOK_BACKUP_DIR=" + path("state/backups"),
            "CLAWBOOK_TTY=" + path("no-terminal"),
            "OPENCLAW_STATE_DIR=" + path("state"),
            "OPENCLAW_CONFIG_PATH=" + path("state/openclaw.json"),
            "HOME=" + path("state/home"),
            "XDG_STATE_HOME=" + path("xdg"),
            "DOCKER_HOST=unix:///nonexistent/docker.sock"};
  }
  std::vector<std::string> run_args(const std::string& marker) const {
    return {"run",
            "fixture.secrets-everywhere",
            "--runbook-path",
            std::string(CLAWBOOK_TESTS_DIR) + "/cli/fixtures/secrets",
            "--param-file",
            "token=" + path("token"),
            "-p",
            "codes=" + kCode1 + "," + kCode2,
            "-p",
            "pin=" + kPin,
            "-p",
            "marker=" + marker,
            "-p",
            "env_file=" + path("state/.env"),
            "-p",
            "config=" + path("state/openclaw.json")};
  }
};

// Runs clawbook with its standard error on a pseudo-terminal (the live progress line shows only there) and
// returns everything written to that terminal.
std::string run_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& env,
                            const std::string& stdout_file) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(grantpt(master) == 0);
  REQUIRE(unlockpt(master) == 0);
  const std::string slave = ptsname(master);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    setsid();
    const int tty = ::open(slave.c_str(), O_RDWR);
    const int out = ::open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_RDONLY);
    if (tty < 0 || out < 0 || null < 0) _exit(127);
    dup2(null, 0);
    dup2(out, 1);
    dup2(tty, 2);
    ::unsetenv("CI");
    ::unsetenv("NO_COLOR");
    for (const auto& entry : env) {
      const auto eq = entry.find('=');
      ::setenv(entry.substr(0, eq).c_str(), entry.substr(eq + 1).c_str(), 1);
    }
    std::vector<std::string> storage{CLAWBOOK_BINARY};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(CLAWBOOK_BINARY, argv.data());
    _exit(127);
  }
  std::string seen;
  int status = 0;
  for (bool exited = false; !exited;) {
    pollfd ready{master, POLLIN, 0};
    if (::poll(&ready, 1, 50) > 0 && (ready.revents & POLLIN) != 0) {
      char buffer[4096];
      const ssize_t n = ::read(master, buffer, sizeof buffer);
      if (n > 0) seen.append(buffer, static_cast<std::size_t>(n));
    }
    exited = ::waitpid(child, &status, WNOHANG) == child;
  }
  for (;;) {  // what is left in the terminal's buffer
    pollfd ready{master, POLLIN, 0};
    if (::poll(&ready, 1, 50) <= 0 || (ready.revents & POLLIN) == 0) break;
    char buffer[4096];
    const ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n <= 0) break;
    seen.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(master);
  return seen;
}

}  // namespace

TEST_CASE("secrets planted everywhere appear in no output: formats, progress, diffs, recording, audit, bundle",
          "[cli][secrets]") {
  Sandbox box;
  const std::string marker = "clawbook-secrets-" + std::to_string(::getpid());
  // A process with credentials on its command line, as a gateway started with --token has.
  // It waits on a FIFO nobody writes: no child of its own to outlive the test.
  const std::string fifo = box.path("wait.fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  clawbook::testing::ChildProcess holder(
      {"sh", "-c", "read x < \"$1\"", marker, fifo, "--token", kArgvToken, "--api-key=" + kArgvApiKey});
  REQUIRE(clawbook::testing::wait_until([&] {
    return slurp("/proc/" + std::to_string(holder.pid()) + "/cmdline").find(kArgvToken) != std::string::npos;
  }));
  const std::string config_before = slurp(box.path("state/openclaw.json"));
  const std::string dotenv_before = slurp(box.path("state/.env"));

  SECTION("every report format, -v debug lines and a recording of a dry run") {
    for (const char* format : {"json", "human", "markdown", "tap", "junit", "prometheus"}) {
      const std::string recording = box.path(std::string("recording-") + format + ".json");
      auto args = box.run_args(marker);
      args.insert(args.end(), {"--format", format, "-v", "--record", recording});
      const auto outcome = run_clawbook(args, box.env());
      INFO(format << "\n" << outcome.out << outcome.err);
      CHECK((outcome.code == 1 || outcome.code == 0));
      check_clean(std::string(format) + " stdout", outcome.out);
      check_clean(std::string(format) + " stderr", outcome.err);
      check_clean(std::string(format) + " recording", slurp(recording));
      if (std::string(format) == "json") {
        // The run really reached every place: the dry-run diffs are there, the child ran, the argv was read.
        const auto report = nlohmann::json::parse(outcome.out);
        REQUIRE(report["actions"].size() == 2);
        for (const auto& action : report["actions"]) CHECK(action.contains("diff"));
        CHECK(outcome.out.find(clawbook::fingerprint(kToken)) != std::string::npos);
        CHECK(outcome.out.find(clawbook::fingerprint(kChildToken)) != std::string::npos);
        CHECK(outcome.out.find(clawbook::fingerprint(kArgvToken)) != std::string::npos);
        CHECK(outcome.out.find(clawbook::fingerprint(kDsnPassword)) != std::string::npos);
        CHECK(outcome.out.find(clawbook::fingerprint(kPin)) != std::string::npos);
        CHECK(outcome.out.find("child step") != std::string::npos);
      }
    }
    // A dry run changes nothing.
    CHECK(slurp(box.path("state/openclaw.json")) == config_before);
    CHECK(slurp(box.path("state/.env")) == dotenv_before);
  }

  SECTION("the live progress line on a terminal") {
    const std::string screen = run_on_terminal(
        [&] {
          auto args = box.run_args(marker);
          args.insert(args.end(), {"--format", "human"});
          return args;
        }(),
        box.env(), box.path("stdout.txt"));
    INFO(screen);
    CHECK(screen.find("\xE2\x8B\xAF") != std::string::npos);  // the progress line was drawn ("⋯ title")
    check_clean("terminal", screen);
    check_clean("stdout beside the terminal", slurp(box.path("stdout.txt")));
  }

  SECTION("an applied run: its report, its audit log and its backups' listing") {
    auto args = box.run_args(marker);
    args.insert(args.end(), {"--format", "json", "--apply", "--yes"});
    const auto outcome = run_clawbook(args, box.env());
    INFO(outcome.out << outcome.err);
    check_clean("applied stdout", outcome.out);
    check_clean("applied stderr", outcome.err);
    const std::string audit = slurp(box.path("state/audit.jsonl"));
    REQUIRE_FALSE(audit.empty());
    check_clean("audit log", audit);
    CHECK(audit.find(clawbook::fingerprint(kToken)) != std::string::npos);
    CHECK(slurp(box.path("state/.env")).find(kToken) != std::string::npos);  // it really was applied
  }

  SECTION("a support bundle of the same state") {
    const std::string archive = box.path("bundle.tar.gz");
    const auto outcome = run_clawbook({"bundle", "-o", archive, "--timeout", "60"}, box.env());
    INFO(outcome.out << outcome.err);
    REQUIRE(outcome.code == 0);
    check_clean("bundle stdout", outcome.out + outcome.err);
    const fs::path out = box.dir / "extracted";
    fs::create_directories(out);
    REQUIRE(std::system(("tar -xzf " + archive + " -C " + out.string()).c_str()) == 0);
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(out))
      if (entry.is_regular_file()) all += entry.path().string() + "\n" + slurp(entry.path().string()) + "\n";
    CHECK(all.find("OPENCLAW_GATEWAY_TOKEN") != std::string::npos);  // the dotenv is in it, masked
    check_clean("bundle", all);
    CHECK(all.find("gateway.log") != std::string::npos);
    for (const auto& secret :
         {url_encoded(kConfigToken), kConfigToken.substr(0, 16), kWebhook, kAccessKey, kXAuth, kQueryAuth}) {
      INFO(secret);
      CHECK(all.find(secret) == std::string::npos);
    }
  }
}
