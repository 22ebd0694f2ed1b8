// The scenario file reader: one strict pass over the JSON tree, every field checked where it is read, every
// refusal naming the field's path (scenario.handshake.close.code). Duplicate keys and nesting deeper than
// kScenarioFileMaxDepth are refused while parsing, before the tree is built.
#include "scenario_file.hpp"

#include "lab.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace clawbook::lab {
namespace {

using Json = nlohmann::json;
using std::chrono::milliseconds;

constexpr std::int64_t kMaxDelayMs = 3'600'000;     // an hour: longer is a typo, not a scenario
constexpr std::size_t kMaxStringBytes = 64 * 1024;  // one field's text
constexpr std::size_t kMaxListItems = 1000;

constexpr std::size_t kMaxMessageBytes = 600;

// Messages go to a terminal: no control characters (a key may hold "\n" or ESC), bounded, whole UTF-8.
[[noreturn]] void fail(const std::string& path, const std::string& message) {
  std::string text = path + ": " + message;
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  if (text.size() > kMaxMessageBytes) {
    std::size_t end = kMaxMessageBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end) + "...";
  }
  throw ScenarioFileError(text);
}

// How a wrong value is shown after "got": short and on one line.
std::string shown(const Json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  std::string text = value.dump(-1, ' ', true, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

bool plain_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string child_path(const std::string& path, std::string_view key) {
  if (plain_key(key)) return path + "." + std::string(key);
  return path + "[" + Json(std::string(key)).dump(-1, ' ', false, Json::error_handler_t::replace) + "]";
}

// A view of one JSON object during the read: typed getters that refuse with the path, and a final check that
// every key was known.
class Object {
 public:
  Object(const Json& value, std::string path, std::vector<std::string_view> known)
      : value_(value), path_(std::move(path)), known_(std::move(known)) {
    if (!value_.is_object()) fail(path_, "expected an object, got " + shown(value_));
    for (const auto& [key, item] : value_.items()) {
      if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
      std::string list;
      for (std::string_view k : known_) list += (list.empty() ? "" : ", ") + std::string(k);
      fail(path_, "unknown field '" + key + "' (known: " + list + ")");
    }
  }

  const std::string& path() const { return path_; }
  std::string at(std::string_view key) const { return child_path(path_, key); }
  bool has(const char* key) const { return value_.contains(key); }
  const Json* find(const char* key) const {
    const auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
  }

  std::optional<std::string> text(const char* key, bool allow_empty = true) const {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail(at(key), "expected a string, got " + shown(*v));
    const auto& s = v->get_ref<const std::string&>();
    if (!allow_empty && s.empty()) fail(at(key), "expected a non-empty string");
    if (s.size() > kMaxStringBytes) fail(at(key), "longer than " + std::to_string(kMaxStringBytes) + " bytes");
    return s;
  }

  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max,
                                      const std::string& what = {}) const {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    const std::string expected = "expected " +
                                 (what.empty() ? "integer " + std::to_string(min) + "-" + std::to_string(max) : what);
    if (!v->is_number_integer()) fail(at(key), expected + ", got " + shown(*v));
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
      fail(at(key), expected + ", got " + shown(*v));
    const auto n = v->get<std::int64_t>();
    if (n < min || n > max) fail(at(key), expected + ", got " + shown(*v));
    return n;
  }

  std::optional<milliseconds> duration(const char* key, std::int64_t min = 0) const {
    const auto n = integer(key, min, kMaxDelayMs,
                           "milliseconds " + std::to_string(min) + "-" + std::to_string(kMaxDelayMs));
    if (!n) return std::nullopt;
    return milliseconds(*n);
  }

  std::optional<bool> boolean(const char* key) const {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) fail(at(key), "expected true or false, got " + shown(*v));
    return v->get<bool>();
  }

  std::optional<std::vector<std::string>> strings(const char* key, bool allow_empty_list = true) const {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_array()) fail(at(key), "expected an array of strings, got " + shown(*v));
    if (!allow_empty_list && v->empty()) fail(at(key), "expected at least one string");
    if (v->size() > kMaxListItems) fail(at(key), "more than " + std::to_string(kMaxListItems) + " items");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& item = (*v)[i];
      const std::string item_path = at(key) + "[" + std::to_string(i) + "]";
      if (!item.is_string()) fail(item_path, "expected a string, got " + shown(item));
      if (item.get_ref<const std::string&>().size() > kMaxStringBytes) fail(item_path, "string too long");
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  // Any JSON object (a payload, a patch); null when absent.
  Json object(const char* key) const {
    const Json* v = find(key);
    if (!v) return Json();
    if (!v->is_object()) fail(at(key), "expected an object, got " + shown(*v));
    return *v;
  }

 private:
  const Json& value_;
  std::string path_;
  std::vector<std::string_view> known_;
};

