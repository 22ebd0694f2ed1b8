// Writing a whole file so no reader ever sees half of it: a temporary beside it, then rename(2).
#pragma once

#include <string>

namespace clawbook {

// Throws std::runtime_error("cannot write PATH: reason") and leaves no temporary behind on failure.
//
// Never follows a link to replace a file: a symbolic link to a regular file (or a block device) is refused, and
// in a shared sticky directory such as /tmp any link, and any file of another user, is refused too. Character
// devices and FIFOs (/dev/null, /dev/stdout) are written in place.
void write_atomically(const std::string& path, const std::string& text);

// The same checks, without writing: whether `path` could be written (the directory opens, the target is not
// refused). Commands call it before doing their work, so a bad -o fails first. Throws std::runtime_error.
void check_output_target(const std::string& path);

// write(2) all of `text` to `fd`, again after EINTR and short writes; false (errno set) on failure.
bool write_all(int fd, const std::string& text);

// The same, for the commands that report errors as a line: false (and the line on stderr) on failure.
bool write_file_or_report(const std::string& path, const std::string& text);

}  // namespace clawbook
