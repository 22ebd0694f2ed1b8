// Fuzzes the `journalctl -o json` parser (systemd::parse_journal), with the cap the systemd.journal binding uses
// and with a tiny one so truncation is reached. Checks:
//   - every non-blank line becomes an entry or is counted as skipped, once;
//   - priority_name appears exactly for priorities 0..7, with syslog's name;
//   - a message is at most the cap before invalid bytes become U+FFFD (so at most three times it after);
//   - every string is valid UTF-8 and the result serialises (the module promises JSON-safe text).
#include "systemd/show_parser.hpp"

#include "fuzz_check.hpp"

#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using Json = nlohmann::json;

// Lines parse_journal considers: split at '\n', blank after trimming whitespace means no line.
std::size_t non_blank_lines(std::string_view text) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (!line.empty()) ++count;
    start = end + 1;
  }
  return count;
}

void check(std::string_view text, std::size_t cap) {
  Json parsed;
  no_throw("parse_journal threw", [&] { parsed = clawbook::systemd::parse_journal(text, cap); });
  require(serialises(parsed), "a parsed journal serialises as JSON");
  const Json& entries = parsed.at("entries");
  const long long skipped = parsed.at("skipped").get<long long>();
  require(skipped >= 0 && entries.size() + static_cast<std::size_t>(skipped) == non_blank_lines(text),
          "every non-blank journal line is an entry or skipped, once");
  static constexpr std::array names{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
  for (const Json& entry : entries) {
    require(entry.is_object(), "a journal entry is an object");
    if (entry.contains("priority")) {
      const long long priority = entry.at("priority").get<long long>();
      const bool known = priority >= 0 && priority < static_cast<long long>(names.size());
      require(entry.contains("priority_name") == known, "priority_name appears exactly for priorities 0..7");
      if (known) require(entry.at("priority_name") == names[static_cast<std::size_t>(priority)], "syslog's priority names");
    } else {
      require(!entry.contains("priority_name"), "no priority_name without a priority");
    }
    if (entry.contains("message")) {
      require(entry.at("message").get_ref<const std::string&>().size() <= 3 * cap,
              "a message is at most its cap (before invalid bytes become U+FFFD)");
    } else {
      require(!entry.contains("message_truncated"), "only a message can be truncated");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, 16384);  // the systemd.journal binding's default
  check(text, 7);
  return 0;
}
