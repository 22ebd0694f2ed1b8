// Fingerprints stand in for secrets in every output: "sha256:" and the first 8 hex digits of the value's
// SHA-256. Equal secrets get equal fingerprints, so drift between sources shows without showing the value.
#pragma once

#include <string>
#include <string_view>

namespace clawbook {

std::string fingerprint(std::string_view secret);

}  // namespace clawbook
