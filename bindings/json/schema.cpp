#include "json/schema.hpp"

// valijson reports a bad schema by throwing (its default prints and aborts).
#define VALIJSON_USE_EXCEPTIONS 1

#include "clawbook/fingerprint.hpp"
#include "clawbook/secret_name.hpp"
#include "clawbook/untrusted_json.hpp"

#include <pthread.h>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>

namespace clawbook::json_schema {

class Compiled {
 public:
  Json raw;  // the schema as parsed (unsupported patterns made permissive): read again to word the messages
  valijson::Schema schema;
  valijson::Validator validator{valijson::Validator::kStrongTypes};  // keeps its compiled regexes between runs
  std::mutex mutex;                                                  // the regex cache is not thread-safe
  std::size_t unsupported = 0;  // patterns std::regex cannot compile and $refs that resolve nowhere: not checked
};

namespace {

// valijson and std::regex recurse (std::regex about one frame per character for `(a|b)*`): a stack of their own,
// reserved, not committed, so only what a validation touches costs memory.
constexpr std::size_t kStack = 256u << 20;
constexpr std::size_t kCacheEntries = 4;
constexpr std::size_t kShownValue = 60;  // longer strings are not quoted in messages

// Runs `work` on a thread with a kStack-byte stack and waits for it; an exception is rethrown here.
void on_large_stack(const std::function<void()>& work) {
  struct Task {
    const std::function<void()>* work;
    std::exception_ptr error;
  } task{.work = &work, .error = nullptr};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStack);
  pthread_t thread;
  const auto body = [](void* arg) -> void* {
    auto* t = static_cast<Task*>(arg);
    try {
      (*t->work)();
    } catch (...) {
      t->error = std::current_exception();
    }
    return nullptr;
  };
  const int started = pthread_create(&thread, &attr, body, &task);
  pthread_attr_destroy(&attr);
  if (started != 0) {
    work();  // no thread to be had: the caller's stack
    return;
  }
  pthread_join(thread, nullptr);
  if (task.error) std::rethrow_exception(task.error);
}

// Checks what valijson would trust: every $ref stays inside the document, every regex compiles (JavaScript
// syntax std::regex lacks is made permissive and counted). Returns an error message or "".
//
// A `$ref` that does not resolve from the root is resolved from the nearest enclosing subschema where it does:
// OpenClaw embeds each plugin's own config schema, whose "#/$defs/x" means that schema's root. One that resolves
// nowhere points at an empty (permissive) schema and is counted.
class Sanitizer {
 public:
  Sanitizer(Json& root, bool optional_defaults) : root_(root), optional_defaults_(optional_defaults) {}
  std::size_t unsupported = 0;

  std::string run() {
    auto error = walk(root_, Json::json_pointer(), 0, true);
    for (auto& [ref, target] : rewrites_) *ref = target;
    if (unresolved_) root_["definitions"]["clawbook-unresolved"] = Json::object();
    return error;
  }

