#pragma once

namespace clawbook {

// The whole `clawbook` command line; returns the process exit code.
int cli_main(int argc, char** argv);

}  // namespace clawbook