// WebSocket close codes a server may send: 1000-4999 less those RFC 6455 reserves for the endpoints themselves.
unsigned close_code(const Object& o, const char* key, unsigned fallback) {
  const auto code = o.integer(key, 1000, 4999);
  if (!code) return fallback;
  if (*code == 1004 || *code == 1005 || *code == 1006 || *code == 1015 || (*code > 1015 && *code < 3000))
    fail(o.at(key), "close code " + std::to_string(*code) +
                        " cannot be sent in a close frame (use 1000-1003, 1007-1014, 3000-4999)");
  return static_cast<unsigned>(*code);
}

std::string close_reason(const Object& o, const char* key, std::string fallback) {
  const auto reason = o.text(key);
  if (!reason) return fallback;
  if (reason->size() > 123)
    fail(o.at(key), "a close reason is at most 123 bytes, got " + std::to_string(reason->size()));
  return *reason;
}

ErrorAnswer read_error(const Json& value, const std::string& path) {
  const Object o(value, path, {"code", "message", "details", "retryable", "retryAfterMs"});
  ErrorAnswer e;
  if (!o.has("code")) fail(path, "missing field 'code' (e.g. \"INVALID_REQUEST\")");
  if (!o.has("message")) fail(path, "missing field 'message'");
  e.code = *o.text("code", false);
  e.message = *o.text("message");
  e.details = o.object("details");
  e.retryable = o.boolean("retryable");
  e.retry_after_ms = o.integer("retryAfterMs", 0, kMaxDelayMs);
  return e;
}

std::optional<HttpAnswer> read_probe(const Object& http, const char* key) {
  const Json* v = http.find(key);
  if (!v) return std::nullopt;
  const Object o(*v, http.at(key), {"status", "body"});
  if (!o.has("status")) fail(o.path(), "missing field 'status'");
  HttpAnswer answer;
  answer.status = static_cast<unsigned>(*o.integer("status", 100, 599, "an HTTP status 100-599"));
  if (answer.status < 200 || answer.status == 204 || answer.status == 304)
    fail(o.at("status"),
         "status " + std::to_string(answer.status) + " carries no body; use 200-599 except 204 and 304");
  if (const Json* body = o.find("body")) answer.body = *body;
  else answer.body = Json::object();
  return answer;
}

// Method names the gateway uses: "health", "logs.tail", "device.pair.list".
bool method_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
  });
}

MethodAnswer read_method(const Json& value, const std::string& path) {
  const Object o(value, path, {"payload", "merge", "error", "delayMs"});
  MethodAnswer m;
  m.delay = o.duration("delayMs").value_or(milliseconds(0));
  const int given = int{o.has("payload")} + int{o.has("merge")} + int{o.has("error")};
  if (given != 1) fail(path, "expected exactly one of 'payload', 'merge', 'error', got " + std::to_string(given));
  if (const Json* p = o.find("payload")) m.payload = *p;
  if (o.has("merge")) m.merge = o.object("merge");
  if (const Json* e = o.find("error")) m.error = read_error(*e, o.at("error"));
  return m;
}

