// Fuzzes what the gateway client does with one WebSocket message from the peer (bindings/gateway/ws.cpp:
// on_handshake_frame, then dispatch once the session is open): parse_untrusted_json, the handshake's
// classification (connect.challenge, the res to connect, the hello-ok summary, a rejection flattened) and the
// session's (events, the res to a call, a missing scope), and the helpers results pass through. ws.cpp keeps
// that glue private, so it is mirrored here; only the real functions' answers are checked:
//   - parse_untrusted_json accepts exactly the valid JSON documents nested at most 256 deep (compared with
//     nlohmann's SAX parser, which builds no tree and only counts the depth);
//   - summarize_hello answers for a payload of type hello-ok only and never throws: a hostile gateway must not
//     throw through an io_context handler; flatten_error always has string code and message; missing_scope
//     is a clean word found in the message;
//   - scrub_secret leaves no string holding the secret; preview_bytes is printable ASCII and decodes back;
//   - the gateway's UTF-8 cleaner, sanitize::to_utf8 (docker, systemd) and nlohmann's encoder agree on what
//     valid UTF-8 is, and cleaning is idempotent;
//   - every result serialises as JSON.
#include "clawbook/untrusted_json.hpp"
#include "docker/sanitize.hpp"
#include "gateway/link.hpp"
#include "gateway/net.hpp"
#include "gateway/protocol.hpp"

#include "fuzz_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using clawbook::fuzz::valid_utf8;
using Json = nlohmann::json;
namespace gw = clawbook::gateway;

constexpr int kMaxDepth = 256;  // parse_untrusted_json's default
const std::string kSecret = "fuzz-secret-token";

// Counts the nesting of a document without building it.
struct DepthCounter {
  int depth = 0;
  int deepest = 0;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const Json::string_t&) { return true; }
  bool string(Json::string_t&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) { return open(); }
  bool key(Json::string_t&) { return true; }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const Json::exception&) { return false; }

  bool open() {
    deepest = std::max(deepest, ++depth);
    return true;
  }
  bool close() {
    --depth;
    return true;
  }
};

void check_utf8_cleaners(const std::string& text) {
  std::string cleaned = text;
  const bool changed = gw::sanitize_utf8(cleaned);
  require(changed == (cleaned != text), "sanitize_utf8 reports a change exactly when it made one");
  require(changed != valid_utf8(text), "sanitize_utf8 changes exactly the texts nlohmann refuses to encode");
  require(valid_utf8(cleaned), "sanitize_utf8 leaves valid UTF-8");
  require(gw::clean_utf8(cleaned) == cleaned, "cleaning UTF-8 is idempotent");
  require(clawbook::sanitize::to_utf8(text) == cleaned, "the gateway and docker/systemd UTF-8 cleaners agree");
}

// Reverses preview_bytes: printable characters stand for themselves, everything else is \xNN.
std::optional<std::string> decode_preview(std::string_view preview) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < preview.size(); ++i) {
    if (preview[i] != '\\') {
      out += preview[i];
      continue;
    }
    if (i + 3 >= preview.size()) return std::nullopt;
    if (preview[i + 1] != 'x' || hex(preview[i + 2]) < 0 || hex(preview[i + 3]) < 0) return std::nullopt;
    out += static_cast<char>(hex(preview[i + 2]) * 16 + hex(preview[i + 3]));
    i += 3;
  }
  return out;
}

void check_preview(const std::string& bytes, std::size_t limit) {
  const std::string preview = gw::preview_bytes(bytes, limit);
  for (const char c : preview) require(c >= 0x20 && c < 0x7f, "preview_bytes is printable ASCII", preview);
  require(preview.size() <= 4 * limit + 3, "preview_bytes is bounded by its limit");
  const bool cut = bytes.size() > limit;
  std::string_view shown = preview;
  if (cut) {
    require(shown.size() >= 3 && shown.substr(shown.size() - 3) == "...", "a cut preview ends with ...", preview);
    shown.remove_suffix(3);
  }
  const auto decoded = decode_preview(shown);
  require(decoded.has_value() && *decoded == std::string_view(bytes).substr(0, std::min(limit, bytes.size())),
          "preview_bytes decodes back to the bytes it shows", preview);
}

bool holds_string(const Json& value, const std::string& needle) {
  if (value.is_string()) return value.get_ref<const std::string&>().find(needle) != std::string::npos;
  if (!value.is_structured()) return false;
  return std::any_of(value.begin(), value.end(), [&](const Json& item) { return holds_string(item, needle); });
}

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

void check_flat_error(const Json& error, const Json& flat) {
  const Json* code = member(flat, "code");
  const Json* message = member(flat, "message");
  if (code == nullptr || !code->is_string() || message == nullptr || !message->is_string())
    require(false, "flatten_error always gives a string code and message", flat.dump());
  const Json* details = member(error, "details");
  if (details != nullptr && details->is_object() && details->contains("code")) {
    const Json* details_code = member(flat, "details_code");
    require(details_code != nullptr && *details_code == details->at("code"), "flatten_error keeps details.code");
  }
}

