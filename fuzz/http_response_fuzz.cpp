// Fuzzes an HTTP response the way the two HTTP clients read it: Boost.Beast's response parser, driven by
// Beast's own read algorithms over an in-memory stream instead of a socket.
//   - gateway.http (bindings/gateway/http.cpp): header limit 64 KiB, no body limit, read_header then read_some
//     until the body cap (4 KiB, as ws_upgrade uses), the bytes arriving in pieces of 1..32 bytes (the size
//     comes from the input's last byte, so the fuzzer varies the split too);
//   - the Docker Engine client (bindings/docker/engine_http.cpp): one http::read of the whole message with a
//     4 KiB body limit (as /_ping uses), the bytes arriving at once.
// Both clients' shaping of the answer is private; the calls it makes are mirrored here, and checked are:
//   - when both clients read a complete message they saw the same status, fields and body: how bytes are split
//     across reads must not change a parse;
//   - a body is never longer than the bytes received, and the reads always make progress;
//   - what the gateway keeps (fields and body through sanitize_utf8, the reason through clean_utf8) serialises;
//     sanitize::to_utf8 (the Docker error text) gives valid UTF-8;
//   - preview_bytes of what arrived is bounded; looks_like_tls_record matches a TLS record header only;
//   - compare_versions (the Api-Version field against the supported range) is antisymmetric and reflexive.
#include "clawbook/untrusted_json.hpp"
#include "docker/docker_client.hpp"
#include "docker/sanitize.hpp"
#include "gateway/link.hpp"
#include "gateway/net.hpp"
#include "gateway/tls.hpp"

#include "fuzz_check.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/system/system_error.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace gw = clawbook::gateway;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using clawbook::fuzz::valid_utf8;
using Json = nlohmann::json;

constexpr std::size_t kBodyCap = 4096;

// A SyncReadStream over the input: at most `piece` bytes per read, then end of file.
class PieceStream {
 public:
  PieceStream(std::string_view bytes, std::size_t piece) : bytes_(bytes), piece_(std::max<std::size_t>(piece, 1)) {}

  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    ec = {};
    if (at_ >= bytes_.size()) {
      ec = asio::error::eof;
      return 0;
    }
    const std::size_t want = std::min(piece_, bytes_.size() - at_);
    const std::size_t n = asio::buffer_copy(buffers, asio::buffer(bytes_.data() + at_, want));
    at_ += n;
    return n;
  }

  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  std::string_view bytes_;
  std::size_t piece_;
  std::size_t at_ = 0;
};

// What a client saw of a complete message, raw, for comparing the two.
struct Seen {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string body;
  bool operator==(const Seen&) const = default;
};

