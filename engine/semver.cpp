#include "semver.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace clawbook::semver {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<long long> number(std::string_view s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

bool is_wildcard(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// A possibly partial version: how many of major/minor/patch were given (wildcards end the count).
struct Partial {
  Version version;
  int given = 0;
};

std::optional<Partial> parse_partial(std::string_view text) {
  text = trim(text);
  if (!text.empty() && (text[0] == 'v' || text[0] == '=')) text.remove_prefix(1);
  if (text.empty() || is_wildcard(text)) return Partial{};
  std::string_view core = text;
  std::vector<std::string> prerelease;
  if (auto plus = core.find('+'); plus != std::string_view::npos) core = core.substr(0, plus);
  if (auto dash = core.find('-'); dash != std::string_view::npos) {
    for (auto id : split(core.substr(dash + 1), '.')) {
      if (id.empty()) return std::nullopt;
      prerelease.emplace_back(id);
    }
    core = core.substr(0, dash);
  }
  auto parts = split(core, '.');
  if (parts.size() > 3) return std::nullopt;
  Partial out;
  long long* fields[] = {&out.version.major, &out.version.minor, &out.version.patch};
  bool wild = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (is_wildcard(parts[i])) {
      wild = true;
      continue;
    }
    if (wild) return std::nullopt;  // "1.x.3" and "x.y" are not versions
    auto n = number(parts[i]);
    if (!n) return std::nullopt;
    *fields[i] = *n;
    out.given = static_cast<int>(i) + 1;
  }
  if (!prerelease.empty() && out.given < 3) return std::nullopt;
  out.version.prerelease = std::move(prerelease);
  return out;
}

Version bump(const Partial& p, int field) {
  Version v;
  if (field == 0) v.major = p.version.major + 1;
  if (field == 1) { v.major = p.version.major; v.minor = p.version.minor + 1; }
  if (field == 2) { v.major = p.version.major; v.minor = p.version.minor; v.patch = p.version.patch + 1; }
  v.prerelease = {"0"};  // the lowest version of the next release: excludes its prereleases too
  return v;
}

using Op = Range::Comparator::Op;

bool add_comparators(std::string_view token, std::vector<Range::Comparator>& out) {
  std::string_view op;
  for (std::string_view candidate : {">=", "<=", ">", "<", "=", "^", "~"}) {
    if (token.substr(0, candidate.size()) == candidate) {
      op = candidate;
      break;
    }
  }
  auto partial = parse_partial(token.substr(op.size()));
  if (!partial) return false;
  const Version& v = partial->version;
  const int given = partial->given;
  if (op == "^") {
    if (given == 0) return true;
    out.push_back({Op::ge, v});
    int field = 0;
    if (v.major == 0 && given >= 2) field = (v.minor == 0 && given == 3) ? 2 : 1;
    if (v.major == 0 && given == 1) field = 0;
    out.push_back({Op::lt, bump(*partial, field)});
  } else if (op == "~") {
    if (given == 0) return true;
    out.push_back({Op::ge, v});
    out.push_back({Op::lt, bump(*partial, given == 1 ? 0 : 1)});
  } else if (op.empty() || op == "=") {
    if (given == 3) {
      out.push_back({Op::eq, v});
    } else if (given > 0) {
      out.push_back({Op::ge, v});
      out.push_back({Op::lt, bump(*partial, given - 1)});
    }
  } else if (op == ">") {
    if (given == 0) out.push_back({Op::lt, Version{}});  // ">*" matches nothing
    else out.push_back(given == 3 ? Range::Comparator{Op::gt, v} : Range::Comparator{Op::ge, bump(*partial, given - 1)});
  } else if (op == ">=") {
    if (given > 0) out.push_back({Op::ge, v});
  } else if (op == "<") {
    out.push_back({Op::lt, given == 0 ? Version{} : v});
  } else if (op == "<=") {
    if (given == 3) out.push_back({Op::le, v});
    else if (given > 0) out.push_back({Op::lt, bump(*partial, given - 1)});
  }
  return true;
}

