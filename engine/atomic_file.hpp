// Writing a whole file so no reader ever sees half of it: a temporary beside it, then rename(2).
#pragma once

#include <string>

namespace clawbook {

// Throws std::runtime_error("cannot write PATH: reason") and leaves no temporary behind on failure.
void write_atomically(const std::string& path, const std::string& text);

// The same, for the commands that report errors as a line: false (and the line on stderr) on failure.
bool write_file_or_report(const std::string& path, const std::string& text);

}  // namespace clawbook
