#include "ui/screens/lab_pooling_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "demos/demo_params.h"
#include "gfx/pool_gpu.h"
#include "ui/item_rects.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/slide_controls.h"

namespace stride::ui {

namespace {

const char* op_label(demos::PoolOp op) {
  switch (op) {
    case demos::PoolOp::max: return "Max pooling";
    case demos::PoolOp::average: return "Average pooling";
    case demos::PoolOp::min: return "Min pooling";
    case demos::PoolOp::global_average: return "Global average pooling";
    case demos::PoolOp::global_max: return "Global max pooling";
  }
  return "?";
}

// The channel with the largest spread: a map with something in it to pool.
int most_active_channel(const demos::FeatureMaps& f) {
  int best = 0;
  double best_var = -1;
  for (int c = 0; c < f.channels; ++c) {
    const auto v = f.channel(c);
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double var = 0;
    for (float x : v) var += (x - mean) * (x - mean);
    if (var > best_var) {
      best_var = var;
      best = c;
    }
  }
  return best;
}

}  // namespace

LabPoolingScreen::LabPoolingScreen(std::shared_ptr<PicturePicker> picture) : picker_(std::move(picture)) {
  animation_.cells_per_second = 12;
}
LabPoolingScreen::~LabPoolingScreen() = default;

std::string LabPoolingScreen::configure(std::string_view params) {
  config_error_ = demos::apply_demo_params(
      params, "op, size, stride, padding, input, channel, gradient, image",
      [this](const std::string& key, const std::string& value) {
        if (key == "op") {
          const auto op = demos::parse_pool_op(value);
          if (!op) throw std::invalid_argument("op=" + value + ": expected max, avg, min, global_avg or global_max");
          settings_.op = *op;
        } else if (key == "size") {
          settings_.kernel = demos::int_param(key, value, 1, 8);
        } else if (key == "stride") {
          settings_.stride = demos::int_param(key, value, 1, 8);
        } else if (key == "padding") {
          settings_.padding = demos::int_param(key, value, 0, 4);
        } else if (key == "input") {
          if (value != "features" && value != "picture")
            throw std::invalid_argument("input=" + value + ": expected features or picture");
          features_ = value == "features";
        } else if (key == "channel") {
          channel_ = demos::int_param(key, value, 0, 31);
        } else if (key == "gradient") {
          show_gradient_ = demos::bool_param(key, value);
        } else if (key == "image") {
          select_picture(*picker_, value);
        } else {
          return false;
        }
        return true;
      });
  picker_->picture();
  picture_version_ = picker_->version();  // a picture named here keeps the other parameters given with it
  animation_.restart();
  animation_.playing = true;
  dirty_ = true;
  return config_error_;
}

std::string LabPoolingScreen::prepare_screenshot(std::string_view variant, const ScreenContext&) {
  if (!variant.empty()) return "no variant '" + std::string(variant) + "' of lab:pooling";
  recompute();
  animation_.playing = false;
  const int total = cpu_.geometry.ok ? cpu_.geometry.out_h * cpu_.geometry.out_w : 0;
  animation_.filled = total <= 4 ? total : total * 0.55;  // mid-slide, unless there is almost nothing to slide
  return error_;
}

void LabPoolingScreen::on_drop(const std::vector<std::string>& paths) {
  if (!paths.empty()) picker_->load_file(paths.front());  // shown, or its error, from the next frame
}

double LabPoolingScreen::seconds_until_wake(const ScreenContext&) const {
  const double next = animation_.seconds_to_next_cell(cpu_.geometry.ok ? cpu_.geometry.out_h * cpu_.geometry.out_w : 0);
  return next < 0 ? kIdle : std::max(1.0 / 60.0, next);
}

void LabPoolingScreen::recompute() {
  dirty_ = false;
  error_.clear();
  const demos::Picture& picture = picker_->picture();
  picture_version_ = picker_->version();
  try {
    if (features_) {
      const demos::FeatureMaps f = demos::fashionnet_features(picture);
      if (channel_ < 0) channel_ = most_active_channel(f);
      map_ = f.channel(std::min(channel_, f.channels - 1));
      map_h_ = f.height;
      map_w_ = f.width;
    } else {
      const demos::Picture grey = demos::to_grey(picture);
      map_ = grey.values;
      map_h_ = grey.height;
      map_w_ = grey.width;
    }
  } catch (const std::exception& e) {
    error_ = e.what();
    return;
  }
  input_view_.set(map_, map_h_, map_w_);
  cpu_ = demos::PoolResult{};
  cpu_.geometry = demos::pool_geometry(map_h_, map_w_, settings_);
  gpu_out_.clear();
  max_diff_ = 0;
  if (!cpu_.geometry.ok) return;
  try {
    cpu_ = demos::pool_cpu(map_, map_h_, map_w_, settings_);
    if (!gpu_) gpu_ = std::make_unique<gfx::PoolGpu>();
    gpu_->run(map_, map_h_, map_w_, settings_);
    gpu_out_ = gpu_->read();
  } catch (const std::exception& e) {
    error_ = e.what();
    gpu_out_.clear();
    return;
  }
  for (size_t i = 0; i < gpu_out_.size(); ++i) max_diff_ = std::max(max_diff_, std::abs(gpu_out_[i] - cpu_.out[i]));
  // Input and output on one scale, so a kept value has the same colour on both sides.
  gfx::ColourScale scale = input_view_.scale();
  output_view_.set(gpu_out_, cpu_.geometry.out_h, cpu_.geometry.out_w, scale);
  gradient_view_.set(cpu_.gradient, map_h_, map_w_, gfx::ColourScale{0, std::max(1e-6f, *std::max_element(cpu_.gradient.begin(), cpu_.gradient.end())), false});
  animation_.filled = std::min<double>(animation_.filled, cpu_.geometry.out_h * cpu_.geometry.out_w);
}

// The picture is shared with the other demos: one changed there (or dropped here) is taken up
// here on the next frame.
void LabPoolingScreen::follow_picture() {
  picker_->picture();  // loads it on first use
  if (picker_->version() == picture_version_) return;
  picture_version_ = picker_->version();
    channel_ = -1;  // a new picture: its most active channel
  dirty_ = true;
  animation_.restart();
}

void LabPoolingScreen::draw_controls(const ScreenContext& ctx) {
  picker_->draw(ctx);
  follow_picture();
  bool changed = false;
  changed |= ImGui::Checkbox("through FashionNet's first convolution", &features_);
  tooltip("On: pool a feature map, the picture after FashionNet's conv1, batch norm and ReLU,\n"
          "which is what pooling layers see in a real network. Off: pool the grey picture.");
  if (features_) {
    ImGui::SameLine();
    int shown = std::max(channel_, 0);
    ImGui::SetNextItemWidth(ctx.fonts.px(120));
    if (ImGui::SliderInt("channel", &shown, 0, 31)) {
      channel_ = shown;
      changed = true;
    }
    tooltip("Which of conv1's 32 output channels to pool");
  }
  ImGui::SetNextItemWidth(ctx.fonts.px(210));
  if (ImGui::BeginCombo("##op", op_label(settings_.op))) {
    for (demos::PoolOp op : demos::all_pool_ops())
      if (ImGui::Selectable(op_label(op), op == settings_.op)) {
        settings_.op = op;
        changed = true;
      }
    ImGui::EndCombo();
  }
  if (!demos::is_global(settings_.op)) {
    auto slider = [&](const char* label, int* v, int lo, int hi, const char* tip) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ctx.fonts.px(90));
      changed |= ImGui::SliderInt(label, v, lo, hi);
      tooltip(tip);
    };
    slider("window", &settings_.kernel, 1, 5, "Window size K (K x K values become one)");
    slider("stride", &settings_.stride, 1, 5, "Stride S: how far the window moves each step");
    slider("padding", &settings_.padding, 0, 2, "Implicit padding P; at most half the window");
  }
  ImGui::SameLine();
  ImGui::Checkbox("backward: where gradients go", &show_gradient_);
  tooltip("Shows dL/dx when every output's gradient is 1: max and min send all of it to the\n"
          "value they picked (the others get 0); average pooling spreads it evenly.");
  if (changed) {
    dirty_ = true;
    animation_.restart();
  }
  error_text(ctx, config_error_);
}

