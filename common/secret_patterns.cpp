#include "clawbook/secret_patterns.hpp"

#include "clawbook/fingerprint.hpp"
#include "clawbook/secret_name.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace clawbook {
namespace {

constexpr std::size_t npos = std::string_view::npos;
// Lines are scanned in windows of this size, so a line of megabytes costs no more than many short ones.
constexpr std::size_t kWindow = 64 * 1024;
constexpr std::size_t kMaxKeyLength = 128;
constexpr std::size_t kMaxAuthority = 1024;
constexpr std::size_t kMaxPemBlock = 64 * 1024;
constexpr std::size_t kMinValueLength = 4;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
// What keys and tokens are made of; a match must start where a run of these starts.
bool is_ident(char c) { return is_alnum(c) || c == '_' || c == '-' || c == '.'; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == y; });
}

std::size_t skip_blanks(std::string_view s, std::size_t at) {
  while (at < s.size() && is_blank(s[at])) ++at;
  return at;
}

template <class Pred>
std::size_t span_of(std::string_view s, std::size_t from, Pred pred) {
  while (from < s.size() && pred(s[from])) ++from;
  return from;
}

// A value that starts with a fingerprint was redacted already (or is a digest such as an image id): whatever
// follows it, even another fingerprint run into it ("sha256:3a662060sha256:25a89dfc" where a password ran into a
// private key block), redacting it again would only make redaction unstable.
bool starts_with_fingerprint(std::string_view value) {
  constexpr std::size_t kLength = 15;  // "sha256:" and 8 hex digits
  if (value.size() < kLength || !value.starts_with("sha256:")) return false;
  for (std::size_t k = 7; k < kLength; ++k)
    if (!is_digit(value[k]) && !(value[k] >= 'a' && value[k] <= 'f')) return false;
  return true;
}

// Values that are plainly not secrets: literals, placeholders, earlier redactions, variable references.
bool worth_redacting(std::string_view value) {
  if (value.size() < kMinValueLength || starts_with_fingerprint(value)) return false;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c == '*'; })) return false;
  // Also what error messages put after "token:": the reader needs those words.
  // And the modes that follow "auth:" ("auth: token", "auth=password"): a scheme, not a secret.
  static constexpr std::array<std::string_view, 18> kNotSecrets = {
      "null",    "true",    "false",    "undefined", "none",     "<redacted>", "[redacted]", "redacted", "missing",
      "invalid", "expired", "required", "token",     "password", "bearer",     "basic",      "disabled", "enabled"};
  for (const auto word : kNotSecrets)
    if (iequals(value, word)) return false;
  // A pure ${VAR} names where the secret comes from, which the reader needs.
  if (value.size() > 3 && value.starts_with("${") && value.back() == '}') {
    const std::string_view name = value.substr(2, value.size() - 3);
    if (!is_digit(name.front()) &&
        std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '_'; }))
      return false;
  }
  return true;
}

enum class KeyKind { none, secret, authorization };
struct KeyInfo {
  KeyKind kind = KeyKind::none;
  bool env_style = false;  // OPENCLAW_GATEWAY_TOKEN: the whole env value is the secret, spaces and all
};

KeyInfo classify_key(std::string_view ident) {
  // Which names are secrets is the one rule every module shares (clawbook/secret_name.hpp).
  KeyInfo info;
  switch (classify_secret_name(ident)) {
    case SecretName::none: return {};
    case SecretName::secret: info.kind = KeyKind::secret; break;
    case SecretName::authorization: info.kind = KeyKind::authorization; break;
  }
  info.env_style = ident.find('_') != npos && std::none_of(ident.begin(), ident.end(), is_lower) &&
                   std::any_of(ident.begin(), ident.end(), is_upper);
  return info;
}

bool ends_value(char c, bool in_query) {
  return static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';' ||
         c == '&' || c == ')' || c == ']' || c == '}' || c == '<' || c == '>' || (in_query && c == '#');
}

// Up to the `quote` that closes the value (a backslash escapes one), or the end of the window.
std::size_t closing_quote(std::string_view s, std::size_t from, char quote) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == quote) {
      return i;
    }
  }
  return s.size();
}

