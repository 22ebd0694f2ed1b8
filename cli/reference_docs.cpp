#include "reference_docs.hpp"

#include "clawbook/atomic_file.hpp"

#include "clawbook/binding.hpp"
#include "engine.hpp"
#include "finding_catalog.hpp"
#include "render.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

// What the annotation files (runbooks/types/*.lua) say: each function's description, arguments and results,
// and each class's fields, so the reference shows a function's whole shape without opening the file.
struct Typed {
  std::string name;  // "opts" (no "?"); empty for an unnamed @return
  std::string type;  // "NetTcpOptions", "{token: string, env_file?: string}"
  bool optional = false;
  std::string description;
};

struct Annotation {
  std::string summary;    // every description line above the declaration, joined
  std::string signature;  // "gateway.tcp(host, port, opts) -> GatewayTcpResult"
  std::vector<Typed> params;
  std::vector<Typed> returns;
};

struct ClassDoc {
  std::string description;
  std::string parent;
  std::vector<Typed> fields;
};

struct Annotations {
  std::map<std::string, Annotation> functions;  // "net.tcp"
  std::map<std::string, ClassDoc> classes;      // "NetTcp"
};

constexpr size_t kMaxDeclarationLine = 1000;

std::string trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// Splits "TYPE rest" where TYPE may hold blanks inside brackets or quotes ("table<string, any>", "{a: string}").
std::pair<std::string, std::string> split_type(std::string_view text) {
  int depth = 0;
  char quote = 0;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '(' || c == '{' || c == '<' || c == '[') ++depth;
    else if (c == ')' || c == '}' || c == '>' || c == ']') --depth;
    else if ((c == ' ' || c == '\t') && depth <= 0) {
      // "fun(x: string): boolean": a type may go on after ": ".
      if (i > 0 && text[i - 1] == ':') continue;
      break;
    }
  }
  return {std::string(text.substr(0, i)), trimmed(text.substr(std::min(i, text.size())))};
}

// "name? type description" (@param, @field).
Typed named(std::string_view text) {
  Typed typed;
  const std::string line = trimmed(text);
  const size_t blank = line.find_first_of(" \t");
  typed.name = line.substr(0, blank);
  if (typed.name.ends_with("?")) {
    typed.optional = true;
    typed.name.pop_back();
  }
  if (blank != std::string::npos) std::tie(typed.type, typed.description) = split_type(trimmed(line.substr(blank)));
  if (typed.type.ends_with("?")) typed.optional = true;
  return typed;
}

void read_annotations(const fs::path& file, Annotations& out) {
  std::ifstream in(file);
  std::string line;
  std::vector<std::string> block;  // the `---` lines above the current line
  ClassDoc* open_class = nullptr;
  static const std::regex function_line(R"(^function\s+([A-Za-z_][\w]*)[.:]([A-Za-z_]\w*)\s*\(([^)]*)\))");
  while (std::getline(in, line)) {
    if (line.rfind("---", 0) == 0) {
      const std::string text = line.substr(3);
      if (text.rfind("@class ", 0) == 0) {
        // "@class Name[: Parent] [description]"
        const std::string declaration = trimmed(text.substr(7));
        const size_t name_end = declaration.find_first_of(": \t");
        const std::string name = declaration.substr(0, name_end);
        std::string parent;
        if (name_end != std::string::npos && declaration[name_end] == ':')
          parent = split_type(trimmed(declaration.substr(name_end + 1))).first;
        ClassDoc& doc = out.classes[name];
        doc.parent = parent;
        for (const auto& above : block)
          if (!above.empty() && above[0] != '@')
            doc.description += (doc.description.empty() ? "" : " ") + trimmed(above);
        open_class = &doc;
        block.clear();
        continue;
      }
      if (text.rfind("@field ", 0) == 0 && open_class != nullptr) {
        open_class->fields.push_back(named(text.substr(7)));
        continue;
      }
      block.push_back(text);
      continue;
    }
    open_class = nullptr;
    std::smatch match;
    // std::regex recurses per character: only lines of a sane length (a declaration) are matched.
    if (line.size() <= kMaxDeclarationLine && std::regex_search(line, match, function_line)) {
      Annotation annotation;
      for (const auto& text : block) {
        if (text.rfind("@return", 0) == 0) {
          Typed result;
          std::tie(result.type, result.description) = split_type(trimmed(text.substr(7)));
          annotation.returns.push_back(result);
        } else if (text.rfind("@param", 0) == 0) {
          annotation.params.push_back(named(text.substr(6)));
        } else if (!text.empty() && text[0] != '@' && !trimmed(text).empty()) {
          annotation.summary += (annotation.summary.empty() ? "" : " ") + trimmed(text);
        }
      }
      const std::string name = std::string(match[1]) + "." + std::string(match[2]);
      annotation.signature = name + "(" + std::string(match[3]) + ")";
      for (size_t i = 0; i < annotation.returns.size(); ++i)
        annotation.signature += (i == 0 ? " -> " : ", ") + annotation.returns[i].type;
      out.functions[name] = annotation;
    }
    block.clear();
  }
}