 private:
  std::string walk(Json& node, const Json::json_pointer& where, int depth, bool schema_position) {
    if (depth > 200) return "schema nested too deeply";
    if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i)
        if (auto error = walk(node[i], where / i, depth + 1, schema_position); !error.empty()) return error;
      return "";
    }
    if (!node.is_object()) return "";
    if (schema_position) {
      ancestors_.push_back(where);
      if (optional_defaults_) optional_defaults(node);
    }
    std::string error;
    for (auto it = node.begin(); it != node.end() && error.empty(); ++it) {
      const std::string& key = it.key();
      Json& value = it.value();
      // Under properties / patternProperties / definitions the keys are names, not keywords.
      const bool names = key == "properties" || key == "patternProperties" || key == "definitions" || key == "$defs" ||
                         key == "dependencies";
      if (schema_position && key == "$ref" && value.is_string()) error = reference(value);
      if (schema_position && key == "pattern" && value.is_string()) {
        const auto usable = usable_pattern(value.get_ref<const std::string&>());
        if (!usable) ++unsupported;
        value = usable.value_or("");
      }
      if (schema_position && key == "patternProperties" && value.is_object()) {
        Json kept = Json::object();
        for (auto& [pattern, sub] : value.items()) {
          if (const auto usable = usable_pattern(pattern)) kept[*usable] = sub;
          else ++unsupported;
        }
        value = std::move(kept);
      }
      if (!error.empty()) break;
      if (key == "const" || key == "enum" || key == "default" || key == "examples") continue;  // data, not schema
      if (names && value.is_object()) {
        for (auto& [name, sub] : value.items()) {
          error = walk(sub, where / key / name, depth + 1, true);
          if (!error.empty()) break;
        }
        continue;
      }
      error = walk(value, where / key, depth + 1, schema_position && !names);
    }
    if (schema_position) ancestors_.pop_back();
    return error;
  }

  // The pattern as std::regex (ECMAScript, without the `u` flag) reads it the way JavaScript does, or nullopt.
  // Unicode property escapes would silently mean the letters "p{Cc}" there: the two OpenClaw uses (control
  // characters, surrogates, which UTF-8 text never holds) are rewritten; any other makes the pattern unsupported.
  std::optional<std::string> usable_pattern(const std::string& pattern) {
    if (pattern.size() > 4096) return std::nullopt;
    std::string out;
    bool in_class = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const char c = pattern[i];
      if (c == '\\' && i + 1 < pattern.size()) {
        const char next = pattern[i + 1];
        if ((next == 'p' || next == 'P' || next == 'u') && i + 2 < pattern.size() && pattern[i + 2] == '{') {
          const auto close = pattern.find('}', i + 3);
          if (close == std::string::npos || next != 'p') return std::nullopt;
          const std::string name = pattern.substr(i + 3, close - i - 3);
          if (name == "Cc") out += in_class ? "\\x00-\\x1F\\x7F" : "[\\x00-\\x1F\\x7F]";
          else if (name == "Cs") out += in_class ? "\\x00" : "[^\\s\\S]";
          else return std::nullopt;
          i = close;
          continue;
        }
        out += c;
        out += next;
        ++i;
        continue;
      }
      if (c == '[' && !in_class) in_class = true;
      else if (c == ']' && in_class) in_class = false;
      out += c;
    }
    if (!compiles(out)) return std::nullopt;
    return out;
  }

  bool compiles(const std::string& pattern) {
    auto [it, fresh] = compiles_.try_emplace(pattern, true);  // a schema repeats its few patterns (42 in 995)
    if (!fresh) return it->second;
    try {
      std::regex check(pattern);
    } catch (const std::regex_error&) {
      it->second = false;
    }
    return it->second;
  }

  // OpenClaw's schema comes from zod, whose JSON Schema output lists a property with a default as required; the
  // config as written may leave it out (zod fills it in). Such a property is optional here, as for OpenClaw.
  void optional_defaults(Json& node) {
    auto required = node.find("required");
    auto properties = node.find("properties");
    if (required == node.end() || !required->is_array() || properties == node.end() || !properties->is_object()) return;
    Json kept = Json::array();
    for (const auto& name : *required) {
      if (name.is_string()) {
        auto property = properties->find(name.get<std::string>());
        if (property != properties->end() && property->is_object() && property->contains("default")) continue;
      }
      kept.push_back(name);
    }
    *required = std::move(kept);
  }

  // A URI fragment's %XX escapes ("#/percent%25field"), decoded.
  static std::string percent_decoded(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
        out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  }

  static bool resolves(const Json& base, const std::string& fragment) {
    try {
      (void)base.at(Json::json_pointer(fragment));
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  std::string reference(Json& value) {
    const auto ref = value.get<std::string>();
    if (ref.empty() || ref.front() != '#') return "$ref \"" + ref.substr(0, 80) + "\" leaves the document";
    const std::string fragment = ref.substr(1);
    if (!fragment.empty() && fragment.front() != '/')
      return "$ref \"" + ref.substr(0, 80) + "\": only JSON-pointer references (#/...) are supported";
    if (resolves(root_, fragment)) return "";
    if (resolves(root_, percent_decoded(fragment))) return "";  // valijson decodes %XX itself
    for (auto it = ancestors_.rbegin(); it != ancestors_.rend(); ++it) {
      if (it->empty()) continue;
      if (resolves(root_.at(*it), fragment)) {
        rewrites_.emplace_back(&value, "#" + it->to_string() + fragment);
        return "";
      }
    }
    rewrites_.emplace_back(&value, "#/definitions/clawbook-unresolved");
    unresolved_ = true;
    ++unsupported;
    return "";
  }

  Json& root_;
  std::vector<Json::json_pointer> ancestors_;
  std::vector<std::pair<Json*, std::string>> rewrites_;
  bool unresolved_ = false;
  bool optional_defaults_ = false;
  std::map<std::string, bool> compiles_;
};

struct CacheEntry {
  std::string key;
  std::shared_ptr<Compiled> schema;
};
std::mutex cache_mutex;
std::list<CacheEntry> cache;  // most recently used first

CompileResult compile_parsed(Json tree, const std::string& key, const Limits& limits) {
  if (!tree.is_object() && !tree.is_boolean())
    return {.schema = nullptr, .error = "invalid_schema", .message = "a schema is an object (or a boolean)"};
  if (depth_of(tree) > limits.max_depth)
    return {.schema = nullptr,
            .error = "too_deep",
            .message = "schema nested deeper than " + std::to_string(limits.max_depth) + " levels"};
  Sanitizer sanitizer(tree, limits.optional_defaults);
  std::string sanitized;
  on_large_stack([&] { sanitized = sanitizer.run(); });  // std::regex compiles each pattern recursively
  if (auto error = sanitized; !error.empty())
    return {.schema = nullptr, .error = error.find("$ref") == 0 ? "remote_ref" : "invalid_schema", .message = error};
  auto compiled = std::make_shared<Compiled>();
  compiled->unsupported = sanitizer.unsupported;
  compiled->raw = std::move(tree);
  try {
    on_large_stack([&] {
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      const valijson::adapters::NlohmannJsonAdapter adapter(compiled->raw);
      parser.populateSchema(adapter, compiled->schema);  // no fetchDoc: a remote reference throws
    });
  } catch (const std::exception& e) {
    return {.schema = nullptr, .error = "invalid_schema", .message = e.what()};
  }
  {
    const std::lock_guard lock(cache_mutex);
    cache.push_front({.key = key, .schema = compiled});
    if (cache.size() > kCacheEntries) cache.pop_back();
  }
  return {.schema = compiled, .error = "", .message = ""};
}

std::string cache_key(std::string_view text, const Limits& limits) {
  return std::string(limits.optional_defaults ? "zod:" : "std:") + fingerprint(text) + ":" +
         std::to_string(text.size());
}

std::shared_ptr<Compiled> cached(const std::string& key) {
  const std::lock_guard lock(cache_mutex);
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->key != key) continue;
    cache.splice(cache.begin(), cache, it);
    return cache.front().schema;
  }
  return nullptr;
}