ChannelSpec read_channel(const Json& value, const std::string& path) {
  const Object o(value, path, {"id", "label", "account", "probe", "failing", "summary"});
  ChannelSpec c;
  if (!o.has("id")) fail(path, "missing field 'id' (e.g. \"telegram\")");
  c.id = *o.text("id", false);
  if (!plain_key(c.id)) fail(o.at("id"), "expected letters, digits, '-' or '_', got " + shown(Json(c.id)));
  c.label = o.text("label").value_or(c.id);
  c.account = o.object("account");
  if (c.account.is_null()) c.account = Json::object();
  // A time field (a key ending in "At": lastInboundAt, lastConnectedAt, ...) may be relative to each answer,
  // { "agoMs": N }: the lab sends now - N (epoch ms), so a file can say "connected 8 h ago" on any day.
  for (const auto& [key, item] : c.account.items()) {
    if (!item.is_object() || key.size() < 3 || key.compare(key.size() - 2, 2, "At") != 0) continue;
    const Object ago(item, child_path(o.at("account"), key), {"agoMs"});
    if (!ago.has("agoMs")) fail(ago.path(), "missing field 'agoMs' (a time relative to the answer)");
    (void)ago.integer("agoMs", 0, 365LL * 24 * 3'600'000, "milliseconds 0-31536000000");
  }
  c.probe = o.object("probe");
  c.failing = o.boolean("failing").value_or(false);
  c.summary = o.strings("summary").value_or(std::vector<std::string>{});
  return c;
}

LogLineSpec read_log(const Json& value, const std::string& path) {
  const Object o(value, path, {"agoMs", "level", "subsystem", "message"});
  LogLineSpec line;
  if (!o.has("message")) fail(path, "missing field 'message'");
  line.message = *o.text("message");
  line.ago_ms = o.integer("agoMs", 0, 365LL * 24 * 3'600'000, "milliseconds 0-31536000000").value_or(0);
  line.level = o.text("level").value_or("INFO");
  if (line.level != "INFO" && line.level != "WARN" && line.level != "ERROR" && line.level != "DEBUG")
    fail(o.at("level"), "expected \"DEBUG\", \"INFO\", \"WARN\" or \"ERROR\", got " + shown(Json(line.level)));
  line.subsystem = o.text("subsystem", false).value_or("gateway");
  return line;
}

const std::vector<std::string_view>& hostile_bases() {
  // Built-ins whose connections never reach the gateway protocol: a file cannot change a handshake they lack.
  static const std::vector<std::string_view> names{"garbage",   "oversize-frame", "invalid-utf8",
                                                   "deep-json", "rst-mid-frame",  "silent",
                                                   "slowloris", "tls-garbage",    "no-upgrade"};
  return names;
}

void read_handshake(const Object& root, ScenarioSpec& spec) {
  const Json* v = root.find("handshake");
  if (!v) return;
  const Object h(*v, root.at("handshake"),
                 {"challengeDelayMs", "helloDelayMs", "timeoutMs", "ignoreConnect", "hello", "error", "close"});
  spec.challenge_delay = h.duration("challengeDelayMs").value_or(milliseconds(0));
  spec.hello_delay = h.duration("helloDelayMs").value_or(milliseconds(0));
  spec.handshake_timeout = h.duration("timeoutMs", 1);
  spec.ignore_connect = h.boolean("ignoreConnect").value_or(false);
  if (const Json* hello = h.find("hello")) {
    const Object o(*hello, h.at("hello"), {"scopes", "role", "policy", "merge"});
    spec.hello_scopes = o.strings("scopes");
    spec.hello_role = o.text("role");
    if (spec.hello_role && *spec.hello_role != "operator" && *spec.hello_role != "node")
      fail(o.at("role"), "expected \"operator\" or \"node\", got " + shown(Json(*spec.hello_role)));
    if (const Json* policy = o.find("policy")) {
      const Object p(*policy, o.at("policy"), {"maxPayload", "maxBufferedBytes", "tickIntervalMs"});
      spec.hello_policy = Json::object();
      for (const char* key : {"maxPayload", "maxBufferedBytes"})
        if (const auto n = p.integer(key, 1, 1LL << 40)) spec.hello_policy[key] = *n;
      if (const auto tick = p.integer("tickIntervalMs", 100, kMaxDelayMs)) spec.hello_policy["tickIntervalMs"] = *tick;
    }
    spec.hello_merge = o.object("merge");
  }
  if (const Json* error = h.find("error")) spec.handshake_error = read_error(*error, h.at("error"));
  if (const Json* close = h.find("close")) {
    const Object c(*close, h.at("close"), {"code", "reason"});
    if (!spec.handshake_error)
      fail(c.path(), "a handshake close needs handshake.error (to close after hello-ok, use timeline.closeAfterHello)");
    spec.handshake_close = CloseFrame{.code = close_code(c, "code", 1008), .reason = close_reason(c, "reason", "")};
    if (!c.has("reason")) spec.handshake_close->reason.clear();
  }
  if (spec.handshake_error && (h.has("hello") || h.has("helloDelayMs")))
    fail(h.path(), "'error' refuses every connect, so 'hello' and 'helloDelayMs' can never apply");
  if (spec.ignore_connect && (h.has("hello") || h.has("error") || h.has("helloDelayMs")))
    fail(h.at("ignoreConnect"), "a gateway that ignores connect sends neither hello-ok nor an error");
}