// An unquoted value: up to a delimiter, with a "${VAR}" taken whole (its '}' is not the end).
std::size_t unquoted_end(std::string_view s, std::size_t from, bool in_query) {
  if (s.substr(from).starts_with("${")) {
    const std::size_t close = s.find('}', from);
    if (close != npos && close - from <= kMaxKeyLength) from = close + 1;
  }
  return span_of(s, from, [&](char c) { return !ends_value(c, in_query); });
}

// Only blanks, "export " or a YAML "- " before `at`: the whole line is one assignment.
bool starts_line(std::string_view s, std::size_t at) {
  std::string_view before = s.substr(0, at);
  before.remove_prefix(std::min(before.size(), skip_blanks(before, 0)));
  for (const std::string_view lead : {"export ", "- "}) {
    if (before.starts_with(lead)) {
      before.remove_prefix(lead.size());
      before.remove_prefix(std::min(before.size(), skip_blanks(before, 0)));
    }
  }
  return before.empty();
}

// The rest of the line, less trailing blanks and a " #" comment (YAML, .env files).
std::size_t rest_of_line_end(std::string_view s, std::size_t from) {
  std::size_t end = s.size();
  for (std::size_t k = from + 1; k < end; ++k)
    if (s[k] == '#' && is_blank(s[k - 1])) end = k;
  while (end > from && (is_blank(s[end - 1]) || s[end - 1] == '\r')) --end;
  return end;
}

struct Span {
  std::size_t begin = 0, end = 0;
};

// A key (the identifier run [i, j)) followed by its value: the value's span.
bool match_key_value(std::string_view s, std::size_t i, std::size_t j, bool window_starts_line, Span& value) {
  const char before = i > 0 ? s[i - 1] : '\0';
  const char quote = before == '"' || before == '\'' ? before : '\0';
  std::size_t k = j;
  const bool key_quoted = quote != '\0' && k < s.size() && s[k] == quote;
  if (key_quoted) ++k;
  const std::size_t after_key = k;
  k = skip_blanks(s, k);
  bool separated = false;
  bool skip_after = true;
  const char separator = k < s.size() ? s[k] : '\0';
  if (separator == ':' || separator == '=') {
    const char next = k + 1 < s.size() ? s[k + 1] : '\0';
    if ((s[k] == ':' && next == '=') || (s[k] == '=' && next == '>')) {  // "TOKEN := x", "token => x"
      k += 2;
      separated = true;
    } else if (next != s[k] && !(s[k] == ':' && next == '/')) {  // not "::", "==" or "scheme://"
      // "token= user=x" in logfmt is an empty value; blanks after '=' belong to it only in "key = value".
      skip_after = s[k] == ':' || k > after_key;
      ++k;
      separated = true;
    }
  }
  const bool flag = !separated && s.substr(i, j - i).starts_with("--") && j + 1 < s.size() && s[j] == ' ' &&
                    s[j + 1] != '-';  // "--token VALUE" on a command line
  if (!separated && !flag) return false;
  if (before == '/') return false;  // "/etc/passwd: ..." is a path, not a key
  const KeyInfo key = classify_key(s.substr(i, j - i));
  if (key.kind == KeyKind::none) return false;
  if (flag) k = j + 1;
  if (skip_after) k = skip_blanks(s, k);
  if (k >= s.size()) return false;

  value = {k, k};
  const char first = s[k];
  if (first == '"' || first == '\'' || first == '`') {
    value = {k + 1, closing_quote(s, k + 1, first)};
  } else if (first == '{' || first == '[') {
    return false;  // a nested object or list, not a value
  } else if (key.kind == KeyKind::authorization) {
    value.end = quote != '\0' && !key_quoted ? closing_quote(s, k, quote) : s.size();
  } else if (quote != '\0' && !key_quoted && key.env_style) {
    value.end = closing_quote(s, k, quote);  // ["OPENCLAW_GATEWAY_TOKEN=value with spaces"]
  } else if (!flag && (separator == ':' || key.env_style) && window_starts_line && starts_line(s, i)) {
    // YAML's "key: value" and an env file's NAME=value own their line; "token=x user=y" (logfmt) does not.
    value.end = rest_of_line_end(s, k);
  } else {
    value.end = unquoted_end(s, k, before == '?' || before == '&');
  }

  if (key.kind == KeyKind::authorization) {
    // "Bearer X", "Basic X", "Token X": the credential after the scheme.
    const std::size_t scheme_end = span_of(s.substr(0, value.end), value.begin, is_alpha);
    const std::string_view scheme = s.substr(value.begin, scheme_end - value.begin);
    if (!iequals(scheme, "bearer") && !iequals(scheme, "basic") && !iequals(scheme, "token")) return false;
    const std::size_t credential = skip_blanks(s.substr(0, value.end), scheme_end);
    if (credential == scheme_end) return false;
    value = {credential, span_of(s.substr(0, value.end), credential, [](char c) { return !ends_value(c, false); })};
  }
  return worth_redacting(s.substr(value.begin, value.end - value.begin));
}

