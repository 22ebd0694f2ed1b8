// Fuzzes the body of GET /containers/{id}/logs as docker.logs reads it (bindings/docker/log_stream.cpp):
// demultiplex_logs for a container without a TTY and split_raw_logs for one with, each with and without
// --timestamps. The frame format is walked independently here (8-byte header: stream 0..2, three zero bytes, a
// big-endian payload size), and checked are:
//   - the truncated and malformed flags agree with that walk;
//   - the result serialises (the header: "Text is valid UTF-8") and names only stdin, stdout or stderr;
//   - there are no more lines than newlines in the payloads plus one unfinished line per stream;
//   - nothing is lost, duplicated or reordered: when a stream's payload is valid UTF-8 without '\r', its lines
//     (each "time text" with --timestamps) joined by '\n' give the payload back, less one final '\n'.
#include "docker/log_stream.hpp"

#include "fuzz_check.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace docker = clawbook::docker;
using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using clawbook::fuzz::valid_utf8;
using Json = nlohmann::json;

constexpr std::array<const char*, 3> kStreams{"stdin", "stdout", "stderr"};

struct Walk {
  bool truncated = false;
  bool malformed = false;
  std::array<std::string, 3> payload;  // per stream, frames concatenated
};

Walk walk(std::string_view body) {
  Walk out;
  std::size_t at = 0;
  while (at < body.size()) {
    if (body.size() - at < 8) {
      out.truncated = true;
      break;
    }
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(body[at + k]); };
    if (byte(0) > 2 || byte(1) != 0 || byte(2) != 0 || byte(3) != 0) {
      out.malformed = true;
      break;
    }
    const std::size_t stream = byte(0);
    std::size_t size = 0;
    for (std::size_t k = 4; k < 8; ++k) size = size * 256 + byte(k);
    at += 8;
    const std::size_t available = std::min(size, body.size() - at);
    out.payload[stream].append(body.substr(at, available));
    at += available;
    if (available < size) out.truncated = true;
  }
  return out;
}

int stream_index(const Json& line) {
  const Json& name = line.at("stream");
  for (std::size_t i = 0; i < kStreams.size(); ++i)
    if (name == kStreams[i]) return static_cast<int>(i);
  return -1;
}

void check(const Json& result, const std::array<std::string, 3>& payload, bool truncated, bool malformed,
           bool timestamps) {
  if (!serialises(result)) {
    require(false, "parsed logs serialise", result.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  require(result.at("truncated") == truncated, "truncated agrees with the frame walk");
  require(result.at("malformed") == malformed, "malformed agrees with the frame walk");
  const Json& lines = result.at("lines");
  std::size_t newlines = 0;
  for (const auto& bytes : payload) newlines += static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  require(lines.size() <= newlines + payload.size(), "no more lines than newlines plus one unfinished line per stream");

  std::array<std::string, 3> rebuilt;
  std::array<bool, 3> any{};
  for (const Json& line : lines) {
    const int stream = stream_index(line);
    require(stream >= 0, "a line names stdin, stdout or stderr");
    const auto s = static_cast<std::size_t>(stream);
    std::string piece;
    if (line.contains("time")) {
      require(timestamps, "a time only with --timestamps");
      const std::string& time = line.at("time").get_ref<const std::string&>();
      require(time.size() >= 20 && time.find(' ') == std::string::npos, "a timestamp is one word of RFC 3339 length");
      piece = time + " ";
    }
    piece += line.at("text").get<std::string>();
    if (any[s]) rebuilt[s] += '\n';
    rebuilt[s] += piece;
    any[s] = true;
  }
  for (std::size_t s = 0; s < payload.size(); ++s) {
    const std::string& bytes = payload[s];
    if (bytes.find('\r') != std::string::npos || !valid_utf8(bytes)) continue;
    std::string_view expected = bytes;
    if (!expected.empty() && expected.back() == '\n') expected.remove_suffix(1);
    require(rebuilt[s] == expected, "a stream's lines give its payload back", kStreams[s]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const Walk frames = walk(body);
  std::array<std::string, 3> raw;
  raw[1] = std::string(body);
  for (const bool timestamps : {false, true}) {
    Json result;
    no_throw("demultiplex_logs threw", [&] { result = docker::demultiplex_logs(body, timestamps); });
    check(result, frames.payload, frames.truncated, frames.malformed, timestamps);
    no_throw("split_raw_logs threw", [&] { result = docker::split_raw_logs(body, timestamps); });
    check(result, raw, false, false, timestamps);
  }
  return 0;
}
