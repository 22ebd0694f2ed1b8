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

inline HttpResult http_request(std::uint16_t port, http::verb method, std::string target, Headers headers = {},
                               std::string body = {}, std::chrono::milliseconds deadline = 5s) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  auto op = [&]() -> asio::awaitable<HttpResult> {
    HttpResult out;
    auto [cec] = co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_nothrow);
    if (cec) co_return HttpResult{0, {}, {}, cec.message()};
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() || method == http::verb::post) {
      req.body() = body;
      req.prepare_payload();
    }
    auto [wec, written] = co_await http::async_write(stream, req, use_nothrow);
    if (wec) co_return HttpResult{0, {}, {}, wec.message()};
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.skip(method == http::verb::head);
    auto [rec, read] = co_await http::async_read(stream, buffer, parser, use_nothrow);
    if (rec) co_return HttpResult{0, {}, {}, rec.message()};
    auto res = parser.release();
    out.status = res.result_int();
    out.body = res.body();
    for (const auto& field : res) out.headers[std::string(field.name_string())] = std::string(field.value());
    co_return out;
  };
  auto result = drive<HttpResult>(ioc, op(), deadline, [&] { stream.socket().close(); });
  return result.value_or(HttpResult{0, {}, {}, "timeout"});
}

class WsClient {
 public:
  explicit WsClient(std::uint16_t port, Headers headers = {}, std::string target = "/",
                    std::chrono::milliseconds deadline = 5s)
      : ws_(ioc_) {
    auto op = [&]() -> asio::awaitable<bool> {
      auto& tcp_layer = beast::get_lowest_layer(ws_);
      auto [cec] = co_await tcp_layer.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), use_nothrow);
      if (cec) {
        error_ = cec;
        co_return false;
      }
      ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
        for (const auto& [name, value] : headers) req.set(name, value);
      }));
      auto [hec] = co_await ws_.async_handshake(upgrade_response_, "127.0.0.1:" + std::to_string(port), target, use_nothrow);
      status_ = upgrade_response_.result_int();
      if (hec) {
        error_ = hec;
        co_return false;
      }
      ws_.read_message_max(limit_);
      co_return true;
    };
    upgraded_ = drive<bool>(ioc_, op(), deadline, [&] { abort(); }).value_or(false);
  }

  bool upgraded() const { return upgraded_; }
  unsigned status() const { return status_; }
  const websocket::response_type& upgrade_response() const { return upgrade_response_; }
  const beast::error_code& error() const { return error_; }
  bool timed_out() const { return timed_out_; }
  std::optional<unsigned> close_code() const { return close_code_; }
  const std::string& close_reason() const { return close_reason_; }
  // No close frame: the connection died (reset, EOF) — what a client reports as 1006.
  bool abnormal_closure() const { return !close_code_ && error_ && !timed_out_; }

  void set_read_limit(std::size_t limit) {
    limit_ = limit;
    ws_.read_message_max(limit);
  }

  std::optional<std::string> read_text(std::chrono::milliseconds deadline = 5s) {
    auto op = [&]() -> asio::awaitable<std::optional<std::string>> {
      beast::flat_buffer buffer;
      auto [ec, n] = co_await ws_.async_read(buffer, use_nothrow);
      if (ec) {
        error_ = ec;
        if (ec == websocket::error::closed) {
          close_code_ = ws_.reason().code;
          close_reason_ = std::string(ws_.reason().reason.c_str());
        }
        co_return std::nullopt;
      }
      co_return beast::buffers_to_string(buffer.data());
    };
    auto result = drive<std::optional<std::string>>(ioc_, op(), deadline, [&] { abort(); });
    return result ? *result : std::nullopt;
  }

  std::optional<Json> read_json(std::chrono::milliseconds deadline = 5s) {
    auto text = read_text(deadline);
    if (!text) return std::nullopt;
    received_.push_back(*text);
    return Json::parse(*text, nullptr, false);
  }

  bool send_text(const std::string& text) {
    auto op = [&]() -> asio::awaitable<bool> {
      ws_.text(true);
      auto [ec, n] = co_await ws_.async_write(asio::buffer(text), use_nothrow);
      if (ec) error_ = ec;
      co_return !ec;
    };
    return drive<bool>(ioc_, op(), 5s, [&] { abort(); }).value_or(false);
  }

  bool send_json(const Json& frame) { return send_text(frame.dump()); }

  static Json connect_params(std::optional<std::string> token, Json extra = Json::object()) {
    Json params{{"minProtocol", 3},
                {"maxProtocol", 4},
                {"client", {{"id", "cli"}, {"version", "lab-test"}, {"platform", "linux"}, {"mode", "cli"}}},
                {"role", "operator"},
                {"scopes", {"operator.read"}}};
    if (token) params["auth"] = {{"token", *token}};
    params.update(extra);
    return params;
  }

  // Reads the challenge, sends connect, returns the connect response (nullopt if the server closed instead).
  std::optional<Json> handshake(const Json& params) {
    challenge_ = read_json();
    if (!challenge_) return std::nullopt;
    send_json({{"type", "req"}, {"id", "c1"}, {"method", "connect"}, {"params", params}});
    return read_json();
  }

  std::optional<Json> call(const std::string& method, Json params = Json::object(), std::chrono::milliseconds deadline = 5s) {
    const std::string id = "r" + std::to_string(++next_id_);
    send_json({{"type", "req"}, {"id", id}, {"method", method}, {"params", params}});
    for (;;) {  // skip events (ticks)
      auto frame = read_json(deadline);
      if (!frame || (*frame)["type"] == "res") return frame;
    }
  }

  void close(unsigned code = 1000) {
    auto op = [&]() -> asio::awaitable<bool> {
      auto [ec] = co_await ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code)), use_nothrow);
      co_return !ec;
    };
    drive<bool>(ioc_, op(), 3s, [&] { abort(); });
  }

  const std::optional<Json>& challenge() const { return challenge_; }
  const std::vector<std::string>& received() const { return received_; }

 private:
  void abort() {
    timed_out_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

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