void check_missing_scope(const Json& error, const std::optional<std::string>& scope) {
  if (!scope) return;
  const Json* details = member(error, "details");
  const Json* named = details != nullptr ? member(*details, "missingScope") : nullptr;
  if (named != nullptr && named->is_string()) {
    require(*scope == named->get<std::string>(), "missing_scope returns details.missingScope as is");
    return;
  }
  require(!scope->empty() && scope->find_first_of(" \t,;)") == std::string::npos,
          "a missing scope read from the message is one clean word", *scope);
  require(gw::text_at(error, "message").find(*scope) != std::string::npos, "a missing scope comes from the message");
}

void check_hello(const Json& payload, const std::optional<Json>& hello) {
  const Json* type = member(payload, "type");
  const bool is_hello = type != nullptr && type->is_string() && type->get<std::string>() == "hello-ok";
  require(hello.has_value() == is_hello, "summarize_hello answers exactly for payloads of type hello-ok");
  if (!hello) return;
  const Json* protocol = member(*hello, "protocol");
  const Json* version = member(*hello, "server_version");
  const Json* issued = member(*hello, "device_token_issued");
  require(protocol != nullptr && protocol->is_number_integer(), "a hello summary has an integer protocol");
  require(version != nullptr && version->is_string(), "a hello summary has a string server_version");
  require(issued != nullptr && issued->is_boolean(), "a hello summary says whether a device token was issued");
}

// ws.cpp, on_handshake_frame: the first frame must be the challenge; later the res to connect, events before it.
Json handshake(const Json& frame) {
  Json out = Json::object();
  const std::string type = gw::text_at(frame, "type");
  if (type == "event" && gw::text_at(frame, "event") == "connect.challenge") {
    const Json payload = frame.value("payload", Json::object());
    out["nonce"] = payload.contains("nonce") && payload["nonce"].is_string() ? payload["nonce"].get<std::string>() : "";
    out["ts"] = payload.contains("ts") && payload["ts"].is_number_integer() ? payload["ts"].get<long long>() : 0;
  } else if (type != "res" || gw::text_at(frame, "id") != "connect") {
    out["received"] = gw::preview_bytes(frame.dump(), 200);
  }
  if (type != "res") return out;
  if (!gw::flag_at(frame, "ok")) {
    const Json error = frame.value("error", Json::object());
    Json rejected;
    no_throw("flatten_error threw on a rejection", [&] { rejected = gw::flatten_error(error); });
    check_flat_error(error, rejected);
    rejected["error"] = "rejected";
    rejected["message"] = rejected.value("message", "connect rejected");
    out["rejected"] = std::move(rejected);
    return out;
  }
  const Json payload = frame.value("payload", Json());
  std::optional<Json> hello;
  no_throw("summarize_hello threw on a peer's payload", [&] { hello = gw::summarize_hello(payload); });
  check_hello(payload, hello);
  if (hello) {
    out["hello"] = *hello;
  } else {
    out["bad_hello"] = gw::preview_bytes(frame.dump(), 200);
  }
  return out;
}

// ws.cpp, dispatch and count_event: an open session's frames.
Json session(const Json& frame) {
  Json out = Json::object();
  const std::string type = gw::text_at(frame, "type");
  if (type == "event") {
    const std::string name = gw::text_at(frame, "event");
    Json events = Json::object();
    events[name] = events.value(name, 0) + 1;
    out["events"] = std::move(events);
    const Json payload = frame.value("payload", Json::object());
    if (name == "tick" && payload.is_object() && payload.contains("ts")) out["last_tick_ts"] = payload["ts"];
    if (name == "shutdown") out["shutdown"] = payload;
    return out;
  }
  if (type != "res") return out;
  out["ok"] = gw::flag_at(frame, "ok");
  if (out["ok"] == true) {
    out["payload"] = frame.value("payload", Json());
    return out;
  }
  const Json error = frame.value("error", Json::object());
  Json flat;
  std::optional<std::string> scope;
  no_throw("flatten_error or missing_scope threw on a call's error", [&] {
    flat = gw::flatten_error(error);
    scope = gw::missing_scope(error);
  });
  check_flat_error(error, flat);
  check_missing_scope(error, scope);
  Json nested = {{"code", flat["code"]}, {"message", flat["message"]}};
  for (const char* key : {"details", "retryable", "retry_after_ms"})
    if (flat.contains(key)) nested[key] = flat[key];
  out["error"] = std::move(nested);
  if (scope) out["missing_scope"] = *scope;
  return out;
}

void finish(Json result) {
  gw::scrub_secret(result, kSecret);
  require(!holds_string(result, kSecret), "scrub_secret leaves no string holding the secret");
  require(serialises(result), "a gateway result serialises as JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  check_utf8_cleaners(text);
  check_preview(text, 64);

  const Json frame = clawbook::parse_untrusted_json(text);
  DepthCounter counter;
  const bool valid = Json::sax_parse(text, &counter);
  if (!valid) {
    require(frame.is_discarded(), "parse_untrusted_json refuses what is not JSON");
  } else {
    require(frame.is_discarded() == (counter.deepest > kMaxDepth),
            "parse_untrusted_json accepts valid JSON exactly up to its depth limit");
  }
  if (frame.is_discarded() || !frame.is_object()) return 0;
  finish(handshake(frame));
  finish(session(frame));
  return 0;
}
