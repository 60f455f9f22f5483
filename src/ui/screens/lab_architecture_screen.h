#pragma once
// lab:architecture — edit a .model text (starting from any built-in model) and see, as you type,
// every layer's output shape, parameters, multiply-accumulates and receptive field, and the
// totals; an error names its line and the text stays as typed. Two models side by side (AlexNet
// against ZF Net, the Inception 5×5 branch with and without its 1×1 reduction, three 3×3 against
// one 7×7) with what differs highlighted. "Train this" sends a model that takes Fashion-MNIST's
// images to live training. The analysis builds the real layers, which for VGG-sized models takes
// a moment: it runs as a job a short pause after the last keystroke, never in the frame.
#include <cstdint>
#include <optional>
#include <string>

#include "demos/architecture.h"
#include "ui/jobs.h"
#include "ui/screen.h"

namespace stride::ui {

class LabArchitectureScreen final : public Screen {
 public:
  LabArchitectureScreen();

  void draw(const ScreenContext& ctx) override;
  double seconds_until_wake(const ScreenContext& ctx) const override;
  std::string configure(std::string_view params) override;

  struct Side {
    std::string text;
    std::optional<demos::Analysis> analysis;  // of the text as of `analysed`
    std::uint64_t version = 0, analysed = 0;
    double edited_at = 0;                     // ImGui time of the last change
    std::optional<Jobs::Id> job;
  };
  // For tests: the left (0) or right (1) model; set_text marks it changed now.
  Side& side(int i) { return i == 0 ? left_ : right_; }
  void set_text(int i, std::string text);
  bool comparing() const { return compare_ >= 0; }
  void load(int i, const std::string& builtin);  // a built-in model's text into a side
  void set_comparison(int index);                // -1: one model

 private:
  void analyse_when_due(Side& s, const ScreenContext& ctx);
  void draw_side(Side& s, const Side* other, const char* id, float width, float editor_h, const ScreenContext& ctx);
  void draw_table(const demos::Architecture& a, const demos::Architecture* other, ImVec2 size,
                  const ScreenContext& ctx);
  void train_this(const ScreenContext& ctx);

  Side left_, right_;
  int compare_ = -1;          // index into demos::comparisons(), or −1
  std::string start_from_ = "fashionnet";
  std::string config_error_, train_error_;
};

}  // namespace stride::ui
