// Which programs a runbook may run with exec.run, from its declared capabilities: "exec:/usr/sbin/nginx" names a
// path, "exec:nginx" a name looked up on the PATH clawbook itself was started with. The child never inherits
// clawbook's environment: it gets clean_environment() plus the variables the call declares.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clawbook::exec {

// The PATH of the child's clean environment (and of lookups when clawbook has no PATH).
inline constexpr const char* kCleanPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// The first executable regular file `name` in the ':'-separated `path_list`, or nullopt. `name` has no '/'.
std::optional<std::string> find_on_path(const std::string& name, const std::string& path_list);

struct Program {
  std::string capability;  // the declaration that allows it: "exec:nginx"
  std::string executable;  // absolute path to run; empty when the declared program does not exist
};

// The declaration among `declared` that allows argv[0] = `program`: "exec:<program>" itself, or, for an absolute
// `program`, a declared name that resolves to it on `path_list`. nullopt: not declared.
std::optional<Program> match_program(const std::string& program, const std::vector<std::string>& declared,
                                     const std::string& path_list);

// "PATH=<kCleanPath>", "LC_ALL=C", then `extra` as NAME=VALUE (replacing those two when named).
std::vector<std::string> clean_environment(const std::vector<std::pair<std::string, std::string>>& extra);

}  // namespace clawbook::exec
