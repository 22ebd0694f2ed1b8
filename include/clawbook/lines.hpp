// Splitting text into lines, for the parsers of /proc files, command output and logs.
#pragma once

#include <string_view>
#include <vector>

namespace clawbook {

// The lines of `text` without their '\n' (a '\r' before it stays). A final newline does not start an empty
// line; empty text has no lines. The views point into `text`.
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace clawbook
