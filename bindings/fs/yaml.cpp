#include "fs/yaml.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

namespace clawbook::fs {
namespace {

using nlohmann::json;

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

// A value built so far with what it costs: nodes and scalar bytes, aliases counted as the copies they are.
struct Built {
  json value;
  std::size_t nodes = 0;
  std::size_t bytes = 0;
};

std::optional<json> integer(std::string_view text) {
  std::string digits(text);
  int base = 10;
  std::size_t start = (digits[0] == '+' || digits[0] == '-') ? 1 : 0;
  const bool negative = digits[0] == '-';
  if (digits.size() > start + 2 && digits[start] == '0' && (digits[start + 1] == 'x' || digits[start + 1] == 'o')) {
    if (start == 1) return std::nullopt;  // the core schema has no signed hex or octal
    base = digits[start + 1] == 'x' ? 16 : 8;
    start += 2;
  }
  if (start >= digits.size()) return std::nullopt;
  for (std::size_t i = start; i < digits.size(); ++i) {
    const char c = digits[i];
    const bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                               : (c >= '0' && c <= (base == 8 ? '7' : '9'));
    if (!ok) return std::nullopt;
  }
  errno = 0;
  const std::string body = digits.substr(start);
  const unsigned long long magnitude = std::strtoull(body.c_str(), nullptr, base);
  if (errno == ERANGE) return json(std::strtod(std::string(text).c_str(), nullptr));
  if (!negative) return json(static_cast<std::uint64_t>(magnitude));
  if (magnitude > static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()) + 1ULL)
    return json(-static_cast<double>(magnitude));
  return json(magnitude == 0 ? std::int64_t{0} : -static_cast<std::int64_t>(magnitude - 1) - 1);
}

std::optional<json> floating(std::string_view text) {
  static const std::map<std::string_view, double> special = {
      {".inf", HUGE_VAL},   {".Inf", HUGE_VAL},     {".INF", HUGE_VAL},     {"+.inf", HUGE_VAL},
      {"+.Inf", HUGE_VAL},  {"+.INF", HUGE_VAL},    {"-.inf", -HUGE_VAL},   {"-.Inf", -HUGE_VAL},
      {"-.INF", -HUGE_VAL}, {".nan", std::nan("")}, {".NaN", std::nan("")}, {".NAN", std::nan("")}};
  if (auto it = special.find(text); it != special.end()) return json(it->second);
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - from;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  return json(std::strtod(std::string(text).c_str(), nullptr));
}

// The core schema's reading of a plain scalar.
json plain_scalar(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (auto value = integer(text)) return *value;
  if (auto value = floating(text)) return *value;
  return text;
}

// Builds JSON from yaml-cpp's events with an explicit stack (no recursion of our own), counting as it goes.
class Builder : public YAML::EventHandler {
 public:
  explicit Builder(const YamlLimits& limits) : limits_(limits) {}

  std::vector<json> documents;

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp can turn a few broken bytes into an endless stream of empty documents (found by yaml_fuzz).
    if (++document_count_ > limits_.max_documents)
      throw LimitError("more than " + std::to_string(limits_.max_documents) + " documents", mark.line + 1,
                       mark.column + 1);
  }
  void OnDocumentEnd() override {
    if (!stack_.empty() || !last_) throw json5::ParseError("incomplete document", 1, 1);
    documents.push_back(std::move(last_->value));
    last_.reset();
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    complete(Built{.value = nullptr, .nodes = 1, .bytes = 0}, anchor, mark);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw json5::ParseError("unknown alias", mark.line + 1, mark.column + 1);
    // Counted before the copy is made: an alias bomb stops here.
    charge(it->second.nodes, it->second.bytes, mark);
    Built copy{.value = it->second.value, .nodes = it->second.nodes, .bytes = it->second.bytes};
    deliver(std::move(copy), mark, /*alias=*/true);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    charge(1, value.size(), mark);
    const bool plain = tag == "?";
    pending_plain_key_ = plain && value == "<<";
    json scalar = (plain ? plain_scalar(value) : json(value));
    if (!plain && tag != "!" && tag != kStrTag) scalar = plain_scalar(value);  // !!int "3" and the like
    complete(Built{.value = std::move(scalar), .nodes = 1, .bytes = value.size()}, anchor, mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(json::array(), anchor, mark);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(json::object(), anchor, mark);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Built built;
    YAML::anchor_t anchor;
    YAML::Mark mark;
    std::optional<std::string> key;  // a mapping's key waiting for its value
    bool merge_key = false;          // that key is the merge key `<<`
  };

  void charge(std::size_t nodes, std::size_t bytes, const YAML::Mark& mark) {
    nodes_ += nodes;
    bytes_ += bytes;
    if (nodes_ > limits_.max_nodes)
      throw LimitError("more than " + std::to_string(limits_.max_nodes) + " values (aliases count as their copies)",
                       mark.line + 1, mark.column + 1);
    if (bytes_ > limits_.max_scalar_bytes)
      throw LimitError(
          "more than " + std::to_string(limits_.max_scalar_bytes) + " bytes of text (aliases count as their copies)",
          mark.line + 1, mark.column + 1);
  }

  void open(json empty, YAML::anchor_t anchor, const YAML::Mark& mark) {
    charge(1, 0, mark);
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      throw LimitError("nested deeper than " + std::to_string(limits_.max_depth) + " levels", mark.line + 1,
                       mark.column + 1);
    stack_.push_back(Frame{.built = Built{.value = std::move(empty), .nodes = 1, .bytes = 0},
                           .anchor = anchor,
                           .mark = mark,
                           .key = std::nullopt,
                           .merge_key = false});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.key) throw json5::ParseError("mapping key without a value", frame.mark.line + 1, frame.mark.column + 1);
    complete(std::move(frame.built), frame.anchor, frame.mark);
  }

