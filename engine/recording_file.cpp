#include "recording_file.hpp"

#include "clawbook/untrusted_json.hpp"
#include "lua_value.hpp"

#include <fstream>
#include <sstream>

namespace clawbook {

std::shared_ptr<RecordingFile> RecordingFile::start_recording(const RunbookFile& runbook) {
  auto file = std::make_shared<RecordingFile>();
  file->mode_ = Mode::record;
  file->runbook_id_ = runbook.id;
  file->runbook_version_ = runbook.version.str();
  return file;
}

std::shared_ptr<RecordingFile> RecordingFile::open_replay(const std::string& path, const RunbookFile& runbook) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError(path + ": cannot read recording: " + std::strerror(errno));
  std::stringstream buffer;
  buffer << in.rdbuf();
  // A recording may come from anywhere (a ticket, a colleague): parsed as untrusted, nesting bounded.
  const Json document = parse_untrusted_json(buffer.str());
  if (document.is_discarded()) throw LoadError(path + ": not a valid recording (not JSON, or nested too deeply)");
  try {
    return from_json(document, path, runbook);
  } catch (const Json::exception& e) {  // a field of the wrong type
    throw LoadError(path + ": not a valid recording (" + e.what() + ")");
  }
}

std::shared_ptr<RecordingFile> RecordingFile::from_json(const Json& document, const std::string& origin,
                                                        const RunbookFile& runbook) {
  auto fail = [&](const std::string& why) { return LoadError(origin + ": " + why); };
  if (!document.is_object() || document.value("format", "") != "clawbook-recording")
    throw fail("not a clawbook recording (no \"format\": \"clawbook-recording\")");
  if (document.value("version", 0) != kFormatVersion)
    throw fail("recording format version " + document.value("version", Json(nullptr)).dump() + " is not supported (this engine reads " +
               std::to_string(kFormatVersion) + ")");
  if (!document.contains("calls") || !document["calls"].is_array()) throw fail("recording has no \"calls\" list");
  const std::string recorded_id = document.contains("runbook") ? document["runbook"].value("id", "") : "";
  if (recorded_id != runbook.id) throw fail("recording is of runbook '" + recorded_id + "', not '" + runbook.id + "'");

  auto file = std::make_shared<RecordingFile>();
  file->mode_ = Mode::replay;
  file->origin_ = origin;
  file->runbook_id_ = runbook.id;
  size_t index = 0;
  for (const auto& call : document["calls"]) {
    ++index;
    if (!call.is_object() || !call.contains("call") || !call["call"].is_string() || !call.contains("args") ||
        !call["args"].is_array() || !call.contains("results") || !call["results"].is_array())
      throw fail("call #" + std::to_string(index) + " needs \"call\", \"args\" and \"results\"");
    const std::string name = call["call"].get<std::string>();
    file->pending_[name + call["args"].dump()].push_back(call["results"]);
    ++file->names_[name];
  }
  return file;
}

void RecordingFile::add(std::string name, Json args, lua_State* L, int nresults, double started_ms, double ended_ms) {
  Json results = Json::array();
  for (int i = nresults; i >= 1; --i) results.push_back(to_json_value<Json>(L, -i, Conversion::lenient));
  calls_.push_back({{"seq", calls_.size() + 1},
                    {"call", std::move(name)},
                    {"args", std::move(args)},
                    {"results", std::move(results)},
                    {"duration_ms", std::max(0.0, ended_ms - started_ms)}});
}

void RecordingFile::record(lua_State* L, Call::Impl& call, int nresults) {
  auto recorded = call.recorded_call();
  if (!recorded) return;
  add(recorded->name, recorded->args, L, nresults, recorded->started_ms, call.engine.now_ms());
}

void RecordingFile::record_async(lua_State* L, const RecordedCall& call, int nresults) {
  add(call.name, call.args, L, nresults, call.started_ms, Engine::Impl::from(L).now_ms());
}

int RecordingFile::replay(lua_State* L, Call::Impl& call, std::string& error) {
  Json args = Json::array();
  for (int i = 1; i <= call.nargs; ++i) args.push_back(to_json_value<Json>(L, i, Conversion::lenient));
  call.engine.redactor.apply_in_place(args);  // the recording holds fingerprints where secrets were
  const std::string key = call.fn.qualified + args.dump();
  auto it = pending_.find(key);
  if (it == pending_.end() || it->second.empty()) {
    const size_t recorded = names_.count(call.fn.qualified) ? names_[call.fn.qualified] : 0;
    std::string shown = args.dump();
    if (shown.size() > 200) shown = shown.substr(0, 200) + "…";
    error = "replay miss: " + call.fn.qualified + " with arguments " + shown + " is not in " + origin_ +
            (recorded == 0 ? " (no call of " + call.fn.qualified + " was recorded)"
                           : " (" + std::to_string(recorded) + " call(s) of " + call.fn.qualified +
                                 " recorded, with other arguments or fewer times)");
    return 0;
  }
  Json results = std::move(it->second.front());
  it->second.pop_front();
  luaL_checkstack(L, static_cast<int>(results.size()) + 1, "too many recorded results");
  for (const auto& value : results) push_json(L, value);
  return static_cast<int>(results.size());
}

void RecordingFile::finish(const OrderedJson& report) {
  outcome_ = {{"verdict", report.value("verdict", "")}, {"findings", Json::array()}};
  for (const auto& f : report["findings"]) outcome_["findings"].push_back(f.value("id", ""));
}

std::string RecordingFile::serialize(const Redactor& redactor) const {
  OrderedJson document;
  document["format"] = "clawbook-recording";
  document["version"] = kFormatVersion;
  document["engine"] = {{"version", CLAWBOOK_VERSION}, {"api", CLAWBOOK_ENGINE_API_VERSION}};
  document["runbook"] = {{"id", runbook_id_}, {"version", runbook_version_}};
  constexpr auto replace = nlohmann::json::error_handler_t::replace;
  if (!outcome_.is_null()) document["outcome"] = OrderedJson::parse(outcome_.dump(-1, ' ', false, replace));
  document["calls"] = OrderedJson::parse(calls_.dump(-1, ' ', false, replace));
  redactor.apply_in_place(document);
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace clawbook
