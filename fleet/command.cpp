// `clawbook fleet --targets FILE`: the quick question for many gateways at once, "does each one answer a
// full handshake and a health RPC?" Connect + hello-ok + `health`, with bounded concurrency and a deadline per
// target, printed as a table or JSON. One io_context on one thread: each probe is a few small frames, so
// concurrency, not threads, is what makes a thousand gateways take well under two seconds.
#include "clawbook/command.hpp"
#include "clawbook/fingerprint.hpp"
#include "gateway/gateway.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <regex>

namespace clawbook::fleet {
namespace {

namespace gw = gateway;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string targets_file;
  std::vector<std::string> params;  // token=T or password=P, as `run --param`
  int concurrency = 256;
  double timeout = 5;
  std::string format = "human";
};

struct Result {
  std::string target;
  Json probe;  // {ok, phase?, error?, message?, protocol?, server_version?, health_ok?, ms}
};

// One target per line: a URL (ws://, wss://, http://, https://), host:port, or a port range written as
// SCHEME://HOST:A-B. Blank lines and # comments are skipped. Throws with the line number on a bad line.
std::vector<std::string> read_targets(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  static const std::regex range(R"(^((?:wss?|https?)://)?([^/\s]+):(\d+)-(\d+)(/.*)?$)");
  static const std::regex single(R"(^((?:wss?|https?)://)?([^/\s]+):(\d+)(/.*)?$)");
  std::vector<std::string> targets;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line.erase(std::find(line.begin(), line.end(), '#'), line.end());
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (line.empty()) continue;
    std::smatch match;
    if (std::regex_match(line, match, range)) {
      const std::string scheme = match[1].matched ? std::string(match[1]) : "ws://";
      const long first = std::stol(match[3]), last = std::stol(match[4]);
      if (first < 1 || last > 65535 || first > last)
        throw std::runtime_error(path + ":" + std::to_string(number) + ": bad port range " + line);
      for (long port = first; port <= last; ++port)
        targets.push_back(scheme + std::string(match[2]) + ":" + std::to_string(port) + std::string(match[5]));
    } else if (std::regex_match(line, match, single)) {
      targets.push_back((match[1].matched ? "" : "ws://") + line);
    } else {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": not a gateway URL, host:port or range: " + line);
    }
  }
  return targets;
}

// http(s):// targets are the same gateway: the WebSocket lives on the same port.
std::string websocket_url(std::string target) {
  if (target.rfind("http://", 0) == 0) return "ws://" + target.substr(7);
  if (target.rfind("https://", 0) == 0) return "wss://" + target.substr(8);
  return target;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class Prober {
 public:
  Prober(const std::vector<std::string>& targets, gw::ConnectOptions connect, const Options& options)
      : targets_(targets), connect_(std::move(connect)), options_(options), results_(targets.size()) {}

  std::vector<Result> run() {
    for (int i = 0; i < options_.concurrency; ++i) start_next();
    io_.run();
    return std::move(results_);
  }

 private:
  void start_next() {
    if (next_ >= targets_.size()) return;
    const size_t index = next_++;
    results_[index].target = targets_[index];
    const auto started = Clock::now();
    const auto deadline = std::chrono::duration_cast<gw::Duration>(std::chrono::duration<double>(options_.timeout));
    gw::connect(io_, websocket_url(targets_[index]), connect_, deadline,
                [this, index, started, deadline](Json hello, std::shared_ptr<gw::Session> session) {
                  if (!session) return finish(index, started, summary(hello));
                  Json probe = summary(hello);
                  const auto left = deadline - std::chrono::duration_cast<gw::Duration>(Clock::now() - started);
                  session->call("health", Json::object(), std::max(left, gw::Duration(1)),
                                [this, index, started, probe, session](Json health) mutable {
                                  probe["health_ok"] = health.value("ok", false);
                                  if (!probe["health_ok"].get<bool>()) {
                                    probe["ok"] = false;
                                    probe["phase"] = "health";
                                    probe["error"] = health.contains("error") ? health["error"] : Json("failed");
                                  }
                                  session->close(std::chrono::seconds(1), [session](Json) {});
                                  finish(index, started, std::move(probe));
                                });
                });
  }

  static Json summary(const Json& hello) {
    Json out = {{"ok", hello.value("ok", false)}};
    for (const char* key : {"phase", "error", "message", "details_code", "close_code", "protocol", "server_version"})
      if (hello.contains(key) && !hello[key].is_null()) out[key] = hello[key];
    return out;
  }

  void finish(size_t index, Clock::time_point started, Json probe) {
    probe["ms"] = ms_since(started);
    results_[index].probe = std::move(probe);
    start_next();
  }

  boost::asio::io_context io_;
  const std::vector<std::string>& targets_;
  gw::ConnectOptions connect_;
  const Options& options_;
  std::vector<Result> results_;
  size_t next_ = 0;
};

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::string cell(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object()) return value.value("code", value.dump());
  return value.dump();
}

