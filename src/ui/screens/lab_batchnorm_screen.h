#pragma once
// lab:batchnorm — batch normalisation on real activations (FashionNet's conv1 on a batch of test
// images): histograms before, after normalisation and after γ and β; train versus eval mode with
// running statistics; the noise of small batches' means; and the `lab batchnorm` experiment run
// as a job, its curves growing in the screen, stored in the collection like the command line's.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "demos/batchnorm_demo.h"
#include "lab/batchnorm.h"
#include "ui/jobs.h"
#include "ui/screen.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/line_plot.h"
#include "ui/widgets/picture_picker.h"

namespace stride::ui {

class LabBatchnormScreen final : public Screen {
 public:
  explicit LabBatchnormScreen(std::shared_ptr<PicturePicker> picture);
  ~LabBatchnormScreen() override;

  void draw(const ScreenContext& ctx) override;
  std::string configure(std::string_view params) override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;
  void on_drop(const std::vector<std::string>& paths) override;

  // For tests.
  demos::BnSettings& settings() { return settings_; }
  const std::optional<demos::BnView>& view() const { return view_; }
  void next_batch() { step_ = true; }
  bool& use_picture() { return use_picture_; }
  void mark_dirty() { dirty_ = true; }
  lab::BnExperimentOptions& experiment_options() { return experiment_options_; }
  void start_experiment(const ScreenContext& ctx);
  std::optional<Jobs::Id> experiment_job() const { return experiment_.job(); }
  const ExperimentPanel& experiment() const { return experiment_; }
  std::optional<int64_t> stored_run() const { return experiment_.stored_run(); }
  bool noise_ready() const { return noise_.has_value(); }

 private:
  void update(const ScreenContext& ctx);
  void draw_controls(const ScreenContext& ctx);
  void draw_noise(const ScreenContext& ctx, ImVec2 size);
  void draw_experiment(const ScreenContext& ctx, ImVec2 size);

  void take_batch();

  demos::BnSettings settings_;
  std::shared_ptr<PicturePicker> picker_;
  bool use_picture_ = false;  // the Lab's picture as a batch of one, instead of test images
  int picture_version_ = -1;
  std::unique_ptr<demos::BatchNormDemo> demo_;
  std::optional<demos::BnView> view_;
  std::string error_, config_error_;
  bool dirty_ = true, step_ = false;
  std::optional<demos::BatchNoise> noise_;
  std::optional<Jobs::Id> noise_job_;
  lab::BnExperimentOptions experiment_options_;
  ExperimentPanel experiment_;
  int show_table_ = 0;  // 0: loss curves, 1: the results table
};

}  // namespace stride::ui
