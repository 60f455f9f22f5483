#pragma once
// Reading and writing one card's row and its review-log rows.
#include <optional>

#include "srs/card.h"
#include "store/collection.h"
#include "store/database.h"

namespace stride::store {

// The SELECT list that card_from_row() expects, over `cards c JOIN decks d`.
extern const char* const kCardColumns;
Card card_from_row(const Statement& st);

std::optional<Card> load_card(Database& db, int64_t card_id);
void save_memory(Database& db, int64_t card_id, const srs::MemoryState& m, int64_t now_ms);
void insert_revlog(Database& db, int64_t card_id, const srs::ReviewOutcome& out, int64_t duration_ms);
// Restores the card of the newest log row to its state before that review and
// deletes the row. Call inside a transaction. Returns the card id. Imported rows
// (revlog.imported = 1) are never undone, nor an answer to a card an import has updated since.
std::optional<int64_t> undo_newest_review(Database& db);

}  // namespace stride::store