std::string cell(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string joined(const OrderedJson& list, const std::string& separator, bool code) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    const std::string text = item.is_string() ? item.get<std::string>() : item.dump();
    out += (out.empty() ? "" : separator) + (code ? "`" + text + "`" : text);
  }
  return out;
}

std::string relative_to_roots(const std::string& path, const std::vector<std::string>& roots) {
  std::error_code ec;
  const fs::path file = fs::weakly_canonical(path, ec);
  for (const auto& root : roots) {
    const fs::path base = fs::weakly_canonical(root, ec);
    auto relative = file.lexically_relative(base);
    if (!relative.empty() && relative.native().rfind("..", 0) != 0) return relative.string();
  }
  return file.filename().string();
}

bool under_any(const std::string& path, const std::vector<std::string>& dirs) {
  std::error_code ec;
  const fs::path file = fs::weakly_canonical(path, ec);
  for (const auto& dir : dirs) {
    const auto relative = file.lexically_relative(fs::weakly_canonical(dir, ec));
    if (!relative.empty() && relative.native().rfind("..", 0) != 0) return true;
  }
  return false;
}

std::string runbooks_page(Engine& engine, const std::vector<std::string>& roots,
                          const std::vector<std::string>& only_under) {
  std::vector<const RunbookFile*> runbooks = engine.visible_runbooks();
  if (!only_under.empty())
    std::erase_if(runbooks, [&](const RunbookFile* rb) { return !under_any(rb->path, only_under); });
  std::sort(runbooks.begin(), runbooks.end(), [](const RunbookFile* a, const RunbookFile* b) {
    return a->id != b->id ? a->id < b->id : b->version < a->version;
  });
  std::ostringstream out;
  out << "# Runbook reference\n\nGenerated by `clawbook docs` from the runbooks' own metadata; do not edit by "
         "hand.\n\n";
  out << "| runbook | version | title |\n|---|---|---|\n";
  for (const auto* rb : runbooks) {
    out << "| [`" << rb->id << "`](#" << rb->id << ") | " << rb->version.str() << " | "
        << cell(rb->meta.value("title", "")) << " |\n";
  }
  for (const auto* rb : runbooks) {
    const OrderedJson& meta = rb->meta;
    // An explicit anchor: Markdown renderers drop the dots of a heading when they make its id.
    out << "\n<a id=\"" << rb->id << "\"></a>\n\n## " << rb->id << "\n\n**" << cell(meta.value("title", ""))
        << "** · version " << rb->version.str() << " · engine `" << rb->engine_range << "` · `"
        << relative_to_roots(rb->path, roots) << "`\n\n";
    if (meta.contains("summary")) out << meta.value("summary", "") << "\n\n";
    if (meta.contains("symptoms") && !meta["symptoms"].empty())
      out << "Symptoms: " << joined(meta["symptoms"], ", ", true) << "\n\n";
    out << "Capabilities: "
        << (meta.contains("capabilities") && !meta["capabilities"].empty() ? joined(meta["capabilities"], ", ", true)
                                                                           : std::string("none"))
        << "\n\n";
    if (meta.contains("findings") && !meta["findings"].empty())
      out << "Findings it can raise: " << joined(meta["findings"], ", ", true) << "\n\n";
    if (meta.contains("params") && meta["params"].is_object() && !meta["params"].empty()) {
      out << "| param | type | default | description |\n|---|---|---|---|\n";
      for (const auto& [name, p] : meta["params"].items()) {
        std::string type = p.value("type", "string");
        if (p.value("required", false)) type += ", required";
        if (p.contains("env")) type += ", env `$" + p.value("env", "") + "`";
        out << "| `" << name << "` | " << type << " | "
            << (p.contains("default") ? "`" + p["default"].dump() + "`" : "") << " | "
            << cell(p.value("description", "")) << " |\n";
      }
      out << "\n";
    }
    out << "Run: `clawbook run " << rb->id << "`\n";
  }
  return out.str();
}

