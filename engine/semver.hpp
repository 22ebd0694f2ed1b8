// Semantic versions and npm-style ranges: what runbooks declare (`version = "1.2.0"`, `engine = "^1"`) and
// what `run ID@RANGE` pins.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::semver {

struct Version {
  long long major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers after '-'

  static std::optional<Version> parse(std::string_view text);
  std::string str() const;
  friend int compare(const Version& a, const Version& b);
  friend bool operator<(const Version& a, const Version& b) { return compare(a, b) < 0; }
  friend bool operator==(const Version& a, const Version& b) { return compare(a, b) == 0; }
};

// A range: alternatives separated by "||", each a conjunction of comparators. Supports exact versions,
// partial versions and x-ranges ("1", "1.2", "1.x", "*"), operators (=, >, >=, <, <=), caret (^1.2), tilde
// (~1.2) and hyphen ranges ("1.0 - 2.0"), as npm does. Prereleases match only when a comparator of the same
// major.minor.patch names one.
class Range {
 public:
  static std::optional<Range> parse(std::string_view text);
  bool satisfied_by(const Version& version) const;
  const std::string& text() const { return text_; }

  struct Comparator {
    enum class Op { eq, lt, le, gt, ge } op;
    Version version;
  };

 private:
  std::string text_;
  std::vector<std::vector<Comparator>> alternatives_;
};

}  // namespace clawbook::semver
