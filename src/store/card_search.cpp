#include "store/card_search.h"

#include <cctype>
#include <utility>

namespace stride::store {

namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Splits at spaces outside double quotes; the quotes themselves are dropped.
std::vector<std::string> split_terms(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (char ch : text) {
    if (ch == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && std::isspace(static_cast<unsigned char>(ch))) {
      if (any) out.push_back(std::move(cur));
      cur.clear();
      any = false;
    } else {
      cur += ch;
      any = true;
    }
  }
  if (quoted) throw SearchError("a double quote is not closed: " + std::string(text));
  if (any) out.push_back(std::move(cur));
  return out;
}

constexpr std::pair<std::string_view, SearchTerm::Kind> kStates[] = {
    {"due", SearchTerm::Kind::IsDue},         {"new", SearchTerm::Kind::IsNew},
    {"learn", SearchTerm::Kind::IsLearn},     {"review", SearchTerm::Kind::IsReview},
    {"suspended", SearchTerm::Kind::IsSuspended}, {"buried", SearchTerm::Kind::IsBuried},
    {"edited", SearchTerm::Kind::IsEdited}};

SearchTerm parse_term(std::string_view raw) {
  SearchTerm t;
  if (raw.size() > 1 && raw.front() == '-') {
    t.negated = true;
    raw.remove_prefix(1);
  }
  const std::string term(raw);
  const auto colon = term.find(':');
  // "deck:", "tag:", "is:" are searches; anything else with a colon ("3:1", "ratio: x") is text,
  // unless it looks like a field name a user meant as one (letters only before the colon).
  if (colon != std::string::npos && colon > 0) {
    const std::string field = lower(term.substr(0, colon));
    std::string value = term.substr(colon + 1);
    if (field == "deck" || field == "tag") {
      if (value.empty()) throw SearchError(field + ": needs a name (" + field + ":NAME)");
      t.kind = field == "deck" ? SearchTerm::Kind::Deck : SearchTerm::Kind::Tag;
      t.value = std::move(value);
      return t;
    }
    if (field == "is") {
      for (const auto& [name, kind] : kStates)
        if (lower(value) == name) {
          t.kind = kind;
          return t;
        }
      throw SearchError("is:" + value +
                        " is not a card state; use is:due, is:new, is:learn, is:review, is:suspended, is:buried or "
                        "is:edited");
    }
    bool letters = true;
    for (char ch : field) letters = letters && std::isalpha(static_cast<unsigned char>(ch));
    if (letters && colon + 1 < term.size())
      throw SearchError(term.substr(0, colon + 1) + " is not a search field; use deck:, tag: or is:, or put the "
                        "text in double quotes");
  }
  t.value = term;
  return t;
}

}  // namespace

CardQuery parse_card_query(std::string_view text) {
  CardQuery q;
  for (const std::string& term : split_terms(text)) {
    if (term.empty()) continue;  // "" typed alone
    q.terms.push_back(parse_term(term));
  }
  return q;
}

}  // namespace stride::store
