#include "gateway/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace clawbook::gateway {

std::string Url::host_header() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Url::str() const { return scheme + "://" + host_header() + target; }

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

std::string url_for_display(std::string_view text) {
  std::string out;
  const auto scheme_end = text.find("://");
  std::size_t authority = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const std::size_t authority_end = std::min(text.size(), text.find_first_of("/?#", authority));
  const std::size_t at = text.substr(0, authority_end).rfind('@');
  out.append(text.substr(0, authority));
  if (at != std::string_view::npos && at >= authority) {
    out += "***@";
    authority = at + 1;
  }
  for (const char c : text.substr(authority)) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? '?' : c;
  }
  return out;
}

std::optional<Url> parse_url(const std::string& text, std::string& error) {
  Url url;
  // CR or LF would end the request line and inject headers; a NUL would cut the host short.
  if (has_control(text)) {
    error = "control character (CR, LF, NUL, ...) in URL";
    return std::nullopt;
  }
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos) {
    error = "missing scheme (expected http://, https://, ws:// or wss://)";
    return std::nullopt;
  }
  url.scheme = text.substr(0, scheme_end);
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  unsigned short default_port = 0;
  if (url.scheme == "http" || url.scheme == "ws") {
    default_port = 80;
  } else if (url.scheme == "https" || url.scheme == "wss") {
    default_port = 443;
  } else {
    error = "unsupported scheme '" + url.scheme + "'";
    return std::nullopt;
  }
  std::string rest = text.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, path_start);
  url.target = path_start == std::string::npos ? "/" : rest.substr(path_start);
  if (const auto hash = url.target.find('#'); hash != std::string::npos) url.target.erase(hash);
  if (url.target.empty() || url.target[0] != '/') url.target.insert(0, "/");
  // Credentials in a URL would be dropped here and printed in clear wherever the URL is shown.
  if (authority.find('@') != std::string::npos) {
    error = "user info (user:password@) in URL is not supported; pass credentials as a token or header";
    return std::nullopt;
  }
  if (std::any_of(url.target.begin(), url.target.end(), [](char c) { return c == ' '; })) {
    error = "space in URL path (encode it as %20)";
    return std::nullopt;
  }

  std::string port_text;
  if (!authority.empty() && authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) {
      error = "unterminated IPv6 literal";
      return std::nullopt;
    }
    url.host = authority.substr(1, close - 1);
    const std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        error = "unexpected characters after IPv6 literal";
        return std::nullopt;
      }
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) {
    error = "missing host";
    return std::nullopt;
  }
  url.port = default_port;
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
      error = "bad port '" + port_text + "'";
      return std::nullopt;
    }
    url.port = static_cast<unsigned short>(value);
  }
  return url;
}

std::string join_url(const std::string& base, const std::string& path) {
  std::string joined = base;
  while (!joined.empty() && joined.back() == '/') joined.pop_back();
  // A base without a path: "http://h:1" -> keep as is; the path always starts with '/'.
  return joined + (path.empty() || path[0] != '/' ? "/" + path : path);
}

}  // namespace clawbook::gateway
