// Helpers shared by the fuzz targets (fuzz/*_fuzz.cpp): a broken invariant stops the run with its reason on
// stderr, strict JSON serialisation as the engine's sinks do it, and a private scratch directory for the
// parsers that only take a path.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace clawbook::fuzz {

// Stops the fuzzer on a broken invariant. The reason is printed first, so the crash report names it.
inline void require(bool condition, const char* what, std::string_view detail = {}) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant violated: %s", what);
  if (!detail.empty()) {
    std::fprintf(stderr, " (%.*s)", static_cast<int>(std::min<std::size_t>(detail.size(), 400)), detail.data());
  }
  std::fprintf(stderr, "\n");
  std::fflush(stderr);
  __builtin_trap();
}

// Runs `body`; an exception escaping it is a finding (a peer's bytes must not throw through an io_context
// handler or out of a loader that promises its own error type).
template <class Body>
void no_throw(const char* what, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    require(false, what, e.what());
  }
}

// True when `value` dumps with nlohmann's default (strict) UTF-8 handling, which throws on invalid UTF-8. The
// recordings (`run --record`), `show --format json` and `fleet --format json` dump that way, so a binding result
// or runbook metadata that fails here breaks them.
template <class JsonT>
bool serialises(const JsonT& value) {
  try {
    (void)value.dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// Valid UTF-8 as nlohmann's encoder judges it (independent of the project's own cleaners).
inline bool valid_utf8(std::string_view text) { return serialises(nlohmann::json(std::string(text))); }

// A directory of this process (mkdtemp under $TMPDIR or /tmp), removed at exit. Inputs are written into it
// once per run, for the functions that only read files.
class Scratch {
 public:
  static const Scratch& get() {
    static const Scratch scratch;
    return scratch;
  }

  // Replaces `name` in the directory with `bytes`; returns its path.
  std::string write(const std::string& name, std::string_view bytes) const {
    const std::string path = root_ + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    require(static_cast<bool>(out), "cannot write the scratch file", path);
    return path;
  }

  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

 private:
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/clawbook-fuzz-XXXXXX";
    require(::mkdtemp(pattern.data()) != nullptr, "cannot create the scratch directory", pattern);
    root_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  std::string root_;
};

}  // namespace clawbook::fuzz