Seen seen_of(const bhttp::response<bhttp::string_body>& response) {
  Seen seen;
  seen.status = response.result_int();
  for (const auto& field : response.base()) {
    seen.fields.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  seen.body = response.body();
  return seen;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string buffer_text(const beast::flat_buffer& buffer) {
  const auto bytes = buffer.data();
  return {static_cast<const char*>(bytes.data()), bytes.size()};
}

void check_received(const std::string& raw) {
  const std::string preview = gw::preview_bytes(raw);
  require(preview.size() <= 4 * 64 + 3, "preview_bytes is bounded by its limit");
  const bool tls = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) >= 0x14 &&
                   static_cast<unsigned char>(raw[0]) <= 0x17 && raw[1] == '\x03';
  require(gw::looks_like_tls_record(raw) == tls, "looks_like_tls_record matches a TLS record header only");
}

// gateway::http's HttpExchange: read_header, then read_some until done or the cap; the result as complete() or
// response_error() build it. Returns the message when it was read whole.
std::optional<Seen> read_like_gateway(std::string_view bytes, std::size_t piece) {
  PieceStream stream(bytes, piece);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(boost::none);
  beast::error_code ec;
  bhttp::read_header(stream, buffer, parser, ec);
  bool truncated = false;
  std::size_t rounds = 0;
  while (!ec && !parser.is_done()) {
    if (parser.get().body().size() >= kBodyCap) {
      truncated = true;
      break;
    }
    bhttp::read_some(stream, buffer, parser, ec);
    if (ec == bhttp::error::partial_message || ec == asio::error::eof) {
      ec = {};
      truncated = true;
      break;
    }
    require(++rounds <= 2 * bytes.size() + 16, "reading a body makes progress");
  }
  if (ec) {
    const std::string raw = buffer_text(buffer);
    check_received(raw);
    const bool garbage = ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category();
    Json failed = {{"ok", false},
                   {"error", garbage ? "bad_http_response" : gw::classify_error(ec)},
                   {"message", ec.message()}};
    if (!raw.empty()) failed["received"] = gw::preview_bytes(raw);
    require(serialises(failed), "a failed HTTP result serialises");
    return std::nullopt;
  }

  auto& response = parser.get();
  std::optional<Seen> whole;
  if (!truncated) whole = seen_of(response);
  Json headers = Json::object();
  for (const auto& field : response.base()) {
    const std::string name = lowercase(field.name_string());
    std::string value(field.value());
    gw::sanitize_utf8(value);
    if (headers.contains(name)) {
      headers[name] = headers[name].get<std::string>() + ", " + value;
    } else {
      headers[name] = value;
    }
  }
  std::string body = std::move(response.body());
  require(body.size() <= bytes.size(), "a body is never longer than the bytes received");
  if (body.size() > kBodyCap) {
    body.resize(kBodyCap);
    truncated = true;
  }
  gw::sanitize_utf8(body);
  const Json out = {{"ok", true},
                    {"status", response.result_int()},
                    {"reason", gw::clean_utf8(response.reason())},
                    {"headers", std::move(headers)},
                    {"body", body},
                    {"truncated", truncated}};
  if (!serialises(out)) {
    require(false, "the gateway's HTTP result serialises", out.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  // health(): a probe endpoint's body is JSON or it is flagged.
  const Json parsed = clawbook::parse_untrusted_json(body);
  if (!parsed.is_discarded()) require(serialises(parsed), "a parsed probe body serialises");
  return whole;
}

void check_version_order(const std::string& a, const std::string& b) {
  namespace docker = clawbook::docker;
  const int forward = docker::compare_versions(a, b);
  const int backward = docker::compare_versions(b, a);
  require(forward >= -1 && forward <= 1, "compare_versions answers -1, 0 or 1");
  require(forward == -backward, "compare_versions is antisymmetric", a + " vs " + b);
  require(docker::compare_versions(a, a) == 0, "compare_versions is reflexive", a);
}

// docker::async_http's exchange(): one http::read; then what the client looks at.
std::optional<Seen> read_like_docker(std::string_view bytes) {
  PieceStream stream(bytes, bytes.size());
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kBodyCap);
  beast::error_code ec;
  bhttp::read(stream, buffer, parser, ec);
  if (ec) return std::nullopt;
  const auto& response = parser.get();
  require(response.body().size() <= bytes.size(), "a body is never longer than the bytes received");
  std::map<std::string, std::string> headers;
  for (const auto& field : response) headers[lowercase(field.name_string())] = std::string(field.value());
  if (auto version = headers.find("api-version"); version != headers.end()) {
    check_version_order(version->second, clawbook::docker::kMinApiVersion);
    check_version_order(version->second, clawbook::docker::kMaxApiVersion);
  }
  // error_message(): the daemon's {"message"} or the start of the body as text.
  const Json error = clawbook::parse_untrusted_json(response.body());
  if (!error.is_discarded()) require(serialises(error), "a parsed Docker error body serialises");
  require(valid_utf8(clawbook::sanitize::to_utf8(response.body().substr(0, 300))), "sanitize::to_utf8 gives valid UTF-8");
  return seen_of(response);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t piece = size == 0 ? 1 : 1 + data[size - 1] % 32;
  const std::optional<Seen> gateway = read_like_gateway(bytes, piece);
  const std::optional<Seen> docker = read_like_docker(bytes);
  if (gateway && docker) {
    require(*gateway == *docker, "a message read in pieces parses as the same message read at once");
  }
  return 0;
}