bool ends_authority(char c) {
  return static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' ||
         c == '`' || c == '<' || c == '>';
}

// "scheme://user:password@host" with the scheme at [i, j): the password's span.
bool match_userinfo(std::string_view s, std::size_t i, std::size_t j, Span& value) {
  if (s.substr(j, 3) != "://" || !is_alpha(s[i])) return false;
  const std::size_t begin = j + 3;
  std::size_t end = begin;
  while (end < s.size() && end - begin < kMaxAuthority && !ends_authority(s[end])) ++end;
  // The host follows the last '@': an unencoded '@' in a password comes before it.
  const std::size_t at = s.substr(begin, end - begin).rfind('@');
  if (at == npos) return false;
  const std::size_t colon = s.substr(begin, at).find(':');
  if (colon == npos) return false;
  value = {begin + colon + 1, begin + at};
  return worth_redacting(s.substr(value.begin, value.end - value.begin));
}

bool is_token_char(char c) { return is_alnum(c) || c == '_' || c == '-'; }

// The end of a well-known token shape starting at `i`, or npos.
std::size_t token_shape_end(std::string_view s, std::size_t i) {
  const std::string_view rest = s.substr(i);
  const auto at_least = [&](std::size_t from, std::size_t minimum, auto pred) {
    const std::size_t end = span_of(s, from, pred);
    return end - from >= minimum ? end : npos;
  };
  if (rest.starts_with("sk-")) return at_least(i + 3, 16, is_token_char);
  if (rest.size() > 4 && rest.starts_with("gh") && std::string_view("pousr").find(rest[2]) != npos && rest[3] == '_')
    return at_least(i + 4, 30, is_alnum);
  if (rest.starts_with("github_pat_")) return at_least(i + 11, 22, [](char c) { return is_alnum(c) || c == '_'; });
  if (rest.size() > 5 && rest.starts_with("xox") && std::string_view("bap").find(rest[3]) != npos && rest[4] == '-')
    return at_least(i + 5, 10, [](char c) { return is_alnum(c) || c == '-'; });
  if (rest.starts_with("AKIA")) {
    const std::size_t end = span_of(s, i + 4, [](char c) { return is_upper(c) || is_digit(c); });
    return end - (i + 4) == 16 && (end == s.size() || !is_alnum(s[end])) ? end : npos;
  }
  // Webhook URLs carry their secret in the path: the host and path go, the scheme stays.
  for (const std::string_view host :
       {"hooks.slack.com/services/", "discord.com/api/webhooks/", "discordapp.com/api/webhooks/"}) {
    if (rest.starts_with(host) && (i < 3 || s.substr(i - 3, 3) == "://"))
      return at_least(i + host.size(), 8, [](char c) { return !ends_value(c, false); });
  }
  if (rest.starts_with("eyJ")) {
    // A JWT: header, payload and signature, base64url, dot-separated.
    std::size_t end = at_least(i + 3, 8, is_token_char);
    for (int part = 0; part < 2 && end != npos; ++part)
      end = end < s.size() && s[end] == '.' ? at_least(end + 1, 8, is_token_char) : npos;
    return end;
  }
  return npos;
}

