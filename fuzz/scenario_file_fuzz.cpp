// Fuzzes the reader of `clawbook lab --scenario-file` (lab/scenario_file.cpp, parse_scenario): a file a user
// hands the lab, read strictly, refused with the field's path.
// Checks:
//   - nothing but ScenarioFileError escapes parse_scenario;
//   - a refusal is one line of at most ~600 bytes of valid UTF-8 without control characters, that starts with
//     the path of a field ("scenario" or "scenario.x...") followed by ": ";
//   - parsing is deterministic: the same bytes give the same refusal or the same scenario;
//   - an accepted scenario keeps the format's rules: a printable name of at most 64 characters, a known base,
//     no methods or after-hello timeline when the handshake never succeeds, not both closeAfterHello and
//     dropAfterHello, a restart that is either once or repeated with downMs below everyMs, not both flapReadyz
//     and a fixed /readyz, and every JSON value it keeps serialises (the lab sends them as frames).
#include "lab.hpp"
#include "scenario_file.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using clawbook::fuzz::valid_utf8;
using clawbook::lab::ScenarioFileError;
using clawbook::lab::ScenarioSpec;

struct Outcome {
  bool accepted = false;
  std::string message;
  ScenarioSpec spec;
};

Outcome read(std::string_view text) {
  Outcome out;
  try {
    out.spec = clawbook::lab::parse_scenario(text, "fuzz");
    out.accepted = true;
  } catch (const ScenarioFileError& e) {
    out.message = e.what();
  } catch (const std::exception& e) {
    require(false, "parse_scenario threw something other than ScenarioFileError", e.what());
  }
  return out;
}

void check_refusal(const std::string& message) {
  require(message.rfind("scenario", 0) == 0, "a refusal starts with the field's path", message);
  require(message.find(": ") != std::string::npos, "a refusal says what is wrong after the path", message);
  require(message.size() <= 610, "a refusal is bounded", message.substr(0, 100));
  require(valid_utf8(message), "a refusal is valid UTF-8");
  for (const char c : message)
    require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, "a refusal has no control characters", message);
}

void check_accepted(const ScenarioSpec& spec) {
  require(!spec.name.empty() && spec.name.size() <= 64, "an accepted name is 1-64 characters", spec.name);
  for (const char c : spec.name)
    require(
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_',
        "an accepted name prints in the banner", spec.name);
  require(clawbook::lab::is_scenario(spec.base), "an accepted base is a built-in scenario", spec.base);
  if (!spec.says_hello()) {
    require(spec.methods.empty(), "no method answers when the handshake never succeeds");
    require(!spec.close_after_hello && !spec.drop_after_hello, "no after-hello timeline without a hello");
  }
  require(!(spec.handshake_error && spec.ignore_connect), "error and ignoreConnect exclude each other");
  require(!(spec.close_after_hello && spec.drop_after_hello), "closeAfterHello and dropAfterHello exclude each other");
  if (spec.restart) {
    require(spec.restart->after.has_value() != spec.restart->every.has_value(), "a restart is once or repeated");
    if (spec.restart->every) require(spec.restart->down < *spec.restart->every, "downMs is below everyMs");
  }
  require(!(spec.flap_readyz && spec.readyz), "flapReadyz and http.readyz exclude each other");
  if (spec.handshake_close) require(spec.handshake_error.has_value(), "a handshake close comes with an error");
  for (const auto& [name, answer] : spec.methods) {
    const int given = int{answer.payload.has_value()} + int{answer.merge.has_value()} + int{answer.error.has_value()};
    require(given == 1, "a method answer is exactly one of payload, merge, error", name);
    if (answer.payload) require(serialises(*answer.payload), "a method payload serialises", name);
    if (answer.merge) require(serialises(*answer.merge), "a method merge serialises", name);
  }
  for (const auto* probe : {&spec.healthz, &spec.readyz, &spec.startupz})
    if (*probe) require(serialises((*probe)->body), "a probe body serialises");
  require(serialises(spec.hello_merge) && serialises(spec.hello_policy) && serialises(spec.event_loop),
          "hello and event-loop patches serialise");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Outcome first = read(input);
  const Outcome second = read(input);
  require(first.accepted == second.accepted && first.message == second.message, "parsing is deterministic",
          first.message);
  if (first.accepted) check_accepted(first.spec);
  else check_refusal(first.message);
  return 0;
}
