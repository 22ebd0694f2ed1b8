// Record and replay: every binding call passes through Engine dispatch, which hands it to these hooks.
#pragma once

#include "engine_impl.hpp"

namespace clawbook {

struct RecordingHooks {
  virtual ~RecordingHooks() = default;
  virtual bool recording() const = 0;
  virtual bool replaying() const = 0;
  // A call that returned at once: its `nresults` results are on top of L.
  virtual void record(lua_State* L, Call::Impl& call, int nresults) = 0;
  // A call that parked and was resumed: its results are on top of L.
  virtual void record_async(lua_State* L, const RecordedCall& call, int nresults) = 0;
  // Pushes the recorded results of this call and returns their count, or sets `error` (a replay miss), or
  // returns kLive to let the real binding answer.
  static constexpr int kLive = -1;
  virtual int replay(lua_State* L, Call::Impl& call, std::string& error) = 0;
};

}  // namespace clawbook
