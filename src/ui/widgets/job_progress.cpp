#include "ui/widgets/job_progress.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "ui/widgets/lab_text.h"

namespace stride::ui {

std::string format_duration(double seconds) {
  char buf[32];
  const long s = std::lround(std::max(0.0, seconds));
  if (s >= 60)
    std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld s", s);
  return buf;
}

bool draw_job_progress(const JobView& job, const ScreenContext& ctx) {
  bool cancel = false;
  const bool running = job.status == JobStatus::running;
  char overlay[96];
  std::snprintf(overlay, sizeof overlay, "%.0f%%", 100.0 * job.fraction);
  ImGui::ProgressBar(static_cast<float>(job.fraction), ImVec2(ctx.fonts.px(260), 0), overlay);
  ImGui::SameLine();
  if (running) {
    const double eta = job.eta_s();
    const std::string times = format_duration(job.elapsed_s) + (eta >= 0 ? ", about " + format_duration(eta) + " left" : "");
    ImGui::TextUnformatted(times.c_str());
    ImGui::SameLine();
    cancel = ImGui::SmallButton("Cancel");
    tooltip("Stops after the current training step; what ran so far is kept as a cancelled run");
  } else if (job.status == JobStatus::finished) {
    dim_text(ctx, "finished in " + format_duration(job.elapsed_s));
  } else if (job.status == JobStatus::cancelled) {
    dim_text(ctx, "cancelled after " + format_duration(job.elapsed_s));
  } else {
    error_text(ctx, "failed: " + job.error);
  }
  if (!job.detail.empty()) dim_text(ctx, job.detail);
  return cancel;
}

}  // namespace stride::ui
