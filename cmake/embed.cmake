# Turns a text file into a C++ header holding it as a raw string constant.
file(READ "${IN}" content)
set(delim "CLAWBOOK_EMBED")
file(WRITE "${OUT}" "#pragma once\n#include <string_view>\nnamespace clawbook::embedded {\ninline constexpr std::string_view ${SYMBOL} = R\"${delim}(${content})${delim}\";\n}\n")
