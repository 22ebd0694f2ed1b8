// `clawbook lab`: a fault-injecting simulator of the OpenClaw gateway. It speaks the real gateway's HTTP probe
// endpoints and WebSocket protocol (frames, error codes, details codes, close codes and reasons as recorded from
// OpenClaw 2026.9.6) and can break them on purpose, one scenario at a time. One io_context on one thread serves
// every simulated gateway of a Lab, so a single process can serve thousands of ports.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::lab {

struct ScenarioInfo {
  std::string name;         // "token-mismatch"
  std::string category;     // "auth", "transport", "hostile", "channel", ...
  std::string description;  // one line for `clawbook lab --list`
};

// Every scenario, in the order `--list` prints them.
const std::vector<ScenarioInfo>& scenario_catalogue();
bool is_scenario(std::string_view name);

// Token used when neither --token nor OPENCLAW_GATEWAY_TOKEN is given. Documented, so it is not a secret.
inline constexpr std::string_view kDefaultToken = "clawbook-lab-token";

// --token, else the environment's OPENCLAW_GATEWAY_TOKEN (when non-empty), else kDefaultToken.
std::string resolve_token(const std::optional<std::string>& explicit_token);

struct PortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  std::size_t size() const { return static_cast<std::size_t>(last) - first + 1; }
};
// "20000-20999" or "18789". Throws std::invalid_argument with a message naming the input.
PortRange parse_port_range(std::string_view text);

// Raises the soft RLIMIT_NOFILE to the hard limit (a listening socket per gateway plus one per connection).
// Returns the soft limit now in force.
std::size_t raise_open_file_limit();

struct ScenarioSpec;  // scenario_file.hpp

struct Options {
  std::string scenario = "healthy";
  // A scenario file (--scenario-file): its `base` replaces `scenario`, its fields change that scenario's answers.
  std::shared_ptr<const ScenarioSpec> spec;
  std::string host = "127.0.0.1";               // loopback only: 127.0.0.0/8 or ::1
  std::uint16_t port = 0;                       // first port; 0 binds every gateway to an ephemeral port
  std::size_t count = 1;                        // gateways: ports port..port+count-1 (or `count` ephemeral ports)
  int protocol = 4;                             // protocol the simulated gateway speaks: 3 (OpenClaw <= 2026.5) or 4
  std::string token;                            // the gateway token; empty means resolve_token(std::nullopt)
  std::chrono::milliseconds ready_after{5000};  // `starting`: time until the gateway is ready
  std::chrono::milliseconds handshake_timeout{15000};   // real default (OpenClaw >= 2026.5)
  std::chrono::milliseconds silence_close_after{2000};  // `handshake-timeout`: challenge, silence, then close 1000
  std::chrono::milliseconds latency{1000};              // `slow`: delay before every HTTP answer and WS frame
  std::chrono::milliseconds slowloris_interval{1000};   // `slowloris`: one byte per interval
  std::chrono::milliseconds hostile_hold{30000};        // how long hostile peers keep a socket before dropping it
  std::chrono::milliseconds http_idle_timeout{30000};   // idle keep-alive HTTP connections are closed after this
  std::chrono::milliseconds period{5000};               // idle-close, flap-readyz, restart-loop: how often they strike
  std::chrono::milliseconds tick_interval{30000};       // tick events on open sessions (the real gateway: 30 s)
};

// A running set of simulated gateways. The constructor binds every port (throwing std::runtime_error naming the
// port when one cannot be bound, std::invalid_argument on a bad option); start() or run() serves them.
class Lab {
 public:
  explicit Lab(Options options);
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  const Options& options() const;
  const std::vector<std::uint16_t>& ports() const;
  bool uses_tls() const;
  std::string url(std::size_t index = 0) const;       // ws://127.0.0.1:P or wss://
  std::string http_url(std::size_t index = 0) const;  // http://127.0.0.1:P or https://
  // PEM of the self-signed certificate of the `tls` scenario (empty otherwise), for clients that verify.
  const std::string& certificate_pem() const;

  void start();  // serve on one background thread
  void run();    // serve on the calling thread until stop()
  // Serve on the calling thread until SIGINT or SIGTERM.
  void run_until_signal();
  void stop();  // thread-safe; joins the background thread

  std::uint64_t connections_accepted() const;

  struct Impl;  // server internals (server.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace clawbook::lab
