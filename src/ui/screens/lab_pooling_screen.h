#pragma once
// lab:pooling — a window slides over a feature map (a picture through FashionNet's first
// convolution, or the picture itself) and keeps the max, the mean or the min; global pooling keeps
// one value per map. The chosen input of each window is marked, a toggle shows where the backward
// pass sends the gradient, and the line above the maps says how much smaller the output is and
// how many activations reach it. Pooled by shaders/pool.frag.glsl and by nn's layers; the screen
// shows the largest difference.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "demos/conv2d_demo.h"
#include "demos/pooling_demo.h"
#include "ui/screen.h"
#include "ui/widgets/picture_picker.h"
#include "ui/widgets/tensor_view.h"

namespace stride::gfx {
class PoolGpu;
}

namespace stride::ui {

class LabPoolingScreen final : public Screen {
 public:
  explicit LabPoolingScreen(std::shared_ptr<PicturePicker> picture);
  ~LabPoolingScreen() override;

  void draw(const ScreenContext& ctx) override;
  double seconds_until_wake(const ScreenContext& ctx) const override;
  std::string configure(std::string_view params) override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;
  void on_drop(const std::vector<std::string>& paths) override;

  // For tests.
  const demos::PoolSettings& settings() const { return settings_; }
  const demos::PoolResult& cpu() const { return cpu_; }
  const std::vector<float>& gpu_output() const { return gpu_out_; }
  float max_difference() const { return max_diff_; }
  int map_height() const { return map_h_; }
  int map_width() const { return map_w_; }
  const std::vector<float>& map() const { return map_; }
  std::optional<demos::Cell> inspected() const { return inspected_; }
  demos::SlideAnimation& animation() { return animation_; }
  bool& show_gradient() { return show_gradient_; }
  PicturePicker& picker() { return *picker_; }

 private:
  void recompute();
  void follow_picture();
  void draw_controls(const ScreenContext& ctx);
  void draw_views(const ScreenContext& ctx);
  void draw_window_sum(const ScreenContext& ctx);

  std::shared_ptr<PicturePicker> picker_;
  int picture_version_ = -1;  // the picker's version the results were computed with
  demos::PoolSettings settings_;
  bool features_ = true;  // FashionNet conv1 feature map, else the grey picture
  int channel_ = -1;      // −1: the most active channel of the picture
  bool show_gradient_ = false;
  std::vector<float> map_;
  int map_h_ = 0, map_w_ = 0;
  demos::PoolResult cpu_;
  std::vector<float> gpu_out_;
  float max_diff_ = 0;
  std::string error_, config_error_;
  bool dirty_ = true;
  demos::SlideAnimation animation_;
  std::optional<demos::Cell> inspected_;
  TensorView input_view_, gradient_view_, output_view_;
  std::unique_ptr<gfx::PoolGpu> gpu_;
};

}  // namespace stride::ui
