#include "net/probes.hpp"

#include "gateway/net.hpp"
#include "gateway/tls.hpp"
#include "net/certificate.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>

namespace clawbook::net {
namespace {

namespace asio = boost::asio;
namespace ip = asio::ip;
namespace ssl = asio::ssl;
using gateway::Clock;

Json merged(Json into, const Json& more) {
  into.update(more);
  return into;
}

class Lookup : public std::enable_shared_from_this<Lookup> {
 public:
  Lookup(asio::io_context& io, Handler done) : resolver_(io), deadline_(io), done_(std::move(done)) {}

  void start(const std::string& name, const std::string& family, Duration deadline) {
    name_ = name;
    started_ = Clock::now();
    deadline_.arm(deadline, [self = shared_from_this()] {
      self->finish({{"ok", false},
                    {"name", self->name_},
                    {"error", "timeout"},
                    {"message", "the lookup of " + self->name_ + " did not finish before the deadline"}});
      self->resolver_.cancel();
    });
    auto on_resolved = [self = shared_from_this()](const boost::system::error_code& ec,
                                                   const ip::tcp::resolver::results_type& results) {
      self->on_resolved(ec, results);
    };
    const auto flags = ip::resolver_base::flags();  // no AI_ADDRCONFIG: report what the name has
    if (family == "ipv4") {
      resolver_.async_resolve(ip::tcp::v4(), name, "", flags, on_resolved);
    } else if (family == "ipv6") {
      resolver_.async_resolve(ip::tcp::v6(), name, "", flags, on_resolved);
    } else {
      resolver_.async_resolve(name, "", flags, on_resolved);
    }
  }

 private:
  void on_resolved(const boost::system::error_code& ec, const ip::tcp::resolver::results_type& results) {
    deadline_.disarm();
    if (ec) {
      const bool missing = ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
                           ec == asio::error::no_data;
      finish({{"ok", false},
              {"name", name_},
              {"error", missing ? "not_found" : gateway::classify_error(ec)},
              {"message", name_ + ": " + ec.message()},
              {"latency_ms", gateway::ms_since(started_)}});
      return;
    }
    Json addresses = Json::array();
    for (const auto& entry : results) {
      const std::string address = entry.endpoint().address().to_string();
      if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) addresses.push_back(address);
    }
    finish({{"ok", true},
            {"name", name_},
            {"addresses", std::move(addresses)},
            {"latency_ms", gateway::ms_since(started_)}});
  }

  void finish(Json result) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  ip::tcp::resolver resolver_;
  gateway::Deadline deadline_;
  Handler done_;
  std::string name_;
  Clock::time_point started_{};
};

// Verification is computed but never stops the handshake (SSL_VERIFY_NONE still checks the chain and records
// the verdict), so a probe of a bad certificate still reports the session and the chain.
std::shared_ptr<ssl::context> probe_context(const std::string& ca_file, std::string& error) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<ssl::context>> cache;
  const std::lock_guard lock(mutex);
  if (auto found = cache.find(ca_file); found != cache.end()) return found->second;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
  boost::system::error_code ec;
  context->set_verify_mode(ssl::verify_none, ec);
  if (!ca_file.empty()) {
    context->load_verify_file(ca_file, ec);
    if (ec) {
      error = "cannot load ca_file " + ca_file + ": " + ec.message();
      return nullptr;
    }
  } else {
    context->set_default_verify_paths(ec);
  }
  if (ec) {
    error = ec.message();
    return nullptr;
  }
  cache.emplace(ca_file, context);
  return context;
}

class TlsProbe : public std::enable_shared_from_this<TlsProbe> {
 public:
  TlsProbe(asio::io_context& io, Handler done)
      : socket_(io), dialer_(io, socket_), deadline_(io), done_(std::move(done)) {}

