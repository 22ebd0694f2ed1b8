#include "finding_catalog.hpp"

#include "lua_value.hpp"

#include <filesystem>
#include <memory>
#include <sstream>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

// Runs a data file (`return { ... }`) in a state with only the base and string libraries and returns its value.
std::optional<OrderedJson> load_data(const std::string& path, std::string& error) {
  std::unique_ptr<lua_State, decltype(&lua_close)> state(luaL_newstate(), &lua_close);
  lua_State* L = state.get();
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  lua_settop(L, 0);
  if (luaL_loadfilex(L, path.c_str(), "t") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
    error = lua_isstring(L, -1) ? lua_tostring(L, -1) : "does not load";
    return std::nullopt;
  }
  try {
    return to_json_value<OrderedJson>(L, -1, Conversion::strict);
  } catch (const ConversionError& e) {
    error = path + ": " + e.what();
    return std::nullopt;
  }
}

std::string text_of(const OrderedJson& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

std::string cell(std::string text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string(" ") : c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// The fix column: the entry's own prose when it has some, else its commands.
std::string fix_cell(const OrderedJson& entry) {
  if (auto prose = text_of(entry, "fix_doc"); !prose.empty()) return cell(prose);
  std::string out;
  if (entry.contains("fix") && entry["fix"].is_array())
    for (const auto& line : entry["fix"]) out += (out.empty() ? "" : ", ") + ("`" + line.get<std::string>() + "`");
  return out.empty() ? "—" : cell(out);
}

void row(std::ostringstream& out, const std::string& id, const OrderedJson& entry, const OrderedJson& texts) {
  out << "| `" << id << "` | " << text_of(entry, "severity") << " | " << cell(text_of(texts, "meaning")) << " | "
      << cell(text_of(texts, "detected")) << " | " << fix_cell(texts) << " | " << text_of(entry, "source") << " |\n";
}

// "key=value, ..." of an entry's condition (`when`), or "any setup".
std::string condition_cell(const OrderedJson& entry) {
  if (!entry.contains("when") || !entry["when"].is_object() || entry["when"].empty()) return "any setup";
  std::string out;
  for (const auto& [key, value] : entry["when"].items())
    out += (out.empty() ? "" : ", ") + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  return cell(out);
}

// The known regressions behind version.known-regression, one row each, with their sources.
void regressions_table(std::ostringstream& out, const OrderedJson& regressions) {
  out << "\n| regression | affected | fixed in | bites when | symptom | sources |\n|---|---|---|---|---|---|\n";
  for (const auto& entry : regressions) {
    std::string refs;
    if (entry.contains("refs") && entry["refs"].is_array()) {
      int n = 0;
      for (const auto& ref : entry["refs"])
        refs += (refs.empty() ? "" : ", ") + ("[" + std::to_string(++n) + "](" + ref.get<std::string>() + ")");
    }
    out << "| `" << text_of(entry, "id") << "` | `" << text_of(entry, "affected") << "` | "
        << (text_of(entry, "fixed").empty() ? "—" : text_of(entry, "fixed")) << " | " << condition_cell(entry) << " | "
        << cell(text_of(entry, "symptom")) << " | " << (refs.empty() ? text_of(entry, "source") : refs) << " |\n";
  }
}

}  // namespace

std::optional<OrderedJson> load_lua_data(const std::string& path, std::string& error) { return load_data(path, error); }

std::optional<FindingCatalog> load_finding_catalog(const std::string& runbooks_root) {
  const fs::path dir = fs::path(runbooks_root) / "knowledge";
  std::error_code ec;
  if (!fs::is_regular_file(dir / "index.lua", ec)) return std::nullopt;
  FindingCatalog catalog;
  catalog.root = runbooks_root;
  std::string error;
  auto index = load_data((dir / "index.lua").string(), error);
  if (!index || !index->is_object()) {
    catalog.problems.push_back((dir / "index.lua").string() + ": " + (error.empty() ? "not a table" : error));
    return catalog;
  }
  catalog.index = *index;
  // The known-regressions table, shown on the page with version.known-regression (optional).
  if (const fs::path table = fs::path(runbooks_root) / "lib" / "known_issues.lua"; fs::is_regular_file(table, ec)) {
    if (auto regressions = load_data(table.string(), error); regressions && regressions->is_array())
      catalog.regressions = *regressions;
    else catalog.problems.push_back(table.string() + ": " + (error.empty() ? "not a list" : error));
  }
  if (!index->contains("areas") || !(*index)["areas"].is_array()) return catalog;
  for (const auto& area_name : (*index)["areas"]) {
    const std::string area = area_name.get<std::string>();
    const std::string path = (dir / (area + ".lua")).string();
    auto entries = load_data(path, error);
    if (!entries || !entries->is_array()) {
      catalog.problems.push_back(path + ": " + (error.empty() ? "not a list of findings" : error));
      continue;
    }
    for (auto entry : *entries) {
      const std::string id = text_of(entry, "id");
      for (const char* field : {"id", "severity", "title", "meaning", "source"})
        if (text_of(entry, field).empty())
          catalog.problems.push_back(path + ": finding " + (id.empty() ? "?" : id) + " has no " + field);
      if (id.empty()) continue;
      entry["area"] = area;
      if (catalog.entries.contains(id)) {
        catalog.problems.push_back(path + ": finding " + id + " is also defined in area " +
                                   catalog.entries[id]["area"].get<std::string>());
        continue;
      }
      catalog.ids.push_back(id);
      catalog.entries[id] = entry;
    }
  }
  return catalog;
}

std::string findings_page(const FindingCatalog& catalog) {
  std::ostringstream out;
  out << text_of(catalog.index, "page");
  if (!catalog.index.contains("sections")) return out.str();
  for (const auto& section : catalog.index["sections"]) {
    out << "\n" << text_of(section, "heading") << "\n";
    if (auto intro = text_of(section, "intro"); !intro.empty()) out << "\n" << intro;
    const std::string area = text_of(section, "area");
    const bool also = section.contains("also") && section["also"].is_array() && !section["also"].empty();
    if (!area.empty() || also) {
      out << "\n| id | severity | meaning | how it is detected | fix | source |\n|---|---|---|---|---|---|\n";
      for (const auto& id : catalog.ids) {
        const auto& entry = catalog.entries.at(id);
        if (text_of(entry, "area") == area) row(out, id, entry, entry);
      }
      if (also) {
        for (const auto& shared : section["also"]) {
          const std::string id = text_of(shared, "id");
          auto it = catalog.entries.find(id);
          row(out, id, it == catalog.entries.end() ? shared : it->second, shared);
        }
      }
    }
    if (auto notes = text_of(section, "notes"); !notes.empty()) out << "\n" << notes;
    if (section.value("regressions", false) && catalog.regressions.is_array())
      regressions_table(out, catalog.regressions);
  }
  return out.str();
}

}  // namespace clawbook
