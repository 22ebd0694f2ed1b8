// X.509 certificates described as plain data, parsed with OpenSSL: PEM files and bundles (other PEM blocks,
// such as a private key, are skipped and never echoed) or one DER certificate.
#pragma once

#include <nlohmann/json.hpp>

#include <ctime>
#include <string_view>

struct x509_st;

namespace clawbook::net {

using Json = nlohmann::json;

// {subject, issuer, sans={"DNS:a", "IP:127.0.0.1"}, not_before, not_after (ISO 8601 UTC), days_left (whole days
//  until not_after from `now`, negative once expired), expired, key_type ("RSA", "EC", "ED25519", ...), key_bits,
//  serial (hex), sha256 (fingerprint, hex), self_signed, is_ca}
Json describe_certificate(x509_st* certificate, std::time_t now);

// {ok, certificates={...}} or {ok=false, error="parse_error"|"empty", message}. Never throws.
Json parse_certificates(std::string_view bytes, std::time_t now);

}  // namespace clawbook::net
