// Opening a byte stream to a URL's host: dial (tcp phase), then the TLS handshake for https/wss (tls
// phase). The owner then takes the plain or TLS stream and speaks HTTP or WebSocket over it.
#pragma once

#include "gateway/net.hpp"
#include "gateway/url.hpp"

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <optional>

namespace clawbook::gateway {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

struct OpenResult {
  bool ok = false;
  std::string phase;  // tcp | tls: where it stopped
  Json failure;       // {error, message, ...} when !ok
  std::string address;
  boost::asio::ip::tcp::endpoint endpoint;
  Json tried = Json::array();
  double connect_ms = 0;
  double tls_ms = 0;
  Json tls;  // describe_tls_session() when TLS was used
};

class Opener {
 public:
  explicit Opener(boost::asio::io_context& io) : socket_(io), dialer_(io, socket_) {}
  // `keep` is the owner (see Dialer); `done` runs once.
  void start(const Url& url, const TlsOptions& tls, std::shared_ptr<void> keep,
             std::function<void(OpenResult)> done);
  void cancel();
  // The phase in progress (tcp, then tls), for a deadline that strikes mid-way.
  const std::string& phase() const { return result_.phase; }

  // After a successful open: exactly one of these holds the connection.
  std::optional<PlainStream> plain;
  std::optional<TlsStream> tls;

 private:
  void handshake(std::shared_ptr<void> keep);
  void finish();

  boost::asio::ip::tcp::socket socket_;
  Dialer dialer_;
  Url url_;
  TlsOptions tls_options_;
  std::shared_ptr<boost::asio::ssl::context> context_;
  bool cancelled_ = false;
  Clock::time_point tls_started_{};
  OpenResult result_;
  std::function<void(OpenResult)> done_;
};

// When a plain request got no answer or garbage, asks the same address whether it speaks TLS (a plain request
// to a TLS port). Calls `done(true)` when a TLS handshake (without verification) succeeds. Uses at most half
// of `remaining` (and 1 s), so the caller still reports in time.
void probe_speaks_tls(boost::asio::io_context& io, const std::string& address_host, unsigned short port,
                      Duration remaining, std::function<void(bool)> done);

// Printable, bounded preview of bytes a peer sent (non-printables as \xNN).
std::string preview_bytes(const std::string& bytes, std::size_t limit = 64);

}  // namespace clawbook::gateway
