// URLs of gateway targets: http, https, ws, wss; IPv6 literals in brackets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clawbook::gateway {

struct Url {
  std::string scheme;  // lowercased: http, https, ws, wss
  std::string host;    // without brackets
  unsigned short port = 0;
  std::string target;  // path and query, at least "/"

  bool tls() const { return scheme == "https" || scheme == "wss"; }
  // The Host header value: host:port, IPv6 literals in brackets (the gateway checks Host for locality).
  std::string host_header() const;
  // A printable form without user info.
  std::string str() const;
};

// nullopt with `error` set when the URL is not usable: also control characters anywhere (CR/LF would inject
// headers, a NUL would cut the host short), blanks in the path, and user info ("user:pw@"), which is refused
// rather than dropped: the URL is printed in reports.
std::optional<Url> parse_url(const std::string& text, std::string& error);

// True when `text` holds a C0 control character or DEL (header names and values, hosts).
bool has_control(std::string_view text);

// `text` safe to print: user info replaced by "***@", control characters by '?'.
std::string url_for_display(std::string_view text);

// Joins a base URL and a path ("http://h:1/x/" + "/healthz" -> "http://h:1/x/healthz").
std::string join_url(const std::string& base, const std::string& path);

}  // namespace clawbook::gateway