void LabPoolingScreen::draw_views(const ScreenContext& ctx) {
  const demos::PoolGeometry& g = cpu_.geometry;
  const int total = g.ok ? g.out_h * g.out_w : 0;
  const int done = animation_.cells(total);
  const float avail = ImGui::GetContentRegionAvail().x, gap = ctx.fonts.px(24);
  const float in_w = (avail - gap) * 0.55f, out_w = avail - gap - in_w;
  const float view_h = std::min(in_w, ctx.fonts.px(330));
  ImDrawList& dl = *ImGui::GetWindowDrawList();

  ImGui::BeginGroup();
  heading(ctx, show_gradient_ ? "Input: gradient from the backward pass" : "Input");
  char line[160];
  std::snprintf(line, sizeof line, "%s, %d\xC3\x97%d", features_ ? ("conv1 channel " + std::to_string(channel_)).c_str() : "grey picture",
                map_w_, map_h_);
  dim_text(ctx, line);
  TensorView& shown = show_gradient_ ? gradient_view_ : input_view_;
  const TensorViewLayout in = shown.draw("pool_input", ImVec2(in_w, view_h), ctx, {44, true, false, 2});
  note_item("pooling:input");
  shown.draw_legend(in.size().x, ctx);
  ImGui::EndGroup();
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  heading(ctx, "Output");
  std::snprintf(line, sizeof line, "%d\xC3\x97%d", g.out_w, g.out_h);
  dim_text(ctx, g.ok ? line : "none");
  TensorViewLayout out;
  if (g.ok && !gpu_out_.empty()) {
    out = output_view_.draw("pool_output", ImVec2(out_w, view_h), ctx, {44, true, false, 2});
    note_item("pooling:output");
    cover_unfilled(out, done, ctx);
    dl.AddRect(out.origin, ImVec2(out.origin.x + out.size().x, out.origin.y + out.size().y), ctx.palette.separator);
  }
  ImGui::EndGroup();

  // The window explained: the hovered output cell, else the one the animation is on.
  inspected_.reset();
  if (out.hovered) {
    inspected_ = demos::Cell{out.hovered->row, out.hovered->col};
    animation_.playing = false;
    animation_.filled = std::max<double>(animation_.filled, out.hovered->row * g.out_w + out.hovered->col + 1);
  } else if (total > 0 && done > 0) {
    const int i = std::min(done, total) - 1;
    inspected_ = demos::Cell{i / g.out_w, i % g.out_w};
  }
  // Every picked input of the windows done so far gets a dot: the survivors.
  if (!show_gradient_)
    for (int i = 0; i < done && i < static_cast<int>(cpu_.winner.size()); ++i) {
      const int w = cpu_.winner[static_cast<size_t>(i)];
      if (w < 0) continue;
      const ImVec2 a = in.corner(w / map_w_, w % map_w_);
      dl.AddCircleFilled(ImVec2(a.x + in.cell / 2, a.y + in.cell / 2), std::max(2.0f, in.cell * 0.18f), accent(ctx, 230));
    }
  if (inspected_ && g.ok) {
    const demos::Window win = demos::pool_window(g, map_h_, map_w_, inspected_->y, inspected_->x);
    const ImVec2 a = in.corner(win.y0, win.x0), b = in.corner(win.y1, win.x1);
    dl.AddRectFilled(a, b, accent(ctx, 50));
    dl.AddRect(a, b, accent(ctx), 0, 0, std::max(2.0f, ctx.fonts.px(2)));
    const size_t o = static_cast<size_t>(inspected_->y) * g.out_w + inspected_->x;
    if (cpu_.winner[o] >= 0) {
      const ImVec2 p = in.corner(cpu_.winner[o] / map_w_, cpu_.winner[o] % map_w_);
      dl.AddRect(p, ImVec2(p.x + in.cell, p.y + in.cell), IM_COL32(255, 255, 255, 255), 0, 0, 2);
    }
    if (out.cell > 0) {
      const ImVec2 c = out.corner(inspected_->y, inspected_->x);
      dl.AddRect(c, ImVec2(c.x + out.cell, c.y + out.cell), accent(ctx), 0, 0, std::max(2.0f, ctx.fonts.px(2)));
    }
  }
}