int run(const Options& options) {
  if (options.format != "human" && options.format != "json") {
    std::cerr << "clawbook: unknown --format '" << options.format << "' (human, json)\n";
    return 64;
  }
  if (options.concurrency < 1 || !(options.timeout > 0)) {
    std::cerr << "clawbook: --concurrency and --timeout must be positive\n";
    return 64;
  }
  gw::ConnectOptions connect;
  connect.client_version = "clawbook-fleet";
  for (const auto& param : options.params) {
    const auto eq = param.find('=');
    const std::string name = param.substr(0, eq), value = eq == std::string::npos ? "" : param.substr(eq + 1);
    if (name == "token") connect.token = value;
    else if (name == "password") connect.password = value;
    else {
      std::cerr << "clawbook: fleet takes --param token=T or --param password=P, not '" << param << "'\n";
      return 64;
    }
  }
  std::vector<std::string> targets;
  try {
    targets = read_targets(options.targets_file);
  } catch (const std::exception& e) {
    std::cerr << "clawbook: " << e.what() << "\n";
    return 64;
  }
  const long rss_before = peak_rss_kib();
  const auto started = Clock::now();
  Prober prober(targets, connect, options);
  const auto results = prober.run();
  const double total_ms = ms_since(started);
  const long rss_after = peak_rss_kib();
  const auto healthy = std::count_if(results.begin(), results.end(),
                                     [](const Result& r) { return r.probe.value("ok", false); });
  const double per_target_kib =
      targets.empty() ? 0 : static_cast<double>(rss_after - rss_before) / static_cast<double>(targets.size());

  if (options.format == "json") {
    Json out = {{"targets", targets.size()},
                {"healthy", healthy},
                {"failed", static_cast<long>(targets.size()) - healthy},
                {"duration_ms", total_ms},
                {"peak_rss_kib", rss_after},
                {"rss_growth_per_target_kib", per_target_kib},
                {"results", Json::array()}};
    for (const auto& r : results) {
      Json entry = r.probe;
      entry["target"] = r.target;
      out["results"].push_back(std::move(entry));
    }
    std::cout << out.dump(2) << "\n";
  } else {
    size_t width = 6;
    for (const auto& r : results) width = std::max(width, r.target.size());
    std::printf("%-*s  %-6s  %-9s  %-8s  %9s  %s\n", static_cast<int>(width), "target", "result", "phase", "protocol",
                "time", "server / error");
    for (const auto& r : results) {
      const Json& p = r.probe;
      const bool ok = p.value("ok", false);
      std::printf("%-*s  %-6s  %-9s  %-8s  %7.1f ms  %s\n", static_cast<int>(width), r.target.c_str(), ok ? "ok" : "FAIL",
                  ok ? "health" : cell(p.value("phase", Json())).c_str(), cell(p.value("protocol", Json())).c_str(),
                  p.value("ms", 0.0),
                  ok ? cell(p.value("server_version", Json())).c_str()
                     : (cell(p.value("error", Json())) + (p.contains("message") ? ": " + cell(p["message"]) : "")).c_str());
    }
    std::printf("\n%zu targets: %ld healthy, %ld failed in %.0f ms (concurrency %d, peak RSS %ld KiB, %.1f KiB per target)\n",
                targets.size(), static_cast<long>(healthy), static_cast<long>(targets.size()) - healthy, total_ms,
                options.concurrency, rss_after, per_target_kib);
  }
  return healthy == static_cast<long>(targets.size()) ? 0 : 1;
}

CommandSpec fleet_command() {
  return CommandSpec{"fleet", "Probe many gateways at once: connect + hello-ok + health, as a table or JSON",
                     [](CLI::App& sub) {
                       auto options = std::make_shared<Options>();
                       sub.add_option("--targets", options->targets_file,
                                      "File with one gateway per line: URL, host:port, or ws://HOST:A-B")
                           ->required();
                       sub.add_option("--param,-p", options->params, "token=T or password=P, sent to every gateway");
                       sub.add_option("--concurrency", options->concurrency, "Probes in flight at once")
                           ->capture_default_str();
                       sub.add_option("--timeout", options->timeout, "Deadline per target, in seconds")
                           ->capture_default_str();
                       sub.add_option("--format,-f", options->format, "human or json")->capture_default_str();
                       return [options]() { return run(*options); };
                     }};
}

}  // namespace
}  // namespace clawbook::fleet

CLAWBOOK_COMMAND(clawbook::fleet::fleet_command());
