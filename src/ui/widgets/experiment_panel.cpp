#include "ui/widgets/experiment_panel.h"

#include <imgui.h>

#include <algorithm>

#include "common/clock.h"
#include "lab/experiment_json.h"
#include "store/collection.h"
#include "ui/item_rects.h"
#include "ui/widgets/histogram_view.h"
#include "ui/widgets/job_progress.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/result_table.h"

namespace stride::ui {

namespace {

constexpr const char* kDot = "  \xC2\xB7  ";

lab::Plot* find_plot(lab::ExperimentResult& r, const std::string& id) {
  for (lab::Plot& p : r.plots)
    if (p.id == id) return &p;
  return nullptr;
}

const lab::Plot* find_plot(const lab::ExperimentResult& r, const std::string& id) {
  return find_plot(const_cast<lab::ExperimentResult&>(r), id);
}

ImU32 with_alpha(ImU32 colour, int alpha) {
  return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

// A sweep's random trials arrive in draw order, not along x: a line through them would zigzag.
void sort_by_x(PlotSeries& s) {
  std::vector<std::size_t> order(s.x.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.x[a] < s.x[b]; });
  PlotSeries sorted{s.name, {}, {}, s.colour, s.in_legend};
  for (std::size_t i : order) {
    sorted.x.push_back(s.x[i]);
    sorted.y.push_back(s.y[i]);
  }
  s = std::move(sorted);
}

}  // namespace

std::string progress_line(const lab::Progress& p) {
  const std::size_t colon = p.phase.find(": ");
  const bool repeated = colon != std::string::npos && p.detail.rfind(p.phase.substr(colon + 2), 0) == 0;
  const std::string head = repeated ? p.phase.substr(0, colon) : p.phase;
  return head + (p.detail.empty() ? "" : kDot + p.detail);
}

void ExperimentPanel::start(const ScreenContext& ctx, const std::string& name, const lab::CommonOptions& common,
                            Body body, const lab::ExperimentResult* layout) {
  live_ = {};
  live_.experiment = name;
  if (layout != nullptr) {
    for (const lab::Plot& p : layout->plots) live_.plots.push_back({p.id, p.title, p.x_label, p.y_label, p.log_x, {}});
  }
  live_done_ = false;
  live_id_.reset();
  shown_.reset();
  store_error_.clear();
  store::Collection* collection = &ctx.collection;
  job_ = ctx.jobs.start("lab " + name, [this, common, body = std::move(body), collection](JobControl& job) {
    const int64_t started = SystemClock().now_ms();
    lab::Reporter reporter(
        [&job, this](const lab::ExperimentEvent& event) {
          if (const auto* p = std::get_if<lab::Progress>(&event)) {
            job.progress(p->fraction, progress_line(*p));
          } else if (const auto* point = std::get_if<lab::CurvePoint>(&event)) {
            job.post([this, pt = *point] { add_point(pt); });
          }
        },
        &job.cancel_flag());
    lab::ExperimentResult result = body(common, reporter);
    store::ExperimentRun run;
    run.experiment = result.experiment;
    run.started_ms = started;
    run.finished_ms = std::max(started, SystemClock().now_ms());
    run.cancelled = result.cancelled;
    run.seed = static_cast<int64_t>(common.seed);
    run.params_json = lab::params_json(result);
    run.result_json = lab::to_json(result);
    // Stored from the UI thread, which owns the collection.
    job.post([this, collection, run = std::move(run), result = std::move(result)]() mutable {
      live_ = std::move(result);
      live_done_ = true;
      try {
        live_id_ = collection->record_experiment_run(run);
        ++stored_count_;
      } catch (const std::exception& e) {
        store_error_ = std::string("The run could not be stored: ") + e.what();
      }
    });
  });
}

void ExperimentPanel::add_point(const lab::CurvePoint& pt) {
  lab::Plot* plot = find_plot(live_, pt.plot);
  if (plot == nullptr) {
    live_.plots.push_back({pt.plot, pt.plot, "", "", false, {}});
    plot = &live_.plots.back();
  }
  auto it = std::find_if(plot->series.begin(), plot->series.end(), [&](const auto& s) { return s.name == pt.series; });
  if (it == plot->series.end()) it = plot->series.insert(plot->series.end(), lab::Series{pt.series, {}, {}});
  it->x.push_back(pt.x);
  it->y.push_back(pt.y);
}

void ExperimentPanel::cancel(const ScreenContext& ctx) {
  if (job_) ctx.jobs.cancel(*job_);
}

bool ExperimentPanel::running(const ScreenContext& ctx) const {
  const JobView* v = job_ ? ctx.jobs.view(*job_) : nullptr;
  return v != nullptr && v->status == JobStatus::running;
}

void ExperimentPanel::show(int64_t run_id, lab::ExperimentResult result) { shown_ = Stored{run_id, std::move(result)}; }

void ExperimentPanel::compare(int64_t run_id, lab::ExperimentResult result) {
  compared_ = Stored{run_id, std::move(result)};
}

const lab::ExperimentResult* ExperimentPanel::shown() const {
  if (shown_) return &shown_->result;
  return job_ ? &live_ : nullptr;
}

std::optional<int64_t> ExperimentPanel::shown_run() const { return shown_ ? std::optional(shown_->id) : live_id_; }

void ExperimentPanel::draw_status(const ScreenContext& ctx) {
  const JobView* job = job_ ? ctx.jobs.view(*job_) : nullptr;
  // The bar while it runs, and a failure's message; a finished or cancelled run says so below.
  if (job != nullptr && (job->status == JobStatus::running || job->status == JobStatus::failed || !live_done_)) {
    if (draw_job_progress(*job, ctx)) cancel(ctx);
    note_item("experiment:progress");
  }
  if (shown_) {
    dim_text(ctx, "Showing stored run " + std::to_string(shown_->id) +
                      (shown_->result.cancelled ? " (cancelled: partial)" : ""));
    if (job != nullptr) {
      ImGui::SameLine();
      if (ImGui::SmallButton(job->status == JobStatus::running ? "Back to the run in progress" : "Back to my last run"))
        back_to_live();
    }
  } else if (live_id_) {
    dim_text(ctx, "Stored as run " + std::to_string(*live_id_) + (live_.cancelled ? " (cancelled: partial results)" : "") +
                      " \xE2\x80\x94 stride lab runs " + live_.experiment);
  }
  error_text(ctx, store_error_);
}

void ExperimentPanel::draw_findings(const ScreenContext& ctx, bool compact) {
  const lab::ExperimentResult* r = shown();
  if (r == nullptr || r->findings.empty()) return;
  for (std::size_t i = 0; i < r->findings.size(); ++i) {
    const lab::Finding& f = r->findings[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_Text, f.holds ? ctx.palette.due_count : ctx.palette.error);
    ImGui::PushFont(compact ? ctx.fonts.small() : ctx.fonts.ui_bold());
    ImGui::PushTextWrapPos(0);
    ImGui::TextWrapped("%s%s", f.holds ? "Held: " : "Did not hold: ", f.claim.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::PopStyleColor();
    if (compact) {
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.observed.c_str());
    } else {
      ImGui::Indent(ctx.fonts.px(14));
      ImGui::PushFont(ctx.fonts.small());
      dim_wrapped(ctx, f.observed);
      ImGui::PopFont();
      ImGui::Unindent(ctx.fonts.px(14));
    }
    ImGui::PopID();
  }
}

bool ExperimentPanel::line_plot(const std::string& id, LinePlot& out) const {
  const lab::ExperimentResult* r = shown();
  const lab::Plot* p = r != nullptr ? find_plot(*r, id) : nullptr;
  if (p == nullptr) return false;
  out = LinePlot{p->title, p->x_label, p->y_label, p->log_x, false, {}, {}, {}};
  std::vector<std::string> names;
  for (std::size_t i = 0; i < p->series.size(); ++i) {
    const lab::Series& s = p->series[i];
    out.series.push_back({s.name, s.x, s.y, series_colour(i)});
    names.push_back(s.name);
  }
  const lab::Plot* other = compared_ && compared_->id != shown_run() ? find_plot(compared_->result, id) : nullptr;
  if (other != nullptr) {
    const std::string tag = kDot + std::string("run ") + std::to_string(compared_->id);
    for (const lab::Series& s : other->series) {
      // The same colour as the shown run's series of that name, fainter; a name only it has gets its own.
      const auto at = std::find(names.begin(), names.end(), s.name);
      const std::size_t k = at != names.end() ? static_cast<std::size_t>(at - names.begin()) : names.size();
      if (at == names.end()) names.push_back(s.name);
      out.series.push_back({s.name + tag, s.x, s.y, with_alpha(series_colour(k), 110), false});
    }
    out.legend_note = "fainter: run " + std::to_string(compared_->id);
  }
  if (out.log_x)
    for (PlotSeries& s : out.series) sort_by_x(s);
  return true;
}

void ExperimentPanel::draw_plots(const ScreenContext& ctx, float height, int columns,
                                 const std::vector<std::string>& skip) {
  const lab::ExperimentResult* r = shown();
  if (r == nullptr) return;
  int plots = 0;
  for (const lab::Plot& p : r->plots) plots += std::find(skip.begin(), skip.end(), p.id) == skip.end() ? 1 : 0;
  columns = std::max(1, std::min(columns, plots));  // a lone plot gets the whole width
  const float gap = ctx.fonts.px(12);
  const float width = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  int n = 0;
  for (const lab::Plot& p : r->plots) {
    if (std::find(skip.begin(), skip.end(), p.id) != skip.end()) continue;
    LinePlot plot;
    if (!line_plot(p.id, plot)) continue;
    if (n % columns != 0) ImGui::SameLine(0, gap);
    draw_line_plot(("plot:" + p.id).c_str(), plot, ImVec2(width, height), ctx);
    note_item("experiment:plot:" + p.id);
    ++n;
  }
}

void ExperimentPanel::draw_histograms(const ScreenContext& ctx, float height, int columns) {
  const lab::ExperimentResult* r = shown();
  if (r == nullptr || r->histograms.empty()) return;
  const float gap = ctx.fonts.px(12);
  const float width = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  for (std::size_t i = 0; i < r->histograms.size(); ++i) {
    if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine(0, gap);
    const lab::Histogram& h = r->histograms[i];
    ImGui::BeginGroup();
    draw_histogram(("histogram:" + h.id).c_str(), h, ImVec2(width, height), ctx, {series_colour(i % 2 == 0 ? 0 : 2), true});
    note_item("experiment:histogram:" + h.id);
    if (!h.marks_label.empty()) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
      ImGui::PushFont(ctx.fonts.small());
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ctx.palette.error), "%s", h.marks_label.c_str());
      ImGui::PopFont();
      ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
  }
}

void ExperimentPanel::draw_tables(const ScreenContext& ctx) {
  const lab::ExperimentResult* r = shown();
  if (r == nullptr) return;
  for (const lab::Table& t : r->tables) {
    draw_result_table(t, ctx);
    ImGui::Spacing();
  }
}

void ExperimentPanel::draw_notes(const ScreenContext& ctx) {
  const lab::ExperimentResult* r = shown();
  if (r == nullptr || r->notes.empty()) return;
  const std::string title = "How to read this run (" + std::to_string(r->notes.size()) + " notes)###notes";
  if (!ImGui::CollapsingHeader(title.c_str())) return;
  ImGui::PushFont(ctx.fonts.small());
  for (const std::string& n : r->notes) {
    ImGui::Bullet();
    ImGui::SameLine();
    dim_wrapped(ctx, n);
  }
  ImGui::PopFont();
}

}  // namespace stride::ui