bool matches(const Range::Comparator& c, const Version& v) {
  const int cmp = compare(v, c.version);
  switch (c.op) {
    case Op::eq: return cmp == 0;
    case Op::lt: return cmp < 0;
    case Op::le: return cmp <= 0;
    case Op::gt: return cmp > 0;
    case Op::ge: return cmp >= 0;
  }
  return false;
}

}  // namespace

std::optional<Version> Version::parse(std::string_view text) {
  auto partial = parse_partial(text);
  if (!partial || partial->given != 3) return std::nullopt;
  return partial->version;
}

std::string Version::str() const {
  std::string out = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (size_t i = 0; i < prerelease.size(); ++i) out += (i == 0 ? "-" : ".") + prerelease[i];
  return out;
}

int compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  // A release ranks above its prereleases; identifiers compare numerically when both are numbers.
  if (a.prerelease.empty() != b.prerelease.empty()) return a.prerelease.empty() ? 1 : -1;
  for (size_t i = 0; i < std::min(a.prerelease.size(), b.prerelease.size()); ++i) {
    const auto& x = a.prerelease[i];
    const auto& y = b.prerelease[i];
    auto nx = number(x), ny = number(y);
    if (nx && ny) {
      if (*nx != *ny) return *nx < *ny ? -1 : 1;
    } else if (nx || ny) {
      return nx ? -1 : 1;
    } else if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  if (a.prerelease.size() != b.prerelease.size()) return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
  return 0;
}

std::optional<Range> Range::parse(std::string_view text) {
  Range range;
  range.text_ = std::string(trim(text));
  size_t start = 0;
  std::string_view all = range.text_;
  while (true) {
    size_t bar = all.find("||", start);
    std::string_view alternative = trim(all.substr(start, bar == std::string_view::npos ? all.npos : bar - start));
    std::vector<Comparator> comparators;
    // Tokenise on spaces, re-attaching an operator separated from its version (">= 1.2").
    std::vector<std::string> tokens;
    for (auto piece : split(alternative, ' ')) {
      if (piece.empty()) continue;
      if (!tokens.empty() && std::all_of(tokens.back().begin(), tokens.back().end(),
                                         [](char c) { return std::string_view("<>=^~").find(c) != std::string_view::npos; }))
        tokens.back() += std::string(piece);
      else
        tokens.emplace_back(piece);
    }
    if (tokens.size() == 3 && tokens[1] == "-") {  // hyphen range: "1.0 - 2.0"
      auto low = parse_partial(tokens[0]);
      auto high = parse_partial(tokens[2]);
      if (!low || !high) return std::nullopt;
      comparators.push_back({Op::ge, low->version});
      if (high->given == 3) comparators.push_back({Op::le, high->version});
      else if (high->given > 0) comparators.push_back({Op::lt, bump(*high, high->given - 1)});
    } else {
      for (const auto& token : tokens)
        if (!add_comparators(token, comparators)) return std::nullopt;
    }
    range.alternatives_.push_back(std::move(comparators));
    if (bar == std::string_view::npos) break;
    start = bar + 2;
  }
  return range;
}

bool Range::satisfied_by(const Version& version) const {
  for (const auto& alternative : alternatives_) {
    bool ok = std::all_of(alternative.begin(), alternative.end(),
                          [&](const Comparator& c) { return matches(c, version); });
    if (ok && !version.prerelease.empty()) {
      // npm rule: a prerelease satisfies only when some comparator names the same release with a prerelease.
      ok = std::any_of(alternative.begin(), alternative.end(), [&](const Comparator& c) {
        return !c.version.prerelease.empty() && c.version.prerelease != std::vector<std::string>{"0"} &&
               c.version.major == version.major && c.version.minor == version.minor &&
               c.version.patch == version.patch;
      });
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace clawbook::semver
