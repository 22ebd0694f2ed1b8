// Figures for config schema validation (bindings/json/schema): the OpenClaw 2026.9.6 schema (2.4 MB, the gzipped
// copy under tests/fixtures/openclaw/schema/ or a file given as argv[1]) parsed and compiled once, then typical
// configs validated against it, as openclaw.validate_config does in a run. Prints a table; never pass/fail.
#include "json/schema.hpp"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using clawbook::json_schema::Json;

std::string read_schema(const std::string& path) {
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) return "";
    std::string out;
    char buffer[65536];
    int n = 0;
    while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    gzclose(file);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1]
                                    : std::string(CLAWBOOK_SOURCE_DIR) +
                                          "/tests/fixtures/openclaw/schema/openclaw-schema-2026.9.6.json.gz";
  const std::string text = read_schema(path);
  if (text.empty()) {
    std::fprintf(stderr, "schema_bench: cannot read %s\n", path.c_str());
    return 1;
  }
  // A typical config: the real gateway's test config plus a provider with models, a channel, agents and plugins.
  const Json typical = Json::parse(R"({
    "meta": {"lastTouchedVersion": "2026.9.6"},
    "gateway": {"mode": "local", "bind": "loopback", "port": 18789, "auth": {"mode": "token", "token": "fake-token-for-tests"}},
    "discovery": {"mdns": {"mode": "off"}}, "update": {"checkOnStart": false}, "logging": {"file": "/tmp/gateway.log"},
    "models": {"providers": {"openrouter": {"baseUrl": "https://openrouter.ai/api/v1", "apiKey": "${OPENROUTER_API_KEY}",
      "models": [{"id": "anthropic/claude-sonnet-4", "name": "Claude Sonnet 4"}]}}},
    "agents": {"defaults": {"model": {"primary": "openrouter/anthropic/claude-sonnet-4"}}},
    "channels": {"telegram": {"enabled": true, "botToken": "fake-token-for-tests", "dmPolicy": "pairing"}},
    "plugins": {"enabled": true, "entries": {"telegram": {"enabled": true}}}})");
  const Json broken = Json::parse(
      R"({"aliases": {"fast": "x"}, "gateway": {"mode": "local", "bind": "0.0.0.0"},
          "models": {"providers": {"openrouter": {"baseUrl": "https://openrouter.ai/api/v1", "models": ["a/b"]}}}})");

  clawbook::json_schema::Limits zod;  // as openclaw.validate_config compiles it
  zod.optional_defaults = true;
  constexpr int kRounds = 5;
  std::vector<double> parse_ms;
  std::vector<double> compile_ms;
  for (int i = 0; i < kRounds; ++i) {
    auto start = Clock::now();
    const Json tree = Json::parse(text);
    parse_ms.push_back(ms_since(start));
    // A trailing space per round: a new cache key, so each round compiles from the text again.
    const std::string variant = text + std::string(static_cast<std::size_t>(i + 1), ' ');
    start = Clock::now();
    const auto compiled = clawbook::json_schema::compile_text(variant, zod);
    compile_ms.push_back(ms_since(start));
    if (!compiled.schema) {
      std::fprintf(stderr, "schema_bench: %s\n", compiled.message.c_str());
      return 1;
    }
  }
  auto start = Clock::now();
  auto compiled = clawbook::json_schema::compile_text(text, zod);
  const double first_ms = ms_since(start);
  start = Clock::now();
  compiled = clawbook::json_schema::compile_text(text, zod);
  const double hit_ms = ms_since(start);

  constexpr int kValidations = 200;
  std::vector<double> valid_ms;
  std::vector<double> broken_ms;
  std::size_t violations = 0;
  for (int i = 0; i < kValidations; ++i) {
    start = Clock::now();
    const auto ok = clawbook::json_schema::validate(*compiled.schema, typical);
    valid_ms.push_back(ms_since(start));
    if (!ok.valid) {
      for (const auto& v : ok.violations)
        std::fprintf(stderr, "schema_bench: typical config: %s: %s\n", v.path.c_str(), v.message.c_str());
      return 1;
    }
    start = Clock::now();
    violations = clawbook::json_schema::validate(*compiled.schema, broken).count;
    broken_ms.push_back(ms_since(start));
  }

  std::printf("schema: %s (%zu bytes)\n\n", path.c_str(), text.size());
  std::printf("%-58s %10s\n", "what", "median ms");
  std::printf("%-58s %10.2f\n", "nlohmann parse of the schema text", median(parse_ms));
  std::printf("%-58s %10.2f\n", "compile_text (parse + checks + valijson), cold", median(compile_ms));
  std::printf("%-58s %10.2f\n", "compile_text, first of the run (then cached)", first_ms);
  std::printf("%-58s %10.2f\n", "compile_text, cache hit (SHA-256 of the text)", hit_ms);
  std::printf("%-58s %10.3f\n", "validate a typical config (valid)", median(valid_ms));
  std::printf("%-58s %10.3f\n",
              ("validate a broken config (" + std::to_string(violations) + " violations, worded)").c_str(),
              median(broken_ms));
  std::printf("%-58s %10.2f\n", "one run: compile once + validate once", first_ms + median(valid_ms));
  return 0;
}
