#include "bundle.hpp"

#include "clawbook/atomic_file.hpp"
#include "engine.hpp"
#include "host_mask.hpp"
#include "render.hpp"
#include "clawbook/secret_patterns.hpp"
#include "clawbook/state_dir.hpp"
#include "tar_gz.hpp"

#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

int fail(int code, const std::string& message) {
  std::cerr << "clawbook bundle: " << message << "\n";
  return code;
}

std::string utc_stamp(std::time_t when, const char* format) {
  std::tm parts{};
  gmtime_r(&when, &parts);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, format, &parts);
  return buffer;
}

std::string machine_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// The operating system, for the manifest: uname plus the distribution's own name.
OrderedJson system_versions() {
  OrderedJson out = OrderedJson::object();
  struct utsname names {};
  if (uname(&names) == 0) {
    out["kernel"] = std::string(names.sysname) + " " + names.release;
    out["machine"] = names.machine;
  }
  std::ifstream release("/etc/os-release");
  for (std::string line; std::getline(release, line);) {
    if (line.rfind("PRETTY_NAME=", 0) != 0) continue;
    std::string value = line.substr(12);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) value = value.substr(1, value.size() - 2);
    out["os"] = value;
  }
  return out;
}

// The one runbook tagged "bundle" (highest version), or a usage error naming the candidates.
const RunbookFile& collector(Engine& engine, const std::string& spec) {
  if (!spec.empty()) return engine.resolve(spec);
  const RunbookFile* best = nullptr;
  std::vector<std::string> ids;
  for (const RunbookFile* rb : engine.visible_runbooks()) {
    const auto& tags = rb->meta.contains("tags") ? rb->meta["tags"] : OrderedJson::array();
    if (!tags.is_array() || std::find(tags.begin(), tags.end(), "bundle") == tags.end()) continue;
    if (best == nullptr || (best->id == rb->id && best->version < rb->version)) {
      if (best == nullptr) ids.push_back(rb->id);
      best = rb;
    } else if (best->id != rb->id && std::find(ids.begin(), ids.end(), rb->id) == ids.end()) {
      ids.push_back(rb->id);
    }
  }
  if (best == nullptr) throw UsageError("no runbook on the search path is tagged \"bundle\"; name one with --runbook");
  if (ids.size() > 1) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    throw UsageError("several runbooks are tagged \"bundle\" (" + list + "): choose one with --runbook");
  }
  return *best;
}

struct File {
  std::string path;
  std::string content;
  std::string why;
};

}  // namespace

