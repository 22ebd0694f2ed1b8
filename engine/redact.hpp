// One redaction pass for every sink: values registered as secret are replaced by their fingerprint in every
// string that leaves the engine (reports in every format, recordings, -v debug lines, error messages), object
// keys included (evidence keys, nested keys, fact names).
//
// What it promises: a registered secret does not appear verbatim, URL-encoded, form-encoded, JSON-escaped or
// base64-encoded (standard or URL alphabet, at any alignment inside a longer base64 text), nor as a prefix of 12
// characters or more (a log that prints the first 16 characters of a token), in any string or key it is given;
// a number equal to a secret becomes its fingerprint. What it does not: secrets it was never told about (that is
// common/secret_patterns' job for support bundles), other transformations (hashes, hex, other encodings,
// reversed or split text), and secrets shorter than kMinSubstringLength inside longer text.
#pragma once

#include "clawbook/fingerprint.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clawbook {

class Redactor {
 public:
  // Secrets shorter than this are replaced only where a whole string equals them: replacing every "ab"
  // inside other text would make the output unreadable without protecting anything.
  static constexpr size_t kMinSubstringLength = 4;
  // Secrets this long are also matched by their prefixes of kMinPrefixLength characters or more.
  static constexpr size_t kMinPrefixSecret = 16;
  static constexpr size_t kMinPrefixLength = 12;
  // Encoded forms (base64) are matched for secrets this long: shorter cores would hit unrelated base64 text.
  static constexpr size_t kMinEncodedSecret = 8;

  void add(std::string_view secret);
  bool empty() const { return secrets_.empty(); }
  std::string apply(std::string_view text) const;
  template <class JsonT>
  void apply_in_place(JsonT& value) const {
    if (secrets_.empty()) return;
    if (value.is_string()) {
      value = apply(value.template get_ref<const std::string&>());
    } else if (value.is_number()) {
      // A secret integer param shows in evidence as a number: only a whole match counts.
      if (const Secret* s = whole(value.dump())) value = s->fingerprint;
    } else if (value.is_object()) {
      bool renamed = false;
      for (auto it = value.begin(); it != value.end() && !renamed; ++it) renamed = apply(it.key()) != it.key();
      if (!renamed) {
        for (auto& item : value) apply_in_place(item);
        return;
      }
      JsonT out = JsonT::object();
      for (auto it = value.begin(); it != value.end(); ++it) {
        JsonT item = std::move(it.value());
        apply_in_place(item);
        std::string key = apply(it.key());
        // Two keys that differ only in a secret keep both entries.
        for (int n = 2; out.contains(key); ++n) key = apply(it.key()) + " (" + std::to_string(n) + ")";
        out[key] = std::move(item);
      }
      value = std::move(out);
    } else if (value.is_array()) {
      for (auto& item : value) apply_in_place(item);
    }
  }

 private:
  struct Secret {
    std::string value;
    std::string fingerprint;
    bool prefixes = false;  // also matched by its long prefixes
  };
  void add_form(std::string value, const std::string& print, bool prefixes);
  const Secret* whole(std::string_view text) const {
    for (const auto& s : secrets_)
      if (s.value == text) return &s;
    return nullptr;
  }
  std::vector<Secret> secrets_;  // longest first, so a secret containing another is replaced whole
  std::vector<std::string> added_;
};

}  // namespace clawbook