// The module's capability; for a module without one, what its functions or its forms need ("none" when nothing).
std::string capability_text(const ModuleSpec& module) {
  if (!module.capability.empty()) return "`" + module.capability + "`";
  std::vector<std::string> needs;
  for (const auto& function : module.functions)
    if (function.capability != nullptr && std::find(needs.begin(), needs.end(), function.capability) == needs.end())
      needs.emplace_back(function.capability);
  needs.insert(needs.end(), module.capability_forms.begin(), module.capability_forms.end());
  if (needs.empty()) return "none";
  std::string out = module.capability_forms.empty() ? "per function: " : "";
  for (std::size_t i = 0; i < needs.size(); ++i) out += (i == 0 ? "`" : ", `") + needs[i] + "`";
  return out;
}

// The class names a type mentions: "NetCertificate[]|nil" -> NetCertificate.
std::vector<std::string> class_names(const std::string& type, const Annotations& annotations) {
  std::vector<std::string> names;
  static const std::regex word(R"([A-Za-z_][\w]*)");
  for (auto it = std::sregex_iterator(type.begin(), type.end(), word); it != std::sregex_iterator(); ++it) {
    const std::string name = it->str();
    if (annotations.classes.contains(name) && std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  }
  return names;
}

std::string code_cell(const std::string& text) { return text.empty() ? "" : "`" + cell(text) + "`"; }

// The fields of `name` and, once each, of the classes they mention (a result's nested tables, an option class's
// parent), as tables.
void write_classes(std::ostringstream& out, std::vector<std::string> pending, const Annotations& annotations,
                   std::set<std::string>& written) {
  while (!pending.empty()) {
    const std::string name = pending.front();
    pending.erase(pending.begin());
    if (!written.insert(name).second) continue;
    const ClassDoc& doc = annotations.classes.at(name);
    out << "\n`" << name << "`" << (doc.parent.empty() ? "" : " (and the fields of `" + doc.parent + "`)")
        << (doc.description.empty() ? "" : ": " + doc.description) << "\n\n";
    if (!doc.parent.empty() && annotations.classes.contains(doc.parent)) pending.push_back(doc.parent);
    if (doc.fields.empty()) continue;
    out << "| field | type | description |\n|---|---|---|\n";
    for (const auto& field : doc.fields) {
      out << "| `" << field.name << (field.optional && !field.type.ends_with("?") ? "?" : "") << "` | "
          << code_cell(field.type) << " | " << cell(field.description) << " |\n";
      for (auto& nested : class_names(field.type, annotations)) pending.push_back(nested);
    }
  }
}

std::string bindings_page(const std::string& types_dir) {
  std::vector<const ModuleSpec*> modules = registered_modules();
  std::sort(modules.begin(), modules.end(), [](const ModuleSpec* a, const ModuleSpec* b) { return a->name < b->name; });
  Annotations annotations;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(types_dir, ec))
    if (entry.path().extension() == ".lua") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) read_annotations(file, annotations);

  std::ostringstream out;
  out << "# Binding reference\n\nGenerated by `clawbook docs` from the engine's module registry and the annotation "
         "files in `runbooks/types/`; do not edit by hand. Misuse raises; a failure of the environment returns "
         "`nil, message` or a result with `ok = false`. Each function shows its arguments and the shape of what it "
         "returns; a field or argument ending in `?` may be absent.\n\n";
  out << "| module | capability | summary |\n|---|---|---|\n";
  for (const auto* module : modules) {
    out << "| [`" << module->name << "`](#" << module->name << ") | " << capability_text(*module) << " | "
        << cell(module->summary) << " |\n";
  }
  for (const auto* module : modules) {
    out << "\n<a id=\"" << module->name << "\"></a>\n\n## " << module->name << "\n\n"
        << module->summary << "\n\nCapability: " << capability_text(*module) << "\n";
    std::vector<FunctionSpec> functions = module->functions;
    std::sort(functions.begin(), functions.end(),
              [](const FunctionSpec& a, const FunctionSpec& b) { return std::string(a.name) < b.name; });
    for (const auto& function : functions) {
      const std::string name = module->name + "." + function.name;
      auto it = annotations.functions.find(name);
      out << "\n<a id=\"" << name << "\"></a>\n\n### " << name << "\n\n`"
          << (it != annotations.functions.end() ? it->second.signature : name + "(...)") << "`";
      if (function.capability != nullptr)
        out << (module->capability.empty() ? " (needs `" : " (also needs `") << function.capability << "`)";
      out << "\n";
      if (it == annotations.functions.end()) continue;
      const Annotation& a = it->second;
      if (!a.summary.empty()) out << "\n" << a.summary << "\n";
      std::vector<std::string> classes;
      if (!a.params.empty()) {
        out << "\n| argument | type | description |\n|---|---|---|\n";
        for (const auto& param : a.params) {
          out << "| `" << param.name << (param.optional ? "?" : "") << "` | " << code_cell(param.type) << " | "
              << cell(param.description) << " |\n";
          for (auto& c : class_names(param.type, annotations)) classes.push_back(c);
        }
      }
      if (!a.returns.empty()) {
        out << "\n| returns | description |\n|---|---|\n";
        for (const auto& result : a.returns) {
          out << "| " << code_cell(result.type) << " | " << cell(result.description) << " |\n";
          for (auto& c : class_names(result.type, annotations)) classes.push_back(c);
        }
      }
      std::set<std::string> written;
      write_classes(out, classes, annotations, written);
    }
  }
  return out.str();
}

}  // namespace

