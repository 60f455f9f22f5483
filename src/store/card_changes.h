#pragma once
// What Browse (and the Review screen's keys) change on cards besides their schedule: suspend,
// bury, edit, restore the shipped text, delete. Each change returns what undoes it; undo puts back
// only what that change touched, so a review answered in between is kept.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "srs/day_clock.h"
#include "store/database.h"

namespace stride::store {

// One row of a table, column by column, as SQLite stores it (no table here holds blobs).
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;
struct TableRows {
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::vector<SqlValue>> rows;
};

struct CardText {
  std::string front, back, tags;  // rich text (content/rich_text.h); tags space-separated
  bool operator==(const CardText&) const = default;
};

struct CardChange {
  enum class Kind { Suspend, Bury, Edit, Delete } kind = Kind::Suspend;
  std::string description;  // "Suspended 3 cards", for the undo button and the notice after it
  struct Flags {
    int64_t card_id;
    int suspended;
    int64_t buried_until_ms;
  };
  std::vector<Flags> flags;  // Suspend, Bury: each card's flags before
  struct Text {
    int64_t card_id;
    CardText text;
    bool had_edit_row;
    CardText shipped;  // the card_edits row before, when there was one
    int64_t edited_ms;
  };
  std::vector<Text> texts;         // Edit: each card's text before
  std::vector<TableRows> deleted;  // Delete: every row that went with the cards
  std::vector<std::string> tombstones;  // Delete: built-in uids marked as deleted
};

CardChange set_suspended(Database& db, const std::vector<int64_t>& ids, bool suspended, int64_t now_ms);
// Buried until the start of the next study day (`clock`), or unburied.
CardChange set_buried(Database& db, const std::vector<int64_t>& ids, bool buried, const srs::DayClock& clock,
                      int64_t now_ms);
// Validates the text (front and back non-empty rich text; throws StoreError naming the field),
// keeps what the source ships in card_edits the first time, and writes the learner's text.
// Writing back exactly the shipped text clears the edit mark.
CardChange edit_card(Database& db, int64_t card_id, const CardText& text, int64_t now_ms);
// The shipped text back on an edited card; the edit mark goes. Throws StoreError if not edited.
CardChange restore_shipped_text(Database& db, int64_t card_id, int64_t now_ms);
// Deletes the cards with their review log (and notes left with no card); built-in cards are
// remembered as deleted so the start-up upsert does not bring them back.
CardChange delete_cards(Database& db, const std::vector<int64_t>& ids, int64_t now_ms);
void undo_card_change(Database& db, const CardChange& change);

}  // namespace stride::store
