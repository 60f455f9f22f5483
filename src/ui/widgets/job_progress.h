#pragma once
// A background job's progress for the window: a bar with the fraction done, elapsed time and the
// time left (ETA), one detail line, and a Cancel button while it runs; its end state afterwards.
#include "ui/jobs.h"
#include "ui/screen.h"

namespace stride::ui {

// Draws the job's bar; returns true when Cancel was clicked (the caller cancels through Jobs).
bool draw_job_progress(const JobView& job, const ScreenContext& ctx);
// "1 min 05 s", "12 s": durations for progress lines.
std::string format_duration(double seconds);

}  // namespace stride::ui
