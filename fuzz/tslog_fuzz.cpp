// Fuzzes log.scan and log.parse_line (bindings/log/scan.cpp, timestamp.cpp) on a log's bytes: OpenClaw's tslog
// JSON lines, console, syslog and ISO-stamped lines, or anything else. The input is the text of a log; it is
// scanned twice as log.scan(lines, ...) does it: against the shipped signature catalog
// (runbooks/lib/signatures.lua, loaded once; it is data only), and with no patterns but a time window, a level,
// a subsystem and a small max_matches. Each line also goes through parse_line and the timestamp parsers.
// "Now" is fixed (2026-11-22, the fixtures' day) and so is the syslog year, so a finding reproduces. Checks:
//   - parse_line names one of the documented formats, and a date it inferred comes with a time;
//   - timestamps consume no more than the text and give finite times;
//   - a scan counts no more lines than there are, keeps at most max_matches, numbers lines within the input,
//     and its counts add up to its matches unless it says it dropped some;
//   - when the log is valid UTF-8 the results serialise: the parser must not make invalid UTF-8 of valid text
//     (what it does with bytes that were never UTF-8 is the binding's policy, not checked here).
#include "log/scan.hpp"
#include "log/timestamp.hpp"

#include "fuzz_check.hpp"

#include <lua.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace logscan = clawbook::logscan;
using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using clawbook::fuzz::valid_utf8;
using Json = nlohmann::json;

constexpr double kNow = 1795331717;  // 2026-11-22T07:15:17Z, the fixtures' day

// Plain Lua data (strings, numbers, booleans, tables) as JSON: sequences become arrays.
Json lua_data(lua_State* L, int index, int depth) {
  index = lua_absindex(L, index);
  switch (lua_type(L, index)) {
    case LUA_TSTRING: {
      std::size_t length = 0;
      const char* text = lua_tolstring(L, index, &length);
      return std::string(text, length);
    }
    case LUA_TNUMBER:
      return lua_isinteger(L, index) ? Json(lua_tointeger(L, index)) : Json(lua_tonumber(L, index));
    case LUA_TBOOLEAN:
      return lua_toboolean(L, index) != 0;
    case LUA_TTABLE: {
      if (depth > 16) return nullptr;
      const lua_Unsigned length = lua_rawlen(L, index);
      if (length > 0) {
        Json array = Json::array();
        for (lua_Unsigned i = 1; i <= length; ++i) {
          lua_rawgeti(L, index, static_cast<lua_Integer>(i));
          array.push_back(lua_data(L, -1, depth + 1));
          lua_pop(L, 1);
        }
        return array;
      }
      Json object = Json::object();
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING) object[lua_tostring(L, -2)] = lua_data(L, -1, depth + 1);
        lua_pop(L, 1);
      }
      return object;
    }
    default:
      return nullptr;
  }
}

// The catalog `log.scan(path, require("lib.signatures"))` passes; a few of its entries if the file is gone.
std::vector<logscan::Pattern> signatures() {
  const std::string path = std::string(CLAWBOOK_SOURCE_DIR) + "/runbooks/lib/signatures.lua";
  lua_State* L = luaL_newstate();
  Json catalog;
  if (L != nullptr && luaL_loadfilex(L, path.c_str(), "t") == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK) {
    catalog = lua_data(L, -1, 0);
  }
  if (L != nullptr) lua_close(L);
  try {
    if (catalog.is_array() && !catalog.empty()) return logscan::compile_patterns(catalog);
  } catch (const logscan::BadPattern& e) {
    std::fprintf(stderr, "tslog_fuzz: %s does not compile (%s); using the built-in patterns\n", path.c_str(), e.what());
  }
  std::fprintf(stderr, "tslog_fuzz: no signature catalog at %s; using the built-in patterns\n", path.c_str());
  return logscan::compile_patterns(Json::parse(R"J([
    {"id": "start.bind-failed", "match": ["failed to bind gateway socket"],
     "regex": "failed to bind gateway socket on ws://\\S+?:(\\d+): (.*)"},
    {"id": "start.failed", "match": ["gateway failed to start"], "regex": "Gateway failed to start: (.*)"},
    {"id": "ws.closed-before-connect", "match": [["closed before connect", "code="]],
     "regex": "closed before connect .*code=(\\d+) reason=(.*?)(?: phase=|$)"},
    "EADDRINUSE"])J"));
}

