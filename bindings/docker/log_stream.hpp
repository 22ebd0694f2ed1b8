// The body of GET /containers/{id}/logs. Without a TTY, Docker multiplexes stdout and stderr into frames:
// [stream (0 stdin, 1 stdout, 2 stderr), 0, 0, 0, payload size (4 bytes, big-endian)] then the payload. With a
// TTY the body is the raw terminal output (one stream, \r\n line ends).
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace clawbook::docker {

using Json = nlohmann::json;

// {lines=[{stream="stdout"|"stderr", text, time?}], truncated=bool, malformed=bool}. A frame cut short keeps
// the bytes that arrived and sets truncated; a header with an unknown stream byte stops the parse and sets
// malformed. With `timestamps`, each line's leading RFC 3339 time goes to `time`. Text is valid UTF-8.
Json demultiplex_logs(std::string_view body, bool timestamps);

// The TTY form: every line is stdout.
Json split_raw_logs(std::string_view body, bool timestamps);

}  // namespace clawbook::docker
