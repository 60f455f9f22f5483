#include "ui/screens/lab_batchnorm_screen.h"

#include <imgui.h>

#include <cstdio>

#include "demos/demo_params.h"
#include "demos/picture.h"
#include "lab/fashion_experiments.h"
#include "ui/background_priority.h"
#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/widgets/histogram_view.h"
#include "ui/widgets/lab_text.h"

namespace stride::ui {

LabBatchnormScreen::LabBatchnormScreen(std::shared_ptr<PicturePicker> picture) : picker_(std::move(picture)) {}
LabBatchnormScreen::~LabBatchnormScreen() = default;

std::string LabBatchnormScreen::configure(std::string_view params) {
  config_error_ = demos::apply_demo_params(
      params, "batch, channel, mode, gamma, beta, input", [this](const std::string& key, const std::string& value) {
        if (key == "batch") {
          settings_.batch = demos::int_param(key, value, 1, 256);
        } else if (key == "channel") {
          settings_.channel = demos::int_param(key, value, 0, 31);
        } else if (key == "mode") {
          if (value != "train" && value != "eval") throw std::invalid_argument("mode=" + value + ": expected train or eval");
          settings_.eval = value == "eval";
        } else if (key == "gamma") {
          settings_.gamma = demos::float_param(key, value, -5, 5);
        } else if (key == "beta") {
          settings_.beta = demos::float_param(key, value, -5, 5);
        } else if (key == "input") {
          if (value != "batch" && value != "picture") throw std::invalid_argument("input=" + value + ": expected batch or picture");
          use_picture_ = value == "picture";
        } else {
          return false;
        }
        return true;
      });
  step_ = true;  // a fresh batch of the size asked for
  return config_error_;
}

std::string LabBatchnormScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (!variant.empty()) return "no variant '" + std::string(variant) + "' of lab:batchnorm";
  // A few training steps so the running statistics have moved, as after a short while in the demo.
  for (int i = 0; i < 3; ++i) {
    step_ = true;
    update(ctx);
  }
  return error_;
}