void read_timeline(const Object& root, ScenarioSpec& spec) {
  const Json* v = root.find("timeline");
  if (!v) return;
  const Object t(*v, root.at("timeline"), {"closeAfterHello", "dropAfterHello", "restart", "silent", "flapReadyz"});
  if (const Json* c = t.find("closeAfterHello")) {
    const Object o(*c, t.at("closeAfterHello"), {"afterMs", "code", "reason"});
    spec.close_after_hello = ScenarioSpec::CloseAfterHello{
        .after = o.duration("afterMs").value_or(milliseconds(0)),
        .code = close_code(o, "code", 1000),
        .reason = close_reason(o, "reason", ""),
    };
  }
  if (const Json* d = t.find("dropAfterHello")) {
    const Object o(*d, t.at("dropAfterHello"), {"afterMs"});
    spec.drop_after_hello = o.duration("afterMs").value_or(milliseconds(0));
  }
  if (spec.close_after_hello && spec.drop_after_hello)
    fail(t.path(), "'closeAfterHello' and 'dropAfterHello' both end the session: choose one");
  if (const Json* r = t.find("restart")) {
    const Object o(*r, t.at("restart"), {"afterMs", "everyMs", "downMs", "code", "reason"});
    ScenarioSpec::Restart restart;
    restart.after = o.duration("afterMs", 1);
    restart.every = o.duration("everyMs", 100);
    if (restart.after.has_value() == restart.every.has_value())
      fail(o.path(), "expected exactly one of 'afterMs' (restart once) and 'everyMs' (restart repeatedly)");
    restart.down = o.duration("downMs").value_or(milliseconds(0));
    if (restart.every && restart.down >= *restart.every)
      fail(o.at("downMs"), "the gateway must be up between restarts: downMs below everyMs (" +
                               std::to_string(restart.every->count()) + ")");
    restart.code = close_code(o, "code", 1012);
    restart.reason = close_reason(o, "reason", "service restart");
    spec.restart = restart;
  }
  if (const Json* s = t.find("silent")) {
    const Object o(*s, t.at("silent"), {"afterMs", "forMs"});
    spec.silent = ScenarioSpec::Silent{.after = o.duration("afterMs").value_or(milliseconds(0)),
                                       .duration = o.duration("forMs", 1)};
  }
  if (const Json* f = t.find("flapReadyz")) {
    const Object o(*f, t.at("flapReadyz"), {"periodMs", "failing"});
    if (!o.has("periodMs")) fail(o.path(), "missing field 'periodMs'");
    ScenarioSpec::Flap flap;
    flap.period = *o.duration("periodMs", 100);
    if (auto failing = o.strings("failing", false)) flap.failing = std::move(*failing);
    spec.flap_readyz = flap;
  }
  if ((spec.close_after_hello || spec.drop_after_hello) && !spec.says_hello())
    fail(t.at(spec.close_after_hello ? "closeAfterHello" : "dropAfterHello"),
         "the handshake never succeeds (handshake.error or handshake.ignoreConnect), so there is no hello to count "
         "from");
}

