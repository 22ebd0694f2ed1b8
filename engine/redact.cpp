#include "redact.hpp"

#include <algorithm>

namespace clawbook {

void Redactor::add(std::string_view secret) {
  if (secret.empty()) return;
  for (const auto& s : secrets_)
    if (s.value == secret) return;
  secrets_.push_back({std::string(secret), fingerprint(secret)});
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const Secret& a, const Secret& b) { return a.value.size() > b.value.size(); });
}

std::string Redactor::apply(std::string_view text) const {
  std::string out(text);
  for (const auto& s : secrets_) {
    if (s.value.size() < kMinSubstringLength) {
      if (out == s.value) out = s.fingerprint;
      continue;
    }
    for (size_t pos = out.find(s.value); pos != std::string::npos; pos = out.find(s.value, pos + s.fingerprint.size()))
      out.replace(pos, s.value.size(), s.fingerprint);
  }
  return out;
}

}  // namespace clawbook
