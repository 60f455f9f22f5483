-- Stride collection schema, version 6: what the Stats screen needs.
--
-- An index holding every column the statistics read from the review log, in time order, so the
-- screen scans narrow index entries instead of whole log rows and needs no sort (a million reviews:
-- about 250 ms instead of 400 on one core; docs/BENCHMARKS.md).
CREATE INDEX revlog_stats ON revlog(review_ms, card_id, rating, state_before, prev_scheduled_days, duration_ms,
                                    imported);

-- Each time a Lab demo was opened in the window (its screen name, "lab:conv2d"), for "demos opened".
CREATE TABLE demo_opens (
  id        INTEGER PRIMARY KEY,
  demo      TEXT    NOT NULL CHECK (demo <> ''),
  opened_ms INTEGER NOT NULL
);
CREATE INDEX demo_opens_time ON demo_opens(opened_ms);
