// `clawbook suggest "TEXT"`: ranks runbooks for text a user pasted or wrote. Three kinds of evidence, strongest
// first: a line that matches the signature table (runbooks/lib/signatures.lua, matched by log.scan's own matcher)
// names a finding, and the runbooks that raise it come first; a symptom phrase of runbooks/lib/suggest_vocab.lua
// names a finding or a runbook; the words of a runbook's `symptoms` metadata. The knowledge is loaded from the
// runbook tree, never restated here.
#pragma once

#include "engine.hpp"
#include "log/scan.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook {

// runbooks/lib/suggest_vocab.lua, compiled.
struct SuggestVocabulary {
  struct Phrase {
    std::string text;                 // as written in the data
    std::vector<std::string> tokens;  // every one must be in the text
    std::string finding;              // or
    std::string runbook;
    double weight = 0.5;
  };
  std::vector<std::string> prefixes;  // lowercase
  std::set<std::string> ignore;
  std::map<std::string, std::string> synonyms;      // ASCII word -> replacement words
  std::map<std::string, std::string> cjk_synonyms;  // CJK term -> replacement words
  std::set<std::string> generalists;
  std::vector<Phrase> phrases;
};

// Everything suggest knows besides the runbooks' metadata.
struct SuggestKnowledge {
  std::vector<logscan::Pattern> signatures;            // lib/signatures.lua, in table order
  std::map<std::string, std::string> finding_titles;   // catalog id -> title (knowledge/*.lua)
  std::map<std::string, std::string> signature_level;  // signature id -> severity
  SuggestVocabulary vocab;
  std::vector<std::string> problems;  // files that did not load; suggest works on with what it has
};

// The knowledge under `runbooks_root` (a directory holding lib/ and knowledge/); missing files leave parts empty.
SuggestKnowledge load_suggest_knowledge(const std::string& runbooks_root);
SuggestVocabulary compile_vocabulary(const OrderedJson& data);

// A line without what says nothing about the cause: ANSI escapes, the timestamp, level and subsystem a log writer
// adds (log.scan's line parser), then the vocabulary's prefixes. Lowercase.
std::string strip_noise(std::string_view line, const SuggestVocabulary& vocab);
// Words of `text`: ASCII words (and the parts of dotted, dashed or snake_case words), CJK runs as bigrams, each
// with its synonyms added, the ignored words left out.
std::vector<std::string> tokenize(std::string_view text, const SuggestVocabulary& vocab);

struct Suggestion {
  const RunbookFile* runbook;
  double score;         // ranking key; a signature hit is above 1
  std::string kind;     // "signature", "phrase" or "symptom"
  std::string matched;  // the pasted line, the phrase or the symptom that matched
  std::string finding;  // signature and phrase hits that name a finding
  std::string finding_title;
  std::string signature;  // the signature id
};

std::vector<Suggestion> suggest(const std::vector<const RunbookFile*>& runbooks, std::string_view text,
                                const SuggestKnowledge& knowledge);

}  // namespace clawbook
