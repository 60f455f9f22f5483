#pragma once
// lab:explorer — inside the shipped FashionNet: every channel of every layer on the Lab's
// picture, each layer's shape, parameters, multiply-accumulates and forward time, the ten class
// probabilities, and the backward view (the gradient of one class's score at every layer and the
// input). Computed by the CPU sandbox that trains; coloured by the GPU colour map.
#include <memory>
#include <cstdint>
#include <optional>
#include <vector>

#include "demos/network_explorer.h"
#include "ui/screen.h"
#include "ui/widgets/draw_canvas.h"
#include "ui/widgets/picture_picker.h"
#include "ui/widgets/tensor_view.h"

namespace stride::ui {

class LabExplorerScreen final : public Screen {
 public:
  explicit LabExplorerScreen(std::shared_ptr<PicturePicker> picture);
  ~LabExplorerScreen() override;

  void draw(const ScreenContext& ctx) override;
  std::string configure(std::string_view params) override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;
  void on_drop(const std::vector<std::string>& paths) override;

  // For tests.
  const std::optional<demos::Exploration>& exploration() const { return exploration_; }
  bool& backward() { return backward_; }
  bool& drawing() { return drawing_; }
  // The training run whose network is shown (run=ID); none for the shipped FashionNet.
  std::optional<int64_t> run() const { return run_; }
  const std::string& error() const { return error_; }
  // The channel shown enlarged (layer index, channel), if one was clicked.
  std::optional<std::pair<std::size_t, std::size_t>> enlarged() const { return enlarged_; }
  DrawCanvas& canvas() { return canvas_; }
  // Moves the Lab's picture to the next test image FashionNet gets wrong; false if none is left.
  bool next_misclassified();
  void set_target(int target) {
    target_ = target;
    dirty_ = true;
  }

 private:
  void recompute();
  void draw_side(const ScreenContext& ctx, float width);
  void draw_layers(const ScreenContext& ctx);
  void draw_enlarged(const ScreenContext& ctx);
  void load_run(const ScreenContext& ctx, int64_t id);

  std::shared_ptr<PicturePicker> picker_;
  int picture_version_ = -1;
  std::unique_ptr<demos::NetworkExplorer> explorer_;
  std::optional<demos::Exploration> exploration_;
  int target_ = -1;         // −1: the predicted class
  bool backward_ = false;   // show gradients instead of activations
  bool drawing_ = false;    // classify the canvas instead of the Lab's picture
  DrawCanvas canvas_;
  std::string misclassified_note_;
  bool dirty_ = true, shown_backward_ = false;
  std::string error_, config_error_;
  std::optional<int64_t> pending_run_;  // `run=ID`: a stored training run to load on the next frame
  std::optional<int64_t> run_;          // the run whose network is shown; none: the shipped FashionNet
  TensorView input_view_, saliency_view_;
  std::vector<std::vector<TensorView>> channel_views_;  // [layer][channel]
  std::optional<std::pair<std::size_t, std::size_t>> enlarged_;
  TensorView enlarged_view_;
  std::vector<TensorView> kernel_views_;  // the enlarged channel's kernel, one view per input slice
  bool enlarged_dirty_ = false;
};

}  // namespace stride::ui
