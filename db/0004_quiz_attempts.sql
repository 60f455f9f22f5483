-- Stride collection schema, version 4: quiz sessions and every answer given in them (bank questions
-- by their stable id, generated ones by generator kind and seed), for the Quiz's reports and the
-- Stats screen; and the cards a wrong answer brought forward, with what they were before, so that
-- undoing the answer puts them back. A wrong answer never writes a review row.
CREATE TABLE quiz_sessions (
  id          INTEGER PRIMARY KEY,
  mode        TEXT NOT NULL CHECK (mode IN ('practice', 'mock')),
  started_ms  INTEGER NOT NULL,
  finished_ms INTEGER                          -- NULL while it runs (or if the app stopped mid-way)
);

CREATE TABLE quiz_attempts (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES quiz_sessions(id) ON DELETE CASCADE,
  question_id TEXT,                            -- a bank question (content/quizzes), or NULL
  generator   TEXT,                            -- a generated question's kind ("conv-output-size"), or NULL
  seed        INTEGER,                         -- with generator
  difficulty  TEXT NOT NULL CHECK (difficulty IN ('Easy', 'Medium', 'Hard')),
  topic       TEXT NOT NULL,                   -- the question's topic tag, for scores by topic
  format      TEXT NOT NULL CHECK (format IN ('choice', 'free', 'numeric')),
  answer      TEXT NOT NULL,                   -- the option picked, the text typed, the points ticked
  score       REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
  time_ms     INTEGER NOT NULL CHECK (time_ms >= 0),
  answered_ms INTEGER NOT NULL,
  CHECK ((question_id IS NULL) <> (generator IS NULL)),
  CHECK ((generator IS NULL) = (seed IS NULL))
);
CREATE INDEX quiz_attempts_session ON quiz_attempts(session_id, id);
CREATE INDEX quiz_attempts_time ON quiz_attempts(answered_ms);

-- A card brought forward by a wrong answer: due now if it was scheduled later, or first in the
-- new-card queue if it was new; the previous due time and queue position restore it on undo.
CREATE TABLE quiz_reschedules (
  attempt_id    INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
  card_id       INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  prev_due_ms   INTEGER NOT NULL,
  prev_position INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, card_id)
);
