#pragma once
// Browse's search: Anki's common forms, parsed into terms (pure), then run as one parameterised
// query. `deck:CNN` (the deck and its sub-decks; `*` is a wildcard), `tag:alexnet` (and its
// `alexnet::…` children), `is:due`, `is:new`, `is:learn`, `is:review`, `is:suspended`,
// `is:buried`, `is:edited`, and free text matched in the front or back. Terms are ANDed; `-term`
// negates one; "double quotes" keep spaces in a term (`"deck:CNN::Batch norm"` or
// `deck:"CNN::Batch norm"`). Case-insensitive for ASCII letters, as SQLite's LIKE is.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stride::store {

struct SearchTerm {
  enum class Kind { Text, Deck, Tag, IsDue, IsNew, IsLearn, IsReview, IsSuspended, IsBuried, IsEdited };
  Kind kind = Kind::Text;
  std::string value;  // the text, deck or tag (empty for is:)
  bool negated = false;
  bool operator==(const SearchTerm&) const = default;
};

struct CardQuery {
  std::vector<SearchTerm> terms;  // empty: every card
};

// What is wrong with a search, naming the term ("is:foo: …"); shown under the search field.
struct SearchError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Throws SearchError for an unknown is: or field, an empty deck:/tag:, or an unclosed quote.
CardQuery parse_card_query(std::string_view text);

}  // namespace stride::store
