#include "proc/system.hpp"

#include "clawbook/lines.hpp"
#include "log/timestamp.hpp"
#include "proc/procfs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <regex>
#include <vector>

namespace clawbook::proc {
namespace {

Json failure(const std::string& path, int err) {
  return {{"ok", false}, {"error", classify_errno(err)}, {"message", path + ": " + std::strerror(err)}};
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool all_hex(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Looks for "<prefix><64 hex>" in a path component, e.g. "docker-<id>.scope" or "/docker/<id>".
std::optional<std::string> container_id_after(std::string_view path, std::string_view prefix) {
  size_t at = path.find(prefix);
  while (at != std::string_view::npos) {
    const std::string_view rest = path.substr(at + prefix.size());
    const std::string_view id = rest.substr(0, std::min<size_t>(64, rest.size()));
    if (id.size() == 64 && all_hex(id)) return std::string(id);
    at = path.find(prefix, at + 1);
  }
  return std::nullopt;
}

std::optional<unsigned long long> read_number_file(const std::string& path) {
  const auto text = read_file(path, 128);
  if (!text) return std::nullopt;
  unsigned long long value = 0;
  const std::string_view trimmed = trim(*text);
  const auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (ec != std::errc() || end != trimmed.data() + trimmed.size()) return std::nullopt;
  return value;
}

}  // namespace

Json meminfo() {
  int err = 0;
  const auto text = read_file("/proc/meminfo", 64 * 1024, &err);
  if (!text) return failure("/proc/meminfo", err);
  static const std::pair<std::string_view, const char*> keys[] = {
      {"MemTotal", "total"},     {"MemAvailable", "available"},  {"MemFree", "free"},      {"Buffers", "buffers"},
      {"Cached", "cached"},      {"SwapTotal", "swap_total"},    {"SwapFree", "swap_free"}};
  Json out = {{"ok", true}};
  for (std::string_view line : split_lines(*text)) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    for (const auto& [name, field] : keys) {
      if (key != name) continue;
      std::string_view value = trim(line.substr(colon + 1));
      unsigned long long number = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc()) continue;
      const bool kilobytes = std::string_view(end, static_cast<size_t>(value.data() + value.size() - end)).find("kB") !=
                             std::string_view::npos;
      out[field] = kilobytes ? number * 1024 : number;
    }
  }
  return out;
}

Json uptime() {
  int err = 0;
  const auto text = read_file("/proc/uptime", 256, &err);
  if (!text) return failure("/proc/uptime", err);
  double seconds = 0;
  double idle = 0;
  if (std::sscanf(text->c_str(), "%lf %lf", &seconds, &idle) < 1)
    return {{"ok", false}, {"error", "parse_error"}, {"message", "/proc/uptime: unexpected content"}};
  return {{"ok", true}, {"seconds", seconds}, {"idle_seconds", idle}, {"boot_time", boot_time()}};
}

Json classify_cgroup(std::string_view cgroup_file) {
  // Lines are "hierarchy:controllers:path". cgroup v2 has one "0::path" line; v1 has one per controller.
  std::string unified_path;
  std::string systemd_path;
  std::string memory_path;
  std::string any_path;
  std::vector<std::string> paths;
  for (std::string_view line : split_lines(cgroup_file)) {
    const size_t first = line.find(':');
    const size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    const std::string_view controllers = line.substr(first + 1, second - first - 1);
    const std::string path(trim(line.substr(second + 1)));
    paths.push_back(path);
    if (line.substr(0, first) == "0" && controllers.empty()) unified_path = path;
    if (controllers == "name=systemd") systemd_path = path;
    if (controllers == "memory" || controllers.find("memory,") == 0 || controllers.find(",memory") != std::string_view::npos)
      memory_path = path;
    if (any_path.empty() || any_path == "/") any_path = path;
  }
  std::string path = !unified_path.empty() && unified_path != "/" ? unified_path
                     : !systemd_path.empty() && systemd_path != "/" ? systemd_path
                     : !memory_path.empty() ? memory_path
                                            : any_path;
  Json out = {{"kind", "plain"}, {"path", path}};
  if (!unified_path.empty()) out["version"] = paths.size() == 1 ? 2 : 1;  // hybrid hosts list both
  else out["version"] = 1;
  out["memory_path"] = memory_path.empty() ? path : memory_path;

  // Containers first: their cgroups may also be systemd scopes (docker-<id>.scope).
  static const std::pair<std::string_view, const char*> id_prefixes[] = {
      {"docker-", "docker"},  {"/docker/", "docker"},         {"libpod-", "podman"},
      {"/libpod/", "podman"}, {"cri-containerd-", "containerd"}, {"crio-", "cri-o"}};
  for (const auto& candidate : paths) {
    const bool kubernetes = candidate.find("/kubepods") != std::string::npos;
    for (const auto& [prefix, runtime] : id_prefixes) {
      auto id = container_id_after(candidate, prefix);
      if (!id) continue;
      out["kind"] = kubernetes ? "kubernetes" : runtime;
      out["runtime"] = runtime;
      out["container_id"] = *id;
      return out;
    }
    if (kubernetes) {
      out["kind"] = "kubernetes";
      return out;
    }
    if (candidate.find("/lxc/") != std::string::npos || candidate.find("lxc.payload.") != std::string::npos) {
      out["kind"] = "lxc";
      out["runtime"] = "lxc";
      return out;
    }
  }

  // systemd: the innermost .service (or .scope) component; user units live under user@<uid>.service.
  const std::string& systemd = !systemd_path.empty() && systemd_path != "/" ? systemd_path : unified_path;
  if (!systemd.empty()) {
    std::string unit;
    size_t start = 0;
    while (start < systemd.size()) {
      size_t end = systemd.find('/', start);
      if (end == std::string::npos) end = systemd.size();
      const std::string component = systemd.substr(start, end - start);
      const bool service = component.size() > 8 && component.compare(component.size() - 8, 8, ".service") == 0;
      const bool scope = component.size() > 6 && component.compare(component.size() - 6, 6, ".scope") == 0;
      if ((service || scope) && component.rfind("user@", 0) != 0) unit = component;
      start = end + 1;
    }
    if (!unit.empty()) {
      out["kind"] = "systemd";
      out["unit"] = unit;
      out["manager"] = systemd.find("/user@") != std::string::npos ? "user" : "system";
    }
  }
  return out;
}

Json cgroup(int pid) {
  const std::string file = std::string(kProcRoot) + "/" + std::to_string(pid) + "/cgroup";
  int err = 0;
  const auto text = read_file(file, 64 * 1024, &err);
  if (!text) {
    Json out = failure(file, err);
    out["pid"] = pid;
    return out;
  }
  Json out = classify_cgroup(*text);
  out["ok"] = true;
  out["pid"] = pid;
  // Memory limit and usage of that cgroup, v2 then v1 layout. "max" (v2) or a huge number (v1) = no limit.
  const std::string memory_path = out.value("memory_path", out.value("path", std::string("/")));
  out.erase("memory_path");
  const std::string v2 = "/sys/fs/cgroup" + memory_path;
  const std::string v1 = "/sys/fs/cgroup/memory" + memory_path;
  if (auto usage = read_number_file(v2 + "/memory.current")) {
    out["memory_usage"] = *usage;
    if (auto limit = read_number_file(v2 + "/memory.max")) out["memory_limit"] = *limit;
  } else if (auto usage_v1 = read_number_file(v1 + "/memory.usage_in_bytes")) {
    out["memory_usage"] = *usage_v1;
    auto limit = read_number_file(v1 + "/memory.limit_in_bytes");
    if (limit && *limit < (1ULL << 62)) out["memory_limit"] = *limit;
  }
  return out;
}

Json parse_oom_message(std::string_view message) {
  // "Out of memory: Killed process 1234 (node) total-vm:..." (global),
  // "Memory cgroup out of memory: Killed process 1234 (node) ..." (cgroup limit),
  // older kernels: "Out of memory: Kill process 1234 (node) score 900 or sacrifice child".
  static const std::regex kill_line(R"((Memory cgroup out of memory|Out of memory)[^:]*: Kill(?:ed)? process (\d+) \(([^)]*)\))");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_search(message.begin(), message.end(), match, kill_line)) return nullptr;
  Json kill = {{"pid", std::stoi(match[2].str())},
               {"comm", match[3].str()},
               {"scope", match[1].str() == "Memory cgroup out of memory" ? "cgroup" : "system"},
               {"message", std::string(trim(message))}};
  static const std::regex rss(R"(anon-rss:(\d+)kB)");
  if (std::regex_search(message.begin(), message.end(), match, rss))
    kill["anon_rss"] = std::stoull(match[1].str()) * 1024;
  return kill;
}

