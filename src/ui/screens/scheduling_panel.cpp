#include "ui/screens/scheduling_panel.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "common/text_format.h"
#include "srs/day_clock.h"
#include "srs/fsrs_optimizer.h"
#include "stats/simulator_input.h"
#include "store/collection_reader.h"
#include "ui/item_rects.h"
#include "ui/jobs.h"
#include "ui/widgets/job_progress.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/line_plot.h"

namespace stride::ui {
namespace {

std::string metrics_text(const std::optional<srs::FsrsMetrics>& m) {
  if (!m) return "too little history to score";
  char buf[96];
  std::snprintf(buf, sizeof buf, "log loss %.4f, RMSE %.2f%%", m->log_loss, 100 * m->rmse_bins);
  return buf;
}

srs::FsrsDataset history(const std::filesystem::path& path, int hour) {
  store::CollectionReader reader(path, hour);
  return srs::fsrs_dataset_from_log(reader.fsrs_log(), srs::DayClock{hour});
}

}  // namespace

void SchedulingPanel::load(const ScreenContext& ctx) {
  settings_ = ctx.collection.fsrs_settings();
  retention_ = static_cast<float>(settings_->desired_retention);
}

void SchedulingPanel::optimize(const ScreenContext& ctx) {
  if (optimize_job_) return;
  fit_.reset();
  fit_note_.clear();
  const std::filesystem::path path = ctx.collection.path();
  const int hour = ctx.collection.rollover_hour();
  const int generation = generation_;
  optimize_job_ = ctx.jobs.start("Optimise FSRS parameters", [=, this](JobControl& job) {
    const auto t0 = std::chrono::steady_clock::now();
    job.progress(0, "Reading the review history");
    const srs::FsrsDataset data = history(path, hour);
    if (data.items.empty())
      throw std::invalid_argument("not enough history yet: no card has been reviewed on two different days");
    srs::FsrsOptimizeOptions options;
    options.progress = [&](size_t done, size_t total) {
      const size_t epoch = std::min<size_t>(5, done * 5 / std::max<size_t>(total, 1) + 1);
      job.progress(double(done) / double(total), "Epoch " + std::to_string(epoch) + " of 5 on " +
                                                      std::to_string(data.reviews) + " reviews");
      return !job.cancelled();
    };
    FitOutcome out;
    const srs::FsrsOptimizeResult fit = srs::optimize_fsrs(data, options);
    out.parameters = fit.parameters;
    out.method = fit.method;
    out.before = srs::try_evaluate_fsrs(data, srs::kDefaultWeights);
    out.after = srs::try_evaluate_fsrs(data, fit.parameters);
    out.reviews = data.reviews;
    out.items = data.items.size();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    job.post([this, generation, out = std::move(out)]() mutable {
      if (generation == generation_) fit_ = std::move(out);
    });
  });
}

void SchedulingPanel::apply_fit(const ScreenContext& ctx) {
  if (!fit_) return;
  try {
    ctx.collection.set_fsrs_parameters(fit_->parameters);
    fit_note_ = "Applied: the next review is scheduled with the fitted parameters.";
    fit_.reset();
    ++generation_;
    load(ctx);
    evaluation_.reset();
    simulate(ctx);
  } catch (const std::exception& e) {
    error_ = std::string("The parameters could not be saved: ") + e.what();
  }
}

void SchedulingPanel::evaluate(const ScreenContext& ctx) {
  if (evaluate_job_ || !settings_) return;
  evaluation_.reset();
  evaluation_note_.clear();
  const std::filesystem::path path = ctx.collection.path();
  const int hour = ctx.collection.rollover_hour();
  const std::array<double, 21> w = settings_->weights();
  const int generation = generation_;
  evaluate_job_ = ctx.jobs.start("Evaluate FSRS parameters", [=, this](JobControl& job) {
    job.progress(0, "Reading the review history");
    const srs::FsrsDataset data = history(path, hour);
    const std::optional<srs::FsrsMetrics> m = srs::try_evaluate_fsrs(data, w);
    const std::string note = m ? "on " + std::to_string(data.reviews) + " reviews" : "";
    job.post([this, generation, m, note] {
      if (generation != generation_) return;
      evaluation_ = m;
      evaluation_note_ = m ? note : "Too little history to score: review for a few more days.";
    });
  });
}

void SchedulingPanel::simulate(const ScreenContext& ctx) {
  if (simulate_job_) ctx.jobs.cancel(simulate_job_);
  if (!settings_) load(ctx);
  const std::filesystem::path path = ctx.collection.path();
  const int hour = ctx.collection.rollover_hour();
  const std::array<double, 21> w = settings_->weights();
  const int new_per_day = ctx.collection.limits().new_per_day;
  const int64_t now = ctx.clock.now_ms();
  const int generation = generation_;
  simulate_job_ = ctx.jobs.start("Simulate workload", [=, this](JobControl& job) {
    job.progress(0, "Reading the cards");
    store::CollectionReader reader(path, hour);
    const srs::SimulatorInput in = stats::simulator_input(reader.stats_cards(), reader.stats_reviews(), w,
                                                          new_per_day, 365, srs::DayClock{hour}, now);
    const std::vector<double> retentions = srs::simulator_retentions();
    std::vector<srs::SimulationCurve> curves =
        srs::simulate_fsrs_range(in, retentions, [&](size_t done, size_t total) {
          job.progress(double(done) / double(total), "Desired retention " + std::to_string(done) + " of " +
                                                         std::to_string(total));
          return !job.cancelled();
        });
    if (job.cancelled()) return;
    const size_t cards = in.studied.size() + in.new_cards;
    job.post([this, generation, cards, new_per_day, curves = std::move(curves)]() mutable {
      if (generation != generation_) return;
      curves_ = std::move(curves);
      simulated_cards_ = cards;
      simulated_new_per_day_ = new_per_day;
    });
  });
}

void SchedulingPanel::check_jobs(const ScreenContext& ctx) {
  for (int* id : {&optimize_job_, &evaluate_job_, &simulate_job_}) {
    if (*id == 0) continue;
    const JobView* view = ctx.jobs.view(*id);
    if (view == nullptr || view->status == JobStatus::running) continue;
    if (view->status == JobStatus::failed) {
      const std::string what = id == &optimize_job_ ? "Optimising" : id == &evaluate_job_ ? "Evaluating" : "Simulating";
      error_ = what + " failed: " + view->error;
    }
    if (id == &optimize_job_ && view->status == JobStatus::cancelled) fit_note_ = "Optimising was cancelled.";
    *id = 0;
  }
}

void SchedulingPanel::draw_retention(const ScreenContext& ctx) {
  ImGui::SetNextItemWidth(ctx.fonts.px(220));
  ImGui::SliderFloat("Desired retention", &retention_, static_cast<float>(store::kMinDesiredRetention),
                     static_cast<float>(store::kMaxDesiredRetention), "%.2f", ImGuiSliderFlags_AlwaysClamp);
  note_item("settings.retention");
  tooltip("The chance of recalling a card when it comes due. Higher means shorter intervals and more reviews; "
          "Ctrl+click to type a value.");
  retention_ = std::round(retention_ * 100.0f) / 100.0f;
  if (ImGui::IsItemDeactivatedAfterEdit() && std::abs(retention_ - settings_->desired_retention) > 1e-4) {
    try {
      ctx.collection.set_desired_retention(retention_);
      settings_->desired_retention = retention_;
      error_.clear();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  const std::array<double, 21> w = settings_->weights();
  // The card whose interval is 100 days at 0.90 (stability 100 days): its interval at the chosen value.
  const int now = srs::simulated_interval(w, 100.0, retention_, 36500);
  char line[200];
  if (std::abs(retention_ - 0.9f) < 1e-4)
    std::snprintf(line, sizeof line, "Cards come due when your recall of them has fallen to 90 %%.");
  else
    std::snprintf(line, sizeof line, "A 100-day interval (at 0.90) becomes %d days at %.2f.", now, retention_);
  dim_text(ctx, line);
  if (retention_ < 0.80f)
    error_text(ctx, "Below 0.80 you forget a card in five before it comes back; relearning often costs more time "
                    "than the reviews you save.");
  else if (retention_ > 0.95f)
    error_text(ctx, "Above 0.95 the reviews pile up fast for little more remembered: see the curves below.");
}

void SchedulingPanel::draw_parameters(const ScreenContext& ctx) {
  dim_text(ctx, settings_->fitted ? "Parameters: fitted to your reviews." : "Parameters: FSRS-6's defaults.");
  if (!settings_->problem.empty()) error_text(ctx, settings_->problem);
  if (ImGui::TreeNode("The 21 parameters")) {
    const std::array<double, 21> w = settings_->weights();
    std::string text;
    for (size_t i = 0; i < w.size(); ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "w%zu %.4f%s", i, w[i], i % 7 == 6 ? "\n" : "   ");
      text += buf;
    }
    ImGui::TextUnformatted(text.c_str());
    ImGui::TreePop();
  }
  ImGui::BeginDisabled(optimize_job_ != 0);
  if (ImGui::Button("Optimise")) optimize(ctx);
  note_item("settings.optimize");
  tooltip("Fit the 21 parameters to your own review history (fsrs-rs's method; a few seconds at most)");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(evaluate_job_ != 0);
  if (ImGui::Button("Evaluate")) evaluate(ctx);
  tooltip("How well the parameters in use predict your reviews: log loss and RMSE (lower is better)");
  ImGui::EndDisabled();
  if (settings_->fitted) {
    ImGui::SameLine();
    if (ImGui::Button("Reset to defaults")) {
      try {
        ctx.collection.set_fsrs_parameters(std::nullopt);
        fit_note_ = "Back to the default parameters.";
        ++generation_;
        load(ctx);
        evaluation_.reset();
        simulate(ctx);
      } catch (const std::exception& e) {
        error_ = e.what();
      }
    }
  }
  if (evaluation_) dim_text(ctx, "In use: " + metrics_text(evaluation_) + " " + evaluation_note_);
  else if (!evaluation_note_.empty()) dim_text(ctx, evaluation_note_);
  if (evaluate_job_)
    if (const JobView* v = ctx.jobs.view(evaluate_job_)) draw_job_progress(*v, ctx);
}

void SchedulingPanel::draw_fit(const ScreenContext& ctx) {
  if (optimize_job_) {
    if (const JobView* v = ctx.jobs.view(optimize_job_); v && draw_job_progress(*v, ctx)) ctx.jobs.cancel(optimize_job_);
  }
  if (!fit_note_.empty()) dim_text(ctx, fit_note_);
  if (!fit_) return;
  char line[200];
  const std::string took = fit_->seconds < 1 ? std::to_string(std::max(1L, std::lround(fit_->seconds * 1000))) + " ms"
                                             : format_duration(fit_->seconds);
  std::snprintf(line, sizeof line, "Fitted to %zu reviews in %s (%s).", fit_->reviews, took.c_str(), fit_->method.c_str());
  ImGui::TextUnformatted(line);
  if (ImGui::BeginTable("fit", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH,
                        ImVec2(ctx.fonts.px(300), 0))) {
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("Log loss");
    ImGui::TableSetupColumn("RMSE (bins)");
    ImGui::TableHeadersRow();
    const auto row = [](const char* name, const std::optional<srs::FsrsMetrics>& m) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name);
      ImGui::TableNextColumn();
      ImGui::Text(m ? "%.4f" : "—", m ? m->log_loss : 0.0);
      ImGui::TableNextColumn();
      ImGui::Text(m ? "%.2f%%" : "—", m ? 100 * m->rmse_bins : 0.0);
    };
    row("Defaults", fit_->before);
    row("Fitted", fit_->after);
    ImGui::EndTable();
  }
  tooltip("Log loss: how surprised the model is by your answers. RMSE: how far its predicted recall is from "
          "your actual recall, in groups of similar cards. Lower is better for both.");
  if (ImGui::Button("Apply")) apply_fit(ctx);
  note_item("settings.apply");
  tooltip("Schedule with the fitted parameters from the next review on");
  ImGui::SameLine();
  if (ImGui::Button("Keep current")) {
    fit_.reset();
    fit_note_ = "Kept the parameters in use.";
  }
}