void redact_window(std::string_view s, bool starts_line, std::string& out,
                   const std::function<void(std::string_view)>& found) {
  std::size_t copied = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_ident(s[i]) || (i > 0 && is_ident(s[i - 1]))) {
      ++i;
      continue;
    }
    const std::size_t j = span_of(s, i, is_ident);
    Span value;
    bool hit = match_key_value(s, i, j, starts_line, value) || match_userinfo(s, i, j, value);
    if (!hit) {
      const std::size_t end = token_shape_end(s, i);
      hit = end != npos;
      if (hit) value = {i, end};
    }
    if (!hit) {
      i = j;
      continue;
    }
    const std::string_view secret = s.substr(value.begin, value.end - value.begin);
    out.append(s.substr(copied, value.begin - copied));
    out += fingerprint(secret);
    if (found) found(secret);
    copied = i = value.end;
  }
  out.append(s.substr(copied));
}

void redact_lines(std::string_view text, bool starts_line, std::string& out,
                  const std::function<void(std::string_view)>& found) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t newline = text.find('\n', pos);
    const std::size_t line_end = newline == npos ? text.size() : newline;
    for (std::size_t window = pos; window < line_end; window += kWindow)
      redact_window(text.substr(window, std::min(kWindow, line_end - window)), starts_line && window == pos, out,
                    found);
    if (newline == npos) break;
    out += '\n';
    pos = newline + 1;
    starts_line = true;
  }
}

// "RSA PRIVATE KEY" and the like, then "-----": the end of the marker at `from`, or npos.
std::size_t private_key_marker_end(std::string_view text, std::size_t from) {
  const std::size_t end = span_of(text.substr(0, std::min(text.size(), from + 64)), from,
                                  [](char c) { return is_upper(c) || is_digit(c) || c == ' '; });
  if (!text.substr(from, end - from).ends_with("PRIVATE KEY") || text.substr(end, 5) != "-----") return npos;
  return end + 5;
}

// The next PEM private key block at or after `from` as [begin, end); begin is npos when there is none.
std::pair<std::size_t, std::size_t> next_private_key(std::string_view text, std::size_t from) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kEnd = "-----END ";
  for (std::size_t begin = text.find(kBegin, from); begin != npos; begin = text.find(kBegin, begin + 1)) {
    const std::size_t header_end = private_key_marker_end(text, begin + kBegin.size());
    if (header_end == npos) continue;  // a certificate or public key: nothing secret
    // Searched no further than the next BEGIN, so a run of headers without ends stays linear.
    std::string_view region = text.substr(header_end, kMaxPemBlock);
    region = region.substr(0, region.find(kBegin));
    const std::size_t end = region.find(kEnd);
    if (end != npos) {
      const std::size_t footer_end = private_key_marker_end(text, header_end + end + kEnd.size());
      if (footer_end != npos) return {begin, footer_end};
    }
    // No END (a truncated log): the base64 body after the header, as far as it goes, is still the key.
    std::size_t body = header_end + span_of(region, 0, [](char c) {
                         return is_alnum(c) || c == '+' || c == '/' || c == '=' || c == '\\' || c == ' ' || c == '\t' ||
                                c == '\r' || c == '\n';
                       });
    while (body > header_end && (is_blank(text[body - 1]) || text[body - 1] == '\r' || text[body - 1] == '\n')) --body;
    return {begin, body};
  }
  return {npos, npos};
}

}  // namespace

std::string redact_secret_patterns(std::string_view text, const std::function<void(std::string_view)>& found) {
  std::string out;
  out.reserve(text.size());
  // PEM blocks first: they span lines, and a whole block is one secret.
  std::size_t pos = 0;
  bool starts_line = true;
  while (true) {
    const auto [begin, end] = next_private_key(text, pos);
    redact_lines(text.substr(pos, (begin == npos ? text.size() : begin) - pos), starts_line, out, found);
    if (begin == npos) break;
    const std::string_view block = text.substr(begin, end - begin);
    // A block glued to a word ("sk-abc-----BEGIN ...") gets a space on that side, so the fingerprint never
    // becomes part of a longer token that a second pass would take for a credential.
    const auto glued = [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '+' || c == '/' || c == '='; };
    if (!out.empty() && glued(out.back())) out += ' ';
    out += fingerprint(block);
    if (end < text.size() && glued(text[end])) out += ' ';
    if (found) found(block);
    pos = end;
    starts_line = false;  // what follows the END marker continues its line
  }
  return out;
}

}  // namespace clawbook
