#include "redact.hpp"

#include <algorithm>
#include <array>

namespace clawbook {
namespace {

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string percent_encode(std::string_view text, bool form, bool lower_hex) {
  const char* digits = lower_hex ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    if (is_unreserved(c)) {
      out += c;
    } else if (form && c == ' ') {
      out += '+';
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 0xf];
    }
  }
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    if (i + 1 < bytes.size()) out += kAlphabet[(n >> 6) & 63];
  }
  return out;  // unpadded
}

std::string json_escaped(std::string_view text) {
  const std::string quoted =
      nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

bool is_token_char(char c) { return is_unreserved(c) || c == '+' || c == '/' || c == '=' || c == '%'; }

}  // namespace

void Redactor::add_form(std::string value, const std::string& print, bool prefixes) {
  if (value.empty()) return;
  for (auto& s : secrets_) {
    if (s.value == value) {
      s.prefixes = s.prefixes || prefixes;
      return;
    }
  }
  secrets_.push_back({.value = std::move(value), .fingerprint = print, .prefixes = prefixes});
}

void Redactor::add(std::string_view secret) {
  if (secret.empty()) return;
  if (std::find(added_.begin(), added_.end(), secret) != added_.end()) return;
  added_.emplace_back(secret);
  const std::string print = fingerprint(secret);
  // Long prefixes: a log that prints the first characters of a token ("using token abcd1234abcd1234...").
  const bool prefixes = secret.size() >= kMinPrefixSecret &&
                        std::all_of(secret.begin(), secret.begin() + kMinPrefixLength, is_token_char);
  add_form(std::string(secret), print, prefixes);
  // The encodings a secret commonly travels in: in a URL or form, in JSON, in base64 (Basic auth, k8s secrets).
  for (const bool form : {false, true})
    for (const bool lower_hex : {false, true}) add_form(percent_encode(secret, form, lower_hex), print, prefixes);
  add_form(json_escaped(secret), print, false);
  if (secret.size() >= kMinEncodedSecret) {
    // Inside longer base64 text the secret starts at any of three alignments: keep, for each, the characters
    // that depend on the secret's bytes alone.
    for (std::size_t pad = 0; pad < 3; ++pad) {
      const std::string encoded = base64(std::string(pad, '\0') + std::string(secret));
      const std::size_t begin = (8 * pad + 5) / 6;
      const std::size_t end = 8 * (pad + secret.size()) / 6;
      std::string core = encoded.substr(begin, end - begin);
      std::string url = core;
      std::replace(url.begin(), url.end(), '+', '-');
      std::replace(url.begin(), url.end(), '/', '_');
      add_form(std::move(core), print, false);
      add_form(std::move(url), print, false);
    }
  }
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
    const std::string_view needle = s.prefixes ? std::string_view(s.value).substr(0, kMinPrefixLength)
                                               : std::string_view(s.value);
    for (size_t pos = out.find(needle); pos != std::string::npos; pos = out.find(needle, pos + s.fingerprint.size())) {
      // From the needle, as far as the text goes on agreeing with the secret (the whole secret or a prefix).
      std::size_t length = needle.size();
      while (length < s.value.size() && pos + length < out.size() && out[pos + length] == s.value[length]) ++length;
      out.replace(pos, length, s.fingerprint);
    }
  }
  return out;
}

}  // namespace clawbook
