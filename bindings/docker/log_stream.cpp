#include "docker/log_stream.hpp"

#include "docker/sanitize.hpp"

#include <array>
#include <string>

namespace clawbook::docker {
namespace {

// Appends the complete lines of `pending` (a stream's bytes so far) to `lines`, keeping the unfinished tail.
void flush_lines(std::string& pending, const char* stream, bool timestamps, Json& lines, bool final_flush) {
  std::size_t start = 0;
  while (true) {
    const auto newline = pending.find('\n', start);
    if (newline == std::string::npos && !(final_flush && start < pending.size())) break;
    const std::size_t end = newline == std::string::npos ? pending.size() : newline;
    std::string_view text(pending.data() + start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    Json line = {{"stream", stream}};
    if (timestamps) {
      // "2026-11-22T19:17:53.097996070Z message"
      const auto space = text.find(' ');
      if (space != std::string_view::npos && space >= 20 && text[4] == '-' && text[10] == 'T') {
        line["time"] = sanitize::to_utf8(text.substr(0, space));
        text.remove_prefix(space + 1);
      }
    }
    line["text"] = sanitize::to_utf8(text);
    lines.push_back(std::move(line));
    start = end + 1;
    if (newline == std::string::npos) break;
  }
  pending.erase(0, std::min(start, pending.size()));
}

}  // namespace

Json demultiplex_logs(std::string_view body, bool timestamps) {
  Json lines = Json::array();
  bool truncated = false;
  bool malformed = false;
  std::array<std::string, 3> pending;  // per stream: bytes not yet ended by a newline
  static constexpr std::array<const char*, 3> names{"stdin", "stdout", "stderr"};
  std::size_t at = 0;
  while (at < body.size()) {
    if (body.size() - at < 8) {
      truncated = true;
      break;
    }
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(body[at + k]); };
    if (byte(0) > 2 || byte(1) != 0 || byte(2) != 0 || byte(3) != 0) {
      malformed = true;
      break;
    }
    const std::size_t stream = byte(0);
    const std::size_t size = (std::size_t{byte(4)} << 24) | (std::size_t{byte(5)} << 16) | (std::size_t{byte(6)} << 8) |
                             std::size_t{byte(7)};
    at += 8;
    const std::size_t available = std::min(size, body.size() - at);
    pending[stream].append(body.substr(at, available));
    at += available;
    if (available < size) truncated = true;
    flush_lines(pending[stream], names[stream], timestamps, lines, false);
  }
  for (std::size_t stream = 0; stream < pending.size(); ++stream) {
    flush_lines(pending[stream], names[stream], timestamps, lines, true);
  }
  return {{"lines", lines}, {"truncated", truncated}, {"malformed", malformed}};
}

Json split_raw_logs(std::string_view body, bool timestamps) {
  Json lines = Json::array();
  std::string pending(body);
  flush_lines(pending, "stdout", timestamps, lines, true);
  return {{"lines", lines}, {"truncated", false}, {"malformed", false}};
}

}  // namespace clawbook::docker