void LabPoolingScreen::draw_window_sum(const ScreenContext& ctx) {
  if (!inspected_ || !cpu_.geometry.ok || gpu_out_.empty()) return;
  const demos::PoolGeometry& g = cpu_.geometry;
  const demos::Window win = demos::pool_window(g, map_h_, map_w_, inspected_->y, inspected_->x);
  const size_t o = static_cast<size_t>(inspected_->y) * g.out_w + inspected_->x;
  const int count = (win.y1 - win.y0) * (win.x1 - win.x0);
  std::string text;
  char part[64];
  const bool average = settings_.op == demos::PoolOp::average || settings_.op == demos::PoolOp::global_average;
  const char* fn = settings_.op == demos::PoolOp::min ? "min" : average ? "mean" : "max";
  if (count <= 25) {
    text = std::string(fn) + "(";
    for (int y = win.y0; y < win.y1; ++y)
      for (int x = win.x0; x < win.x1; ++x) {
        std::snprintf(part, sizeof part, "%s%.2f", text.back() == '(' ? "" : ", ",
                      static_cast<double>(map_[static_cast<size_t>(y) * map_w_ + x]));
        text += part;
      }
    text += ")";
    if (average && g.window_h * g.window_w != count) {  // padding counts as zeros in the mean
      std::snprintf(part, sizeof part, " with %d padded zeros", g.window_h * g.window_w - count);
      text += part;
    }
  } else {
    std::snprintf(part, sizeof part, "%s of %d values", fn, count);
    text = part;
  }
  std::snprintf(part, sizeof part, " = %.4f", static_cast<double>(cpu_.out[o]));
  text += part;
  std::snprintf(part, sizeof part, "      shader %.4f", static_cast<double>(gpu_out_[o]));
  text += part;
  std::snprintf(part, sizeof part, "Output row %d, column %d", inspected_->y, inspected_->x);
  heading(ctx, part);
  ImGui::TextWrapped("%s", text.c_str());
}

