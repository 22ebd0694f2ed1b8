#include "watch_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <limits>
#include <sstream>

namespace clawbook::cli {
namespace {

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

std::string text_of(const OrderedJson& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string num(double value, int places = 1) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", places, value);
  return buffer;
}

// One line of an event, as the terminal shows it (without the time).
std::string describe(const OrderedJson& e) {
  const std::string kind = e.value("kind", "");
  if (kind == "disconnect")
    return "disconnect " + text_of(e.value("close_code", OrderedJson())) +
           (e.value("close_reason", "").empty() ? "" : " \"" + e.value("close_reason", "") + "\"") + " after " +
           num(e.value("connected_s", 0.0)) + " s";
  if (kind == "connected")
    return e.contains("reconnect_s") ? "connected (reconnect after " + num(e.value("reconnect_s", 0.0)) + " s)"
                                     : "connected";
  if (kind == "hello_ok")
    return "hello-ok " + text_of(e.value("server_version", OrderedJson())) + " bootId " +
           text_of(e.value("boot_id", OrderedJson()));
  if (kind == "ready") return std::string("/readyz ") + (e.value("ready", false) ? "ready" : "NOT ready");
  if (kind == "restart")
    return "restart (" + e.value("via", "") + " " + text_of(e.value("from", OrderedJson())) + " → " +
           text_of(e.value("to", OrderedJson())) + ")" +
           (e.contains("boot_id") && e.value("via", "") != "bootId"
                ? " bootId " + text_of(e.value("previous_boot_id", OrderedJson())) + " → " +
                      text_of(e.value("boot_id", OrderedJson()))
                : "");
  if (kind == "loop_delay")
    return "event loop " + text_of(e.value("level", OrderedJson())) + ": delay p99 " +
           text_of(e.value("p99_ms", OrderedJson())) + " ms, max " + text_of(e.value("max_ms", OrderedJson())) + " ms";
  if (kind == "hang") return "no answer to health: the gateway is not answering";
  if (kind == "connect_failed")
    return "connect failed: " + text_of(e.value("error", OrderedJson())) + " " +
           text_of(e.value("detail", OrderedJson()));
  if (kind == "token_change") return "token fingerprint changed";
  if (kind == "log_match")
    return "log: " + text_of(e.value("signature", OrderedJson())) + ": " + text_of(e.value("message", OrderedJson()));
  if (kind == "triage")
    return text_of(e.value("runbook", OrderedJson())) +
           " ran: " + text_of(e.value("findings_text", OrderedJson("no findings")));
  if (kind == "event") return "event " + text_of(e.value("event", OrderedJson()));
  return kind;
}

struct Marker {
  const char* color;
  const char* lane;
};

const std::map<std::string, Marker>& markers() {
  static const std::map<std::string, Marker> table = {
      {"disconnect", {"#d62728", "connection"}}, {"connect_failed", {"#d62728", "connection"}},
      {"restart", {"#9467bd", "gateway"}},       {"token_change", {"#ff7f0e", "gateway"}},
      {"log_match", {"#7f7f7f", "log"}},         {"triage", {"#1f77b4", "gateway"}},
      {"tick", {"#bbbbbb", "events"}},           {"event", {"#8c564b", "events"}},
      {"hang", {"#d62728", "gateway"}},          {"loop_delay", {"#e377c2", "gateway"}},
  };
  return table;
}

void draw_timeline(std::ostringstream& out, const OrderedJson& watch) {
  const auto& events = watch.contains("events") && watch["events"].is_array() ? watch["events"] : OrderedJson::array();
  double span = watch.value("duration_s", 0.0);
  for (const auto& e : events) span = std::max(span, e.value("t", 0.0));
  if (span <= 0) span = 1;
  const double left = 110, width = 860, lane_h = 34;
  const std::vector<std::string> lanes = {"connection", "readyz", "gateway", "log", "events"};
  const double height = 40 + lane_h * static_cast<double>(lanes.size()) + 20;
  const auto x = [&](double t) { return left + width * std::clamp(t / span, 0.0, 1.0); };
  const auto y = [&](const std::string& lane) {
    const auto at = std::find(lanes.begin(), lanes.end(), lane) - lanes.begin();
    return 30 + lane_h * static_cast<double>(at);
  };
  out << "<svg role=\"img\" aria-label=\"watch timeline\" width=\"" << num(left + width + 20, 0) << "\" height=\""
      << num(height, 0) << "\" viewBox=\"0 0 " << num(left + width + 20, 0) << " " << num(height, 0)
      << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  for (const auto& lane : lanes) {
    out << "<text x=\"4\" y=\"" << num(y(lane) + 20, 0) << "\">" << lane << "</text>";
    out << "<rect x=\"" << num(left, 0) << "\" y=\"" << num(y(lane) + 4, 0) << "\" width=\"" << num(width, 0)
        << "\" height=\"" << num(lane_h - 8, 0) << "\" fill=\"#f4f4f4\"/>\n";
  }
  // The axis: ten divisions, in seconds.
  for (int i = 0; i <= 10; ++i) {
    const double t = span * i / 10;
    out << "<line x1=\"" << num(x(t)) << "\" x2=\"" << num(x(t)) << "\" y1=\"26\" y2=\"" << num(height - 18, 0)
        << "\" stroke=\"#ddd\"/><text x=\"" << num(x(t)) << "\" y=\"" << num(height - 4, 0)
        << "\" text-anchor=\"middle\">" << num(t, span < 20 ? 1 : 0) << " s</text>\n";
  }
  // Connected spans (green) and readiness (green ready, red not ready), from the events' order.
  // Start of the open span, or NaN (not std::optional: GCC -O2 warns "may be used uninitialized" through it).
  const double none = std::numeric_limits<double>::quiet_NaN();
  double up_since = none, ready_since = none;
  bool ready = false;
  const auto span_rect = [&](const std::string& lane, double from, double to, const char* color,
                             const std::string& title) {
    out << "<rect x=\"" << num(x(from)) << "\" y=\"" << num(y(lane) + 8, 0) << "\" width=\""
        << num(std::max(1.0, x(to) - x(from))) << "\" height=\"" << num(lane_h - 16, 0) << "\" fill=\"" << color
        << "\"><title>" << esc(title) << "</title></rect>\n";
  };
  for (const auto& e : events) {
    const std::string kind = e.value("kind", "");
    const double t = e.value("t", 0.0);
    if (kind == "connected") up_since = t;
    if (kind == "disconnect" && !std::isnan(up_since)) {
      span_rect("connection", up_since, t, "#2ca02c", "connected " + num(t - up_since) + " s");
      up_since = none;
    }
    if (kind == "ready") {
      if (!std::isnan(ready_since))
        span_rect("readyz", ready_since, t, ready ? "#2ca02c" : "#d62728", ready ? "ready" : "not ready");
      ready_since = t;
      ready = e.value("ready", false);
    }
  }
  if (!std::isnan(up_since)) span_rect("connection", up_since, span, "#2ca02c", "connected");
  if (!std::isnan(ready_since))
    span_rect("readyz", ready_since, span, ready ? "#2ca02c" : "#d62728", ready ? "ready" : "not ready");
  for (const auto& e : events) {
    const auto found = markers().find(e.value("kind", ""));
    if (found == markers().end()) continue;
    const double t = e.value("t", 0.0);
    const double cy = y(found->second.lane) + lane_h / 2;
    const std::string title = "+" + num(t) + " s " + describe(e);
    if (e.value("kind", "") == "tick") {
      out << "<line x1=\"" << num(x(t)) << "\" x2=\"" << num(x(t)) << "\" y1=\"" << num(cy - 6) << "\" y2=\""
          << num(cy + 6) << "\" stroke=\"" << found->second.color << "\"><title>" << esc(title) << "</title></line>\n";
    } else {
      out << "<circle class=\"ev-" << esc(e.value("kind", "")) << "\" cx=\"" << num(x(t)) << "\" cy=\"" << num(cy)
          << "\" r=\"5\" fill=\"" << found->second.color << "\"><title>" << esc(title) << "</title></circle>\n";
    }
  }
  out << "</svg>\n";
}

}  // namespace

std::string render_watch_html(const OrderedJson& report) {
  const OrderedJson watch = report.contains("facts") && report["facts"].contains("watch") ? report["facts"]["watch"]
                                                                                          : OrderedJson::object();
  std::ostringstream out;
  const std::string target = text_of(watch.value("target", OrderedJson()));
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>clawbook watch " << esc(target)
      << "</title>\n<style>\n"
      << "body{font-family:sans-serif;margin:1.5em;color:#222}h1{font-size:1.3em}table{border-collapse:collapse}"
         "td,th{border-bottom:1px solid #eee;padding:2px 8px;text-align:left;font-size:.9em}"
         ".sev-high,.sev-critical{color:#b00}.sev-medium{color:#b60}.muted{color:#777}\n"
      << "</style></head><body>\n";
  out << "<h1>clawbook watch — " << esc(target) << "</h1>\n<p class=\"muted\">" << esc(report.value("started_at", ""))
      << " · " << num(watch.value("duration_s", 0.0), 0) << " s watched · " << watch.value("total", 0) << " events";
  if (watch.value("stopped", false)) out << " · stopped by the user";
  out << " · verdict " << esc(report.value("verdict", "")) << "</p>\n";
  if (watch.contains("counts") && watch["counts"].is_object()) {
    out << "<p>";
    for (const auto& [kind, count] : watch["counts"].items()) out << esc(kind) << " " << text_of(count) << " · ";
    out << "</p>\n";
  }
  draw_timeline(out, watch);
  out << "<h2>Findings</h2>\n";
  const auto& findings = report.contains("findings") ? report["findings"] : OrderedJson::array();
  if (findings.empty()) out << "<p>None.</p>\n";
  for (const auto& f : findings) {
    out << "<h3 class=\"sev-" << esc(f.value("severity", "")) << "\">" << esc(f.value("severity", "")) << " · "
        << esc(f.value("id", "")) << ": " << esc(f.value("title", "")) << "</h3>\n<p>" << esc(f.value("cause", ""))
        << "</p>\n";
    if (f.contains("evidence"))
      out << "<pre>" << esc(f["evidence"].dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "</pre>\n";
    if (f.contains("fix") && f["fix"].is_array()) {
      out << "<ul>";
      for (const auto& line : f["fix"]) out << "<li><code>" << esc(text_of(line)) << "</code></li>";
      out << "</ul>\n";
    }
  }
  out << "<h2>Events</h2>\n";
  if (watch.value("total", 0) > watch.value("kept", 0))
    out << "<p class=\"muted\">The first " << (watch.value("total", 0) - watch.value("kept", 0))
        << " events are summarised (counts per kind in the JSON report's <code>evicted</code>).</p>\n";
  out << "<table><tr><th>#</th><th>time</th><th>event</th></tr>\n";
  if (watch.contains("events"))
    for (const auto& e : watch["events"])
      out << "<tr><td>" << text_of(e.value("n", OrderedJson())) << "</td><td>+" << num(e.value("t", 0.0))
          << " s</td><td>" << esc(describe(e)) << "</td></tr>\n";
  out << "</table>\n</body></html>\n";
  return out.str();
}

}  // namespace clawbook::cli