// ---- wording the violations ----

std::vector<std::string> segments_of(const std::vector<std::string>& context) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i < context.size(); ++i) {  // [0] is "<root>"
    std::string part = context[i];
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') part = part.substr(1, part.size() - 2);
    out.push_back(part);
  }
  return out;
}

std::string dotted(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : ".") + s;
  return out;
}

std::string pointer_of(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) {
    out += '/';
    for (const char c : s) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  }
  return out;
}

const Json* value_at(const Json& document, const std::vector<std::string>& segments) {
  const Json* node = &document;
  for (const auto& s : segments) {
    if (node->is_object()) {
      auto it = node->find(s);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      std::size_t index = 0;
      try {
        index = std::stoul(s);
      } catch (const std::exception&) {
        return nullptr;
      }
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

// The subschemas that may apply at a path: properties / patternProperties / additionalProperties / items followed
// from the root, with local $refs resolved and anyOf / oneOf / allOf / then / else alternatives included.
class Locator {
 public:
  explicit Locator(const Json& root) : root_(root) {}

  std::vector<const Json*> at(const Json& document, const std::vector<std::string>& segments) const {
    std::vector<const Json*> current;
    expand(&root_, current, 0);
    const Json* instance = &document;
    for (const auto& s : segments) {
      std::vector<const Json*> next;
      for (const Json* c : current) step(*c, s, instance != nullptr && instance->is_array(), next);
      current = std::move(next);
      instance = instance != nullptr ? value_at(*instance, {s}) : nullptr;
      if (current.empty()) break;
    }
    return current;
  }

 private:
  void expand(const Json* node, std::vector<const Json*>& out, int depth) const {
    if (node == nullptr || !node->is_object() || depth > 32 || out.size() > 256) return;
    if (auto ref = node->find("$ref"); ref != node->end() && ref->is_string()) {
      const auto& text = ref->get_ref<const std::string&>();
      try {
        const Json& target = root_.at(Json::json_pointer(text.substr(1)));
        expand(&target, out, depth + 1);
      } catch (const std::exception&) {
      }
    }
    out.push_back(node);
    for (const char* combinator : {"anyOf", "oneOf", "allOf"})
      if (auto it = node->find(combinator); it != node->end() && it->is_array())
        for (const auto& sub : *it) expand(&sub, out, depth + 1);
    for (const char* branch : {"then", "else"})
      if (auto it = node->find(branch); it != node->end()) expand(&*it, out, depth + 1);
  }

  void step(const Json& node, const std::string& segment, bool array, std::vector<const Json*>& out) const {
    if (array) {
      auto items = node.find("items");
      if (items == node.end()) return;
      if (items->is_object()) expand(&*items, out, 0);
      if (items->is_array()) {
        std::size_t index = 0;
        try {
          index = std::stoul(segment);
        } catch (const std::exception&) {
          return;
        }
        if (index < items->size()) expand(&(*items)[index], out, 0);
        else if (auto extra = node.find("additionalItems"); extra != node.end()) expand(&*extra, out, 0);
      }
      return;
    }
    if (auto properties = node.find("properties"); properties != node.end() && properties->is_object()) {
      if (auto it = properties->find(segment); it != properties->end()) {
        expand(&*it, out, 0);
        return;
      }
    }
    bool matched = false;
    if (auto patterns = node.find("patternProperties"); patterns != node.end() && patterns->is_object()) {
      for (const auto& [pattern, sub] : patterns->items()) {
        try {
          if (std::regex_search(segment, std::regex(pattern))) {
            expand(&sub, out, 0);
            matched = true;
          }
        } catch (const std::regex_error&) {
        }
      }
    }
    if (auto extra = node.find("additionalProperties"); !matched && extra != node.end() && extra->is_object())
      expand(&*extra, out, 0);
  }

  const Json& root_;
};

std::string type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::null: return "null";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float:
      return v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>())) ? "integer" : "number";
    default: return "unknown";
  }
}

