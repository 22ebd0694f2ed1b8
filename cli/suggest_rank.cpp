#include "suggest_rank.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace clawbook {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words of two or more characters; digits count (close codes like 1008 are strong evidence).
std::vector<std::string> words(std::string_view text) {
  static const std::set<std::string> stop = {"the", "a", "an", "is", "to", "of", "and", "or", "in", "on", "for", "with", "not", "it"};
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 2 && !stop.contains(word)) out.push_back(word);
    word.clear();
  };
  for (char c : lower(text)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') word += c;
    else flush();
  }
  flush();
  for (auto& w : out)
    while (!w.empty() && w.back() == '.') w.pop_back();
  return out;
}

double symptom_score(const std::string& symptom, const std::string& text_lower, const std::set<std::string>& text_words) {
  const std::string s = lower(symptom);
  if (!s.empty() && text_lower.find(s) != std::string::npos) return 1.0;  // pasted verbatim
  const auto symptom_words = words(symptom);
  if (symptom_words.empty()) return 0;
  double weight = 0, hit = 0;
  for (const auto& w : symptom_words) {
    const bool numeric = std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const double wt = numeric ? 2.0 : 1.0;
    weight += wt;
    if (text_words.contains(w)) hit += wt;
  }
  return 0.9 * hit / weight;
}

}  // namespace

std::vector<Suggestion> suggest(const std::vector<const RunbookFile*>& runbooks, std::string_view text) {
  const std::string text_lower = lower(text);
  const auto list = words(text);
  const std::set<std::string> text_words(list.begin(), list.end());
  std::vector<Suggestion> out;
  for (const RunbookFile* rb : runbooks) {
    Suggestion best{rb, 0, ""};
    if (rb->meta.contains("symptoms") && rb->meta["symptoms"].is_array()) {
      for (const auto& symptom : rb->meta["symptoms"]) {
        if (!symptom.is_string()) continue;
        const double score = symptom_score(symptom.get<std::string>(), text_lower, text_words);
        if (score > best.score) best = {rb, score, symptom.get<std::string>()};
      }
    }
    if (best.score >= 0.3) out.push_back(best);
  }
  std::stable_sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) { return a.score > b.score; });
  return out;
}

}  // namespace clawbook
