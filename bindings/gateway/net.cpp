#include "gateway/net.hpp"

#include "clawbook/utf8.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

namespace clawbook::gateway {

namespace asio = boost::asio;
namespace ip = asio::ip;

std::string classify_error(const boost::system::error_code& ec) {
  namespace e = asio::error;
  if (ec == e::connection_refused) return "refused";
  if (ec == e::timed_out) return "timeout";
  if (ec == e::network_unreachable || ec == e::host_unreachable || ec == e::network_down) return "unreachable";
  if (ec == e::host_not_found || ec == e::host_not_found_try_again || ec == e::no_data || ec == e::no_recovery)
    return "dns_error";
  if (ec == e::connection_reset || ec == e::connection_aborted || ec == e::broken_pipe) return "reset";
  if (ec == e::eof || ec == asio::ssl::error::stream_truncated) return "closed";
  if (ec == boost::system::errc::address_not_available || ec == e::address_family_not_supported) return "address_unavailable";
  if (ec == e::operation_aborted) return "aborted";
  return "error";
}

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

double ms_since(Clock::time_point from) { return ms_between(from, Clock::now()); }

std::string endpoint_text(const ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

void Dialer::start(const std::string& host, unsigned short port, bool all_addresses, std::shared_ptr<void> keep,
                   std::function<void(DialResult)> done) {
  done_ = std::move(done);
  all_addresses_ = all_addresses;
  boost::system::error_code parse_error;
  const auto literal = asio::ip::make_address(host, parse_error);
  if (!parse_error) {  // an address literal needs no resolver round trip
    endpoints_.emplace_back(literal, port);
    connect_next(std::move(keep));
    return;
  }
  resolver_.async_resolve(host, std::to_string(port),
                          [this, keep](const boost::system::error_code& ec, const ip::tcp::resolver::results_type& results) {
                            if (cancelled_) {
                              result_.error = "timeout";
                              result_.message = "name resolution did not finish before the deadline";
                              finish();
                              return;
                            }
                            if (ec) {
                              result_.error = ec == asio::error::operation_aborted ? "timeout" : "dns_error";
                              result_.message = ec.message();
                              finish();
                              return;
                            }
                            for (const auto& entry : results) endpoints_.push_back(entry.endpoint());
                            connect_next(keep);
                          });
}

void Dialer::connect_next(std::shared_ptr<void> keep) {
  if (next_ >= endpoints_.size() || (result_.ok && !all_addresses_)) {
    if (endpoints_.empty() && result_.error.empty()) {
      result_.error = "dns_error";
      result_.message = "no addresses";
    }
    finish();
    return;
  }
  const ip::tcp::endpoint endpoint = endpoints_[next_++];
  // With all_addresses, later attempts use a scratch socket so the first success stays connected.
  scratch_ = result_.ok ? std::make_shared<ip::tcp::socket>(socket_.get_executor()) : nullptr;
  auto scratch = scratch_;
  ip::tcp::socket& target = scratch ? *scratch : socket_;
  boost::system::error_code ignored;
  if (target.is_open()) target.close(ignored);
  const auto started = Clock::now();
  target.async_connect(endpoint, [this, keep, endpoint, started, scratch](const boost::system::error_code& ec) {
    Json attempt = {{"address", endpoint_text(endpoint)}, {"latency_ms", ms_since(started)}};
    if (!ec && !cancelled_) {
      attempt["ok"] = true;
      if (!result_.ok) {
        result_.ok = true;
        result_.address = endpoint_text(endpoint);
        result_.endpoint = endpoint;
        result_.latency_ms = ms_since(started);
      }
    } else {
      const std::string error = cancelled_ ? "timeout" : classify_error(ec);
      attempt["ok"] = false;
      attempt["error"] = error;
      attempt["message"] = cancelled_ ? "connect did not finish before the deadline" : ec.message();
      if (!result_.ok) {
        result_.error = error;
        result_.message = attempt["message"];
      }
    }
    result_.tried.push_back(std::move(attempt));
    if (scratch) {
      boost::system::error_code ignored_close;
      scratch->close(ignored_close);
    }
    if (cancelled_) {
      finish();
      return;
    }
    connect_next(keep);
  });
}

void Dialer::finish() {
  if (!done_) return;
  if (result_.ok) {
    result_.error.clear();
    result_.message.clear();
  }
  auto done = std::move(done_);
  done_ = nullptr;
  done(std::move(result_));
}

void Dialer::cancel() {
  cancelled_ = true;
  resolver_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  if (scratch_) scratch_->close(ignored);
}

std::string text_at(const Json& object, const char* key, const std::string& fallback) {
  if (!object.is_object()) return fallback;
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : fallback;
}

bool flag_at(const Json& object, const char* key, bool fallback) {
  if (!object.is_object()) return fallback;
  const auto found = object.find(key);
  return found != object.end() && found->is_boolean() ? found->get<bool>() : fallback;
}

long long integer_at(const Json& object, const char* key, long long fallback) {
  if (!object.is_object()) return fallback;
  const auto found = object.find(key);
  return found != object.end() && found->is_number_integer() ? found->get<long long>() : fallback;
}

bool sanitize_utf8(std::string& text) { return make_valid_utf8(text); }

std::string clean_utf8(std::string_view text) { return valid_utf8(text); }

void scrub_secret(Json& value, const std::string& secret) {
  if (secret.empty()) return;
  if (value.is_string()) {
    auto text = value.get<std::string>();
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
      text.replace(at, secret.size(), "[redacted]");
    value = text;
  } else if (value.is_structured()) {
    for (auto& item : value) scrub_secret(item, secret);
  }
}

}  // namespace clawbook::gateway
