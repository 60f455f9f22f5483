#pragma once
// lab:conv2d — a kernel slides over a picture and the output fills in. Every number is visible:
// hover an output cell for its products and their sum, hover an input pixel for the outputs it
// feeds. The output map comes from shaders/conv2d.frag.glsl; the CPU sandbox computes it too and the
// screen shows the largest difference.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "demos/conv2d_demo.h"
#include "ui/screen.h"
#include "ui/widgets/picture_picker.h"
#include "ui/widgets/tensor_view.h"

namespace stride::gfx {
class Conv2dGpu;
}

namespace stride::ui {

class LabConv2dScreen final : public Screen {
 public:
  explicit LabConv2dScreen(std::shared_ptr<PicturePicker> picture);
  ~LabConv2dScreen() override;

  void draw(const ScreenContext& ctx) override;
  double seconds_until_wake(const ScreenContext& ctx) const override;
  std::string configure(std::string_view params) override;
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;
  void on_drop(const std::vector<std::string>& paths) override;

  // For tests: what the screen shows.
  const demos::ConvSettings& settings() const { return settings_; }
  demos::ConvSettings& settings() { return settings_; }
  const demos::ConvGeometry& geometry() const { return geometry_; }
  const std::vector<std::vector<float>>& gpu_output() const { return gpu_maps_; }
  const std::vector<std::vector<float>>& cpu_output() const { return cpu_maps_; }
  float max_difference() const { return max_diff_; }
  std::optional<demos::Cell> inspected() const { return inspected_; }  // the cell whose sum is shown
  const std::optional<demos::ConvBreakdown>& breakdown() const { return breakdown_; }
  const std::string& formula() const { return geometry_.formula; }
  demos::SlideAnimation& animation() { return animation_; }
  PicturePicker& picker() { return *picker_; }
  void set_kernel_preset(const std::string& name);    // the kernel shown
  void set_kernel_presets(const std::string& names);  // comma-separated: one kernel each
  void mark_dirty() { dirty_ = true; }

 private:
  void recompute(const ScreenContext& ctx);
  void follow_picture();
  void draw_controls(const ScreenContext& ctx);
  void draw_kernel_editor(const ScreenContext& ctx, float width);
  void draw_views(const ScreenContext& ctx);
  void draw_breakdown(const ScreenContext& ctx);
  void draw_animation_bar(const ScreenContext& ctx);
  void show_output();

  std::shared_ptr<PicturePicker> picker_;
  int picture_version_ = -1;  // the picker's version the results were computed with
  demos::ConvSettings settings_;
  std::vector<demos::ConvKernel> kernels_;
  std::string preset_ = "sobel_x";
  int shown_kernel_ = 0, shown_channel_ = 0;
  demos::ConvGeometry geometry_;
  demos::SlideAnimation animation_;
  std::vector<std::vector<float>> gpu_maps_, cpu_maps_;
  float max_diff_ = 0;
  std::string error_, config_error_;
  bool dirty_ = true;
  std::optional<demos::Cell> inspected_, hovered_input_;
  std::optional<demos::ConvBreakdown> breakdown_;
  TensorView input_view_, output_view_;
  std::unique_ptr<gfx::Conv2dGpu> gpu_;
};

}  // namespace stride::ui
