// A throwaway self-signed certificate for the `tls` scenario, made with OpenSSL at start.
#pragma once

#include <string>

namespace clawbook::lab {

struct SelfSignedCertificate {
  std::string certificate_pem;  // CN=localhost, SAN localhost, 127.0.0.1, ::1; valid 7 days
  std::string private_key_pem;  // P-256
};

// Throws std::runtime_error with OpenSSL's reason when generation fails.
SelfSignedCertificate make_self_signed_certificate();

}  // namespace clawbook::lab
