// Client TLS for https:// and wss://: verification on by default (system store or a CA file), SNI, host name
// checks done by OpenSSL itself (so failures carry X509 reasons), and a vocabulary for handshake failures.
#pragma once

#include "gateway/gateway.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <string>

struct ssl_st;

namespace clawbook::gateway {

// Contexts are cached per (ca_file, insecure): loading the system store costs milliseconds, and a fleet probe
// opens hundreds of connections. nullptr with `error` set when the CA file cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> client_tls_context(const TlsOptions& options, std::string& error);

// SNI (for names, not address literals) and the expected name or address of the certificate.
bool prepare_tls_session(ssl_st* ssl, const std::string& host, const TlsOptions& options, std::string& error);

// {error: cert_verify|tls_on_plain_port|tls_handshake|timeout|closed..., message, verify_reason?}
Json classify_tls_failure(const boost::system::error_code& ec, ssl_st* ssl);

// {version, cipher, verified, peer_subject?} after a successful handshake.
Json describe_tls_session(ssl_st* ssl, bool verified);

// True when `bytes` start like a TLS record (a TLS server answering plain HTTP with an alert).
bool looks_like_tls_record(const std::string& bytes);

}  // namespace clawbook::gateway