bool type_allows(const std::string& allowed, const Json& v) {
  const std::string actual = type_name(v);
  return allowed == actual || (allowed == "number" && actual == "integer");
}

// The value as a message may show it: short scalars under a key that is not a secret's.
std::string shown(const Json& v, const std::vector<std::string>& segments) {
  if (!segments.empty() && is_secret_name(segments.back())) return "";
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > kShownValue || s.find_first_of("\n\r") != std::string::npos) return "";
    return Json(s).dump();
  }
  if (v.is_number() || v.is_boolean() || v.is_null()) return v.dump();
  return "";
}

std::string join_quoted(const std::vector<Json>& values, std::size_t limit = 12) {
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < limit; ++i) out += (i == 0 ? "" : ", ") + values[i].dump();
  if (values.size() > limit) out += ", ... (" + std::to_string(values.size()) + " in all)";
  return out;
}

struct Group {
  std::vector<std::string> segments;
  std::vector<std::string> descriptions;
};

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// Messages that only say a child failed: the child's own error says why.
bool is_propagation(const std::string& d) {
  return starts_with(d, "Failed to validate against schema associated with property name") ||
         starts_with(d, "Failed to validate item #") ||
         starts_with(d, "Failed to validate against additional properties") ||
         starts_with(d, "Failed to validate against child schema #") ||
         starts_with(d, "Failed to validate against schema associated with pattern") ||
         starts_with(d, "Cannot validate item #") || starts_with(d, "Failed to validate against dependent schema");
}

