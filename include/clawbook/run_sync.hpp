// Running an asynchronous client operation to completion on a private io_context: the blocking form of the
// protocol clients (bindings/<module>/*_client), for tools and tests that have no event loop of their own.
#pragma once

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <utility>

namespace clawbook {

// `start(io, done)` begins the operation; `done` receives its one result.
template <class Start>
nlohmann::json run_sync(Start start) {
  boost::asio::io_context io;
  nlohmann::json result;
  start(io, std::function<void(nlohmann::json)>([&](nlohmann::json value) { result = std::move(value); }));
  io.run();
  return result;
}

}  // namespace clawbook