Json oom_kills() {
  std::vector<std::string> tried;
  // /dev/kmsg: one record per read, "pri,seq,usec,flags;message\n" + continuation lines. Non-blocking, so the
  // read stops at the end of the ring buffer instead of waiting for new records.
  const int fd = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0) {
    Json kills = Json::array();
    char record[8192];
    bool readable = true;
    for (;;) {
      const ssize_t got = ::read(fd, record, sizeof record - 1);
      if (got < 0) {
        if (errno == EINTR || errno == EPIPE) continue;  // EPIPE: a record was overwritten meanwhile
        if (errno != EAGAIN) {
          readable = false;
          tried.push_back(std::string("/dev/kmsg: ") + std::strerror(errno));
        }
        break;
      }
      if (got == 0) break;
      const std::string_view text(record, static_cast<size_t>(got));
      const size_t semicolon = text.find(';');
      if (semicolon == std::string_view::npos) continue;
      std::string_view message = text.substr(semicolon + 1);
      message = message.substr(0, message.find('\n'));
      Json kill = parse_oom_message(message);
      if (kill.is_null()) continue;
      // Header fields: priority, sequence, microseconds since boot.
      const std::string_view header = text.substr(0, semicolon);
      const size_t c1 = header.find(',');
      const size_t c2 = c1 == std::string_view::npos ? c1 : header.find(',', c1 + 1);
      if (c2 != std::string_view::npos) {
        const std::string_view usec_text = header.substr(c2 + 1, header.find(',', c2 + 1) - c2 - 1);
        unsigned long long usec = 0;
        std::from_chars(usec_text.data(), usec_text.data() + usec_text.size(), usec);
        kill["uptime"] = static_cast<double>(usec) / 1e6;
        kill["time"] = boot_time() + static_cast<double>(usec) / 1e6;
      }
      kills.push_back(std::move(kill));
    }
    ::close(fd);
    if (readable) return {{"ok", true}, {"source", "/dev/kmsg"}, {"kills", kills}};
  } else {
    tried.push_back(std::string("/dev/kmsg: ") + std::strerror(errno));
  }

  // Syslog files: "Nov 22 07:14:18 host kernel: [ 1.2] Out of memory: ..." or an ISO timestamp first.
  const int year = logscan::current_year();
  for (const char* path : {"/var/log/kern.log", "/var/log/syslog", "/var/log/messages"}) {
    int err = 0;
    const auto text = read_file(path, 64 * 1024 * 1024, &err);
    if (!text) {
      tried.push_back(std::string(path) + ": " + std::strerror(err));
      continue;
    }
    Json kills = Json::array();
    for (std::string_view line : split_lines(*text)) {
      if (line.find("out of memory") == std::string_view::npos && line.find("Out of memory") == std::string_view::npos)
        continue;
      Json kill = parse_oom_message(line);
      if (kill.is_null()) continue;
      if (auto iso = logscan::parse_iso8601(line)) kill["time"] = iso->epoch;
      else if (auto syslog = logscan::parse_syslog_time(line, year)) kill["time"] = syslog->epoch;
      kills.push_back(std::move(kill));
    }
    return {{"ok", true}, {"source", path}, {"kills", kills}};
  }
  std::string message = "kernel log not readable (";
  for (size_t i = 0; i < tried.size(); ++i) message += (i ? "; " : "") + tried[i];
  message += ")";
  return {{"ok", false}, {"error", "not_readable"}, {"message", message}};
}

}  // namespace clawbook::proc
