-- Stride collection schema, version 1.
-- Applied inside one transaction by store/migrations.cpp, which then sets PRAGMA user_version = 1.

CREATE TABLE decks (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,          -- full name, sub-decks separated by "::"
  created_ms INTEGER NOT NULL
);

-- A note groups the cards made from one source item (a card and its reverse);
-- two cards of one note are never shown back to back.
CREATE TABLE notes (
  id       INTEGER PRIMARY KEY,
  guid     TEXT NOT NULL UNIQUE,            -- stable id: content id, or a hash/guid for imports
  source   TEXT NOT NULL,                   -- 'builtin', 'import'
  mtime_ms INTEGER NOT NULL
);

CREATE TABLE cards (
  id             INTEGER PRIMARY KEY,
  uid            TEXT NOT NULL UNIQUE,      -- stable card id (note guid, plus "/reverse" etc.)
  note_id        INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  ord            INTEGER NOT NULL DEFAULT 0,
  deck_id        INTEGER NOT NULL REFERENCES decks(id),
  front          TEXT NOT NULL,
  back           TEXT NOT NULL,
  demo           TEXT NOT NULL DEFAULT '',
  tags           TEXT NOT NULL DEFAULT '',  -- space-separated
  position       INTEGER NOT NULL,          -- order in which new cards are introduced
  -- FSRS memory state (src/srs/card.h)
  state          INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
  step           INTEGER NOT NULL DEFAULT 0,
  stability      REAL    NOT NULL DEFAULT 0,
  difficulty     REAL    NOT NULL DEFAULT 0,
  due_ms         INTEGER NOT NULL DEFAULT 0,
  last_review_ms INTEGER,                   -- NULL: never reviewed
  reps           INTEGER NOT NULL DEFAULT 0,
  lapses         INTEGER NOT NULL DEFAULT 0,
  scheduled_days INTEGER NOT NULL DEFAULT 0,
  suspended      INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1, 2)),  -- 1 by the user, 2 removed from content/
  created_ms     INTEGER NOT NULL,
  mtime_ms       INTEGER NOT NULL
);
CREATE INDEX cards_queue ON cards(suspended, state, due_ms);
CREATE INDEX cards_new   ON cards(suspended, state, position);
-- Covering index for the per-deck counts of the deck list.
CREATE INDEX cards_deck  ON cards(deck_id, suspended, state, due_ms);
CREATE INDEX cards_note  ON cards(note_id);

-- One row per answer. The prev_* columns hold the card's whole state before
-- the answer, so undo can restore it exactly.
CREATE TABLE revlog (
  id              INTEGER PRIMARY KEY,
  card_id         INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  review_ms       INTEGER NOT NULL,
  rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  state_before    INTEGER NOT NULL CHECK (state_before BETWEEN 0 AND 3),
  elapsed_days    INTEGER NOT NULL,
  scheduled_days  INTEGER NOT NULL,
  stability       REAL    NOT NULL,         -- after the answer
  difficulty      REAL    NOT NULL,         -- after the answer
  duration_ms     INTEGER NOT NULL,         -- time spent answering
  prev_step           INTEGER NOT NULL,
  prev_stability      REAL    NOT NULL,
  prev_difficulty     REAL    NOT NULL,
  prev_due_ms         INTEGER NOT NULL,
  prev_last_review_ms INTEGER,
  prev_reps           INTEGER NOT NULL,
  prev_lapses         INTEGER NOT NULL,
  prev_scheduled_days INTEGER NOT NULL
);
CREATE INDEX revlog_card ON revlog(card_id, review_ms);
CREATE INDEX revlog_time ON revlog(review_ms);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