void LabBatchnormScreen::update(const ScreenContext& ctx) {
  if (!demo_) {
    if (!error_.empty()) return;  // the data set is missing: said once, not retried every frame
    try {
      demo_ = std::make_unique<demos::BatchNormDemo>(demos::fashion_test_images());
    } catch (const std::exception& e) {
      error_ = std::string("The batch-norm demo needs Fashion-MNIST (Debian package dataset-fashion-mnist): ") + e.what();
      return;
    }
  }
  if (!noise_job_) {
    // The batch-mean noise takes a few hundred milliseconds of convolutions: off the frame.
    noise_job_ = ctx.jobs.start("batch-mean noise", [this](JobControl& job) {
      auto noise = demos::batch_noise(demos::fashion_test_images(), 12, &job.cancel_flag());
      job.post([this, noise = std::move(noise)]() mutable { noise_ = std::move(noise); });
    });
  }
  if (use_picture_) {
    picker_->picture();  // loads it on first use
    if (picker_->version() != picture_version_) step_ = true;  // changed in another demo, or dropped
  }
  if (!step_ && !dirty_) return;
  try {
    if (step_) take_batch();
    view_ = demo_->view(settings_, step_);
    error_.clear();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  step_ = dirty_ = false;
}

void LabBatchnormScreen::on_drop(const std::vector<std::string>& paths) {
  if (paths.empty() || !picker_->load_file(paths.front())) return;
  use_picture_ = true;
  step_ = true;
}

// The next batch: test images, or the Lab's picture (the one the other demos show) alone.
void LabBatchnormScreen::take_batch() {
  if (!use_picture_) {
    demo_->next_batch(settings_);
    return;
  }
  demo_->use_picture(picker_->picture());
  picture_version_ = picker_->version();
}

void LabBatchnormScreen::draw_controls(const ScreenContext& ctx) {
  ImGui::TextUnformatted("Input:");
  ImGui::SameLine();
  if (ImGui::RadioButton("test images", !use_picture_)) {
    use_picture_ = false;
    step_ = true;
  }
  tooltip("A batch of Fashion-MNIST test images, the next ones at every new batch");
  ImGui::SameLine();
  const std::string own = "the Lab's picture: " + picker_->picture().name;
  if (ImGui::RadioButton(own.c_str(), use_picture_)) {
    use_picture_ = true;
    step_ = true;
  }
  tooltip("The picture the convolution and pooling demos show (drop a photo on the window),\n"
          "as a batch of one: its statistics are over its own positions only.");
  if (use_picture_) error_text(ctx, picker_->error());
  auto slider_int = [&](const char* label, int* v, int lo, int hi, const char* tip, bool new_batch) {
    ImGui::SetNextItemWidth(ctx.fonts.px(120));
    if (ImGui::SliderInt(label, v, lo, hi)) (new_batch ? step_ : dirty_) = true;
    tooltip(tip);
    ImGui::SameLine();
  };
  if (use_picture_) ImGui::BeginDisabled();
  slider_int("batch", &settings_.batch, 1, 256, "Images per batch. Small batches give noisy statistics.", true);
  if (use_picture_) ImGui::EndDisabled();
  slider_int("channel", &settings_.channel, 0, 31, "Which of conv1's 32 channels to show", false);
  ImGui::SetNextItemWidth(ctx.fonts.px(110));
  if (ImGui::SliderFloat("\xCE\xB3", &settings_.gamma, 0, 3, "%.2f")) dirty_ = true;
  tooltip("gamma: the learned scale applied after normalising");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ctx.fonts.px(110));
  if (ImGui::SliderFloat("\xCE\xB2", &settings_.beta, -2, 2, "%.2f")) dirty_ = true;
  tooltip("beta: the learned shift applied after normalising");
  ImGui::SameLine(0, ctx.fonts.px(20));
  if (ImGui::RadioButton("train", !settings_.eval)) {
    settings_.eval = false;
    dirty_ = true;
  }
  tooltip("Train mode: normalise with this batch's mean and variance, and move the running\n"
          "statistics toward them (momentum 0.1) at every new batch.");
  ImGui::SameLine();
  if (ImGui::RadioButton("eval", settings_.eval)) {
    settings_.eval = true;
    dirty_ = true;
  }
  tooltip("Eval mode: normalise with the running statistics, the same for every batch, as at test time.");
  if (ImGui::Button("Next batch (N)") ||
      (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(keys::n, false)))
    step_ = true;
  note_item("bn:next");
  tooltip("Take the next images of the test set; in train mode this is a training step for the statistics");
  ImGui::SameLine();
  if (ImGui::Button("Fresh running statistics") && demo_) {
    demo_->reset(false);
    step_ = true;
  }
  tooltip("Start the running statistics at mean 0 and variance 1, as a new layer does,\n"
          "and watch each training batch pull them toward the data's");
  ImGui::SameLine();
  if (ImGui::Button("FashionNet's") && demo_) {
    demo_->reset(true);
    step_ = true;
  }
  tooltip("The running statistics the shipped FashionNet's bn1 layer learned in training");
  error_text(ctx, config_error_);
}

void LabBatchnormScreen::draw_noise(const ScreenContext& ctx, ImVec2 size) {
  LinePlot plot;
  plot.title = "How much the batch statistics wander";
  plot.x_label = "batch size (images)";
  plot.y_label = "std over 12 batches";
  plot.log_x = plot.log_y = true;
  if (noise_) {
    const size_t c = static_cast<size_t>(settings_.channel);
    PlotSeries mean{"batch mean \xCE\xBC", {}, {}, 0}, sd{"batch std \xCF\x83", {}, {}, 0};
    for (size_t i = 0; i < noise_->sizes.size(); ++i) {
      mean.x.push_back(noise_->sizes[i]);
      mean.y.push_back(noise_->mean_spread[c][i]);
      sd.x.push_back(noise_->sizes[i]);
      sd.y.push_back(noise_->std_spread[c][i]);
    }
    plot.series.push_back(std::move(mean));
    plot.series.push_back(std::move(sd));
  }
  draw_line_plot("noise", plot, size, ctx);
}

void LabBatchnormScreen::start_experiment(const ScreenContext& ctx) {
  const lab::BnExperimentOptions options = experiment_options_;
  lab::ExperimentResult layout;  // the loss curve's labels before its first point
  layout.plots.push_back({"loss", "Training loss (mean over every " + std::to_string(options.loss_every) + " steps)",
                          "step", "cross-entropy", false, {}});
  experiment_.start(ctx, "batchnorm", lab::CommonOptions{},
                    [options](const lab::CommonOptions& common, lab::Reporter& reporter) {
                      lower_worker_priority();  // the demo above stays responsive
                      return lab::run_batchnorm_on_fashion_mnist(options, common, reporter);
                    },
                    &layout);
}

