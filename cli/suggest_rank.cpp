#include "suggest_rank.hpp"

#include "finding_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// One code point of UTF-8 at `i` (advanced past it); invalid bytes come back as themselves.
char32_t next_code_point(std::string_view text, size_t& i) {
  const auto byte = [&](size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(i);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (i + length > text.size()) length = 1;
  char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      length = 1;
      cp = lead;
      break;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return cp;
}

// Han ideographs, kana and Hangul: text without spaces between words, compared as bigrams.
bool is_cjk(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

bool is_word_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '\'';
}

std::string strip_ansi(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

// Lines and `code spans`: each quoted fragment of a pasted report is an error line of its own.
std::vector<std::string> fragments(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  const auto flush = [&] {
    if (auto piece = trim(current); !piece.empty()) out.push_back(piece);
    current.clear();
  };
  for (char c : text) {
    if (c == '\n' || c == '`') flush();
    else current += c;
  }
  flush();
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (c == ' ') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

class Tokens {
 public:
  explicit Tokens(const SuggestVocabulary& vocab) : vocab_(vocab) {}
  std::vector<std::string> out;

  void word(std::string w) {
    while (!w.empty() && std::string_view("._-'").find(w.back()) != std::string_view::npos) w.pop_back();
    while (!w.empty() && std::string_view("._-'").find(w.front()) != std::string_view::npos) w.erase(0, 1);
    if (w.size() < 2 && !(w.size() == 1 && std::isdigit(static_cast<unsigned char>(w[0])))) return;
    add(w);
    if (w.find_first_of("._-") == std::string::npos) return;
    // The head before a separator may be an old product name: CLAWDBOT_GATEWAY_TOKEN is OPENCLAW_GATEWAY_TOKEN.
    const size_t cut = w.find_first_of("._-");
    if (auto it = vocab_.synonyms.find(w.substr(0, cut)); it != vocab_.synonyms.end()) add(it->second + w.substr(cut));
    std::string part;
    for (char c : w + ".") {
      if (c == '.' || c == '_' || c == '-') {
        if (part.size() >= 2) add(part);
        part.clear();
      } else {
        part += c;
      }
    }
  }

  void cjk_run(const std::vector<std::string>& chars) {
    if (chars.size() == 1) out.push_back(chars[0]);
    for (size_t i = 0; i + 1 < chars.size(); ++i) out.push_back(chars[i] + chars[i + 1]);
    std::string run;
    for (const auto& c : chars) run += c;
    for (const auto& [term, words] : vocab_.cjk_synonyms)
      if (run.find(term) != std::string::npos)
        for (const auto& w : split_words(words)) add(w);
  }

 private:
  void add(const std::string& w) {
    if (!vocab_.ignore.contains(w)) out.push_back(w);
    if (auto it = vocab_.synonyms.find(w); it != vocab_.synonyms.end())
      for (const auto& replacement : split_words(it->second))
        if (replacement != w) add(replacement);
  }
  const SuggestVocabulary& vocab_;
};

std::set<std::string> token_set(std::string_view text, const SuggestVocabulary& vocab) {
  auto list = tokenize(text, vocab);
  return {list.begin(), list.end()};
}

int severity_rank(const std::string& severity) {
  return severity == "critical" ? 4 : severity == "high" ? 3 : severity == "medium" ? 2 : severity == "low" ? 1 : 0;
}

// How well one metadata symptom matches: 1 when pasted verbatim, else the share of its words in the text
// (numbers such as close codes weigh double), at most 0.9.
double symptom_score(const std::string& symptom, const std::string& text, const std::set<std::string>& words,
                     const SuggestVocabulary& vocab) {
  const std::string s = lower(symptom);
  if (!s.empty() && text.find(s) != std::string::npos) return 1.0;
  const auto symptom_words = token_set(symptom, vocab);
  if (symptom_words.empty()) return 0;
  double weight = 0, hit = 0;
  for (const auto& w : symptom_words) {
    const bool numeric = std::all_of(w.begin(), w.end(),
                                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const double wt = numeric ? 2.0 : 1.0;
    weight += wt;
    if (words.contains(w)) hit += wt;
  }
  return 0.9 * hit / weight;
}

std::vector<std::string> strings_of(const OrderedJson& data, const char* key) {
  std::vector<std::string> out;
  if (data.is_object() && data.contains(key) && data[key].is_array())
    for (const auto& item : data[key])
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

bool raises(const RunbookFile& rb, const std::string& finding) {
  if (!rb.meta.contains("findings") || !rb.meta["findings"].is_array()) return false;
  for (const auto& id : rb.meta["findings"])
    if (id.is_string() && id.get<std::string>() == finding) return true;
  return false;
}

}  // namespace

SuggestVocabulary compile_vocabulary(const OrderedJson& data) {
  SuggestVocabulary vocab;
  for (const auto& prefix : strings_of(data, "prefixes")) vocab.prefixes.push_back(lower(prefix));
  for (const auto& word : strings_of(data, "ignore")) vocab.ignore.insert(lower(word));
  for (const auto& id : strings_of(data, "generalists")) vocab.generalists.insert(id);
  if (data.is_object() && data.contains("synonyms") && data["synonyms"].is_object()) {
    for (const auto& [word, replacement] : data["synonyms"].items()) {
      if (!replacement.is_string()) continue;
      size_t i = 0;
      const bool cjk = !word.empty() && is_cjk(next_code_point(word, i));
      (cjk ? vocab.cjk_synonyms : vocab.synonyms)[lower(word)] = lower(replacement.get<std::string>());
    }
  }
  if (data.is_object() && data.contains("phrases") && data["phrases"].is_array()) {
    for (const auto& entry : data["phrases"]) {
      for (const auto& says : strings_of(entry, "says")) {
        SuggestVocabulary::Phrase phrase{.text = says,
                                         .tokens = {},
                                         .finding = entry.value("finding", ""),
                                         .runbook = entry.value("runbook", ""),
                                         .weight = entry.value("weight", 0.5)};
        phrase.tokens = tokenize(says, vocab);
        std::sort(phrase.tokens.begin(), phrase.tokens.end());
        phrase.tokens.erase(std::unique(phrase.tokens.begin(), phrase.tokens.end()), phrase.tokens.end());
        if (!phrase.tokens.empty()) vocab.phrases.push_back(std::move(phrase));
      }
    }
  }
  return vocab;
}

SuggestKnowledge load_suggest_knowledge(const std::string& runbooks_root) {
  SuggestKnowledge knowledge;
  std::error_code ec;
  std::string error;
  if (const fs::path path = fs::path(runbooks_root) / "lib" / "suggest_vocab.lua"; fs::is_regular_file(path, ec)) {
    if (auto data = load_lua_data(path.string(), error)) knowledge.vocab = compile_vocabulary(*data);
    else knowledge.problems.push_back(path.string() + ": " + error);
  }
  if (const fs::path path = fs::path(runbooks_root) / "lib" / "signatures.lua"; fs::is_regular_file(path, ec)) {
    if (auto data = load_lua_data(path.string(), error); data && data->is_array()) {
      try {
        knowledge.signatures = logscan::compile_patterns(logscan::Json::parse(data->dump()));
        for (const auto& entry : *data)
          if (entry.is_object()) knowledge.signature_level[entry.value("id", "")] = entry.value("severity", "");
      } catch (const logscan::BadPattern& e) {
        knowledge.problems.push_back(path.string() + ": " + e.what());
      }
    } else {
      knowledge.problems.push_back(path.string() + ": " + (error.empty() ? "not a list" : error));
    }
  }
  if (auto catalog = load_finding_catalog(runbooks_root)) {
    // A title that is only a placeholder ({title}: the runbook writes it) says nothing here: the meaning does.
    for (const auto& [id, entry] : catalog->entries) {
      std::string title = entry.value("title", "");
      if (title.empty() || (title.front() == '{' && title.back() == '}' && title.find(' ') == std::string::npos))
        title = entry.value("meaning", "");
      knowledge.finding_titles[id] = title;
    }
    knowledge.problems.insert(knowledge.problems.end(), catalog->problems.begin(), catalog->problems.end());
  }
  return knowledge;
}

std::string strip_noise(std::string_view line, const SuggestVocabulary& vocab) {
  const std::string plain = strip_ansi(line);
  std::string text = lower(trim(logscan::parse_line(plain, 0, static_cast<double>(std::time(nullptr))).message));
  for (bool again = true; again;) {
    again = false;
    for (const auto& prefix : vocab.prefixes) {
      if (!prefix.empty() && text.starts_with(prefix)) {
        text = trim(std::string_view(text).substr(prefix.size()));
        again = true;
      }
    }
  }
  return text;
}

std::vector<std::string> tokenize(std::string_view text, const SuggestVocabulary& vocab) {
  Tokens tokens(vocab);
  std::string word;
  std::vector<std::string> cjk;
  const auto flush = [&] {
    if (!word.empty()) tokens.word(lower(word));
    word.clear();
    if (!cjk.empty()) tokens.cjk_run(cjk);
    cjk.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const char32_t cp = next_code_point(text, i);
    if (cp == 0x2019) {  // ’ as in won’t
      if (!cjk.empty()) flush();
      word += '\'';
    } else if (cp < 0x80 && is_word_byte(static_cast<char>(cp))) {
      if (!cjk.empty()) flush();
      word += static_cast<char>(cp);
    } else if (is_cjk(cp)) {
      if (!word.empty()) {
        tokens.word(lower(word));
        word.clear();
      }
      cjk.emplace_back(text.substr(start, i - start));
    } else {
      flush();
    }
  }
  flush();
  return std::move(tokens.out);
}

std::vector<Suggestion> suggest(const std::vector<const RunbookFile*>& runbooks, std::string_view text,
                                const SuggestKnowledge& knowledge) {
  const SuggestVocabulary& vocab = knowledge.vocab;
  const std::string plain = strip_ansi(text);
  const std::string raw_lower = lower(plain);
  std::vector<std::string> lines = fragments(plain);
  std::string clean;
  for (const auto& line : lines) clean += strip_noise(line, vocab) + "\n";
  const std::set<std::string> words = token_set(clean, vocab);
  const std::set<std::string> raw_words = token_set(raw_lower, vocab);

  // Each runbook's own best symptom: the whole score when nothing stronger names it, a tie-breaker otherwise.
  std::map<const RunbookFile*, Suggestion> best;
  std::map<const RunbookFile*, double> own;
  for (const RunbookFile* rb : runbooks) {
    Suggestion s{.runbook = rb,
                 .score = 0,
                 .kind = "symptom",
                 .matched = "",
                 .finding = "",
                 .finding_title = "",
                 .signature = ""};
    if (rb->meta.contains("symptoms") && rb->meta["symptoms"].is_array()) {
      for (const auto& symptom : rb->meta["symptoms"]) {
        if (!symptom.is_string()) continue;
        // The text without its generic prefixes decides; the prefixes alone count half.
        const double score = std::max(symptom_score(symptom.get<std::string>(), clean, words, vocab),
                                      0.5 * symptom_score(symptom.get<std::string>(), raw_lower, raw_words, vocab));
        if (score > s.score) {
          s.score = score;
          s.matched = symptom.get<std::string>();
        }
      }
    }
    own[rb] = s.score;
    if (s.score >= 0.3) best[rb] = s;
  }
  const auto offer = [&](const RunbookFile* rb, Suggestion s) {
    auto it = best.find(rb);
    if (it == best.end() || s.score > it->second.score) best[rb] = std::move(s);
  };
  // A finding named by a signature or a phrase: every runbook that raises it, specialists before generalists,
  // and among them the one whose own symptoms fit the text best.
  const auto offer_finding = [&](const std::string& finding, double base, Suggestion s) {
    s.finding = finding;
    if (auto it = knowledge.finding_titles.find(finding); it != knowledge.finding_titles.end())
      s.finding_title = it->second;
    for (const RunbookFile* rb : runbooks) {
      if (!raises(*rb, finding)) continue;
      s.runbook = rb;
      s.score = base + 0.04 * own[rb] - (vocab.generalists.contains(rb->id) ? 0.05 : 0.0);
      offer(rb, s);
    }
  };

  // Signatures: log.scan's matcher on each line; a line belongs to the first entry it matches.
  if (!knowledge.signatures.empty()) {
    logscan::ScanOptions options;
    options.last_lines = lines.size() + 1;
    options.max_matches = 64 * (lines.size() + 1);
    const logscan::Json scan = logscan::scan_lines(lines, knowledge.signatures, options);
    size_t last_line = 0;
    for (const auto& match : scan["matches"]) {
      const size_t line_no = match.value("line_no", size_t{0});
      if (line_no == last_line || !match.contains("finding")) continue;
      last_line = line_no;
      const std::string signature = match.value("pattern", "");
      auto level = knowledge.signature_level.find(signature);
      const double base = 1.1 + 0.1 * severity_rank(level == knowledge.signature_level.end() ? "" : level->second) -
                          0.001 * static_cast<double>(line_no);
      offer_finding(match["finding"].get<std::string>(), base,
                    {.runbook = nullptr,
                     .score = 0,
                     .kind = "signature",
                     .matched = line_no >= 1 && line_no <= lines.size() ? lines[line_no - 1] : "",
                     .finding = "",
                     .finding_title = "",
                     .signature = signature});
    }
  }

  // Phrases: every word of the phrase in the text.
  for (const auto& phrase : vocab.phrases) {
    if (!std::all_of(phrase.tokens.begin(), phrase.tokens.end(), [&](const auto& w) { return words.contains(w); }))
      continue;
    Suggestion s{.runbook = nullptr,
                 .score = 0,
                 .kind = "phrase",
                 .matched = phrase.text,
                 .finding = "",
                 .finding_title = "",
                 .signature = ""};
    if (!phrase.finding.empty()) {
      offer_finding(phrase.finding, phrase.weight, s);
    } else {
      for (const RunbookFile* rb : runbooks) {
        if (rb->id != phrase.runbook) continue;
        s.runbook = rb;
        s.score = phrase.weight + 0.04 * own[rb];
        offer(rb, s);
      }
    }
  }

  std::vector<Suggestion> out;
  for (auto& [rb, s] : best) out.push_back(std::move(s));
  std::stable_sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
    return a.score != b.score ? a.score > b.score : a.runbook->id < b.runbook->id;
  });
  return out;
}

}  // namespace clawbook
