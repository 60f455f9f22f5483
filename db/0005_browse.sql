-- Stride collection schema, version 5: what Browse changes on a card besides its schedule.

-- Buried (Browse's Bury, the Review screen's "-"): out of the queue until this instant, the start
-- of the next study day; 0 when not buried. A column rather than a fourth `suspended` value,
-- because that column's CHECK cannot change without rebuilding the table.
ALTER TABLE cards ADD COLUMN buried_until_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cards_buried ON cards(buried_until_ms) WHERE buried_until_ms > 0;

-- A card whose text the learner edited in Browse. The card row holds the learner's text; this row
-- holds what the card's source (content/ or an import) ships now, so the next upsert updates this
-- row instead of the card, Browse can mark the card as edited, and "Restore" puts it back.
CREATE TABLE card_edits (
  card_id       INTEGER PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,
  shipped_front TEXT NOT NULL,
  shipped_back  TEXT NOT NULL,
  shipped_tags  TEXT NOT NULL,
  edited_ms     INTEGER NOT NULL
);

-- Built-in cards the learner deleted: the upsert at start-up does not bring them back.
CREATE TABLE deleted_builtin_cards (
  uid        TEXT PRIMARY KEY,
  deleted_ms INTEGER NOT NULL
);