int command_bundle(const BundleOptions& o) {
  if (o.lines <= 0) return fail(kExitUsage, "--lines wants a positive number");
  if (!(o.timeout > 0)) return fail(kExitUsage, "--timeout wants positive seconds");
  OrderedJson params = o.params;
  const std::time_t now = std::time(nullptr);
  const std::string host = machine_name();
  const std::string stamp = utc_stamp(now, "%Y%m%dT%H%M%SZ");
  const std::string output = !o.output.empty() ? o.output : "clawbook-bundle-" + host + "-" + stamp + ".tar.gz";

  EngineOptions options;
  options.limits.timeout_seconds = o.timeout;
  options.search_path = o.search_path;
  OrderedJson report;
  std::vector<File> files;
  Redactor redactor;
  std::string runbook_id;
  int exit_code = 0;
  try {
    Engine engine(options);
    const RunbookFile& runbook = collector(engine, o.runbook);
    runbook_id = runbook.id;
    if (runbook.meta.contains("params") && runbook.meta["params"].contains("lines") && !params.contains("lines"))
      params["lines"] = o.lines;
    std::cerr << "clawbook bundle: collecting with " << runbook.id << " " << runbook.version.str() << "…\n";
    const Report run = engine.run(runbook, params);
    report = to_json(run);
    redactor = engine.redactor();
    redactor.apply_in_place(report);
    exit_code = exit_code_for(report, Severity::medium);
    for (const auto& a : run.attachments) files.push_back({a.name, a.content, a.why});
  } catch (const UsageError& e) {
    return fail(kExitUsage, e.what());
  } catch (const std::exception& e) {
    return fail(kExitRunbookError, e.what());
  }

  RenderOptions render_options{false, Severity::medium, exit_code};
  files.insert(files.begin(), {{"report.json", render_json(report), "the run's report (triage findings ranked, every step)"},
                               {"report.md", render_markdown(printable_report(report), render_options), "the same report, for reading"}});

  // Pass 1: credentials found by pattern in any file become known secrets, so every file replaces them alike.
  size_t pattern_finds = 0;
  for (const auto& f : files)
    redact_secret_patterns(redactor.apply(f.content), [&](std::string_view value) {
      redactor.add(value);
      ++pattern_finds;
    });
  // Pass 2: known secrets, then patterns again for anything pass 1 could not see whole.
  for (auto& f : files) f.content = redact_secret_patterns(redactor.apply(f.content));

  std::string host_map_path;
  OrderedJson manifest = OrderedJson::object();
  manifest["format"] = 1;
  manifest["created_at"] = utc_stamp(now, "%Y-%m-%dT%H:%M:%SZ");
  manifest["clawbook"] = {{"version", CLAWBOOK_VERSION}, {"engine_api", CLAWBOOK_ENGINE_API_VERSION}};
  manifest["system"] = system_versions();
  manifest["host"] = host;
  manifest["runbook"] = {{"id", report["runbook"].value("id", "")}, {"version", report["runbook"].value("version", "")}};
  manifest["verdict"] = report.value("verdict", "");
  manifest["redaction"] = {
      {"secrets", "every known secret is replaced by its fingerprint (sha256:<first 8 hex>): compute yours with "
                  "`printf %s \"$TOKEN\" | sha256sum | cut -c1-8` to see which one it was"},
      {"pattern_matches", pattern_finds}};
  if (o.mask_hosts) {
    HostMasker masker;
    host_map_path = !o.host_map.empty() ? o.host_map : state_dir() + "/host-map.json";
    std::error_code ec;
    if (fs::exists(host_map_path, ec)) {
      std::ifstream in(host_map_path);
      const auto saved = nlohmann::json::parse(in, nullptr, false);
      try {
        masker.load_mapping(saved);
      } catch (const std::exception& e) {
        return fail(kExitUsage, host_map_path + " is not a host map written by clawbook bundle (" + e.what() +
                                    "): move it away or name another with --host-map");
      }
    }
    masker.add_host(host);
    for (auto& f : files) f.content = masker.apply(f.content);
    manifest["host"] = masker.apply(host);
    manifest["masked_hosts"] = "addresses and host names are placeholders (ip-N, host-N); the mapping stays on the "
                               "machine that made the bundle";
    try {
      fs::create_directories(fs::path(host_map_path).parent_path(), ec);
      write_atomically(host_map_path, masker.mapping().dump(2) + "\n");
      ::chmod(host_map_path.c_str(), 0600);
    } catch (const std::exception& e) {
      return fail(kExitRunbookError, std::string("cannot keep the host map: ") + e.what());
    }
  }
  OrderedJson listing = OrderedJson::array();
  listing.push_back({{"path", "manifest.json"}, {"why", "this list: what each file is and why it is here"}});
  for (const auto& f : files) listing.push_back({{"path", f.path}, {"bytes", f.content.size()}, {"why", f.why}});
  manifest["files"] = listing;

  std::vector<ArchiveEntry> entries;
  entries.push_back({"manifest.json", redactor.apply(manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n", 0644});
  for (const auto& f : files) entries.push_back({f.path, f.content, 0644});
  const std::string root = "clawbook-bundle-" + std::string(o.mask_hosts ? "host" : host) + "-" + stamp;
  try {
    const std::string archive = make_tar_gz(root, entries, now);
    write_atomically(output, archive);
    ::chmod(output.c_str(), 0600);  // diagnostic data: readable by its owner only until they choose to share it
    std::cerr << "clawbook bundle: wrote " << output << " (" << archive.size() << " bytes, " << entries.size()
              << " files; secrets shown as fingerprints";
    if (o.mask_hosts) std::cerr << "; hosts masked, mapping in " << host_map_path << " (not in the archive)";
    std::cerr << ")\n  read it: tar -xzf " << output << " && cat " << root << "/manifest.json\n";
    std::cout << output << "\n";
  } catch (const std::exception& e) {
    return fail(kExitRunbookError, e.what());
  }
  if (!runbook_id.empty() && report.contains("error"))
    std::cerr << "clawbook bundle: note: " << runbook_id << " ended with an error: " << report["error"].get<std::string>() << "\n";
  return kExitOk;
}

}  // namespace clawbook
