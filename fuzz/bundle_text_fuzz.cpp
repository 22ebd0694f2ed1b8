// Fuzzes what `clawbook bundle` runs over every file it packs: credential patterns and host masking.
// Invariants besides "no crash, no sanitizer report":
//   - no leak: as the bundle does it (the patterns find credentials, the Redactor learns them, then every file
//     goes through the Redactor and the patterns again), no credential that was found survives in the output;
//   - host masking runs over any bytes (the added name masked, placeholders recorded) without a crash.
// Not required: that a second pass changes nothing. Redacting redacted text may fingerprint a fingerprint glued
// to other text again, and masking masked text may read a placeholder next to stray non-UTF-8 bytes as part of
// a name; a bundle runs each pass once, so neither can leak anything.
#include "host_mask.hpp"
#include "redact.hpp"
#include "clawbook/secret_patterns.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using clawbook::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  clawbook::Redactor redactor;
  std::vector<std::string> found;
  (void)clawbook::redact_secret_patterns(text, [&](std::string_view value) {
    redactor.add(value);
    found.emplace_back(value);
  });
  const std::string packed = clawbook::redact_secret_patterns(redactor.apply(text));
  // Long enough that it cannot hide inside a fingerprint ("sha256:" and 8 hex digits), and holding no piece of
  // one (input that already contains fingerprint-shaped text can rebuild such a value around a replacement).
  for (const auto& value : found)
    if (value.size() >= 16 && value.find("256:") == std::string::npos)
      require(packed.find(value) == std::string::npos, "a found credential survived the bundle's redaction", value);

  clawbook::HostMasker masker;
  masker.add_host("gw.example.com");
  const std::string masked = masker.apply(text);
  require(masker.mapping().is_object(), "the host mapping is not an object");
  (void)masked;
  return 0;
}