bool is_combinator(const std::string& d) {
  return starts_with(d, "Failed to validate against any") || starts_with(d, "Failed to validate against exactly one") ||
         starts_with(d, "Failed to validate against a conditional");
}

std::string keyword_of(const std::string& d) {
  if (starts_with(d, "Value type not permitted")) return "type";
  if (starts_with(d, "Failed to match expected value set by 'const'")) return "const";
  if (starts_with(d, "Failed to match against any enum")) return "enum";
  if (starts_with(d, "Failed to match regex")) return "pattern";
  if (starts_with(d, "Missing required property")) return "required";
  if (starts_with(d, "Object contains a property")) return "additionalProperties";
  if (d.find("anyOf") != std::string::npos || starts_with(d, "Failed to validate against any")) return "anyOf";
  if (starts_with(d, "Failed to validate against exactly one")) return "oneOf";
  if (d.find("less than") != std::string::npos) return "maximum";
  if (d.find("greater than") != std::string::npos) return "minimum";
  if (d.find("String should be no more") != std::string::npos) return "maxLength";
  if (d.find("String should be no fewer") != std::string::npos) return "minLength";
  if (d.find("Array should contain no more") != std::string::npos) return "maxItems";
  if (d.find("Array should contain no fewer") != std::string::npos) return "minItems";
  return "";
}

