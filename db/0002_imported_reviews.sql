-- Stride collection schema, version 2: review-log rows brought in by an import (an Anki
-- package's history) are marked, so undo (Ctrl+Z) only ever takes back the user's own answers.
ALTER TABLE revlog ADD COLUMN imported INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1));
-- When the note was last modified in the package it came from (Anki's notes.mod), so importing an
-- older package again does not overwrite newer text. NULL for notes that did not come from a package.
ALTER TABLE notes ADD COLUMN source_mtime_ms INTEGER;
