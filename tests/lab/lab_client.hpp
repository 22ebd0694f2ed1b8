// A small blocking WebSocket/HTTP client for the lab's tests: every operation runs on a private io_context with
// a deadline, so a misbehaving lab fails a test instead of hanging it.
#pragma once

// Asio's scheduler trips GCC's -Wnull-dereference when inlined into coroutines (false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#pragma GCC diagnostic pop
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace labtest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;
using namespace std::chrono_literals;

inline constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

// Runs `op` on `ioc` until it completes or `deadline` passes; on timeout calls `abort` and drains the context.
template <class T>
std::optional<T> drive(asio::io_context& ioc, asio::awaitable<T> op, std::chrono::milliseconds deadline,
                       const std::function<void()>& abort) {
  auto result = asio::co_spawn(ioc, std::move(op), asio::use_future);
  ioc.restart();
  ioc.run_for(deadline);
  if (result.wait_for(0s) != std::future_status::ready) {
    abort();
    ioc.restart();
    ioc.run();
    return std::nullopt;
  }
  return result.get();
}

struct HttpResult {
  unsigned status = 0;
  std::string body;
  Headers headers;
  std::string error;  // empty when an answer arrived
  Json json() const { return Json::parse(body, nullptr, false); }
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One HTTP request over a fresh connection; `error` says what failed ("timeout" when the deadline passed).
HttpResult http_request(std::uint16_t port, http::verb method, std::string target, Headers headers = {},
                        std::string body = {}, std::chrono::milliseconds deadline = 5s);

// A WebSocket client of the lab. Every operation completes, fails or times out before it returns; the members
// are defined in lab_client.cpp, compiled once for both test programs (Beast's stream instantiated in one place).
class WsClient {
 public:
  explicit WsClient(std::uint16_t port, Headers headers = {}, std::string target = "/",
                    std::chrono::milliseconds deadline = 5s);

  bool upgraded() const { return upgraded_; }
  unsigned status() const { return status_; }
  const websocket::response_type& upgrade_response() const { return upgrade_response_; }
  const beast::error_code& error() const { return error_; }
  bool timed_out() const { return timed_out_; }
  std::optional<unsigned> close_code() const { return close_code_; }
  const std::string& close_reason() const { return close_reason_; }
  // No close frame: the connection died (reset, EOF) — what a client reports as 1006.
  bool abnormal_closure() const { return !close_code_ && error_ && !timed_out_; }

  void set_read_limit(std::size_t limit);
  std::optional<std::string> read_text(std::chrono::milliseconds deadline = 5s);
  std::optional<Json> read_json(std::chrono::milliseconds deadline = 5s);
  bool send_text(const std::string& text);
  bool send_json(const Json& frame) { return send_text(frame.dump()); }

  static Json connect_params(std::optional<std::string> token, Json extra = Json::object());

  // Reads the challenge, sends connect, returns the connect response (nullopt if the server closed instead).
  std::optional<Json> handshake(const Json& params);
  std::optional<Json> call(const std::string& method, Json params = Json::object(),
                           std::chrono::milliseconds deadline = 5s);
  void close(unsigned code = 1000);

  const std::optional<Json>& challenge() const { return challenge_; }
  const std::vector<std::string>& received() const { return received_; }

 private:
  void abort();

  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
  websocket::response_type upgrade_response_;
  beast::error_code error_;
  std::optional<unsigned> close_code_;
  std::string close_reason_;
  std::optional<Json> challenge_;
  std::vector<std::string> received_;
  std::size_t limit_ = 64 * 1024 * 1024;
  unsigned status_ = 0;
  int next_id_ = 0;
  bool upgraded_ = false;
  bool timed_out_ = false;
};

}  // namespace labtest