  // A finished node: kept for its anchor, then handed to its parent.
  void complete(Built built, YAML::anchor_t anchor, const YAML::Mark& mark) {
    if (anchor != 0) anchors_[anchor] = Built{.value = built.value, .nodes = built.nodes, .bytes = built.bytes};
    deliver(std::move(built), mark, false);
  }

  void deliver(Built built, const YAML::Mark& mark, bool alias) {
    if (stack_.empty()) {
      last_ = std::move(built);
      return;
    }
    Frame& parent = stack_.back();
    parent.built.nodes += built.nodes;
    parent.built.bytes += built.bytes;
    if (parent.built.value.is_array()) {
      parent.built.value.push_back(std::move(built.value));
      return;
    }
    if (!parent.key) {  // this node is a key
      const bool merge = !alias && pending_plain_key_ && built.value == "<<";
      if (built.value.is_string()) {
        parent.key = built.value.get<std::string>();
      } else if (built.value.is_structured()) {
        throw json5::ParseError("a sequence or mapping as a mapping key is not supported", mark.line + 1,
                                mark.column + 1);
      } else {
        parent.key = built.value.dump();
      }
      parent.merge_key = merge;
      return;
    }
    json& object = parent.built.value;
    if (parent.merge_key) {
      // `<<: mapping` or `<<: [mappings]`: keys not already present, earlier sources first.
      auto merge = [&](const json& source) {
        if (!source.is_object())
          throw json5::ParseError("a merge key's value must be a mapping or a list of mappings", mark.line + 1,
                                  mark.column + 1);
        for (const auto& [key, value] : source.items())
          if (!object.contains(key)) object[key] = value;
      };
      if (built.value.is_array()) {
        for (const auto& source : built.value) merge(source);
      } else {
        merge(built.value);
      }
    } else {
      object[*parent.key] = std::move(built.value);
    }
    parent.key.reset();
    parent.merge_key = false;
  }

  const YamlLimits& limits_;
  std::vector<Frame> stack_;
  std::optional<Built> last_;
  std::map<YAML::anchor_t, Built> anchors_;
  std::size_t nodes_ = 0;
  std::size_t bytes_ = 0;
  bool pending_plain_key_ = false;
  std::size_t document_count_ = 0;
};

}  // namespace

YamlDocuments parse_yaml(std::string_view text, const YamlLimits& limits) {
  if (text.size() > limits.max_input_bytes)
    throw LimitError("larger than " + std::to_string(limits.max_input_bytes) + " bytes", 1, 1);
  std::istringstream in{std::string(text)};
  Builder builder(limits);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::DeepRecursion& error) {
    throw LimitError("nested too deeply for the parser", error.mark.line + 1, error.mark.column + 1);
  } catch (const YAML::Exception& error) {
    const int line = error.mark.is_null() ? 1 : error.mark.line + 1;
    const int column = error.mark.is_null() ? 1 : error.mark.column + 1;
    throw json5::ParseError(error.msg, line, column);
  }
  YamlDocuments result;
  std::vector<json> kept;
  for (auto& document : builder.documents)
    if (!document.is_null() || builder.documents.size() == 1) kept.push_back(std::move(document));
  result.count = kept.size();
  if (kept.size() == 1) {
    result.value = std::move(kept.front());
  } else {
    result.value = json::array();
    for (auto& document : kept) result.value.push_back(std::move(document));
  }
  return result;
}

}  // namespace clawbook::fs