void LabBatchnormScreen::draw_experiment(const ScreenContext& ctx, ImVec2 size) {
  ImGui::BeginGroup();
  const float top = ImGui::GetCursorScreenPos().y;
  heading(ctx, "Experiment: FashionNet with and without batch norm");
  if (!experiment_.running(ctx)) {
    if (ImGui::Button("Run it (about a minute)")) start_experiment(ctx);
    note_item("bn:experiment");
    tooltip("Trains FashionNet with and without its batch-norm layers at three learning rates\n"
            "(stride lab batchnorm) and stores the run in your collection.\n"
            "All seven experiments, with their options: Lab > Experiments.");
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x);
  experiment_.draw_status(ctx);
  experiment_.draw_findings(ctx, true);
  ImGui::PopTextWrapPos();
  const lab::ExperimentResult* shown = experiment_.shown();
  const bool has_table = shown != nullptr && !shown->tables.empty();
  if (has_table) {
    ImGui::RadioButton("loss curves", &show_table_, 0);
    ImGui::SameLine();
    ImGui::RadioButton("results table", &show_table_, 1);
  }
  if (show_table_ == 1 && has_table) {
    experiment_.draw_tables(ctx);
    ImGui::EndGroup();
    return;
  }
  LinePlot plot;
  const float used = ImGui::GetCursorScreenPos().y - top;
  if (experiment_.line_plot("loss", plot)) {
    draw_line_plot("bn_loss", plot, ImVec2(size.x, std::max(ctx.fonts.px(100), size.y - used)), ctx);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x);
    dim_text(ctx, "The claim: batch norm lets a network train faster and tolerate higher learning rates.");
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
}

void LabBatchnormScreen::draw(const ScreenContext& ctx) {
  ImGui::BeginChild("batchnorm", ImVec2(0, 0), false);
  draw_controls(ctx);
  update(ctx);
  error_text(ctx, error_);
  if (view_) {
    const demos::BnView& v = *view_;
    ImGui::PushFont(ctx.fonts.ui_bold());
    ImGui::TextUnformatted(v.formula.c_str());
    ImGui::PopFont();
    dim_text(ctx, settings_.eval ? "\xCE\xBC and \xCF\x83\xC2\xB2 are the running statistics (eval mode)."
                                 : "\xCE\xBC and \xCF\x83\xC2\xB2 are this batch's mean and biased variance (train mode).");
    char line[320];
    std::snprintf(line, sizeof line,
                  "This batch: %d image%s \xC3\x97 %d positions, mean %.3f, variance %.3f.   Running statistics (%s, "
                  "then %d training batch%s here): mean %.3f, variance %.3f.",
                  v.images, v.images == 1 ? "" : "s", v.positions, v.batch_mean, v.batch_var,
                  demo_->trained_start() ? "FashionNet's trained bn1" : "fresh", v.batches_seen,
                  v.batches_seen == 1 ? "" : "es", v.running_mean, v.running_var);
    dim_wrapped(ctx, line);
    if (settings_.eval)
      dim_wrapped(ctx, "Eval mode uses the running statistics, so this batch comes out with mean " +
                        std::to_string(v.normalised.mean).substr(0, 6) + " and std " +
                        std::to_string(v.normalised.stddev).substr(0, 5) + " instead of exactly 0 and 1.");
    ImGui::Separator();
    const float avail = ImGui::GetContentRegionAvail().x, gap = ctx.fonts.px(12);
    const ImVec2 hsize((avail - 2 * gap) / 3, ctx.fonts.px(165));
    draw_histogram("before", v.before, hsize, ctx);
    ImGui::SameLine(0, gap);
    draw_histogram("normalised", v.normalised, hsize, ctx, {series_colour(2), true});
    ImGui::SameLine(0, gap);
    draw_histogram("output", v.output, hsize, ctx, {series_colour(1), true});
    ImGui::Separator();
    const float bottom_h = std::max(ctx.fonts.px(160), ImGui::GetContentRegionAvail().y - ctx.fonts.px(4));
    const float half = (avail - gap) / 2;
    draw_noise(ctx, ImVec2(half, bottom_h));
    ImGui::SameLine(0, gap);
    draw_experiment(ctx, ImVec2(half, bottom_h));
  }
  ImGui::EndChild();
}

}  // namespace stride::ui
