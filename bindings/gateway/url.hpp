// URLs of gateway targets: http, https, ws, wss; IPv6 literals in brackets.
#pragma once

#include <optional>
#include <string>

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

// nullopt with `error` set when the URL is not usable.
std::optional<Url> parse_url(const std::string& text, std::string& error);

// Joins a base URL and a path ("http://h:1/x/" + "/healthz" -> "http://h:1/x/healthz").
std::string join_url(const std::string& base, const std::string& path);

}  // namespace clawbook::gateway
