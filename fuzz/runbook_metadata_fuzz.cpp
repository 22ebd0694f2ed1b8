// Fuzzes the loading and checking of a runbook file (engine/loader.cpp, Engine::Impl::load_metadata) through
// Engine::load_file, as `clawbook lint FILE`, `show FILE` and `run FILE` do: the file runs in the sandbox, and
// the table it returns is checked field by field. A fresh engine per input (tight memory, CPU and time limits)
// keeps runs independent; the input is written once to this process's scratch directory, and `require` finds
// the shipped runbooks/lib helpers (read-only), so the shipped runbooks load as seeds.
// Two kinds of input:
//   - starting with '{': a JSON object, turned into `return { [key] = value, ... }` with a `run` function added
//     unless it has a "run" key, so the fuzzer explores the metadata checks with well-formed Lua;
//   - anything else: Lua source as is (syntax errors, runtime errors, limits, odd return values).
// Checks:
//   - nothing escapes load_file: problems are reported, not thrown;
//   - every problem has a message and a line within the file; for table-only inputs (no code of the runbook's
//     own runs) no message is "(error object is not a string)", which only a C++ exception crossing the
//     protected call produces;
//   - a runbook that loads has a lowercase dotted id, a version that prints and parses back to itself, an
//     engine range that parses, and metadata that serialises (show --format json, docs and reports print it).
#include "engine.hpp"
#include "semver.hpp"

#include "clawbook/untrusted_json.hpp"

#include "fuzz_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace {

using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using Json = nlohmann::json;

// A Lua string literal for any bytes: printable ASCII as is, everything else as a three-digit \ddd escape.
std::string lua_string(std::string_view bytes) {
  std::string out = "\"";
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') {
      out += c;
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\%03u", static_cast<unsigned>(byte));
      out += escape;
    }
  }
  return out + "\"";
}

std::string lua_value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "nil";
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer: return std::to_string(value.get<long long>());
    case Json::value_t::number_unsigned: return std::to_string(value.get<unsigned long long>());
    case Json::value_t::number_float: {
      char text[40];
      std::snprintf(text, sizeof text, "%.17g", value.get<double>());
      return text;
    }
    case Json::value_t::string: return lua_string(value.get_ref<const std::string&>());
    case Json::value_t::array: {
      std::string out = "{";
      for (const Json& item : value) out += lua_value(item) + ",";
      return out + "}";
    }
    case Json::value_t::object: {
      std::string out = "{";
      for (const auto& [key, item] : value.items()) out += "[" + lua_string(key) + "]=" + lua_value(item) + ",";
      return out + "}";
    }
    default: return "nil";
  }
}

std::string source_of(const Json& metadata) {
  std::string table = lua_value(metadata);
  if (!metadata.contains("run")) table.insert(table.size() - 1, "run=function(ctx, params) end,");
  return "return " + table + "\n";
}

// Lines as Lua's lexer counts them: "\n", "\r", "\r\n" and "\n\r" each end one line (a file of bare CRs has
// as many lines as CRs, and Lua's messages number them so).
long lua_line_count(const std::string& source) {
  long lines = 1;
  for (size_t i = 0; i < source.size(); ++i) {
    const char c = source[i];
    if (c != '\n' && c != '\r') continue;
    ++lines;
    if (i + 1 < source.size() && (source[i + 1] == '\n' || source[i + 1] == '\r') && source[i + 1] != c) ++i;
  }
  return lines;
}

bool lowercase_dotted(const std::string& id) {
  if (id.empty() || id.front() == '.' || id.back() == '.' || id.find("..") != std::string::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

void check_problems(const std::vector<clawbook::Problem>& problems, long lines, bool table_only) {
  for (const auto& problem : problems) {
    require(!problem.message.empty(), "every problem says what is wrong");
    require(problem.line >= 0 && problem.line <= lines + 1, "a problem's line is in the file", problem.str());
    if (table_only) {
      require(problem.message.find("(error object is not a string)") == std::string::npos,
              "no C++ exception crosses the loader's protected call", problem.str());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool table_only = !input.empty() && input.front() == '{';
  std::string source;
  if (table_only) {
    const Json metadata = clawbook::parse_untrusted_json(input);
    if (!metadata.is_object()) return 0;
    source = source_of(metadata);
  } else {
    source = std::string(input);
  }
  const std::string path = clawbook::fuzz::Scratch::get().write("runbook.lua", source);
  const long lines = lua_line_count(source);

  clawbook::EngineOptions options;
  options.limits.max_memory = 32u << 20;
  options.limits.max_cpu_seconds = 0.25;
  options.limits.timeout_seconds = 1;
  options.search_path = {CLAWBOOK_SOURCE_DIR "/runbooks"};  // require("lib.x") finds the shipped helpers, as in lint
  clawbook::Engine engine(options);
  std::vector<clawbook::Problem> problems;
  const clawbook::RunbookFile* file = nullptr;
  no_throw("Engine::load_file threw instead of reporting a problem", [&] { file = engine.load_file(path, problems); });
  check_problems(problems, lines, table_only);
  if (file == nullptr) return 0;

  check_problems(file->lint, lines, table_only);
  require(lowercase_dotted(file->id), "a loaded runbook has a lowercase dotted id", file->id);
  const auto reparsed = clawbook::semver::Version::parse(file->version.str());
  require(reparsed.has_value() && *reparsed == file->version, "a loaded version prints and parses back to itself",
          file->version.str());
  require(clawbook::semver::Range::parse(file->engine_range).has_value(), "a loaded engine range parses",
          file->engine_range);
  require(serialises(file->meta), "the metadata of a loaded runbook serialises (show --format json prints it)");
  return 0;
}
