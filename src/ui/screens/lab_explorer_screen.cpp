#include "ui/screens/lab_explorer_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "demos/demo_params.h"
#include "lab/experiment_json.h"
#include "lab/training_record.h"
#include "ui/item_rects.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/line_plot.h"

namespace stride::ui {

namespace {

std::string with_commas(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

LabExplorerScreen::LabExplorerScreen(std::shared_ptr<PicturePicker> picture) : picker_(std::move(picture)) {}
LabExplorerScreen::~LabExplorerScreen() = default;

std::string LabExplorerScreen::configure(std::string_view params) {
  config_error_ = demos::apply_demo_params(params, "class, view, image, run", [this](const std::string& key,
                                                                               const std::string& value) {
    if (key == "class") {
      target_ = demos::int_param(key, value, 0, 9);
    } else if (key == "view") {
      if (value != "forward" && value != "backward") throw std::invalid_argument("view=" + value + ": expected forward or backward");
      backward_ = value == "backward";
    } else if (key == "image") {
      select_picture(*picker_, value);
    } else if (key == "run") {
      pending_run_ = demos::int_param(key, value, 1, 1'000'000'000);
    } else {
      return false;
    }
    return true;
  });
  dirty_ = true;
  return config_error_;
}

std::string LabExplorerScreen::prepare_screenshot(std::string_view variant, const ScreenContext&) {
  if (!variant.empty()) return "no variant '" + std::string(variant) + "' of lab:explorer";
  recompute();
  return error_;
}

void LabExplorerScreen::on_drop(const std::vector<std::string>& paths) {
  if (!paths.empty()) picker_->load_file(paths.front());
}

void LabExplorerScreen::recompute() {
  dirty_ = false;
  error_.clear();
  try {
    if (!explorer_) explorer_ = std::make_unique<demos::NetworkExplorer>();
    exploration_ = explorer_->explore(drawing_ ? canvas_.picture() : picker_->picture(), target_);
    picture_version_ = picker_->version();
  } catch (const std::exception& e) {
    error_ = e.what();
    exploration_.reset();
    return;
  }
  const demos::Exploration& e = *exploration_;
  input_view_.set(e.input.values, 28, 28, gfx::ColourScale{0, 1, false});
  saliency_view_.set(e.saliency, 28, 28);
  channel_views_.resize(e.layers.size());
  for (size_t l = 0; l < e.layers.size(); ++l) {
    const demos::LayerActivity& a = e.layers[l];
    const std::vector<float>& values = backward_ ? a.grad : a.output;
    const size_t plane = a.shape.h * a.shape.w;
    // A flat layer (dense, flatten) is one strip; a map layer one view per channel, all on one
    // colour scale so channels compare.
    const size_t views = plane == 1 ? 1 : a.shape.c;
    channel_views_[l].resize(views);
    const gfx::ColourScale scale = automatic_scale(values);
    for (size_t c = 0; c < views; ++c) {
      if (plane == 1)
        channel_views_[l][c].set(values, 1, static_cast<int>(a.shape.c), scale);
      else
        channel_views_[l][c].set(std::vector<float>(values.begin() + static_cast<std::ptrdiff_t>(c * plane),
                                                    values.begin() + static_cast<std::ptrdiff_t>((c + 1) * plane)),
                                 static_cast<int>(a.shape.h), static_cast<int>(a.shape.w), scale);
    }
  }
  shown_backward_ = backward_;
  enlarged_dirty_ = true;
}

bool LabExplorerScreen::next_misclassified() {
  const auto& data = demos::fashion_test_images();
  if (!explorer_) explorer_ = std::make_unique<demos::NetworkExplorer>();
  const std::size_t from = picker_->fashion_index().value_or(data.count - 1);
  for (std::size_t step = 1; step < data.count; ++step) {
    const std::size_t i = (from + step) % data.count;
    const demos::Exploration e = explorer_->explore(demos::dataset_picture(data, i));
    if (e.predicted == data.labels[i]) continue;
    select_picture(*picker_, "fashion:" + std::to_string(i));
    misclassified_note_ = "Test image " + std::to_string(i) + " is a " + data.class_names[data.labels[i]] +
                          "; " + explorer_->label() + " says " + explorer_->class_names()[static_cast<size_t>(e.predicted)] + ".";
    drawing_ = false;
    dirty_ = true;
    return true;
  }
  misclassified_note_ = explorer_->label() + " classifies every test image right.";
  return false;
}

void LabExplorerScreen::draw_side(const ScreenContext& ctx, float width) {
  const demos::Exploration& e = *exploration_;
  ImGui::BeginGroup();
  const float map = std::min(width, ctx.fonts.px(130));
  if (drawing_) {
    heading(ctx, "Draw (right button erases)");
    if (canvas_.draw("draw", map, ctx)) dirty_ = true;  // classified again on the next frame
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear")) {
      canvas_.clear();
      dirty_ = true;
    }
  } else {
    heading(ctx, "As the network sees it");
    input_view_.draw("input", ImVec2(map, map), ctx, {20, false, true, 2});
  }
  ImGui::Spacing();
  heading(ctx, "Class probabilities");
  std::vector<int> order(e.probabilities.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return e.probabilities[size_t(a)] > e.probabilities[size_t(b)]; });
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const auto& names = explorer_->class_names();
  for (size_t i = 0; i < e.probabilities.size(); ++i) {
    const int rank = static_cast<int>(std::find(order.begin(), order.end(), static_cast<int>(i)) - order.begin());
    char percent[16];
    std::snprintf(percent, sizeof percent, "%.1f%%", 100.0 * e.probabilities[i]);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    dl.AddRectFilled(p, ImVec2(p.x + width * e.probabilities[i], p.y + h),
                     (series_colour(0) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 110));
    if (rank < 3) ImGui::PushFont(ctx.fonts.ui_bold());  // the top three, named in bold
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(names[i].c_str(), static_cast<int>(i) == e.target, 0, ImVec2(width, 0)))
      set_target(static_cast<int>(i));
    note_item("explorer:class:" + std::to_string(i));
    ImGui::SameLine(width - ImGui::CalcTextSize(percent).x);  // in a group: from its left edge
    ImGui::TextUnformatted(percent);
    ImGui::PopID();
    if (rank < 3) ImGui::PopFont();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click: the backward view differentiates this class's score");
  }
  ImGui::Spacing();
  heading(ctx, "Saliency: d score / d pixel");
  dim_text(ctx, "for " + names[static_cast<size_t>(e.target)]);
  saliency_view_.draw("saliency", ImVec2(map, map), ctx, {20, false, true, 2});
  saliency_view_.draw_legend(map, ctx);
  ImGui::EndGroup();
}

// The clicked channel, large, beside the kernel that produced it (for a convolution's output).
void LabExplorerScreen::draw_enlarged(const ScreenContext& ctx) {
  const demos::Exploration& e = *exploration_;
  if (!enlarged_ || enlarged_->first >= e.layers.size()) return;
  const auto [l, c] = *enlarged_;
  const demos::LayerActivity& a = e.layers[l];
  if (c >= a.shape.c || a.shape.h * a.shape.w == 1) return;
  const size_t plane = a.shape.h * a.shape.w;
  if (enlarged_dirty_) {
    const std::vector<float>& values = shown_backward_ ? a.grad : a.output;
    enlarged_view_.set(std::vector<float>(values.begin() + static_cast<std::ptrdiff_t>(c * plane),
                                          values.begin() + static_cast<std::ptrdiff_t>((c + 1) * plane)),
                       static_cast<int>(a.shape.h), static_cast<int>(a.shape.w));
    const demos::NetworkExplorer::Kernel k = explorer_->kernel(l, c);
    kernel_views_.clear();
    const size_t slice = static_cast<size_t>(k.size) * k.size;
    const gfx::ColourScale scale = automatic_scale(k.weights);
    for (int i = 0; i < k.in_channels; ++i) {
      kernel_views_.emplace_back();
      kernel_views_.back().set(std::vector<float>(k.weights.begin() + static_cast<std::ptrdiff_t>(i * slice),
                                                  k.weights.begin() + static_cast<std::ptrdiff_t>((i + 1) * slice)),
                               k.size, k.size, scale);
    }
    enlarged_dirty_ = false;
  }
  char line[160];
  std::snprintf(line, sizeof line, "%s channel %zu%s", a.name.c_str(), c, shown_backward_ ? " (gradient)" : "");
  heading(ctx, line);
  const float big = ctx.fonts.px(160);
  enlarged_view_.draw("enlarged", ImVec2(big, big), ctx, {20, true, true, 2});
  if (!kernel_views_.empty()) {
    ImGui::SameLine(0, ctx.fonts.px(16));
    ImGui::BeginGroup();
    const demos::NetworkExplorer::Kernel k = explorer_->kernel(l, c);
    std::snprintf(line, sizeof line, "made by its kernel: %d slice%s of %d\xC3\x97%d, bias %.3f", k.in_channels,
                  k.in_channels == 1 ? "" : "s", k.size, k.size, static_cast<double>(k.bias));
    dim_text(ctx, line);
    const float cell = kernel_views_.size() == 1 ? ctx.fonts.px(120) : ctx.fonts.px(34);
    const float avail = ImGui::GetContentRegionAvail().x;
    const int per_row = std::max(1, static_cast<int>(avail / (cell + 4)));
    for (size_t i = 0; i < kernel_views_.size(); ++i) {
      if (i % static_cast<size_t>(per_row) != 0) ImGui::SameLine(0, 4);
      ImGui::PushID(static_cast<int>(i));
      const TensorViewLayout kl = kernel_views_[i].draw("slice", ImVec2(cell, cell), ctx, {40, true, false, 2});
      if (kl.hovered)
        ImGui::SetTooltip("weight for input channel %zu at (%d, %d): %.4f", i, kl.hovered->row, kl.hovered->col,
                          static_cast<double>(kernel_views_[i].value(kl.hovered->row, kl.hovered->col)));
      ImGui::PopID();
    }
    ImGui::EndGroup();
  }
  ImGui::Separator();
}

void LabExplorerScreen::draw_layers(const ScreenContext& ctx) {
  const demos::Exploration& e = *exploration_;
  ImGui::BeginChild("layers", ImVec2(0, 0), false);
  draw_enlarged(ctx);
  const float thumb = ctx.fonts.px(44), gap = ctx.fonts.px(3);
  const float avail = ImGui::GetContentRegionAvail().x;
  for (size_t l = 0; l < e.layers.size(); ++l) {
    const demos::LayerActivity& a = e.layers[l];
    char line[200];
    std::snprintf(line, sizeof line, "%s  \xC2\xB7  %s  \xC2\xB7  output %zu\xC3\x97%zu\xC3\x97%zu  \xC2\xB7  %s params  "
                  "\xC2\xB7  %s MACs  \xC2\xB7  %.2f ms",
                  a.name.c_str(), a.type.c_str(), a.shape.c, a.shape.h, a.shape.w, with_commas(a.params).c_str(),
                  with_commas(a.macs).c_str(), a.forward_ms);
    heading(ctx, line);
    note_item("explorer:layer:" + a.name);
    auto& views = channel_views_[l];
    if (a.shape.h * a.shape.w == 1) {
      views[0].draw(a.name.c_str(), ImVec2(avail, ctx.fonts.px(22)), ctx, {22, a.shape.c <= 16, true, 2});
      continue;
    }
    const int per_row = std::max(1, static_cast<int>((avail + gap) / (thumb + gap)));
    for (size_t c = 0; c < views.size(); ++c) {
      if (c % static_cast<size_t>(per_row) != 0) ImGui::SameLine(0, gap);
      ImGui::PushID(static_cast<int>(l * 1000 + c));
      const TensorViewLayout lay = views[c].draw("channel", ImVec2(thumb, thumb), ctx, {8, false, false, 2});
      note_item("explorer:channel:" + a.name + ":" + std::to_string(c));
      if (enlarged_ && enlarged_->first == l && enlarged_->second == c)
        ImGui::GetWindowDrawList()->AddRect(lay.origin, ImVec2(lay.origin.x + lay.size().x, lay.origin.y + lay.size().y),
                                            accent(ctx), 0, 0, 2);
      if (lay.clicked) {
        enlarged_ = std::make_pair(l, c);
        enlarged_dirty_ = true;
      }
      if (lay.hovered)
        ImGui::SetTooltip("%s channel %zu, row %d, column %d\n%s %.4g", a.name.c_str(), c, lay.hovered->row,
                          lay.hovered->col, shown_backward_ ? "d score / d value" : "value",
                          static_cast<double>(views[c].value(lay.hovered->row, lay.hovered->col)));
      ImGui::PopID();
    }
    ImGui::Spacing();
  }
  ImGui::EndChild();
}

void LabExplorerScreen::load_run(const ScreenContext& ctx, int64_t id) {
  try {
    for (const store::ExperimentRun& r : ctx.collection.experiment_runs(std::string("train"), true)) {
      if (r.id != id) continue;
      const lab::ExperimentResult record = lab::from_json(r.result_json);
      explorer_ = std::make_unique<demos::NetworkExplorer>(lab::load_trained_model(record),
                                                           "Run " + std::to_string(id) + "'s " +
                                                               lab::record_param(record, "model").value_or("network"));
      run_ = id;
      enlarged_.reset();
      dirty_ = true;
      return;
    }
    config_error_ = "There is no training run " + std::to_string(id) + " in this collection.";
  } catch (const std::exception& e) {
    config_error_ = "Run " + std::to_string(id) + " cannot be explored: " + e.what();
  }
}

void LabExplorerScreen::draw(const ScreenContext& ctx) {
  ImGui::BeginChild("explorer", ImVec2(0, 0), false);
  if (pending_run_) {
    load_run(ctx, *pending_run_);
    pending_run_.reset();
  }
  if (run_) {
    dim_text(ctx, "Exploring the network trained in run " + std::to_string(*run_) + ".");
    ImGui::SameLine();
    if (ImGui::SmallButton("Back to the shipped FashionNet")) {
      explorer_ = std::make_unique<demos::NetworkExplorer>();
      run_.reset();
      enlarged_.reset();
      dirty_ = true;
    }
    note_item("explorer:shipped");
  }
  if (!drawing_) {
    picker_->draw(ctx);
    picker_->picture();
    if (picker_->version() != picture_version_) dirty_ = true;
  }
  if (ImGui::Checkbox("draw your own", &drawing_)) dirty_ = true;
  tooltip("Draw a piece of clothing with the mouse on a 28x28 canvas; FashionNet classifies it as you draw.\n"
          "Light on dark, as in Fashion-MNIST.");
  ImGui::SameLine();
  if (ImGui::Button("Next misclassified")) next_misclassified();
  note_item("explorer:next_misclassified");
  tooltip("The next test image FashionNet gets wrong: what does it see instead?");
  if (!misclassified_note_.empty() && !drawing_) {
    ImGui::SameLine();
    dim_text(ctx, misclassified_note_);
  }
  if (ImGui::RadioButton("forward: activations", !backward_)) {
    backward_ = false;
    dirty_ = true;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("backward: gradient of the class score", backward_)) {
    backward_ = true;
    dirty_ = true;
  }
  tooltip("The gradient of the chosen class's score (its logit) with respect to every layer's output:\n"
          "where a change would raise that class most. Pick the class on the left.\n"
          "Click any channel to see it large, beside the kernel that made it.");
  error_text(ctx, config_error_);
  if (dirty_) recompute();
  error_text(ctx, error_);
  if (!exploration_) {
    ImGui::EndChild();
    return;
  }
  const demos::Exploration& e = *exploration_;
  char line[160];
  std::snprintf(line, sizeof line, "%s says %s (%.1f%%)", explorer_->label().c_str(),
                explorer_->class_names()[size_t(e.predicted)].c_str(),
                100.0 * e.probabilities[size_t(e.predicted)]);
  ImGui::SameLine(0, ctx.fonts.px(24));
  heading(ctx, line);
  ImGui::Separator();
  const float side = ctx.fonts.px(230);
  draw_side(ctx, side);
  ImGui::SameLine(0, ctx.fonts.px(16));
  draw_layers(ctx);
  ImGui::EndChild();
}

}  // namespace stride::ui
