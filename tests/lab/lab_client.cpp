// The lab test client's operations (lab_client.hpp). One object file shared by both test programs: every test
// that includes the header used to instantiate Beast's WebSocket and HTTP client code again (about 15 s of
// sanitizer compile CPU per file; docs/performance.md).
#include "lab/lab_client.hpp"

namespace labtest {

HttpResult http_request(std::uint16_t port, http::verb method, std::string target, Headers headers, std::string body,
                        std::chrono::milliseconds deadline) {
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

WsClient::WsClient(std::uint16_t port, Headers headers, std::string target, std::chrono::milliseconds deadline)
    : ws_(ioc_) {
  auto op = [&]() -> asio::awaitable<bool> {
    auto& tcp_layer = beast::get_lowest_layer(ws_);
    auto [cec] = co_await tcp_layer.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                                  use_nothrow);
    if (cec) {
      error_ = cec;
      co_return false;
    }
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (const auto& [name, value] : headers) req.set(name, value);
    }));
    auto [hec] = co_await ws_.async_handshake(upgrade_response_, "127.0.0.1:" + std::to_string(port), target,
                                              use_nothrow);
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

void WsClient::set_read_limit(std::size_t limit) {
  limit_ = limit;
  ws_.read_message_max(limit);
}

std::optional<std::string> WsClient::read_text(std::chrono::milliseconds deadline) {
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

std::optional<Json> WsClient::read_json(std::chrono::milliseconds deadline) {
  auto text = read_text(deadline);
  if (!text) return std::nullopt;
  received_.push_back(*text);
  return Json::parse(*text, nullptr, false);
}

bool WsClient::send_text(const std::string& text) {
  auto op = [&]() -> asio::awaitable<bool> {
    ws_.text(true);
    auto [ec, n] = co_await ws_.async_write(asio::buffer(text), use_nothrow);
    if (ec) error_ = ec;
    co_return !ec;
  };
  return drive<bool>(ioc_, op(), 5s, [&] { abort(); }).value_or(false);
}

Json WsClient::connect_params(std::optional<std::string> token, Json extra) {
  Json params{{"minProtocol", 3},
              {"maxProtocol", 4},
              {"client", {{"id", "cli"}, {"version", "lab-test"}, {"platform", "linux"}, {"mode", "cli"}}},
              {"role", "operator"},
              {"scopes", {"operator.read"}}};
  if (token) params["auth"] = {{"token", *token}};
  params.update(extra);
  return params;
}

std::optional<Json> WsClient::handshake(const Json& params) {
  challenge_ = read_json();
  if (!challenge_) return std::nullopt;
  send_json({{"type", "req"}, {"id", "c1"}, {"method", "connect"}, {"params", params}});
  return read_json();
}

std::optional<Json> WsClient::call(const std::string& method, Json params, std::chrono::milliseconds deadline) {
  const std::string id = "r" + std::to_string(++next_id_);
  send_json({{"type", "req"}, {"id", id}, {"method", method}, {"params", params}});
  for (;;) {  // skip events (ticks)
    auto frame = read_json(deadline);
    if (!frame || (*frame)["type"] == "res") return frame;
  }
}

void WsClient::close(unsigned code) {
  auto op = [&]() -> asio::awaitable<bool> {
    auto [ec] = co_await ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code)),
                                         use_nothrow);
    co_return !ec;
  };
  drive<bool>(ioc_, op(), 3s, [&] { abort(); });
}

void WsClient::abort() {
  timed_out_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace labtest