// Words the violations of one path; appends to `out`. `deeper`: another group lies below this path.
void word(const Group& group, const Json& document, const Locator& locator, bool deeper, std::vector<Violation>& out) {
  const Json* value = value_at(document, group.segments);
  const std::string path = dotted(group.segments);
  const auto emit = [&](std::vector<std::string> segments, std::string message, std::string keyword) {
    out.push_back({.path = dotted(segments),
                   .pointer = pointer_of(segments),
                   .message = std::move(message),
                   .keyword = std::move(keyword)});
  };
  const auto candidates = locator.at(document, group.segments);

  // Unknown keys: every key of the object that no applicable schema names (valijson names only the first).
  bool unknown = false;
  for (const auto& d : group.descriptions) {
    if (!starts_with(d, "Object contains a property")) continue;
    unknown = true;
    std::set<std::string> known;
    bool open = false;
    for (const Json* c : candidates) {
      if (auto p = c->find("properties"); p != c->end() && p->is_object())
        for (const auto& [k, _] : p->items()) known.insert(k);
      if (c->contains("patternProperties")) open = true;
    }
    std::vector<std::string> keys;
    if (value != nullptr && value->is_object() && !open && !known.empty())
      for (const auto& [k, _] : value->items())
        if (!known.count(k)) keys.push_back(k);
    if (keys.empty()) {
      const auto first = d.rfind(": '");
      if (first != std::string::npos && d.size() >= first + 5)
        keys.push_back(d.substr(first + 3, d.size() - first - 5));
    }
    for (const auto& k : keys) {
      auto segments = group.segments;
      segments.push_back(k);
      emit(segments, "unrecognized key " + Json(k).dump(), "additionalProperties");
    }
    break;
  }
  bool required = false;
  for (const auto& d : group.descriptions) {
    if (!starts_with(d, "Missing required property '")) continue;
    required = true;
    auto segments = group.segments;
    segments.push_back(d.substr(27, d.size() - 27 - 2));
    emit(segments, "required key missing", "required");
  }
  if (unknown || required || value == nullptr) return;

  // The leaves: subschemas that constrain the value itself rather than combine others.
  std::vector<std::string> types;
  std::vector<Json> allowed_values;
  std::vector<std::string> patterns;
  bool values_only = true;  // every leaf is a const / enum
  for (const Json* c : candidates) {
    if (c->contains("anyOf") || c->contains("oneOf") || c->contains("allOf") || c->contains("$ref")) continue;
    if (auto t = c->find("type"); t != c->end()) {
      for (const auto& one : t->is_array() ? *t : Json::array({*t}))
        if (one.is_string() && std::find(types.begin(), types.end(), one.get<std::string>()) == types.end())
          types.push_back(one.get<std::string>());
    }
    bool has_value = false;
    if (auto k = c->find("const"); k != c->end()) {
      allowed_values.push_back(*k);
      has_value = true;
    }
    if (auto e = c->find("enum"); e != c->end() && e->is_array()) {
      for (const auto& item : *e) allowed_values.push_back(item);
      has_value = true;
    }
    if (!has_value && (c->contains("type") || c->contains("properties"))) values_only = false;
    if (auto p = c->find("pattern"); p != c->end() && p->is_string()) patterns.push_back(p->get<std::string>());
  }
  const std::string value_text = shown(*value, group.segments);
  const bool type_ok = types.empty() || std::any_of(types.begin(), types.end(),
                                                    [&](const std::string& t) { return type_allows(t, *value); });
  if (!type_ok) {
    std::string expected;
    for (std::size_t i = 0; i < types.size(); ++i)
      expected += (i == 0 ? "" : i + 1 == types.size() ? " or " : ", ") + types[i];
    emit(group.segments, "expected " + expected + ", received " + type_name(*value), "type");
    return;
  }
  if (!allowed_values.empty() && values_only &&
      std::find(allowed_values.begin(), allowed_values.end(), *value) == allowed_values.end()) {
    emit(group.segments,
         "invalid value" + (value_text.empty() ? std::string() : " " + value_text) + ": expected one of " +
             join_quoted(allowed_values),
         allowed_values.size() == 1 ? "const" : "enum");
    return;
  }
  // Some alternative accepts this very value (anyOf branches each pin another `source`): not the cause.
  if (!allowed_values.empty() &&
      std::find(allowed_values.begin(), allowed_values.end(), *value) != allowed_values.end() &&
      std::all_of(group.descriptions.begin(), group.descriptions.end(), [](const std::string& d) {
        const auto k = keyword_of(d);
        return k == "const" || k == "enum" || is_combinator(d);
      }))
    return;
  if (deeper) return;  // the value's own shape is right: the deeper violations say what is wrong inside it
  for (const auto& d : group.descriptions) {
    if (starts_with(d, "Failed to match regex") && value->is_string()) {
      emit(group.segments,
           (value_text.empty() ? std::string("value") : value_text) + " does not match the pattern " +
               (patterns.empty() ? std::string("of the schema") : patterns.front()),
           "pattern");
      return;
    }
  }
  // Anything else: valijson's own words, without its full stop.
  for (const auto& d : group.descriptions) {
    if (is_combinator(d) && group.descriptions.size() > 1) continue;
    std::string message = d;
    if (!message.empty() && message.back() == '.') message.pop_back();
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    emit(group.segments, message, keyword_of(d));
    return;
  }
  (void)path;
}