std::size_t line_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t start = 0; start < text.size(); ++count) {
    const std::size_t end = text.find('\n', start);
    start = end == std::string_view::npos ? text.size() : end + 1;
  }
  return count;
}

void check_line(std::string_view raw, std::size_t line_no, bool utf8) {
  logscan::LogLine line;
  no_throw("parse_line threw", [&] { line = logscan::parse_line(raw, line_no, kNow); });
  const std::string& format = line.format;
  require(format == "tslog" || format == "json" || format == "console" || format == "syslog" || format == "iso" ||
              format == "plain",
          "parse_line names a documented format", format);
  require(!line.date_inferred || line.time.has_value(), "an inferred date comes with a time");
  if (line.time) require(std::isfinite(*line.time), "a line's time is finite");
  if (utf8) {
    const Json shown = {{"time_text", line.time_text}, {"level", line.level},   {"subsystem", line.subsystem},
                        {"message", line.message},     {"format", line.format}, {"fields", line.fields}};
    require(serialises(shown), "log.parse_line of valid UTF-8 serialises", raw);
  }

  if (const auto iso = logscan::parse_iso8601(raw)) {
    require(iso->consumed <= raw.size() && std::isfinite(iso->epoch), "parse_iso8601 stays within its text");
  }
  if (const auto syslog = logscan::parse_syslog_time(raw, 2026)) {
    require(syslog->consumed <= raw.size() && std::isfinite(syslog->epoch), "parse_syslog_time stays within its text");
  }
  if (const auto clock = logscan::parse_clock(raw)) {
    require(clock->consumed <= raw.size() && std::isfinite(clock->seconds_of_day), "parse_clock stays within its text");
  }
}

void check_scan(const Json& result, std::size_t lines, std::size_t max_matches, bool with_patterns, bool utf8) {
  require(result.at("ok") == true, "scanning given lines succeeds");
  require(result.at("lines_scanned").get<std::size_t>() <= lines, "a scan counts no more lines than there are");
  const Json& matches = result.at("matches");
  require(matches.size() <= max_matches, "a scan keeps at most max_matches");
  for (const Json& match : matches) {
    const auto line_no = match.at("line_no").get<std::size_t>();
    require(line_no >= 1 && line_no <= lines, "a match's line number is within the input");
    for (const Json& capture : match.at("captures")) require(capture.is_string(), "captures are strings");
  }
  std::size_t counted = 0;
  for (const auto& [id, count] : result.at("counts").items()) counted += count.get<std::size_t>();
  if (with_patterns) {
    require(result.at("truncated") == true ? counted >= matches.size() : counted == matches.size(),
            "counts add up to the matches unless some were dropped");
  } else {
    require(counted == 0, "no pattern, no counts");
  }
  if (utf8 && !serialises(result)) {
    require(false, "log.scan of valid UTF-8 serialises", result.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<logscan::Pattern> catalog = signatures();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const bool utf8 = valid_utf8(text);
  const std::size_t lines = line_count(text);

  std::size_t line_no = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    check_line(std::string_view(text).substr(start, end - start), ++line_no, utf8);
    start = end + 1;
  }

  logscan::ScanOptions all;
  all.now = kNow;
  Json result;
  no_throw("log.scan with the signature catalog threw", [&] { result = logscan::scan_lines({text}, catalog, all); });
  check_scan(result, lines, all.max_matches, true, utf8);

  logscan::ScanOptions window;
  window.now = kNow;
  window.since = kNow - 3600;
  window.until = kNow + 60;
  window.min_level = "warn";
  window.subsystem = "gateway/ws";
  window.max_matches = 3;
  window.last_lines = 50;
  no_throw("log.scan with a window threw", [&] { result = logscan::scan_lines({text}, {}, window); });
  check_scan(result, lines, window.max_matches, false, utf8);
  return 0;
}