void LabPoolingScreen::draw(const ScreenContext& ctx) {
  ImGui::BeginChild("pooling", ImVec2(0, 0), false);
  const int total = cpu_.geometry.ok ? cpu_.geometry.out_h * cpu_.geometry.out_w : 0;
  slide_keys(animation_, total);
  draw_controls(ctx);
  if (dirty_) recompute();
  animation_.advance(std::min(ImGui::GetIO().DeltaTime, 0.1f), total);  // no jump after a long sleep
  const demos::PoolGeometry& g = cpu_.geometry;
  ImGui::PushFont(ctx.fonts.ui_bold());
  ImGui::TextUnformatted(g.formula.c_str());
  ImGui::PopFont();
  if (g.ok && !cpu_.out.empty()) {
    const int in = map_h_ * map_w_, outn = g.out_h * g.out_w;
    char line[200];
    const bool average = settings_.op == demos::PoolOp::average || settings_.op == demos::PoolOp::global_average;
    std::snprintf(line, sizeof line, "%d values become %d (%.1f\xC3\x97 fewer); %s %d of %d activations (%.1f%%)", in,
                  outn, static_cast<double>(in) / outn, average ? "the output averages" : "the output keeps",
                  cpu_.survivors, in, 100.0 * cpu_.survivors / in);
    dim_wrapped(ctx, line);
  }
  if (!g.error.empty()) error_text(ctx, "Impossible: " + g.error);
  error_text(ctx, error_);
  ImGui::Separator();
  draw_views(ctx);
  ImGui::Separator();
  draw_slide_controls(animation_, total, ctx);
  if (!gpu_out_.empty()) {
    ImGui::SameLine(0, ctx.fonts.px(24));
    char text[96];
    std::snprintf(text, sizeof text, "max |GPU \xE2\x88\x92 CPU| = %.2g", static_cast<double>(max_diff_));
    ImGui::PushStyleColor(ImGuiCol_Text, max_diff_ < 1e-5f ? ctx.palette.due_count : ctx.palette.error);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    tooltip("The output is pooled by a GLSL shader and by nn's pooling layer;\n"
            "this is the largest difference over every output value.");
  }
  draw_window_sum(ctx);
  ImGui::EndChild();
}

}  // namespace stride::ui
