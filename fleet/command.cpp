// `clawbook fleet --targets FILE`: the quick question for many gateways at once, "does each one answer a
// full handshake and a health RPC?" Connect + hello-ok + `health`, with bounded concurrency and a deadline per
// target, printed as a table or JSON. One io_context on one thread: each probe is a few small frames, so
// concurrency, not threads, is what makes a thousand gateways take well under two seconds.
#include "clawbook/command.hpp"
#include "clawbook/exit_codes.hpp"
#include "clawbook/utf8.hpp"
#include "gateway/gateway.hpp"
#include "shared.hpp"  // cli/: the options every report-writing command shares

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string_view>

namespace clawbook::fleet {
namespace {

namespace gw = gateway;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// The default --max-targets: ten thousand gateways probe in about six seconds (docs/performance.md); a typo in a
// range (1-65535 on twenty lines) should be a usage error, not a million connections and gigabytes of results.
constexpr size_t kDefaultMaxTargets = 10000;
// A targets line longer than this is not a gateway address.
constexpr size_t kMaxLineLength = 2048;

struct Options {
  std::string targets_file;
  cli::ParamOptions params;  // token=T or password=P, as `run --param`, `--param-file`, `--param-stdin`
  int concurrency = 256;
  double timeout = 5;
  size_t max_targets = kDefaultMaxTargets;
  cli::Output out{.format = "human", .output = ""};
};

struct Result {
  std::string target;
  Json probe;  // {ok, phase?, error?, message?, protocol?, server_version?, health_ok?, ms}
};

// "ws://", "wss://", "http://", "https://" at the start of `line`, else "".
std::string_view scheme_of(std::string_view line) {
  for (std::string_view scheme : {"ws://", "wss://", "http://", "https://"})
    if (line.substr(0, scheme.size()) == scheme) return scheme;
  return {};
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() <= 5 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One targets line, already trimmed: [SCHEME://]HOST:PORT[/PATH] or [SCHEME://]HOST:A-B[/PATH]. A parser, not a
// regex: lines come from users and scripts and may be long. Appends the targets; throws the reason.
void parse_target_line(std::string_view line, size_t max_targets, std::vector<std::string>& targets) {
  if (line.size() > kMaxLineLength) throw std::runtime_error("line longer than " + std::to_string(kMaxLineLength) + " bytes");
  const std::string_view scheme = scheme_of(line);
  std::string_view rest = line.substr(scheme.size());
  const size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  const size_t colon = authority.rfind(':');
  const std::string_view host = colon == std::string_view::npos ? authority : authority.substr(0, colon);
  const std::string_view ports = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
  const auto bad_char = [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == '@' || c == 0x7f; };
  if (host.empty() || std::any_of(host.begin(), host.end(), bad_char) ||
      std::any_of(path.begin(), path.end(), bad_char))
    throw std::runtime_error("not a gateway URL, host:port or range");
  const size_t dash = ports.find('-');
  const std::string_view first_text = ports.substr(0, dash);
  const std::string_view last_text = dash == std::string_view::npos ? first_text : ports.substr(dash + 1);
  if (!all_digits(first_text) || !all_digits(last_text)) throw std::runtime_error("not a gateway URL, host:port or range");
  const long first = std::stol(std::string(first_text)), last = std::stol(std::string(last_text));
  if (first < 1 || last > 65535 || first > last) throw std::runtime_error("bad port " + std::string(ports));
  if (targets.size() + static_cast<size_t>(last - first + 1) > max_targets)
    throw std::runtime_error("more than " + std::to_string(max_targets) +
                             " targets (--max-targets raises the limit)");
  const std::string prefix = (scheme.empty() ? std::string("ws://") : std::string(scheme)) + std::string(host) + ":";
  for (long port = first; port <= last; ++port) targets.push_back(prefix + std::to_string(port) + std::string(path));
}

// One target per line: a URL (ws://, wss://, http://, https://), host:port, or a port range written as
// SCHEME://HOST:A-B. Blank lines and # comments are skipped. Throws with the line number on a bad line.
std::vector<std::string> read_targets(const std::string& path, size_t max_targets) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  std::vector<std::string> targets;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line.erase(std::find(line.begin(), line.end(), '#'), line.end());
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (line.empty()) continue;
    try {
      parse_target_line(line, max_targets, targets);
    } catch (const std::exception& e) {
      const std::string shown = line.size() > 80 ? line.substr(0, 80) + "..." : line;
      throw std::runtime_error(path + ":" + std::to_string(number) + ": " + e.what() + ": " + printable(shown));
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

std::string format_line(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string format_line(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char buffer[4096];
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

std::string render_table(const std::vector<Result>& results, const Options& options, long healthy, double total_ms,
                         long peak_rss, double per_target_kib) {
  size_t width = 6;
  for (const auto& r : results) width = std::max(width, r.target.size());
  std::string text = format_line("%-*s  %-6s  %-9s  %-8s  %9s  %s\n", static_cast<int>(width), "target", "result",
                                 "phase", "protocol", "time", "server / error");
  for (const auto& r : results) {
    const Json& p = r.probe;
    const bool ok = p.value("ok", false);
    const std::string detail = ok ? cell(p.value("server_version", Json()))
                                  : cell(p.value("error", Json())) + (p.contains("message") ? ": " + cell(p["message"]) : "");
    text += r.target;
    text.append(width - std::min(width, r.target.size()), ' ');
    text += format_line("  %-6s  %-9s  %-8s  %7.1f ms  ", ok ? "ok" : "FAIL",
                        ok ? "health" : cell(p.value("phase", Json())).c_str(), cell(p.value("protocol", Json())).c_str(),
                        p.value("ms", 0.0));
    text += printable(detail, false) + "\n";
  }
  text += format_line("\n%zu targets: %ld healthy, %ld failed in %.0f ms (concurrency %d, peak RSS %ld KiB, %.1f KiB per target)\n",
                      results.size(), healthy, static_cast<long>(results.size()) - healthy, total_ms,
                      options.concurrency, peak_rss, per_target_kib);
  return text;
}

int run(const Options& options) {
  if (options.out.format != "human" && options.out.format != "json")
    return cli::error_exit(kExitUsage, "unknown --format '" + options.out.format + "' (human, json)");
  if (options.concurrency < 1 || !(options.timeout > 0) || options.max_targets < 1)
    return cli::error_exit(kExitUsage, "--concurrency, --timeout and --max-targets must be positive");
  if (auto problem = cli::output_problem(options.out)) return cli::error_exit(kExitUsage, *problem);
  std::string error;
  const auto params = cli::collect_params(options.params, error);
  if (!params) return cli::error_exit(kExitUsage, error);
  gw::ConnectOptions connect;
  connect.client_version = "clawbook-fleet";
  for (const auto& [name, value] : params->items()) {
    if ((name != "token" && name != "password") || !value.is_string())
      return cli::error_exit(kExitUsage, "fleet takes the params token=T or password=P, not '" + name + "'");
    (name == "token" ? connect.token : connect.password) = value.get<std::string>();
  }
  std::vector<std::string> targets;
  try {
    targets = read_targets(options.targets_file, options.max_targets);
  } catch (const std::exception& e) {
    return cli::error_exit(kExitUsage, e.what());
  }
  const long rss_before = peak_rss_kib();
  const auto started = Clock::now();
  Prober prober(targets, connect, options);
  const auto results = prober.run();
  const double total_ms = ms_since(started);
  const long rss_after = peak_rss_kib();
  const long healthy = std::count_if(results.begin(), results.end(),
                                     [](const Result& r) { return r.probe.value("ok", false); });
  const double per_target_kib =
      targets.empty() ? 0 : static_cast<double>(rss_after - rss_before) / static_cast<double>(targets.size());

  std::string text;
  if (options.out.format == "json") {
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
    text = out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  } else {
    text = render_table(results, options, healthy, total_ms, rss_after, per_target_kib);
  }
  if (!cli::emit(options.out, text)) return kExitRunbookError;
  return healthy == static_cast<long>(targets.size()) ? 0 : 1;
}

CommandSpec fleet_command() {
  return {.name = "fleet",
          .description = "Probe many gateways at once: connect + hello-ok + health, as a table or JSON",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                auto options = std::make_shared<Options>();
                sub.add_option("--targets", options->targets_file,
                               "File with one gateway per line: URL, host:port, or ws://HOST:A-B")
                    ->required();
                cli::add_param_options(sub, options->params);
                sub.add_option("--concurrency", options->concurrency, "Probes in flight at once")->capture_default_str();
                sub.add_option("--timeout", options->timeout, "Deadline per target, in seconds")->capture_default_str();
                sub.add_option("--max-targets", options->max_targets,
                               "Refuse a targets file that expands to more gateways than this")
                    ->capture_default_str();
                cli::add_output_options(sub, options->out, "human or json");
                return [options]() { return run(*options); };
              },
          .order = 85,
          .exit_codes = "  0    every target answered the handshake and health\n"
                        "  1    at least one target failed\n"
                        "  2    the output could not be written\n"
                        "  64   usage error: bad targets file, more targets than --max-targets, unknown param\n"};
}

}  // namespace
}  // namespace clawbook::fleet

CLAWBOOK_COMMAND(clawbook::fleet::fleet_command());
