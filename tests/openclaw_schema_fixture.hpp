// The committed copy of OpenClaw's config schema (tests/fixtures/openclaw/schema/, gzipped), for the tests that
// validate against it without the real CLI.
#pragma once

#include "test_paths.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <string>

namespace clawbook::test {

inline constexpr const char* kOpenclawSchemaVersion = "2026.9.6";  // scripts/peers/openclaw.sh installs this release

// The fixture's text, decompressed once per test program.
inline const std::string& openclaw_schema_fixture() {
  static const std::string text = [] {
    const std::string path = std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/openclaw/schema/openclaw-schema-" +
                             kOpenclawSchemaVersion + ".json.gz";
    gzFile file = gzopen(path.c_str(), "rb");
    REQUIRE(file != nullptr);
    std::string out;
    char buffer[65536];
    int n = 0;
    while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    gzclose(file);
    return out;
  }();
  return text;
}

}  // namespace clawbook::test
