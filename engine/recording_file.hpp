// `--record FILE` and `--replay FILE`: every binding call as JSON (name, arguments, results, duration), in
// call order, with the engine and runbook versions. Replay serves results from the file without touching the
// system, matching calls on identity (name and arguments) rather than only on order, so parallel branches
// replay deterministically. Secrets appear only as fingerprints: the same redaction pass as every output.
#pragma once

#include "recording.hpp"

#include <deque>
#include <map>
#include <memory>
#include <string>

namespace clawbook {

class RecordingFile : public RecordingHooks {
 public:
  static constexpr int kFormatVersion = 1;

  static std::shared_ptr<RecordingFile> start_recording(const RunbookFile& runbook);
  // Throws LoadError with one clear line for a missing, truncated or foreign file.
  static std::shared_ptr<RecordingFile> open_replay(const std::string& path, const RunbookFile& runbook);
  static std::shared_ptr<RecordingFile> from_json(const Json& document, const std::string& origin, const RunbookFile& runbook);

  bool recording() const override { return mode_ == Mode::record; }
  bool replaying() const override { return mode_ == Mode::replay; }
  void record(lua_State* L, Call::Impl& call, int nresults) override;
  void record_async(lua_State* L, const RecordedCall& call, int nresults) override;
  int replay(lua_State* L, Call::Impl& call, std::string& error) override;

  void finish(const OrderedJson& report);  // keeps the verdict and findings beside the calls
  std::string serialize(const Redactor& redactor) const;

 private:
  enum class Mode { record, replay };
  Mode mode_ = Mode::record;
  std::string runbook_id_, runbook_version_;
  Json calls_ = Json::array();
  Json outcome_;
  // replay: identity ("name" + redacted args) -> results still to serve, in recorded order
  std::map<std::string, std::deque<Json>> pending_;
  std::map<std::string, size_t> names_;  // name -> calls recorded, for miss messages
  std::string origin_;

  void add(std::string name, Json args, lua_State* L, int nresults, double started_ms, double ended_ms);
};

}  // namespace clawbook
