// Lua module `net`: general network probes (capability net) and certificate files (capability fs). Support code:
// bindings/net/ and the gateway module's dialer and TLS helpers. Calls yield until their result is in, bounded
// by opts.timeout (seconds).
//
//   net.tcp(host, port, {all_addresses=false, timeout=3}) -> {ok, address, latency_ms, tried, error?, message?}
//   net.resolve(name, {family="any"|"ipv4"|"ipv6", timeout=5}) -> {ok, name, addresses, latency_ms}
//       through the system resolver (getaddrinfo: /etc/hosts, DNS, ...); a name that does not exist is
//       error="not_found"
//   net.tls(host, port, {server_name, ca_file, timeout=5}) -> {ok, protocol, cipher, verified, verify_error?,
//       chain={certificate...}, address, latency_ms}: ok only when the chain verifies for the name; a chain that
//       does not is error="cert_verify" with the session and chain still reported
//   net.certificate(path) -> {ok, path, certificates={{subject, issuer, sans, not_before, not_after, days_left,
//       expired, key_type, key_bits, serial, sha256, self_signed, is_ca}}}: PEM files and bundles (other blocks,
//       such as keys, are skipped) or DER; the path must be readable under the fs path policy (fs:/PATH)
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "fs/files.hpp"
#include "fs/path_policy.hpp"
#include "gateway/gateway.hpp"
#include "net/certificate.hpp"
#include "net/probes.hpp"

#include <ctime>

namespace clawbook {
namespace {

unsigned short port_arg(const Call& call, int index) {
  const long long port = call.integer(index);
  if (port < 1 || port > 65535) call.arg_error(index, "port must be in 1..65535");
  return static_cast<unsigned short>(port);
}

std::string host_arg(const Call& call, int index) {
  const std::string host = call.str(index);
  if (host.empty() || host.size() > 253 || host.find_first_of(std::string_view("\0\r\n /", 5)) != std::string::npos)
    call.arg_error(index, "host name or address expected");
  return host;
}

int net_tcp(Call& call) {
  const std::string host = host_arg(call, 1);
  const unsigned short port = port_arg(call, 2);
  const Options opts(call, 3, {"all_addresses", "timeout"});
  const gateway::TcpOptions tcp{.all_addresses = opts.boolean("all_addresses", false)};
  const auto deadline = opts.deadline(3);
  return call.await_result(
      [&](gateway::Handler done) { gateway::tcp(call.io(), host, port, tcp, deadline, std::move(done)); });
}

int net_resolve(Call& call) {
  const std::string name = host_arg(call, 1);
  const Options opts(call, 2, {"family", "timeout"});
  const std::string family = opts.str("family", "any");
  if (family != "any" && family != "ipv4" && family != "ipv6") opts.error("option 'family' must be any, ipv4 or ipv6");
  const auto deadline = opts.deadline(5);
  return call.await_result(
      [&](gateway::Handler done) { net::resolve(call.io(), name, family, deadline, std::move(done)); });
}

int net_tls(Call& call) {
  const std::string host = host_arg(call, 1);
  const unsigned short port = port_arg(call, 2);
  const Options opts(call, 3, {"server_name", "ca_file", "timeout"});
  const net::TlsProbeOptions tls{.ca_file = opts.str("ca_file", ""), .server_name = opts.str("server_name", "")};
  const auto deadline = opts.deadline(5);
  return call.await_result(
      [&](gateway::Handler done) { net::tls(call.io(), host, port, tls, deadline, std::move(done)); });
}

// Certificate files are at most this big (a bundle of every public CA is about 200 KiB).
constexpr std::size_t kCertificateFileMax = 4 << 20;

int net_certificate(Call& call) {
  const std::string path = call.str(1);
  if (path.empty()) call.arg_error(1, "non-empty path expected");
  std::string resolved;
  try {
    resolved = fs::PathPolicy::for_capabilities(call.capabilities()).require(path);
  } catch (const fs::PathDenied& denied) {
    throw Misuse(denied.what());
  }
  Json read = fs::read_file(resolved, kCertificateFileMax + 1);
  Json result;
  if (read["ok"] != true) {
    result = {{"ok", false}, {"error", read["error"]}, {"message", read["message"]}};
  } else if (read["bytes"].get<std::size_t>() > kCertificateFileMax) {
    result = {{"ok", false},
              {"error", "too_large"},
              {"message", path + ": larger than " + std::to_string(kCertificateFileMax) + " bytes"}};
  } else {
    result = net::parse_certificates(read["text"].get_ref<const std::string&>(), std::time(nullptr));
  }
  result["path"] = path;
  return call.push(result);
}

ModuleSpec make_net_module() {
  return {.name = "net",
          .capability = "",  // per function: the probes need net, certificate files fs
          .summary =
              "Network probes: TCP connect, name resolution through the system resolver, a TLS handshake "
              "with its chain, and certificate files (PEM bundles, DER) parsed with OpenSSL.",
          .functions = {{"tcp", net_tcp, "net"},
                        {"resolve", net_resolve, "net"},
                        {"tls", net_tls, "net"},
                        {"certificate", net_certificate, "fs"}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_net_module());

}  // namespace clawbook
