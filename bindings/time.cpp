// Lua module `time`: clocks and a sleep that yields to the scheduler (other branches run meanwhile).
//
//   time.now() -> seconds since the epoch (float)
//   time.monotonic() -> seconds on a monotonic clock (float), for measuring durations
//   time.sleep(seconds) -> true; bounded by the run's deadline, and cut short once a stop is requested
//   time.stop_requested() -> true once the user asked a long run to end (the first Ctrl-C of `clawbook watch`):
//     a watch loop checks it and ends cleanly, its analysis still written. A call, so a replay stops where the
//     recorded run did.
#include "clawbook/binding.hpp"
#include "clawbook/stop.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>

namespace clawbook {
namespace {

double seconds_since_epoch() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

int time_now(Call& call) {
  lua_pushnumber(call.L, seconds_since_epoch());
  return 1;
}

int time_monotonic(Call& call) {
  using namespace std::chrono;
  lua_pushnumber(call.L, duration<double>(steady_clock::now().time_since_epoch()).count());
  return 1;
}

// Sleeps in slices of at most 250 ms, so a requested stop ends a long sleep soon.
void sleep_slice(std::shared_ptr<boost::asio::steady_timer> timer, Completion done,
                 std::chrono::steady_clock::time_point until) {
  const auto now = std::chrono::steady_clock::now();
  if (now >= until || stop_requested() || done.cancelled()) {
    done.complete(true);
    return;
  }
  timer->expires_after(std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(250)));
  timer->async_wait([timer, done, until](const boost::system::error_code&) { sleep_slice(timer, done, until); });
}

int time_sleep(Call& call) {
  const double seconds = call.num(1);
  if (!(seconds >= 0)) call.arg_error(1, "non-negative number expected");
  auto wanted = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::min(seconds, 1e7)));
  const auto until = std::chrono::steady_clock::now() + std::min(wanted, call.deadline(1e7));
  sleep_slice(std::make_shared<boost::asio::steady_timer>(call.io()), call.suspend(), until);
  return call.yield();
}

int time_stop_requested(Call& call) {
  lua_pushboolean(call.L, stop_requested() ? 1 : 0);
  return 1;
}

ModuleSpec make_time_module() {
  return {.name = "time",
          .capability = "",
          .summary = "Wall and monotonic clocks, and a sleep that lets other branches run.",
          .functions = {{"now", time_now},
                        {"monotonic", time_monotonic},
                        {"sleep", time_sleep},
                        {"stop_requested", time_stop_requested}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_time_module());

}  // namespace clawbook
