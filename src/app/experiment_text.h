#pragma once
// An experiment result as text for a terminal: parameters, tables with aligned columns, curves as
// rows of numbers, histograms as one-line bar charts, then the findings (claim, what was seen,
// whether it held on this run) and notes.
#include <string>

#include "lab/experiment.h"

namespace stride::app {

std::string format_result(const lab::ExperimentResult& result);

}  // namespace stride::app
