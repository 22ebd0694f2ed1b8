// Asking a long-running run (a watch) to end cleanly. The first Ctrl-C of `clawbook watch` requests a stop
// instead of aborting: the runbook sees it through time.stop_requested(), leaves its loop and still writes its
// analysis. Async-signal-safe to request (an atomic flag); implemented in engine/engine.cpp.
#pragma once

namespace clawbook {

void request_stop();    // from a signal handler
bool stop_requested();  // polled by bindings
void clear_stop();      // at the start of a run

}  // namespace clawbook
