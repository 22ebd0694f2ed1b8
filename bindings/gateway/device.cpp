#include "gateway/device.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>

namespace clawbook::gateway {

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  while (!out.empty() && out.back() == '=') out.pop_back();
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

namespace {

std::string ascii_lower_trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  text = first == std::string::npos ? "" : text.substr(first, last - first + 1);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c);
  });
  return text;
}

}  // namespace

std::optional<DeviceIdentity> DeviceIdentity::load(const std::string& path, std::string& error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "cannot read device key file " + path;
    return std::nullopt;
  }
  std::stringstream content;
  content << file.rdbuf();
  std::string pem = content.str();
  const Json as_json = Json::parse(pem, nullptr, false);
  if (!as_json.is_discarded() && as_json.is_object()) {
    if (!as_json.contains("privateKeyPem") || !as_json["privateKeyPem"].is_string()) {
      error = "device file " + path + " has no privateKeyPem";
      return std::nullopt;
    }
    pem = as_json["privateKeyPem"].get<std::string>();
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* raw_key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!raw_key) {
    error = "device key file " + path + " holds no readable PEM private key";
    return std::nullopt;
  }
  DeviceIdentity identity;
  identity.key_.reset(raw_key, EVP_PKEY_free);
  if (EVP_PKEY_id(raw_key) != EVP_PKEY_ED25519) {
    error = "device key in " + path + " is not Ed25519";
    return std::nullopt;
  }
  std::array<unsigned char, 32> public_raw{};
  std::size_t public_size = public_raw.size();
  if (EVP_PKEY_get_raw_public_key(raw_key, public_raw.data(), &public_size) != 1 || public_size != 32) {
    error = "cannot extract the Ed25519 public key";
    return std::nullopt;
  }
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(public_raw.data(), public_raw.size(), digest.data());
  static const char* hex = "0123456789abcdef";
  for (unsigned char byte : digest) {
    identity.id_ += hex[byte >> 4];
    identity.id_ += hex[byte & 15];
  }
  identity.public_key_ = base64url(public_raw.data(), public_raw.size());
  return identity;
}

std::string DeviceIdentity::v3_payload(const std::string& device_id, const ConnectOptions& options,
                                       long long signed_at_ms, const std::string& nonce) {
  std::string scopes;
  for (const auto& scope : options.scopes) scopes += (scopes.empty() ? "" : ",") + scope;
  const std::string token = options.token.value_or("");
  return "v3|" + device_id + "|" + options.client_id + "|" + options.client_mode + "|" + options.role + "|" +
         scopes + "|" + std::to_string(signed_at_ms) + "|" + token + "|" + nonce + "|" +
         ascii_lower_trimmed(options.platform) + "|";  // deviceFamily: not sent, so empty
}

Json DeviceIdentity::sign_connect(const ConnectOptions& options, const std::string& nonce,
                                  long long signed_at_ms) const {
  const std::string payload = v3_payload(id_, options, signed_at_ms, nonce);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, 64> signature{};
  std::size_t signature_size = signature.size();
  if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), signature.data(), &signature_size,
                     reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) != 1) {
    return nullptr;
  }
  return {{"id", id_},
          {"publicKey", public_key_},
          {"signature", base64url(signature.data(), signature_size)},
          {"signedAt", signed_at_ms},
          {"nonce", nonce}};
}

}  // namespace clawbook::gateway
