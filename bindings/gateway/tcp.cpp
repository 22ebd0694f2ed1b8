// gateway::tcp: resolve and connect, one attempt per address, with the deadline covering both.
#include "gateway/gateway.hpp"
#include "gateway/net.hpp"

#include <boost/asio/ip/tcp.hpp>

namespace clawbook::gateway {
namespace {

namespace ip = boost::asio::ip;

class TcpProbe : public std::enable_shared_from_this<TcpProbe> {
 public:
  TcpProbe(boost::asio::io_context& io, Handler done)
      : socket_(io), dialer_(io, socket_), deadline_(io), done_(std::move(done)) {}

  void start(const std::string& host, unsigned short port, const TcpOptions& options, Duration deadline) {
    host_ = host;
    port_ = port;
    deadline_.arm(deadline, [self = shared_from_this()] { self->dialer_.cancel(); });
    dialer_.start(host, port, options.all_addresses, shared_from_this(), [this](DialResult result) {
      deadline_.disarm();
      Json out = {{"ok", result.ok}, {"host", host_}, {"port", port_}, {"tried", std::move(result.tried)}};
      if (result.ok) {
        out["address"] = result.address;
        out["latency_ms"] = result.latency_ms;
      } else {
        out["error"] = result.error;
        out["message"] = result.message;
      }
      boost::system::error_code ignored;
      socket_.close(ignored);
      auto done = std::move(done_);
      done(std::move(out));
    });
  }

 private:
  ip::tcp::socket socket_;
  Dialer dialer_;
  Deadline deadline_;
  Handler done_;
  std::string host_;
  unsigned short port_ = 0;
};

}  // namespace

void tcp(boost::asio::io_context& io, const std::string& host, unsigned short port, const TcpOptions& options,
         Duration deadline, Handler done) {
  std::make_shared<TcpProbe>(io, std::move(done))->start(host, port, options, deadline);
}

}  // namespace clawbook::gateway
