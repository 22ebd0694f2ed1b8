// `clawbook bundle` with the shipped openclaw.bundle collector: secrets planted in the config, the dotenv, the
// client's environment, the gateway log and (with a real dockerd) a container's env and its log must appear
// nowhere in the archive; each must show as the same fingerprint everywhere; --mask-hosts must hide the host name
// and keep its mapping outside the archive.
#include "run_binary.hpp"

#include "clawbook/fingerprint.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include "test_paths.hpp"

using clawbook::test::run_clawbook;
using clawbook::test::slurp;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Planted {
  fs::path dir;
  std::vector<std::string> secrets;
  std::vector<std::string> env;

  Planted() {
    char pattern[] = "/tmp/clawbook-bundle-XXXXXX";
    dir = mkdtemp(pattern);
    fs::create_directories(dir / "state" / "home");
    const std::string config_token = "cfgtok-4f1d2e3c4b5a69788796a5b4c3d2e1f0";
    const std::string api_key = "sk-planted0123456789abcdefghijklmnop";
    const std::string dotenv_token = "dotenv-7e6d5c4b3a2918273645546372819a0b";
    const std::string client_password = "pw-client-Zx9Yw8Vu7Ts6Rq5Po4Nm3";
    const std::string bearer = "bearer-a1b2c3d4e5f60718293a4b5c6d7e8f90";
    secrets = {config_token, api_key, dotenv_token, client_password, bearer};
    const std::string log = (dir / "state" / "gateway.log").string();
    std::ofstream(dir / "state" / "openclaw.json")
        << "// planted\n{ gateway: { mode: 'local', port: 1, auth: { mode: 'token', token: '" << config_token << "' } },\n"
        << "  models: { providers: { local: { baseUrl: 'http://127.0.0.1:1/v1', apiKey: '" << api_key << "', models: [] } } },\n"
        << "  logging: { file: '" << log << "' } }\n";
    std::ofstream(dir / "state" / ".env") << "OPENCLAW_GATEWAY_TOKEN=" << dotenv_token << "\n";
    std::ofstream(log) << "2026-11-23T05:00:00.000Z [gateway] ready (0 plugins; 3.2s)\n"
                       << "2026-11-23T05:00:01.000Z [ws] unauthorized conn=1 client=cli token " << config_token << "\n"
                       << "2026-11-23T05:00:02.000Z [http] GET /v1/models Authorization: Bearer " << bearer << "\n"
                       << "2026-11-23T05:00:03.000Z [ws] closed before connect conn=2 code=1008 reason=token_mismatch\n"
                       << "2026-11-23T05:00:04.000Z [models] provider local apiKey=" << api_key << " failed\n";
    env = {"OPENCLAW_STATE_DIR=" + (dir / "state").string(),
           "OPENCLAW_CONFIG_PATH=" + (dir / "state" / "openclaw.json").string(),
           "HOME=" + (dir / "state" / "home").string(),
           "OPENCLAW_GATEWAY_PASSWORD=" + client_password,
           "XDG_STATE_HOME=" + (dir / "xdg").string()};
  }
  ~Planted() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  // Makes a bundle and extracts it; returns the folder holding its top directory.
  fs::path bundle(std::vector<std::string> extra, const std::vector<std::string>& extra_env = {}) {
    const std::string archive = (dir / "bundle.tar.gz").string();
    std::vector<std::string> args{"bundle", "-o", archive, "--timeout", "60"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<std::string> all_env = env;
    all_env.insert(all_env.end(), extra_env.begin(), extra_env.end());
    const auto outcome = run_clawbook(args, all_env);
    INFO(outcome.out << outcome.err);
    REQUIRE(outcome.code == 0);
    CHECK(outcome.out.find(archive) != std::string::npos);
    CHECK((fs::status(archive).permissions() & fs::perms::others_read) == fs::perms::none);
    const fs::path out = dir / "extracted";
    fs::remove_all(out);
    fs::create_directories(out);
    REQUIRE(std::system(("tar -xzf " + archive + " -C " + out.string()).c_str()) == 0);
    return out;
  }
};

// Every file's bytes, concatenated with its name (for greps).
std::string everything(const fs::path& root) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) all += entry.path().string() + "\n" + slurp(entry.path().string()) + "\n";
  return all;
}

fs::path top_of(const fs::path& extracted) { return fs::directory_iterator(extracted)->path(); }

std::string host_name() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

}  // namespace

