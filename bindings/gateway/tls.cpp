#include "gateway/tls.hpp"

#include "gateway/net.hpp"

#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <map>
#include <mutex>
#include <utility>

namespace clawbook::gateway {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> client_tls_context(const TlsOptions& options, std::string& error) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, bool>, std::shared_ptr<ssl::context>> cache;
  const std::lock_guard lock(mutex);
  const auto key = std::make_pair(options.ca_file, options.insecure);
  if (auto found = cache.find(key); found != cache.end()) return found->second;

  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
  boost::system::error_code ec;
  if (options.insecure) {
    context->set_verify_mode(ssl::verify_none, ec);
  } else {
    context->set_verify_mode(ssl::verify_peer, ec);
    if (!options.ca_file.empty()) {
      context->load_verify_file(options.ca_file, ec);
      if (ec) {
        error = "cannot load ca_file " + options.ca_file + ": " + ec.message();
        return nullptr;
      }
    } else {
      context->set_default_verify_paths(ec);
    }
  }
  if (ec) {
    error = ec.message();
    return nullptr;
  }
  cache.emplace(key, context);
  return context;
}

bool prepare_tls_session(SSL* ssl, const std::string& host, const TlsOptions& options, std::string& error) {
  const std::string& name = options.server_name.empty() ? host : options.server_name;
  boost::system::error_code parse_error;
  boost::asio::ip::make_address(name, parse_error);
  const bool literal = !parse_error;
  // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
  if (!literal && SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                           const_cast<char*>(name.c_str())) != 1) {
    error = "cannot set SNI name " + name;
    return false;
  }
  if (options.insecure) return true;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  const int set = literal ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                          : X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
  if (set != 1) {
    error = "cannot set expected certificate name " + name;
    return false;
  }
  return true;
}

Json classify_tls_failure(const boost::system::error_code& ec, SSL* ssl) {
  Json out = {{"message", ec.message()}};
  if (ec.category() == boost::asio::error::get_ssl_category()) {
    const auto reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
      const long verify = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
      out["error"] = "cert_verify";
      out["verify_reason"] = X509_verify_cert_error_string(verify);
      out["verify_code"] = verify;
      out["message"] = std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
      return out;
    }
    // The peer answered the ClientHello with something that is not TLS: a plain HTTP server's 400 page.
    if (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
        reason == SSL_R_HTTP_REQUEST || reason == SSL_R_RECORD_LENGTH_MISMATCH) {
      out["error"] = "tls_on_plain_port";
      out["message"] = "the server did not answer TLS (" + ec.message() + "): probably a plain HTTP port";
      return out;
    }
    out["error"] = "tls_handshake";
    return out;
  }
  if (ec == ssl::error::stream_truncated || ec == boost::asio::error::eof) {
    out["error"] = "tls_handshake";
    out["message"] = "the server closed the connection during the TLS handshake";
    return out;
  }
  const std::string verdict = classify_error(ec);
  out["error"] = verdict == "error" ? "tls_handshake" : verdict;
  return out;
}

Json describe_tls_session(SSL* ssl, bool verified) {
  Json out = {{"version", SSL_get_version(ssl)}, {"verified", verified}};
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) out["cipher"] = SSL_CIPHER_get_name(cipher);
  if (X509* peer = SSL_get1_peer_certificate(ssl)) {
    char subject[512];
    X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
    out["peer_subject"] = subject;
    X509_free(peer);
  }
  return out;
}

bool looks_like_tls_record(const std::string& bytes) {
  if (bytes.size() < 2) return false;
  const auto type = static_cast<unsigned char>(bytes[0]);
  return (type >= 0x14 && type <= 0x17) && static_cast<unsigned char>(bytes[1]) == 0x03;
}

}  // namespace clawbook::gateway