// valijson reports no error of its own for a key name that fails `propertyNames`: the keys of the object at
// `segments` are checked here against the pattern of each applicable propertyNames.
void property_names(const std::vector<std::string>& segments, const Json& document, const Locator& locator,
                    std::vector<Violation>& out) {
  const Json* value = value_at(document, segments);
  if (value == nullptr || !value->is_object()) return;
  on_large_stack([&] {
    for (const Json* candidate : locator.at(document, segments)) {
      const auto names = candidate->find("propertyNames");
      if (names == candidate->end() || !names->is_object() || !names->contains("pattern") ||
          !(*names)["pattern"].is_string())
        continue;
      const std::string pattern = (*names)["pattern"];
      try {
        const std::regex compiled(pattern);
        for (const auto& [key, _] : value->items()) {
          if (std::regex_search(key, compiled)) continue;
          auto path = segments;
          path.push_back(key);
          out.push_back({.path = dotted(path),
                         .pointer = pointer_of(path),
                         .message = "key name " + Json(key).dump() + " does not match the pattern " + pattern,
                         .keyword = "propertyNames"});
        }
      } catch (const std::regex_error&) {
      }
    }
  });
}

// The dotted path of the first string or key longer than `limit` bytes, or nullopt. Iterative.
std::optional<std::string> long_string(const Json& document, std::size_t limit) {
  std::vector<std::pair<const Json*, std::string>> stack{{&document, ""}};
  while (!stack.empty()) {
    auto [node, path] = stack.back();
    stack.pop_back();
    if (node->is_string() && node->get_ref<const std::string&>().size() > limit) return path;
    if (node->is_object()) {
      for (auto it = node->begin(); it != node->end(); ++it) {
        const std::string child = path.empty() ? it.key() : path + "." + it.key();
        if (it.key().size() > limit) return child.substr(0, 200);
        stack.emplace_back(&it.value(), child);
      }
    } else if (node->is_array()) {
      std::size_t i = 0;
      for (const auto& item : *node)
        stack.emplace_back(&item, path.empty() ? std::to_string(i++) : path + "." + std::to_string(i++));
    }
  }
  return std::nullopt;
}

// A schema text over the size limit.
CompileResult too_large(std::size_t bytes, const Limits& limits) {
  return {.schema = nullptr,
          .error = "too_large",
          .message = "schema of " + std::to_string(bytes) + " bytes (limit " + std::to_string(limits.max_schema_bytes) +
                     ")"};
}

}  // namespace

int depth_of(const Json& value) {
  if (!value.is_structured()) return 0;
  int deepest = 0;
  // Iterative: an untrusted value must not recurse us off the stack.
  std::vector<std::pair<const Json*, int>> stack{{&value, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (depth > 100000) break;
    for (const auto& child : *node)
      if (child.is_structured()) stack.emplace_back(&child, depth + 1);
  }
  return deepest;
}

CompileResult compile_text(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_schema_bytes) return too_large(text.size(), limits);
  const std::string key = cache_key(text, limits);
  if (auto hit = cached(key)) return {.schema = hit, .error = "", .message = ""};
  Json tree = parse_untrusted_json(text, limits.max_depth);
  if (tree.is_discarded())
    return {.schema = nullptr,
            .error = "invalid_json",
            .message = "not JSON, or nested deeper than " + std::to_string(limits.max_depth) + " levels"};
  return compile_parsed(std::move(tree), key, limits);
}

CompileResult compile(const Json& schema, const Limits& limits) {
  if (depth_of(schema) > limits.max_depth)
    return {.schema = nullptr,
            .error = "too_deep",
            .message = "schema nested deeper than " + std::to_string(limits.max_depth) + " levels"};
  const std::string text = schema.dump();
  if (text.size() > limits.max_schema_bytes) return too_large(text.size(), limits);
  const std::string key = cache_key(text, limits);
  if (auto hit = cached(key)) return {.schema = hit, .error = "", .message = ""};
  return compile_parsed(schema, key, limits);
}

