// The process exit codes every subcommand shares (README "Exit codes"). A subcommand's --help lists the ones it uses.
#pragma once

namespace clawbook {

inline constexpr int kExitOk = 0;             // nothing at or above --fail-on
inline constexpr int kExitFindings = 1;       // findings at or above --fail-on (lint: problems; suggest: no match)
inline constexpr int kExitRunbookError = 2;   // script error, limit hit, capability denied, replay miss, bad runbook
inline constexpr int kExitUsage = 64;         // unknown flag, unknown runbook id, bad param (EX_USAGE)
inline constexpr int kExitInterrupted = 130;  // Ctrl-C or SIGTERM; the partial report is still written

}  // namespace clawbook
