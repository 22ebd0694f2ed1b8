// Env files: dotenv (~/.openclaw/.env) and systemd EnvironmentFile= style `NAME=value` lines, read and edited
// without disturbing the other lines.
//
// A line is `[export ]NAME=value`, blanks allowed around `=`; blank lines, `#` comments and lines of any other
// shape are ignored. A value is "double-quoted" (a backslash escapes \ " $ ` and is kept before anything else),
// 'single-quoted' (literal), or bare: up to the end of the line or a `#` after a blank, trailing blanks dropped.
// An unterminated quote makes the value bare. CRLF line endings and a UTF-8 BOM are accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clawbook::envfile {

// The value of `name` (the last assignment wins), unquoted, or nullopt when no line assigns it.
std::optional<std::string> get(std::string_view text, std::string_view name);

// `text` with NAME set to `value`. The last assignment line of NAME has its value rewritten in place (a leading
// `export `, the spacing and a trailing comment stay); every other line is untouched. Without one, `NAME=value`
// is appended as a new line (a missing final line ending is added first; the file's line ending is used). The
// value is written bare when it matches [A-Za-z0-9_./:@+-]*, else double-quoted with \ " $ ` escaped.
// Throws std::invalid_argument when `name` is not [A-Za-z_][A-Za-z0-9_]* or `value` holds a line break (LF or
// CR) or a NUL.
std::string set(std::string_view text, std::string_view name, std::string_view value);

}  // namespace clawbook::envfile