TEST_CASE("bundle: planted secrets never appear; each shows as one fingerprint; a manifest says why", "[bundle]") {
  Planted planted;
  const fs::path extracted = planted.bundle({}, {"DOCKER_HOST=unix:///nonexistent/docker.sock"});
  const std::string all = everything(extracted);
  for (const auto& secret : planted.secrets) {
    INFO(secret);
    CHECK(all.find(secret) == std::string::npos);
  }
  // The config token is in the config and in a log line: the same placeholder in both files.
  const fs::path top = top_of(extracted);
  const std::string config_fp = clawbook::fingerprint(planted.secrets[0]);
  CHECK(slurp((top / "config/openclaw.json").string()).find(config_fp) != std::string::npos);
  CHECK(slurp((top / "logs/gateway.log").string()).find(config_fp) != std::string::npos);
  CHECK(slurp((top / "config/openclaw.json").string()).find("// planted") != std::string::npos);

  const Json manifest = Json::parse(slurp((top / "manifest.json").string()));
  CHECK(manifest["runbook"]["id"] == "openclaw.bundle");
  std::set<std::string> listed;
  for (const auto& f : manifest["files"]) {
    CHECK_FALSE(f.value("why", "").empty());
    listed.insert(f["path"].get<std::string>());
  }
  for (const char* expected : {"manifest.json", "report.json", "report.md", "versions.json", "config/openclaw.json",
                               "config/dotenv", "config/changes.json", "logs/gateway.log", "host/listeners.json",
                               "host/gateway-processes.json", "host/locks.json"})
    CHECK(listed.count(expected) == 1);
  for (const auto& entry : fs::recursive_directory_iterator(top))
    if (entry.is_regular_file()) CHECK(listed.count(fs::relative(entry.path(), top).string()) == 1);
  CHECK(manifest["system"].contains("kernel"));
  CHECK(manifest["clawbook"].contains("version"));
  const Json report = Json::parse(slurp((top / "report.json").string()));
  CHECK(report["runbook"]["id"] == "openclaw.bundle");
  CHECK_FALSE(report["findings"].empty());  // the triage ran: nothing listens on port 1
}

TEST_CASE("bundle --mask-hosts: the host name is a placeholder, the mapping stays outside", "[bundle]") {
  Planted planted;
  const std::string map = (planted.dir / "host-map.json").string();
  const fs::path extracted = planted.bundle({"--mask-hosts", "--host-map", map}, {"DOCKER_HOST=unix:///nonexistent/docker.sock"});
  const std::string all = everything(extracted);
  const std::string host = host_name();
  if (host.size() >= 4 && host != "localhost") CHECK(all.find(host) == std::string::npos);
  const Json mapping = Json::parse(slurp(map));
  bool mapped = false;
  for (const auto& [placeholder, value] : mapping.items()) mapped = mapped || value == host;
  CHECK(mapped);
  CHECK((fs::status(map).permissions() & fs::perms::group_read) == fs::perms::none);
  // Stable: a second bundle gives the host the same placeholder.
  const Json first = mapping;
  planted.bundle({"--mask-hosts", "--host-map", map}, {"DOCKER_HOST=unix:///nonexistent/docker.sock"});
  CHECK(Json::parse(slurp(map)) == first);
}

TEST_CASE("bundle: a container's env secret, echoed into its log, stays out of the archive", "[real-docker][bundle]") {
  const std::string script = std::string(CLAWBOOK_SOURCE_DIR) + "/scripts/peers/dockerd.sh";
  if (std::system((script + " status >/dev/null 2>&1").c_str()) != 0)
    (void)std::system((script + " install >/dev/null 2>&1").c_str());
  std::string socket;
  {
    FILE* pipe = popen((script + " start 2>/dev/null").c_str(), "r");
    char buffer[512];
    while (pipe && fgets(buffer, sizeof buffer, pipe)) socket += buffer;
    if (pipe) pclose(pipe);
    while (!socket.empty() && socket.back() == '\n') socket.pop_back();
  }
  REQUIRE_FALSE(socket.empty());
  Planted planted;
  const std::string container_token = "ctr-9a8b7c6d5e4f30211203f4e5d6c7b8a9";
  const std::string name = "openclaw-bundle-t" + std::to_string(getpid());
  REQUIRE(std::system((script + " docker -- run -d --name " + name + " --network none -e OPENCLAW_GATEWAY_TOKEN=" +
                       container_token + " clawbook-test/busybox:1 sh -c 'echo starting with $OPENCLAW_GATEWAY_TOKEN; sleep 600'"
                       " >/dev/null").c_str()) == 0);
  const fs::path extracted = planted.bundle({}, {"DOCKER_HOST=unix://" + socket});
  (void)std::system((script + " docker -- rm -f " + name + " >/dev/null 2>&1").c_str());
  const std::string all = everything(extracted);
  CHECK(all.find(container_token) == std::string::npos);
  CHECK(all.find(clawbook::fingerprint(container_token)) != std::string::npos);  // the log line is there, redacted
  CHECK(all.find("logs/container-" + name + ".log") != std::string::npos);
}