// Nesting depth and duplicate keys, checked by the parser callback before a tree exists.
Json parse_bounded(std::string_view text) {
  struct Frame {
    std::set<std::string> keys;
    bool object;
  };
  std::vector<Frame> stack;
  std::optional<std::string> problem;
  const auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (problem) return false;
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (depth >= kScenarioFileMaxDepth) {
          problem = "nested deeper than " + std::to_string(kScenarioFileMaxDepth) + " levels";
          return false;
        }
        stack.push_back({.keys = {}, .object = event == Json::parse_event_t::object_start});
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        if (!stack.empty()) stack.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!stack.empty() && !stack.back().keys.insert(parsed.get<std::string>()).second) {
          problem = "duplicate key '" + parsed.get<std::string>() + "'";
          return false;
        }
        break;
      default: break;
    }
    return true;
  };
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end(), callback, true);
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for a number like 1e400
    std::string what = e.what();
    const auto at = what.find("] ");  // drop "[json.exception.parse_error.101] "
    if (at != std::string::npos) what = what.substr(at + 2);
    for (char& c : what)  // the parser quotes the bytes it read, which need not be UTF-8
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    fail("scenario", "not valid JSON: " + what);
  }
  if (problem) fail("scenario", *problem);
  return doc;
}

}  // namespace

