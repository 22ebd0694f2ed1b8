// Shared pieces of the gateway probes: error vocabulary, the deadline of one operation, and a dialer that
// resolves a host and connects address by address, recording every attempt.
#pragma once

#include "gateway/gateway.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace clawbook::gateway {

using Clock = std::chrono::steady_clock;

// Stable verdicts for socket-level errors: refused, timeout, unreachable, dns_error, reset, closed,
// address_unavailable, aborted, error.
std::string classify_error(const boost::system::error_code& ec);

double ms_between(Clock::time_point from, Clock::time_point to);
double ms_since(Clock::time_point from);

// The one deadline of an operation: fires `on_expiry` once unless disarmed first.
class Deadline {
 public:
  explicit Deadline(boost::asio::io_context& io) : timer_(io) {}
  template <class OnExpiry>
  void arm(Duration after, OnExpiry on_expiry) {
    expires_at_ = Clock::now() + after;
    timer_.expires_at(expires_at_);
    timer_.async_wait([on_expiry = std::move(on_expiry)](const boost::system::error_code& ec) mutable {
      if (!ec) on_expiry();
    });
  }
  void disarm() { timer_.cancel(); }
  Duration remaining() const { return std::max(Duration::zero(), expires_at_ - Clock::now()); }

 private:
  boost::asio::steady_timer timer_;
  Clock::time_point expires_at_{};
};

// Resolves `host` and connects `socket` to its addresses in order. Reports through `done` once:
// ok, the address connected, and `tried` = [{address, ok, error?, message?, latency_ms}].
// The owner passes `keep` (itself): every pending step holds it, so `done` may capture the owner's `this`
// without a reference cycle.
struct DialResult {
  bool ok = false;
  std::string address;  // "127.0.0.1:18789" / "[::1]:18789"
  boost::asio::ip::tcp::endpoint endpoint;
  std::string error;    // classification of the last failure
  std::string message;
  Json tried = Json::array();
  double latency_ms = 0;  // of the successful connect
};

class Dialer {
 public:
  Dialer(boost::asio::io_context& io, boost::asio::ip::tcp::socket& socket) : resolver_(io), socket_(socket) {}
  void start(const std::string& host, unsigned short port, bool all_addresses, std::shared_ptr<void> keep,
             std::function<void(DialResult)> done);
  // Called on the operation's deadline: pending steps finish with "timeout".
  void cancel();

 private:
  void connect_next(std::shared_ptr<void> keep);
  void finish();

  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket& socket_;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints_;
  std::size_t next_ = 0;
  bool all_addresses_ = false;
  bool cancelled_ = false;
  std::shared_ptr<boost::asio::ip::tcp::socket> scratch_;
  DialResult result_;
  std::function<void(DialResult)> done_;
};

std::string endpoint_text(const boost::asio::ip::tcp::endpoint& endpoint);

// Typed reads of peer-supplied JSON: a wrong type gives the fallback instead of an exception (a hostile
// gateway must not be able to throw through an io_context handler).
std::string text_at(const Json& object, const char* key, const std::string& fallback = "");
bool flag_at(const Json& object, const char* key, bool fallback = false);
long long integer_at(const Json& object, const char* key, long long fallback = 0);

// Replaces invalid UTF-8 in `text` with U+FFFD so results always serialize; true when something changed.
bool sanitize_utf8(std::string& text);
std::string clean_utf8(std::string_view text);

// Removes every occurrence of `secret` from the strings of `value` (defence in depth: no peer should echo a
// token, but a result must never carry one).
void scrub_secret(Json& value, const std::string& secret);

}  // namespace clawbook::gateway
