#pragma once
// The controls of a sliding-window animation (convolution, pooling): play/pause (Space), one step
// (Right arrow), restart, finish, speed; and the cover that hides output cells the window has not
// reached yet, so the output fills in as the window slides.
#include "demos/conv2d_demo.h"
#include "ui/screen.h"
#include "ui/widgets/tensor_view.h"

namespace stride::ui {

// Draws the buttons on one line; `total` output cells.
void draw_slide_controls(demos::SlideAnimation& animation, int total, const ScreenContext& ctx);
// Space and Right arrow, unless a text field has the keyboard.
void slide_keys(demos::SlideAnimation& animation, int total);
// Covers cells [filled, total) of `layout` (row-major) with the window background.
void cover_unfilled(const TensorViewLayout& layout, int filled, const ScreenContext& ctx);

}  // namespace stride::ui