  void start(const std::string& host, unsigned short port, const TlsProbeOptions& options, Duration deadline) {
    host_ = host;
    port_ = port;
    options_ = options;
    started_ = Clock::now();
    deadline_.arm(deadline, [self = shared_from_this()] {
      self->finish(merged(self->base(false),
                          {{"error", "timeout"}, {"message", self->phase_ + " did not finish before the deadline"}}));
      self->dialer_.cancel();
      boost::system::error_code ignored;
      if (self->stream_) self->stream_->lowest_layer().close(ignored);
    });
    dialer_.start(host, port, false, shared_from_this(), [this](gateway::DialResult dial) {
      if (!done_) return;
      address_ = dial.address;
      if (!dial.ok) {
        finish(merged(base(false), {{"error", dial.error}, {"message", dial.message}}));
        return;
      }
      handshake();
    });
  }

 private:
  Json base(bool ok) const {
    Json out = {
        {"ok", ok}, {"host", host_}, {"port", port_}, {"phase", phase_}, {"latency_ms", gateway::ms_since(started_)}};
    if (!address_.empty()) out["address"] = address_;
    return out;
  }

  void handshake() {
    phase_ = "tls";
    std::string error;
    context_ = probe_context(options_.ca_file, error);
    if (!context_) {
      finish(merged(base(false), {{"error", "tls_config"}, {"message", error}}));
      return;
    }
    stream_.emplace(std::move(socket_), *context_);
    gateway::TlsOptions names{.ca_file = options_.ca_file, .server_name = options_.server_name, .insecure = false};
    if (!gateway::prepare_tls_session(stream_->native_handle(), host_, names, error)) {
      finish(merged(base(false), {{"error", "tls_config"}, {"message", error}}));
      return;
    }
    stream_->async_handshake(
        ssl::stream_base::client, [this, self = shared_from_this()](const boost::system::error_code& ec) {
          if (!done_) return;
          deadline_.disarm();
          if (ec) {
            finish(merged(base(false), gateway::classify_tls_failure(ec, stream_->native_handle())));
            return;
          }
          describe();
        });
  }

  void describe() {
    SSL* ssl = stream_->native_handle();
    const long verify = SSL_get_verify_result(ssl);
    const bool verified = verify == X509_V_OK && SSL_get0_peer_certificate(ssl) != nullptr;
    Json out = base(verified);
    out["protocol"] = SSL_get_version(ssl);
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) out["cipher"] = SSL_CIPHER_get_name(cipher);
    out["verified"] = verified;
    Json chain = Json::array();
    const std::time_t now = std::time(nullptr);
    if (STACK_OF(X509)* certificates = SSL_get_peer_cert_chain(ssl)) {
      for (int i = 0; i < sk_X509_num(certificates); ++i)
        chain.push_back(describe_certificate(sk_X509_value(certificates, i), now));
    }
    out["chain"] = std::move(chain);
    if (!verified) {
      out["error"] = "cert_verify";
      out["verify_error"] = X509_verify_cert_error_string(verify);
      out["message"] = std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
    }
    boost::system::error_code ignored;
    stream_->lowest_layer().close(ignored);
    finish(std::move(out));
  }

  void finish(Json result) {
    if (!done_) return;
    deadline_.disarm();
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  ip::tcp::socket socket_;
  gateway::Dialer dialer_;
  gateway::Deadline deadline_;
  Handler done_;
  std::shared_ptr<ssl::context> context_;
  std::optional<ssl::stream<ip::tcp::socket>> stream_;
  std::string host_;
  unsigned short port_ = 0;
  TlsProbeOptions options_;
  std::string phase_ = "tcp";
  std::string address_;
  Clock::time_point started_{};
};

}  // namespace

void resolve(asio::io_context& io, const std::string& name, const std::string& family, Duration deadline,
             Handler done) {
  std::make_shared<Lookup>(io, std::move(done))->start(name, family, deadline);
}

void tls(asio::io_context& io, const std::string& host, unsigned short port, const TlsProbeOptions& options,
         Duration deadline, Handler done) {
  std::make_shared<TlsProbe>(io, std::move(done))->start(host, port, options, deadline);
}

}  // namespace clawbook::net
