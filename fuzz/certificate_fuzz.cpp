// Fuzzes the certificate reader of net.certificate (bindings/net/certificate.cpp): any bytes as a PEM bundle or a
// DER certificate. Checks: it never throws; the result serialises (names and SANs are made valid UTF-8); ok
// results hold at least one certificate, each with the fields the annotations promise; failures carry an error.
#include "net/certificate.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using clawbook::fuzz::no_throw;
  using clawbook::fuzz::require;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  nlohmann::json result;
  no_throw("parse_certificates threw", [&] { result = clawbook::net::parse_certificates(bytes, 1700000000); });
  require(clawbook::fuzz::serialises(result), "the result serialises");
  if (result.value("ok", false)) {
    require(result["certificates"].is_array() && !result["certificates"].empty(), "ok means certificates");
    for (const auto& certificate : result["certificates"]) {
      for (const char* key : {"subject", "issuer", "not_before", "not_after"})
        require(certificate.contains(key) && certificate[key].is_string(), "a certificate has its names and dates",
                key);
      require(certificate["sans"].is_array(), "sans is a list");
    }
  } else {
    require(result.contains("error") && result["error"].is_string(), "a failure names its error");
  }
  return 0;
}
