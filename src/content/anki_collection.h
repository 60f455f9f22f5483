#pragma once
// An Anki collection (the SQLite file inside a package), opened read-only from memory and read
// into plain rows: note types, decks, notes, cards and the review log, for schema 11 (note types
// and decks as JSON in `col`) and schemas 15-18 (their own tables, protobuf configs, `unicase`
// collation, 0x1F deck separators).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "content/anki_template.h"

namespace stride::content {

struct AnkiNote {
  int64_t id = 0;
  std::string guid;
  int64_t type_id = 0;
  int64_t modified_s = 0;           // notes.mod
  std::vector<std::string> fields;  // split at 0x1F
  std::string tags;                 // space-separated
};

struct AnkiCard {
  int64_t id = 0, note_id = 0, deck_id = 0;
  int ord = 0;
  int type = 0, queue = 0;
  int64_t due = 0;
  int ivl = 0, reps = 0, lapses = 0, left = 0;
  std::string data;  // JSON: FSRS memory state {"s","d","lrt"} in recent versions
};

struct AnkiReview {
  int64_t id = 0;    // milliseconds since the epoch
  int64_t card_id = 0;
  int ease = 0;      // 1-4; 0 for manual reschedules
  int ivl = 0;       // days when positive, seconds when negative
  int last_ivl = 0;  // the interval before this answer, in the same units
  int64_t time_ms = 0;
  int type = 0;      // 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
};

struct AnkiCollection {
  int schema = 0;
  int64_t created_s = 0;  // col.crt: the day numbers of review due dates count from it
  std::map<int64_t, NoteType> note_types;
  std::map<int64_t, std::string> decks;  // id -> "A::B"
  std::vector<AnkiNote> notes;
  std::vector<AnkiCard> cards;           // ordered by note, then ord
  std::vector<AnkiReview> reviews;       // ordered by card, then time
};

// Parses the SQLite image `bytes`. Throws ContentError(file, 0, problem) for anything that is not
// a readable Anki collection: not SQLite, damaged, an unknown schema, missing tables, malformed
// JSON or protobuf, invalid UTF-8, fields over `max_field_bytes`.
AnkiCollection read_anki_collection(std::string bytes, const std::string& file, std::size_t max_field_bytes);

}  // namespace stride::content
