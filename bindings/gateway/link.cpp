#include "gateway/link.hpp"

#include "gateway/tls.hpp"

#include <boost/asio/ssl/error.hpp>

namespace clawbook::gateway {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;

void Opener::start(const Url& url, const TlsOptions& tls_options, std::shared_ptr<void> keep,
                   std::function<void(OpenResult)> done) {
  url_ = url;
  tls_options_ = tls_options;
  done_ = std::move(done);
  result_.phase = "tcp";
  dialer_.start(url.host, url.port, false, keep, [this, keep](DialResult dial) {
    result_.tried = std::move(dial.tried);
    result_.address = dial.address;
    result_.endpoint = dial.endpoint;
    result_.connect_ms = dial.latency_ms;
    if (!dial.ok) {
      result_.failure = {{"error", dial.error}, {"message", dial.message}};
      finish();
      return;
    }
    if (!url_.tls()) {
      plain.emplace(std::move(socket_));
      result_.ok = true;
      finish();
      return;
    }
    handshake(keep);
  });
}

void Opener::handshake(std::shared_ptr<void> keep) {
  result_.phase = "tls";
  std::string error;
  context_ = client_tls_context(tls_options_, error);
  if (!context_) {
    result_.failure = {{"error", "tls_config"}, {"message", error}};
    finish();
    return;
  }
  tls.emplace(std::move(socket_), *context_);
  if (!prepare_tls_session(tls->native_handle(), url_.host, tls_options_, error)) {
    result_.failure = {{"error", "tls_config"}, {"message", error}};
    finish();
    return;
  }
  tls_started_ = Clock::now();
  tls->async_handshake(ssl::stream_base::client, [this, keep](const boost::system::error_code& ec) {
    result_.tls_ms = ms_since(tls_started_);
    if (cancelled_) {
      result_.failure = {{"error", "timeout"}, {"message", "TLS handshake did not finish before the deadline"}};
    } else if (ec) {
      result_.failure = classify_tls_failure(ec, tls->native_handle());
    } else {
      result_.ok = true;
      result_.tls = describe_tls_session(tls->native_handle(), !tls_options_.insecure);
    }
    finish();
  });
}

void Opener::finish() {
  if (!done_) return;
  auto done = std::move(done_);
  done_ = nullptr;
  done(std::move(result_));
}

void Opener::cancel() {
  cancelled_ = true;
  dialer_.cancel();
  boost::system::error_code ignored;
  if (plain) plain->socket().close(ignored);
  if (tls) boost::beast::get_lowest_layer(*tls).socket().close(ignored);
}

namespace {

class TlsSpeakerProbe : public std::enable_shared_from_this<TlsSpeakerProbe> {
 public:
  TlsSpeakerProbe(asio::io_context& io, std::function<void(bool)> done)
      : opener_(io), deadline_(io), done_(std::move(done)) {}
  void start(const std::string& host, unsigned short port, Duration deadline) {
    Url url{.scheme = "https", .host = host, .port = port, .target = "/"};
    deadline_.arm(deadline, [self = shared_from_this()] { self->opener_.cancel(); });
    opener_.start(url, TlsOptions{.ca_file = "", .server_name = "", .insecure = true}, shared_from_this(),
                  [this](OpenResult result) {
                    deadline_.disarm();
                    opener_.cancel();
                    auto done = std::move(done_);
                    done(result.ok);
                  });
  }

 private:
  Opener opener_;
  Deadline deadline_;
  std::function<void(bool)> done_;
};

}  // namespace

void probe_speaks_tls(asio::io_context& io, const std::string& address_host, unsigned short port,
                      Duration remaining, std::function<void(bool)> done) {
  const Duration budget = std::min<Duration>(remaining / 2, std::chrono::seconds(1));
  std::make_shared<TlsSpeakerProbe>(io, std::move(done))->start(address_host, port, budget);
}

std::string preview_bytes(const std::string& bytes, std::size_t limit) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (bytes.size() > limit) out += "...";
  return out;
}

}  // namespace clawbook::gateway
