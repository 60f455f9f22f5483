#pragma once
// An experiment result as JSON: what `stride lab X --json` prints and what the collection stores
// for each run (experiment_runs.result). Shape:
//   {"experiment", "params": {k: v}, "seconds", "cancelled",
//    "tables": [{"id", "title", "columns": [...], "rows": [[cell, ...], ...]}],
//    "plots": [{"id", "title", "x_label", "y_label", "log_x", "series": [{"name", "x", "y"}]}],
//    "histograms": [{"id", "title", "lo", "hi", "counts", "mean", "stddev"}],
//    "findings": [{"claim", "observed", "holds"}], "notes": [...]}
// Non-finite numbers (NaN accuracy of an empty split) are written as null.
#include <string>

#include "lab/experiment.h"

namespace stride::lab {

std::string to_json(const ExperimentResult& result, int indent = -1);
// Reads back what to_json wrote (a stored run, to draw or overlay it). null numbers come back as
// NaN. Throws std::runtime_error naming what is missing or of the wrong type.
ExperimentResult from_json(const std::string& text);
// The params object alone (stored in its own column so runs can be filtered without parsing all).
std::string params_json(const ExperimentResult& result);

}  // namespace stride::lab