int generate_docs(const DocsOptions& options) {
  EngineOptions engine_options;
  engine_options.search_path = options.search_path;
  Engine engine(engine_options);
  for (const auto& problem : engine.problems()) std::cerr << "clawbook: warning: " << problem.str() << "\n";
  if (!options.findings.empty()) {
    auto catalog = load_finding_catalog(options.knowledge_root);
    if (!catalog) {
      std::cerr << "clawbook: no finding catalog (knowledge/index.lua) under " << options.knowledge_root << "\n";
      return kExitRunbookError;
    }
    for (const auto& problem : catalog->problems) std::cerr << "clawbook: " << problem << "\n";
    if (!catalog->problems.empty()) return kExitRunbookError;
    if (!write_file_or_report(options.findings, findings_page(*catalog))) return kExitRunbookError;
    std::cout << "wrote " << options.findings << "\n";
    if (options.output.empty()) return kExitOk;
  }
  const std::string runbooks = runbooks_page(engine, options.search_path, options.only_under);
  const std::string bindings = bindings_page(options.types_dir);
  if (options.output.empty()) {
    std::cout << runbooks << "\n" << bindings;
    return kExitOk;
  }
  std::error_code ec;
  fs::create_directories(options.output, ec);
  if (ec) {
    std::cerr << "clawbook: cannot create " << options.output << ": " << ec.message() << "\n";
    return kExitRunbookError;
  }
  if (!write_file_or_report((fs::path(options.output) / "runbooks.md").string(), runbooks) ||
      !write_file_or_report((fs::path(options.output) / "bindings.md").string(), bindings))
    return kExitRunbookError;
  std::cout << "wrote " << (fs::path(options.output) / "runbooks.md").string() << "\nwrote "
            << (fs::path(options.output) / "bindings.md").string() << "\n";
  return kExitOk;
}

}  // namespace clawbook
