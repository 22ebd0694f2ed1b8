// Lua module `time`: clocks and a sleep that yields to the scheduler (other branches run meanwhile).
//
//   time.now() -> seconds since the epoch (float)
//   time.monotonic() -> seconds on a monotonic clock (float), for measuring durations
//   time.sleep(seconds) -> true; bounded by the run's deadline
#include "clawbook/binding.hpp"

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

int time_sleep(Call& call) {
  const double seconds = call.num(1);
  if (!(seconds >= 0)) call.arg_error(1, "non-negative number expected");
  auto wanted = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::min(seconds, 1e7)));
  auto timer = std::make_shared<boost::asio::steady_timer>(call.io(), std::min(wanted, call.deadline(1e7)));
  Completion done = call.suspend();
  timer->async_wait([timer, done](const boost::system::error_code&) { done.complete(true); });
  return call.yield();
}

ModuleSpec make_time_module() {
  return {.name = "time",
          .capability = "",
          .summary = "Wall and monotonic clocks, and a sleep that lets other branches run.",
          .functions = {{"now", time_now}, {"monotonic", time_monotonic}, {"sleep", time_sleep}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_time_module());

}  // namespace clawbook