Outcome validate(Compiled& schema, const Json& document, const Limits& limits) {
  Outcome outcome;
  if (depth_of(document) > limits.max_depth) {
    outcome.error = "too_deep";
    outcome.message = "document nested deeper than " + std::to_string(limits.max_depth) + " levels";
    return outcome;
  }
  if (const auto where = long_string(document, limits.max_string_bytes)) {
    outcome.error = "too_large";
    outcome.message = "a string longer than " + std::to_string(limits.max_string_bytes) + " bytes at " +
                      (where->empty() ? std::string("the root") : *where) + ": not validated";
    return outcome;
  }
  valijson::ValidationResults results;
  bool valid = false;
  try {
    const std::lock_guard lock(schema.mutex);
    on_large_stack([&] {
      const valijson::adapters::NlohmannJsonAdapter target(document);
      valid = schema.validator.validate(schema.schema, target, &results);
    });
  } catch (const std::exception& e) {
    outcome.error = "unsupported";
    outcome.message = std::string("validation failed: ") + e.what();
    return outcome;
  }
  outcome.ok = true;
  outcome.valid = valid;
  outcome.unchecked = schema.unsupported;
  if (valid) return outcome;

  // Group valijson's errors by path, in the order it found them, without the chains of "child failed".
  std::vector<Group> groups;
  std::map<std::vector<std::string>, std::size_t> index;
  std::vector<std::string> deepest;  // where the chains of "child failed" end: a propertyNames failure says no more
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    if (is_propagation(error.description)) {
      auto segments = segments_of(error.context);
      constexpr std::string_view kNamed = "Failed to validate against schema associated with property name '";
      const auto& d = error.description;
      if (starts_with(d, kNamed) && d.size() >= kNamed.size() + 2)
        segments.push_back(d.substr(kNamed.size(), d.size() - kNamed.size() - 2));
      if (segments.size() >= deepest.size()) deepest = std::move(segments);
      continue;
    }
    auto segments = segments_of(error.context);
    auto [it, fresh] = index.try_emplace(segments, groups.size());
    if (fresh) groups.push_back({.segments = segments, .descriptions = {}});
    groups[it->second].descriptions.push_back(error.description);
  }
  const Locator locator(schema.raw);
  std::vector<Violation> all;
  on_large_stack([&] {  // the locator matches patternProperties with std::regex
    for (const auto& group : groups) {
      bool deeper = false;
      for (const auto& other : groups)
        if (other.segments.size() > group.segments.size() &&
            std::equal(group.segments.begin(), group.segments.end(), other.segments.begin()))
          deeper = true;
      word(group, document, locator, deeper, all);
    }
  });
  if (all.empty()) property_names(deepest, document, locator, all);
  if (all.empty())
    all.push_back({.path = dotted(deepest),
                   .pointer = pointer_of(deepest),
                   .message = "does not match the schema",
                   .keyword = ""});
  // One violation per path and message (anyOf alternatives report the same cause more than once).
  std::set<std::pair<std::string, std::string>> seen;
  for (auto& v : all) {
    if (!seen.insert({v.pointer, v.message}).second) continue;
    ++outcome.count;
    if (outcome.violations.size() < limits.max_violations) outcome.violations.push_back(std::move(v));
  }
  return outcome;
}

Json to_json(const Outcome& outcome) {
  if (!outcome.ok) return {{"ok", false}, {"error", outcome.error}, {"message", outcome.message}};
  Json violations = Json::array();
  for (const auto& v : outcome.violations) {
    Json entry = {{"path", v.path}, {"pointer", v.pointer}, {"message", v.message}};
    if (!v.keyword.empty()) entry["keyword"] = v.keyword;
    violations.push_back(std::move(entry));
  }
  return {{"ok", true},
          {"valid", outcome.valid},
          {"count", outcome.count},
          {"truncated", outcome.count > outcome.violations.size()},
          {"unchecked", outcome.unchecked},
          {"violations", std::move(violations)}};
}

}  // namespace clawbook::json_schema
