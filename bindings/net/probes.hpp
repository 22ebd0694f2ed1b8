// Network probes of the `net` module that the gateway code does not already have: a name lookup through the
// system resolver and a TLS handshake that reports the session and the whole peer chain. Both run on the
// caller's io_context, take a deadline and call `done` exactly once with a plain result.
#pragma once

#include "gateway/gateway.hpp"

#include <boost/asio/io_context.hpp>

#include <string>

namespace clawbook::net {

using Json = nlohmann::json;
using Handler = gateway::Handler;
using Duration = gateway::Duration;

// {ok, name, addresses={"127.0.0.1", "::1"}, latency_ms} or {ok=false, error="not_found"|"timeout"|
// "dns_error", message}. family: "any", "ipv4" or "ipv6".
void resolve(boost::asio::io_context& io, const std::string& name, const std::string& family, Duration deadline,
             Handler done);

struct TlsProbeOptions {
  std::string ca_file;      // PEM bundle to trust instead of the system store
  std::string server_name;  // SNI and the name checked; default: host (none for an address literal)
};

// {ok, host, port, address, protocol, cipher, verified, verify_error?, chain={certificate...}, latency_ms}.
// The handshake completes even when the chain does not verify: then ok=false, error="cert_verify" and the
// session fields are still there. Other failures: error = refused | timeout | dns_error | tls_handshake |
// tls_on_plain_port | ..., message.
void tls(boost::asio::io_context& io, const std::string& host, unsigned short port, const TlsProbeOptions& options,
         Duration deadline, Handler done);

}  // namespace clawbook::net
