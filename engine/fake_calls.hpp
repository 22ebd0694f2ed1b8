// Binding results from data, for `clawbook test`: a case's inline fakes first, then its recording, then the
// few calls that are safe to serve without the system (time). Any other call is a miss naming the call, so a
// test case never touches the machine it runs on.
#pragma once

#include "recording_file.hpp"

#include <memory>
#include <string>
#include <vector>

namespace clawbook {

class FakeCalls : public RecordingHooks {
 public:
  // `calls`: the case's "calls" list (validated here; throws LoadError naming `origin` and the entry).
  FakeCalls(const Json& calls, std::shared_ptr<RecordingFile> recording, std::string origin);

  bool recording() const override { return false; }
  bool replaying() const override { return true; }
  void record(lua_State*, Call::Impl&, int) override {}
  void record_async(lua_State*, const RecordedCall&, int) override {}
  int replay(lua_State* L, Call::Impl& call, std::string& error) override;

  // Entries that never answered a call and are not marked "optional": one line each naming the entry, the
  // call and its args (usually a typo in a call name or arguments).
  std::vector<std::string> unused() const;

 private:
  struct Fake {
    std::string name;
    Json args;  // null: any arguments
    Json results;
    std::string error;
    long long times = -1;  // -1: unlimited
    long long used = 0;
    bool optional = false;  // "optional": true, a fake some paths of the runbook do not call
    std::string where;      // "case.json: calls[3]"
  };
  std::vector<Fake> fakes_;
  std::shared_ptr<RecordingFile> recording_;
  std::string origin_;
};

// Subset match: `pattern` null matches anything; an object matches when each of its keys matches; anything
// else must be equal.
bool matches_pattern(const Json& pattern, const Json& value);

// A fake's "args" against a call's arguments: by position, each as matches_pattern; arguments past the end of
// the pattern (trailing options) match anything, and pattern positions past the call's arguments must be null.
bool matches_args(const Json& pattern, const Json& args);

}  // namespace clawbook
