// One redaction pass for every sink: values registered as secret are replaced by their fingerprint in every
// string that leaves the engine (reports in every format, recordings, -v debug lines, error messages).
#pragma once

#include "clawbook/fingerprint.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace clawbook {

class Redactor {
 public:
  // Secrets shorter than this are replaced only where a whole string equals them: replacing every "ab"
  // inside other text would make the output unreadable without protecting anything.
  static constexpr size_t kMinSubstringLength = 4;

  void add(std::string_view secret);
  bool empty() const { return secrets_.empty(); }
  std::string apply(std::string_view text) const;
  template <class JsonT>
  void apply_in_place(JsonT& value) const {
    if (secrets_.empty()) return;
    if (value.is_string()) {
      value = apply(value.template get_ref<const std::string&>());
    } else if (value.is_structured()) {
      for (auto& item : value) apply_in_place(item);
    }
  }

 private:
  struct Secret {
    std::string value;
    std::string fingerprint;
  };
  std::vector<Secret> secrets_;  // longest first, so a secret containing another is replaced whole
};

}  // namespace clawbook
