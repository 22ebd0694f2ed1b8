#include "shared.hpp"

#include "clawbook/atomic_file.hpp"
#include "engine.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace clawbook::cli {
namespace {

namespace fs = std::filesystem;

// KEY=VALUE lines (blank lines and # comments skipped, an optional `export `) or one JSON object.
std::optional<OrderedJson> parse_param_text(const std::string& text, const std::string& source, std::string& error) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    OrderedJson parsed = OrderedJson::parse(text, nullptr, false);
    if (!parsed.is_object()) {
      error = source + ": not a valid JSON object";
      return std::nullopt;
    }
    for (const auto& [name, value] : parsed.items()) {
      if (!(value.is_string() || value.is_number() || value.is_boolean() ||
            (value.is_array() && std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); })))) {
        error = source + ": param '" + name + "' must be a string, number, boolean or list of strings";
        return std::nullopt;
      }
    }
    return parsed;
  }
  OrderedJson params = OrderedJson::object();
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    const auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = source + ":" + std::to_string(number) + ": expected NAME=VALUE";  // never the line: it may be a secret
      return std::nullopt;
    }
    // Dotenv-like: blanks around the name and the value are dropped, and one pair of matching quotes.
    const auto trim = [](std::string word) {
      word.erase(0, word.find_first_not_of(" \t"));
      word.erase(word.find_last_not_of(" \t") + 1);
      return word;
    };
    const std::string name = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    if (name.empty()) {
      error = source + ":" + std::to_string(number) + ": expected NAME=VALUE";
      return std::nullopt;
    }
    params[name] = value;
  }
  return params;
}

bool in_our_groups(gid_t gid) {
  if (gid == ::getegid()) return true;
  gid_t groups[256];
  const int count = ::getgroups(256, groups);
  return std::find(groups, groups + std::max(count, 0), gid) != groups + std::max(count, 0);
}

}  // namespace

std::string shipped_runbooks() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / CLAWBOOK_INSTALL_DATADIR / "runbooks";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  if (fs::is_directory(CLAWBOOK_SOURCE_RUNBOOKS, ec)) return CLAWBOOK_SOURCE_RUNBOOKS;
  return {};
}

std::vector<std::string> search_path(const std::vector<std::string>& extra) {
  // Highest priority first: --runbook-path, then $CLAWBOOK_PATH, then the shipped runbooks.
  std::vector<std::string> path(extra.begin(), extra.end());
  if (const char* env = std::getenv("CLAWBOOK_PATH")) {
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      size_t colon = list.find(':', start);
      std::string dir = list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!dir.empty()) path.push_back(dir);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  if (auto shipped = shipped_runbooks(); !shipped.empty()) path.push_back(shipped);
  return path;
}

bool is_tty(FILE* stream) { return isatty(fileno(stream)) != 0; }
bool color_allowed(FILE* stream) { return is_tty(stream) && std::getenv("NO_COLOR") == nullptr; }

int error_exit(int code, const std::string& message) {
  std::cerr << "clawbook: " << message << "\n";
  return code;
}

void add_runbook_path(CLI::App& sub, std::vector<std::string>& dirs) {
  sub.add_option("--runbook-path", dirs,
                 "Directory of runbooks searched before $CLAWBOOK_PATH and the shipped ones (repeatable)");
}

void add_output_options(CLI::App& sub, Output& out, const std::string& formats) {
  sub.add_option("-f,--format", out.format, formats)->capture_default_str();
  sub.add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");
}

std::optional<std::string> output_problem(const Output& out) {
  if (out.output.empty()) return std::nullopt;
  try {
    check_output_target(out.output);
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

bool emit(const Output& out, const std::string& text) {
  if (out.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return true;
  }
  return write_file_or_report(out.output, text);
}

void add_param_options(CLI::App& sub, ParamOptions& params) {
  sub.add_option("-p,--param", params.params, "Runbook param NAME=VALUE (repeatable; secrets: use --param-file)");
  sub.add_option("--param-file", params.files,
                 "Params from FILE (NAME=VALUE lines or a JSON object), or NAME=FILE (the file is NAME's value); "
                 "the file must be private (chmod 600)");
  sub.add_flag("--param-stdin", params.from_stdin, "Params from standard input, as in --param-file");
}

std::optional<OrderedJson> collect_params(const ParamOptions& options, std::string& error) {
  OrderedJson params = OrderedJson::object();
  const auto merge = [&](const OrderedJson& more) {
    for (const auto& [name, value] : more.items()) params[name] = value;
  };
  for (const auto& argument : options.files) {
    // NAME=FILE: the whole file (less a trailing newline) is that one param's value, e.g. a mounted secret.
    std::string name, file = argument;
    if (const auto eq = argument.find('='); eq != std::string::npos && eq > 0 && ::access(argument.c_str(), F_OK) != 0 &&
        std::all_of(argument.begin(), argument.begin() + static_cast<std::ptrdiff_t>(eq),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; })) {
      name = argument.substr(0, eq);
      file = argument.substr(eq + 1);
    }
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
      error = "--param-file " + file + ": " + std::strerror(errno);
      return std::nullopt;
    }
    // Private: nothing for others, and group access only for a group of ours (a Kubernetes secret volume with
    // fsGroup and mode 0440).
    if ((info.st_mode & 007) != 0 || ((info.st_mode & 070) != 0 && !in_our_groups(info.st_gid))) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", info.st_mode & 07777);
      error = "--param-file " + file + " is readable or writable by other users (mode " + mode +
              "): it may hold secrets; chmod 600 " + file;
      return std::nullopt;
    }
    if (info.st_uid != ::geteuid() && info.st_uid != 0) {
      error = "--param-file " + file + " belongs to another user (uid " + std::to_string(info.st_uid) + ")";
      return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!name.empty()) {
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      params[name] = text;
      continue;
    }
    auto parsed = parse_param_text(text, file, error);
    if (!parsed) return std::nullopt;
    merge(*parsed);
  }
  if (options.from_stdin) {
    const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    auto parsed = parse_param_text(text, "--param-stdin", error);
    if (!parsed) return std::nullopt;
    merge(*parsed);
  }
  for (const auto& p : options.params) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = "--param wants NAME=VALUE (one was given without '=')";
      return std::nullopt;
    }
    params[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return params;
}

std::optional<double> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const std::string unit(end);
  if (end == text.c_str() || !(value > 0)) return std::nullopt;
  if (unit.empty() || unit == "s") return value;
  if (unit == "m") return value * 60;
  if (unit == "h") return value * 3600;
  return std::nullopt;
}

std::optional<double> watch_duration(const RunbookFile& runbook, const OrderedJson& params) {
  const auto& meta = runbook.meta;
  if (!meta.contains("tags") || !meta["tags"].is_array()) return std::nullopt;
  if (std::find(meta["tags"].begin(), meta["tags"].end(), OrderedJson("watch")) == meta["tags"].end()) return std::nullopt;
  if (!meta.contains("params") || !meta["params"].is_object() || !meta["params"].contains("duration")) return std::nullopt;
  OrderedJson value = params.contains("duration") ? params["duration"] : meta["params"]["duration"].value("default", OrderedJson());
  if (value.is_number()) return value.get<double>() > 0 ? std::optional<double>(value.get<double>()) : std::nullopt;
  return value.is_string() ? parse_duration(value.get<std::string>()) : std::nullopt;
}

void set_exit_codes(CLI::App& sub, const std::string& codes) {
  if (!codes.empty()) sub.footer("Exit codes:\n" + codes);
}

}  // namespace clawbook::cli
