// Fuzzes what `clawbook bundle` runs over every file it packs: credential patterns and host masking.
// Invariants besides "no crash, no sanitizer report":
//   - redacting redacted text changes nothing (a fingerprint is never taken for a credential);
//   - masking masked text changes nothing (a placeholder is never taken for a host).
#include "host_mask.hpp"
#include "secret_patterns.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using clawbook::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t found = 0;
  const std::string redacted = clawbook::redact_secret_patterns(text, [&](std::string_view) { ++found; });
  require(clawbook::redact_secret_patterns(redacted) == redacted, "redacting twice changed the text", redacted);
  require(found > 0 || redacted == text, "text changed without a credential reported", redacted);

  clawbook::HostMasker masker;
  masker.add_host("gw.example.com");
  const std::string masked = masker.apply(text);
  require(masker.apply(masked) == masked, "masking masked text changed it", masked);
  return 0;
}
