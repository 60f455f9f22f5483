#pragma once
// lab:training — FashionNet (or any model that takes 28×28 grey images: a built-in one, a .model
// file, the architecture editor's) trained on Fashion-MNIST as a job, live: loss and accuracy
// curves (training every few batches, test every epoch), the first layer's filters redrawn as
// they learn, a confusion matrix after each epoch, pause / resume / stop, the learning rate
// editable live and the batch size and optimiser between epochs, images/s and the time left.
// Every run is recorded in the collection (experiment "train", as `stride lab train` records its
// own), its weights saved beside the collection so the network explorer can open it; past runs
// are listed and one can be overlaid on the curves.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/experiment.h"
#include "lab/live_training.h"
#include "ui/jobs.h"
#include "ui/screen.h"
#include "ui/widgets/tensor_view.h"

namespace stride::ui {

class LabTrainingScreen final : public Screen {
 public:
  LabTrainingScreen();
  ~LabTrainingScreen() override;

  void draw(const ScreenContext& ctx) override;
  std::string configure(std::string_view params) override;

  // What the learner sets before a run (and partly during it).
  struct Form {
    int model = 0;         // index into models()
    int epochs = 3;
    int images = 60000;    // training images used (the first N)
    float lr = 1e-3f;
    int batch = 64;
    bool sgd = false;      // else Adam
    bool cosine = true;    // else a constant rate
    int seed = 1;
  };
  struct ModelChoice {
    std::string label;     // "fashionnet", "my_net (my_net.model)"
    std::string source;    // built-in name or file path
    std::string text;      // the .model text
  };
  // What the running (or last) run has shown.
  struct Live {
    std::string model;
    std::optional<nn::TrainProgress> progress;
    lab::FilterSnapshot filters;
    std::vector<lab::TrainingCurvePoint> curve;
    std::vector<nn::EpochResult> epochs;
    std::vector<std::string> class_names;
    std::optional<int64_t> run_id;   // once recorded
    std::string weights_file, error, store_error;
  };

  // For tests and the other Lab screens.
  Form& form() { return form_; }
  const std::vector<ModelChoice>& models() const { return models_; }
  const Live& live() const { return live_; }
  bool running(const ScreenContext& ctx) const;
  bool paused() const { return controls_ && controls_->paused(); }
  void start(const ScreenContext& ctx);
  void set_paused(bool paused);
  void stop(const ScreenContext& ctx);
  void set_lr(float lr);
  void set_next_epoch(int batch, bool sgd);
  // The stored run overlaid on the curves, if any.
  std::optional<int64_t> compared() const { return compare_id_; }

 private:
  struct PastRun {
    int64_t id = 0;
    int64_t started_ms = 0;
    bool cancelled = false;
    lab::ExperimentResult record;
  };

  void refresh_runs(const ScreenContext& ctx);
  void apply_progress(lab::LiveProgress p);
  void draw_form(const ScreenContext& ctx);
  void draw_status(const ScreenContext& ctx);
  void draw_curves(const ScreenContext& ctx, float width, float height);
  void draw_filters(const ScreenContext& ctx, float width);
  void draw_confusion(const ScreenContext& ctx);
  void draw_runs(const ScreenContext& ctx);
  const PastRun* compared_run() const;
  void update_preview();

  std::vector<ModelChoice> models_;
  Form form_;
  Live live_;
  std::shared_ptr<lab::TrainingControls> controls_;
  std::shared_ptr<const lab::TrainTest> data_;  // loaded by the first run, kept for the next
  std::optional<Jobs::Id> job_;
  TensorView filter_mosaic_;  // every filter in one texture: one upload and one colour pass per update
  bool filters_dirty_ = false;
  lab::FilterSnapshot preview_;  // the chosen model's first filters as the run will start them
  std::string preview_key_;
  std::vector<PastRun> runs_;
  bool runs_dirty_ = true;
  std::optional<int64_t> compare_id_;
  std::string config_error_, runs_error_;
};

}  // namespace stride::ui
