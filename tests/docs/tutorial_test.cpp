// docs/tutorial.md cannot go stale: this test reads it and does what it says, in order, in an empty directory.
// Each `<!-- file: PATH -->` block is written to PATH; each line of an ```sh block is run (a trailing
// `# exit N` expects that status, else 0); each one-line `run:` of a ```yaml block is run too. A multi-line
// `run: |` (the CI job's install from a .deb download) is not run here: each of its lines must be in
// integrations/ci/github-actions.yml, the tested pipeline it is taken from. The service the tutorial checks is
// a real HTTP server on loopback, found through $ACME_WEB_PORT as the tutorial says.
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Command {
  std::string text;
  int exit = 0;
};

struct Tutorial {
  std::vector<std::pair<std::string, std::string>> steps;  // ("file", path\ncontent) or ("sh", command)
  std::vector<Command> commands;
  std::vector<std::string> not_run;  // lines of multi-line CI scripts
};

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

Tutorial parse(const std::string& markdown) {
  Tutorial out;
  std::istringstream in(markdown);
  std::string line, fence, pending_file, block;
  bool in_block = false;
  static const std::regex file_marker(R"(^<!-- file: (\S+) -->$)");
  static const std::regex exit_marker(R"(^(.*\S)\s+# exit (\d+)$)");
  static const std::regex run_line(R"(^(\s*)(- )?run: (.*)$)");
  std::vector<std::string> yaml;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!in_block) {
      if (std::regex_match(line, m, file_marker)) pending_file = m[1];
      if (line.rfind("```", 0) == 0) {
        in_block = true;
        fence = line.substr(3);
        block.clear();
        yaml.clear();
      }
      continue;
    }
    if (line.rfind("```", 0) != 0) {
      block += line + "\n";
      if (fence == "yaml") yaml.push_back(line);
      if (fence == "sh" && pending_file.empty()) {
        const std::string command = trim(line);
        if (command.empty() || command[0] == '#') continue;
        Command c{command, 0};
        if (std::regex_match(command, m, exit_marker)) c = {m[1], std::stoi(m[2])};
        out.commands.push_back(c);
        out.steps.emplace_back("sh", c.text);
      }
      continue;
    }
    in_block = false;
    if (!pending_file.empty()) {
      out.steps.emplace_back("file", pending_file + "\n" + block);
      pending_file.clear();
    }
    for (size_t i = 0; i < yaml.size(); ++i) {
      if (!std::regex_match(yaml[i], m, run_line)) continue;
      const std::string value = trim(m[3]);
      if (value != "|") {
        out.commands.push_back({value, 0});
        out.steps.emplace_back("sh", value);
        continue;
      }
      const size_t indent = yaml[i].find_first_not_of(' ');
      for (size_t j = i + 1; j < yaml.size() && yaml[j].find_first_not_of(' ') > indent; ++j)
        out.not_run.push_back(trim(yaml[j]));
    }
  }
  return out;
}

// A stand-in for acme-web: answers GET /health with 200, anything else with 404, until destroyed.
class HealthServer {
 public:
  HealthServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~HealthServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      std::string request;
      char buffer[4096];
      pollfd c{.fd = client, .events = POLLIN, .revents = 0};
      while (request.find("\r\n\r\n") == std::string::npos && ::poll(&c, 1, 2000) > 0) {
        const ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      if (!request.empty()) {
        ++requests_;
        const bool health = request.rfind("GET /health ", 0) == 0;
        const std::string body = health ? "ok\n" : "not found\n";
        const std::string response = std::string("HTTP/1.1 ") + (health ? "200 OK" : "404 Not Found") +
                                     "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
                                     "\r\nConnection: close\r\n\r\n" + body;
        (void)!::write(client, response.data(), response.size());
      }
      ::close(client);
    }
  }
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

TEST_CASE("every command of docs/tutorial.md runs as the tutorial says", "[docs][tutorial]") {
  const auto tutorial = parse(clawbook::test::slurp(std::string(CLAWBOOK_SOURCE_DIR) + "/docs/tutorial.md"));
  // The extraction found the tutorial's path: new, lint, test, run, record, docs and the CI job's steps.
  REQUIRE(tutorial.commands.size() >= 10);
  CHECK(tutorial.commands.front().text == "clawbook new acme.web --dir playbooks");
  const auto ci = clawbook::test::slurp(std::string(CLAWBOOK_SOURCE_DIR) + "/integrations/ci/github-actions.yml");
  REQUIRE_FALSE(tutorial.not_run.empty());
  for (const auto& line : tutorial.not_run) {
    INFO(line);
    CHECK(ci.find(line) != std::string::npos);
  }

  char pattern[] = "/tmp/clawbook-tutorial-XXXXXX";
  const fs::path dir = ::mkdtemp(pattern);
  HealthServer service;
  // One shell, as a reader's terminal: each command echoed, its status checked against the tutorial's.
  std::string script = "set -u\ncd " + quoted(dir.string()) +
                       "\nexport PATH=" + quoted(fs::path(CLAWBOOK_BINARY).parent_path().string()) +
                       ":\"$PATH\"\nexport CLAWBOOK_PATH=\n" +
                       "export ACME_WEB_PORT=" + std::to_string(service.port()) + "\n";
  size_t written = 0;
  for (const auto& [kind, text] : tutorial.steps) {
    if (kind == "file") {
      const std::string path = text.substr(0, text.find('\n'));
      const fs::path target = dir / path;
      fs::create_directories(target.parent_path());
      // Files are written when the script reaches them: through the shell, in order with the commands.
      const fs::path staged = dir / (".staged-" + std::to_string(written++));
      std::ofstream(staged) << text.substr(text.find('\n') + 1);
      script += "mkdir -p " + quoted(target.parent_path().string()) + " && mv " + quoted(staged.string()) + " " +
                quoted(target.string()) + "\n";
      continue;
    }
    int expected = 0;
    for (const auto& c : tutorial.commands)
      if (c.text == text) expected = c.exit;
    script += "echo " + quoted("$ " + text) + "\n" + text + "\nrc=$?\nif [ $rc -ne " + std::to_string(expected) +
              " ]; then echo " + quoted("tutorial: exit ") + "\"$rc\"" +
              quoted(", expected " + std::to_string(expected)) + "; exit 99; fi\n";
  }
  script += "echo tutorial: done\n";
  std::ofstream(dir / ".tutorial.sh") << script;

  FILE* pipe = ::popen(("bash " + quoted((dir / ".tutorial.sh").string()) + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  INFO(output);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(output.find("tutorial: done") != std::string::npos);
  // What the tutorial promises along the way.
  CHECK(output.find("3 passed, 0 failed") != std::string::npos);
  CHECK(output.find("4 passed, 0 failed") != std::string::npos);
  CHECK(service.requests() >= 2);  // the live run and the recorded one reached the service
  CHECK(fs::exists(dir / "playbooks" / "tests" / "recordings" / "live.json"));
  CHECK(fs::exists(dir / "docs" / "playbooks" / "runbooks.md"));
  CHECK(fs::exists(dir / "clawbook-tests.xml"));
  CHECK(fs::exists(dir / "acme-web.xml"));
  const std::string reference = clawbook::test::slurp((dir / "docs" / "playbooks" / "runbooks.md").string());
  CHECK(reference.find("acme.web") != std::string::npos);
  CHECK(reference.find("openclaw.triage") == std::string::npos);  // only the runbooks under --runbook-path
  std::error_code ec;
  fs::remove_all(dir, ec);
}
