-- Stride collection schema, version 3: every lab experiment a learner runs (`stride lab transfer`,
-- `prune`, …, and later the Lab screen), so progress tracking can show which demos were run and
-- what they measured. params and result are JSON (lab/experiment_json.h documents the shape).
CREATE TABLE experiment_runs (
  id          INTEGER PRIMARY KEY,
  experiment  TEXT NOT NULL CHECK (length(experiment) > 0),
  started_ms  INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL CHECK (finished_ms >= started_ms),
  status      TEXT NOT NULL CHECK (status IN ('completed', 'cancelled')),
  seed        INTEGER NOT NULL,
  params      TEXT NOT NULL CHECK (json_valid(params)),
  result      TEXT NOT NULL CHECK (json_valid(result))
);
CREATE INDEX experiment_runs_by_experiment ON experiment_runs(experiment, started_ms);
