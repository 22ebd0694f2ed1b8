#include "net/certificate.hpp"

#include "clawbook/utf8.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <climits>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace clawbook::net {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) return "";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  // Names may hold any bytes (T61String, BMPString): results must stay valid UTF-8.
  return size > 0 ? valid_utf8(std::string_view(data, static_cast<std::size_t>(size))) : "";
}

// Epoch seconds of an ASN1_TIME; nullopt when it does not parse.
std::optional<std::time_t> epoch(const ASN1_TIME* time) {
  std::tm parts{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return std::nullopt;
  return ::timegm(&parts);
}

std::string iso8601(std::optional<std::time_t> when) {
  if (!when) return "";
  std::tm parts{};
  ::gmtime_r(&*when, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string hex(const unsigned char* data, std::size_t size) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

Json subject_alt_names(X509* certificate) {
  Json out = Json::array();
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_DNS || name->type == GEN_EMAIL || name->type == GEN_URI) {
      const ASN1_IA5STRING* text = name->d.ia5;
      const std::string prefix = name->type == GEN_DNS ? "DNS:" : name->type == GEN_EMAIL ? "email:" : "URI:";
      out.push_back(prefix + valid_utf8(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                                                         static_cast<std::size_t>(ASN1_STRING_length(text)))));
    } else if (name->type == GEN_IPADD) {
      const unsigned char* bytes = ASN1_STRING_get0_data(name->d.ip);
      const int length = ASN1_STRING_length(name->d.ip);
      char text[64] = "";
      if (length == 4) {
        std::snprintf(text, sizeof text, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
      } else if (length == 16) {
        std::string six;
        for (int j = 0; j < 16; j += 2) {
          char group[8];
          std::snprintf(group, sizeof group, "%s%x", j == 0 ? "" : ":", (bytes[j] << 8) | bytes[j + 1]);
          six += group;
        }
        std::snprintf(text, sizeof text, "%s", six.c_str());
      }
      if (text[0] != '\0') out.push_back(std::string("IP:") + text);
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::string key_type(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return "RSA";
    case EVP_PKEY_RSA_PSS: return "RSA-PSS";
    case EVP_PKEY_EC: return "EC";
    case EVP_PKEY_DSA: return "DSA";
    case EVP_PKEY_ED25519: return "ED25519";
    case EVP_PKEY_ED448: return "ED448";
    default: {
      const char* name = EVP_PKEY_get0_type_name(key);
      return name != nullptr ? name : "unknown";
    }
  }
}

}  // namespace

Json describe_certificate(X509* certificate, std::time_t now) {
  const auto not_before = epoch(X509_get0_notBefore(certificate));
  const auto not_after = epoch(X509_get0_notAfter(certificate));
  Json out = {{"subject", name_text(X509_get_subject_name(certificate))},
              {"issuer", name_text(X509_get_issuer_name(certificate))},
              {"sans", subject_alt_names(certificate)},
              {"not_before", iso8601(not_before)},
              {"not_after", iso8601(not_after)}};
  if (not_after) {
    out["days_left"] = static_cast<long long>(std::floor(std::difftime(*not_after, now) / 86400.0));
    out["expired"] = *not_after < now;
  }
  if (not_before) out["not_yet_valid"] = *not_before > now;
  if (const EVP_PKEY* key = X509_get0_pubkey(certificate)) {
    out["key_type"] = key_type(key);
    out["key_bits"] = EVP_PKEY_get_bits(key);
  }
  if (const ASN1_INTEGER* serial = X509_get0_serialNumber(certificate))
    out["serial"] = hex(ASN1_STRING_get0_data(serial), static_cast<std::size_t>(ASN1_STRING_length(serial)));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (X509_digest(certificate, EVP_sha256(), digest, &digest_size) == 1) out["sha256"] = hex(digest, digest_size);
  out["self_signed"] = (X509_get_extension_flags(certificate) & EXFLAG_SS) != 0;
  out["is_ca"] = X509_check_ca(certificate) != 0;
  return out;
}

Json parse_certificates(std::string_view bytes, std::time_t now) {
  if (bytes.size() > INT_MAX) return {{"ok", false}, {"error", "parse_error"}, {"message", "input too large"}};
  Json certificates = Json::array();
  if (bytes.find("-----BEGIN") != std::string_view::npos) {
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    while (bio) {
      X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
      if (!certificate) break;
      certificates.push_back(describe_certificate(certificate.get(), now));
    }
  } else {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    X509Ptr certificate(d2i_X509(nullptr, &data, static_cast<long>(bytes.size())));
    if (certificate) certificates.push_back(describe_certificate(certificate.get(), now));
  }
  ERR_clear_error();  // PEM_read_bio_X509 leaves "no start line" at the end of every bundle
  if (certificates.empty()) {
    const bool blank = bytes.find_first_not_of(" \t\r\n") == std::string_view::npos;
    return {{"ok", false},
            {"error", blank ? "empty" : "parse_error"},
            {"message", blank ? "no data" : "no certificate found (neither a PEM CERTIFICATE block nor DER)"}};
  }
  return {{"ok", true}, {"certificates", std::move(certificates)}};
}

}  // namespace clawbook::net