ScenarioSpec parse_scenario(std::string_view text, std::string_view default_name) {
  if (text.size() > kScenarioFileMaxBytes)
    fail("scenario", "larger than " + std::to_string(kScenarioFileMaxBytes) + " bytes");
  const Json doc = parse_bounded(text);
  const Object root(doc, "scenario",
                    {"$schema", "format", "name", "description", "base", "version", "protocol", "http", "handshake",
                     "methods", "channels", "logs", "eventLoop", "timeline"});
  ScenarioSpec spec;
  if (root.has("format")) root.integer("format", 1, 1, "1 (the only format so far)");
  spec.name = root.text("name", false).value_or(std::string(default_name));
  if (!std::all_of(spec.name.begin(), spec.name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == '_';
      }))
    fail(root.at("name"),
         "expected letters, digits, '.', '-' or '_' (it is printed in the banner), got " + shown(Json(spec.name)));
  if (spec.name.size() > 64) fail(root.at("name"), "at most 64 characters");
  spec.description = root.text("description").value_or("");
  if (const auto base = root.text("base")) {
    if (!is_scenario(*base))
      fail(root.at("base"), "unknown built-in scenario " + shown(Json(*base)) + " (clawbook lab --list)");
    spec.base = *base;
  }
  if (const auto version = root.text("version", false)) spec.version = version;
  if (const auto protocol = root.integer("protocol", 3, 4)) spec.protocol = static_cast<int>(*protocol);

  if (const Json* http = root.find("http")) {
    const Object h(*http, root.at("http"), {"healthz", "readyz", "startupz"});
    spec.healthz = read_probe(h, "healthz");
    spec.readyz = read_probe(h, "readyz");
    spec.startupz = read_probe(h, "startupz");
  }
  read_handshake(root, spec);

  if (const Json* methods = root.find("methods")) {
    if (!methods->is_object())
      fail(root.at("methods"), "expected an object keyed by method name, got " + shown(*methods));
    for (const auto& [name, answer] : methods->items()) {
      const std::string path = child_path(root.at("methods"), name);
      if (!method_name(name)) fail(path, "not a gateway method name (e.g. \"status\", \"logs.tail\")");
      if (name == "connect") fail(path, "connect is the handshake: use scenario.handshake");
      spec.methods[name] = read_method(answer, path);
    }
    if (!spec.says_hello() && !spec.methods.empty())
      fail(root.at("methods"),
           "the handshake never succeeds (handshake.error or handshake.ignoreConnect), so no method is ever called");
  }
  if (const Json* channels = root.find("channels")) {
    if (!channels->is_array()) fail(root.at("channels"), "expected an array of channels, got " + shown(*channels));
    if (channels->size() > kMaxListItems) fail(root.at("channels"), "too many channels");
    spec.channels.emplace();
    std::set<std::string> ids;
    for (std::size_t i = 0; i < channels->size(); ++i) {
      const std::string path = root.at("channels") + "[" + std::to_string(i) + "]";
      ChannelSpec channel = read_channel((*channels)[i], path);
      if (!ids.insert(channel.id).second) fail(path + ".id", "channel " + shown(Json(channel.id)) + " listed twice");
      spec.channels->push_back(std::move(channel));
    }
  }
  if (const Json* logs = root.find("logs")) {
    if (!logs->is_array()) fail(root.at("logs"), "expected an array of log lines, got " + shown(*logs));
    if (logs->size() > kMaxListItems) fail(root.at("logs"), "more than " + std::to_string(kMaxListItems) + " lines");
    for (std::size_t i = 0; i < logs->size(); ++i)
      spec.logs.push_back(read_log((*logs)[i], root.at("logs") + "[" + std::to_string(i) + "]"));
  }
  if (const Json* loop = root.find("eventLoop")) {
    const Object o(*loop, root.at("eventLoop"), {"degraded", "reasons", "delayP99Ms", "delayMaxMs", "utilization"});
    spec.event_loop = Json::object();
    if (const auto degraded = o.boolean("degraded")) spec.event_loop["degraded"] = *degraded;
    if (const auto reasons = o.strings("reasons")) spec.event_loop["reasons"] = *reasons;
    for (const char* key : {"delayP99Ms", "delayMaxMs", "utilization"}) {
      const Json* n = o.find(key);
      if (!n) continue;
      const double max = std::string_view(key) == "utilization" ? 1.0 : 3'600'000.0;
      if (!n->is_number() || n->get<double>() < 0 || n->get<double>() > max)
        fail(o.at(key), std::string("expected a number 0-") + (max == 1.0 ? "1" : "3600000") + ", got " + shown(*n));
      spec.event_loop[key] = *n;
    }
    if (spec.event_loop.value("degraded", false) && !spec.event_loop.contains("degradedSinceMs"))
      spec.event_loop["degradedSinceMs"] = nullptr;  // filled in when served
  }
  read_timeline(root, spec);

  // Fields that change a gateway protocol a hostile base never speaks.
  const auto& hostile = hostile_bases();
  if (std::find(hostile.begin(), hostile.end(), spec.base) != hostile.end()) {
    for (const char* key : {"handshake", "methods", "timeline", "channels", "logs", "eventLoop"})
      if (root.has(key))
        fail(root.at(key),
             "base " + shown(Json(spec.base)) + " never speaks the gateway protocol, so '" + key + "' cannot apply");
  }
  if (spec.flap_readyz && spec.readyz)
    fail(root.at("timeline") + ".flapReadyz", "conflicts with http.readyz (a fixed /readyz answer cannot flap)");
  if (spec.silent && spec.restart && spec.restart->every)
    fail(root.at("timeline"), "'silent' and a repeating 'restart' overlap; use one of them");
  return spec;
}

ScenarioSpec load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioFileError(path + ": cannot read the file");
  std::string text;
  text.resize(kScenarioFileMaxBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kScenarioFileMaxBytes)
    throw ScenarioFileError(path + ": scenario: larger than " + std::to_string(kScenarioFileMaxBytes) + " bytes");
  std::string stem = path.substr(path.find_last_of('/') + 1);
  if (const auto dot = stem.rfind(".json"); dot != std::string::npos && dot + 5 == stem.size()) stem.resize(dot);
  std::string default_name;
  for (const char c : stem)
    default_name += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  if (default_name.empty() || default_name.size() > 64) default_name = "file";
  try {
    return parse_scenario(text, default_name);
  } catch (const ScenarioFileError& e) {
    throw ScenarioFileError(path + ": " + e.what());
  }
}

}  // namespace clawbook::lab