void SchedulingPanel::draw_workload(const ScreenContext& ctx) {
  heading(ctx, "Workload by desired retention");
  if (simulate_job_)
    if (const JobView* v = ctx.jobs.view(simulate_job_); v && draw_job_progress(*v, ctx)) ctx.jobs.cancel(simulate_job_);
  if (curves_.empty()) {
    if (!simulate_job_) dim_text(ctx, "No simulation yet.");
    return;
  }
  char line[240];
  std::snprintf(line, sizeof line,
                "The next 365 days of your %s cards (new ones at %d a day), simulated at each retention. Hover a curve "
                "for its numbers; the pink line marks your choice.",
                with_commas(static_cast<int64_t>(simulated_cards_)).c_str(), simulated_new_per_day_);
  dim_wrapped(ctx, line);
  LinePlot reviews{"Reviews per day (average)", "desired retention", "reviews", false, false, {}, "", {}};
  LinePlot remembered{"Cards remembered after a year", "desired retention", "cards", false, false, {}, "", {}};
  // No legends: the titles say what each curve is, and a legend would sit on the steep end.
  PlotSeries r{"reviews per day", {}, {}, 0, false}, m{"cards remembered", {}, {}, 0, false};
  double max_r = 0, max_m = 0;
  for (const srs::SimulationCurve& c : curves_) {
    r.x.push_back(c.desired_retention);
    r.y.push_back(c.average_reviews());
    m.x.push_back(c.desired_retention);
    m.y.push_back(c.memorized_at_end());
    max_r = std::max(max_r, c.average_reviews());
    max_m = std::max(max_m, c.memorized_at_end());
  }
  reviews.series.push_back(r);
  remembered.series.push_back(m);
  const double x = retention_;
  reviews.series.push_back({"your choice", {x, x}, {0, max_r}, series_colour(3), false});
  remembered.series.push_back({"your choice", {x, x}, {0, max_m}, series_colour(3), false});
  // The curves read at the chosen retention (the nearest simulated one).
  const auto nearest = std::min_element(curves_.begin(), curves_.end(), [&](const auto& a, const auto& b) {
    return std::abs(a.desired_retention - x) < std::abs(b.desired_retention - x);
  });
  if (std::abs(nearest->desired_retention - x) < 0.006) {
    std::snprintf(line, sizeof line, "At %.2f: about %.1f reviews a day, and %s of %s cards remembered a year from now.",
                  nearest->desired_retention, nearest->average_reviews(),
                  with_commas(std::llround(nearest->memorized_at_end())).c_str(),
                  with_commas(static_cast<int64_t>(simulated_cards_)).c_str());
    ImGui::TextUnformatted(line);
  } else {
    dim_text(ctx, "Above 0.97 the simulation is not drawn: the workload grows without bound.");
  }
  const float w = (ImGui::GetContentRegionAvail().x - ctx.fonts.px(16)) / 2;
  const float h = ctx.fonts.px(230);
  draw_line_plot("workload", reviews, ImVec2(w, h), ctx);
  ImGui::SameLine(0, ctx.fonts.px(16));
  draw_line_plot("remembered", remembered, ImVec2(w, h), ctx);
}

void SchedulingPanel::draw(const ScreenContext& ctx) {
  check_jobs(ctx);
  if (!settings_) {
    load(ctx);
    simulate(ctx);
  }
  heading(ctx, "Scheduling (FSRS-6)");
  if (!error_.empty()) error_text(ctx, error_);
  draw_retention(ctx);
  ImGui::Spacing();
  draw_parameters(ctx);
  draw_fit(ctx);
  ImGui::Spacing();
  draw_workload(ctx);
}

}  // namespace stride::ui
