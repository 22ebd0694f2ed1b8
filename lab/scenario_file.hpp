// `clawbook lab --scenario-file FILE`: a scenario written as data (JSON, docs/lab.md). The file is read strictly:
// unknown fields, wrong types, values out of range and impossible combinations are refused with the JSON path of
// the field ("scenario.handshake.close.code: expected integer 1000-4999, got \"x\""), and the file is bounded in
// size and nesting depth. A field that is absent keeps the behaviour of the `base` built-in scenario (healthy).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::lab {

inline constexpr std::size_t kScenarioFileMaxBytes = 1 << 20;  // 1 MiB
inline constexpr int kScenarioFileMaxDepth = 32;

// A refused scenario file; what() is the whole message (path and reason), without a program prefix.
class ScenarioFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpAnswer {
  unsigned status = 200;
  nlohmann::json body;  // sent as JSON (application/json; charset=utf-8, Cache-Control: no-store)
};

// An error shape as the gateway sends it in a `res` frame.
struct ErrorAnswer {
  std::string code;
  std::string message;
  nlohmann::json details;  // null when absent
  std::optional<bool> retryable;
  std::optional<std::int64_t> retry_after_ms;
};

struct CloseFrame {
  unsigned code = 1008;
  std::string reason;
};

// The answer to one RPC method: exactly one of payload, merge (an RFC 7386 patch on the base answer) or error.
struct MethodAnswer {
  std::chrono::milliseconds delay{0};
  std::optional<nlohmann::json> payload;
  std::optional<nlohmann::json> merge;
  std::optional<ErrorAnswer> error;
};

// One channel (one account, "default") as health, channels.status, status and /readyz report it.
struct ChannelSpec {
  std::string id;
  std::string label;
  nlohmann::json account;            // ChannelAccountSnapshot fields (accountId defaults to "default")
  nlohmann::json probe;              // null: not probed
  bool failing = false;              // makes /readyz fail with this channel's id
  std::vector<std::string> summary;  // status channelSummary lines
};

struct LogLineSpec {
  std::int64_t ago_ms = 0;
  std::string level = "INFO";
  std::string subsystem = "gateway";
  std::string message;
};

struct ScenarioSpec {
  std::string name;  // banner and --list-like output; defaults to the file's stem
  std::string description;
  std::string base = "healthy";  // the built-in scenario the file changes
  std::optional<std::string> version;
  std::optional<int> protocol;

  std::optional<HttpAnswer> healthz, readyz, startupz;

  // handshake
  std::chrono::milliseconds challenge_delay{0};
  std::chrono::milliseconds hello_delay{0};
  std::optional<std::chrono::milliseconds> handshake_timeout;
  bool ignore_connect = false;  // challenge, then silence until the handshake timeout closes 1000
  std::optional<std::vector<std::string>> hello_scopes;
  std::optional<std::string> hello_role;
  nlohmann::json hello_policy;  // object merged into hello-ok policy, or null
  nlohmann::json hello_merge;   // RFC 7386 patch on the whole hello-ok payload, or null
  std::optional<ErrorAnswer> handshake_error;
  std::optional<CloseFrame> handshake_close;  // with handshake_error; default 1008 and the message

  std::map<std::string, MethodAnswer> methods;
  std::optional<std::vector<ChannelSpec>> channels;
  std::vector<LogLineSpec> logs;
  nlohmann::json event_loop;  // object merged into every eventLoop block, or null

  // timeline
  struct CloseAfterHello {
    std::chrono::milliseconds after{0};
    unsigned code = 1000;
    std::string reason;
  };
  struct Restart {
    std::optional<std::chrono::milliseconds> after;  // once
    std::optional<std::chrono::milliseconds> every;  // repeatedly
    std::chrono::milliseconds down{0};               // connections reset for this long after each restart
    unsigned code = 1012;
    std::string reason = "service restart";
  };
  struct Silent {
    std::chrono::milliseconds after{0};
    std::optional<std::chrono::milliseconds> duration;  // then answers again
  };
  struct Flap {
    std::chrono::milliseconds period{5000};
    std::vector<std::string> failing{"telegram"};
  };
  std::optional<CloseAfterHello> close_after_hello;
  std::optional<std::chrono::milliseconds> drop_after_hello;
  std::optional<Restart> restart;
  std::optional<Silent> silent;
  std::optional<Flap> flap_readyz;

  bool says_hello() const { return !handshake_error && !ignore_connect; }
};

// Parses a scenario document. `default_name` is used when the file has no "name".
ScenarioSpec parse_scenario(std::string_view text, std::string_view default_name = "file");
// Reads and parses FILE (at most kScenarioFileMaxBytes); errors name the file.
ScenarioSpec load_scenario_file(const std::string& path);

}  // namespace clawbook::lab
