#include "ui/screens/lab_conv2d_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "demos/demo_params.h"
#include "gfx/conv2d_gpu.h"
#include "ui/item_rects.h"
#include "ui/keys.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/slide_controls.h"

namespace stride::ui {

namespace {

constexpr int kMaxKernels = 4;
const char* kChannelNames[3] = {"R", "G", "B"};

// A kernel of `size` for `channels`: the named preset when it exists at that size, else the old
// weights cropped or zero-padded around the centre (a custom kernel keeps what was typed).
demos::ConvKernel fit_kernel(const demos::ConvKernel& k, const std::string& preset, int channels, int size) {
  try {
    demos::ConvKernel p = demos::kernel_preset(preset, channels, size);
    if (p.size == size) return p;
  } catch (const std::exception&) {
  }
  demos::ConvKernel out{k.name == preset ? "custom" : k.name, size,
                        std::vector<float>(static_cast<size_t>(channels) * size * size, 0.0f), k.bias};
  const int old_channels = k.size > 0 ? static_cast<int>(k.weights.size()) / (k.size * k.size) : 0;
  const int shift = (k.size - size) / 2;
  for (int c = 0; c < channels; ++c)
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const int sy = y + shift, sx = x + shift, sc = std::min(c, old_channels - 1);
        if (sc < 0 || sy < 0 || sx < 0 || sy >= k.size || sx >= k.size) continue;
        out.weights[(static_cast<size_t>(c) * size + y) * size + x] =
            k.weights[(static_cast<size_t>(sc) * k.size + sy) * k.size + sx];
      }
  return out;
}

}  // namespace

LabConv2dScreen::LabConv2dScreen(std::shared_ptr<PicturePicker> picture) : picker_(std::move(picture)) {
  kernels_.push_back(demos::kernel_preset(preset_, 1));
}
LabConv2dScreen::~LabConv2dScreen() = default;

void LabConv2dScreen::set_kernel_preset(const std::string& name) {
  preset_ = name;
  const int channels = std::max(1, picker_->picture().channels);
  demos::ConvKernel k = demos::kernel_preset(name, channels, settings_.kernel);
  settings_.kernel = k.size;
  kernels_.at(static_cast<size_t>(shown_kernel_)) = std::move(k);
  dirty_ = true;
}

// "sobel_x,sobel_y,gaussian": one kernel, so one output channel, per name.
void LabConv2dScreen::set_kernel_presets(const std::string& names) {
  std::vector<std::string> list;
  for (size_t start = 0;;) {
    const size_t comma = names.find(',', start);
    list.push_back(names.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (list.size() > static_cast<size_t>(kMaxKernels))
    throw std::invalid_argument("kernel=" + names + ": at most " + std::to_string(kMaxKernels) + " kernels");
  // Every name is checked before anything changes: a typo leaves the demo as it was.
  const int channels = std::max(1, picker_->picture().channels);
  std::vector<demos::ConvKernel> kernels;
  for (const std::string& name : list) kernels.push_back(demos::kernel_preset(name, channels, settings_.kernel));
  kernels_ = std::move(kernels);
  preset_ = list.front();
  settings_.kernel = kernels_.front().size;
  shown_kernel_ = 0;
  dirty_ = true;
}

std::string LabConv2dScreen::configure(std::string_view params) {
  config_error_ = demos::apply_demo_params(
      params, "kernel, size, stride, padding, dilation, relu, flip, image",
      [this](const std::string& key, const std::string& value) {
        if (key == "kernel") set_kernel_presets(value);
        else if (key == "size") settings_.kernel = demos::int_param(key, value, 1, 7);
        else if (key == "stride") settings_.stride = demos::int_param(key, value, 1, 8);
        else if (key == "padding") settings_.padding = demos::int_param(key, value, 0, 6);
        else if (key == "dilation") settings_.dilation = demos::int_param(key, value, 1, 4);
        else if (key == "relu") settings_.relu = demos::bool_param(key, value);
        else if (key == "flip") settings_.true_convolution = demos::bool_param(key, value);
        else if (key == "image") select_picture(*picker_, value);
        else return false;
        return true;
      });
  picker_->picture();
  picture_version_ = picker_->version();  // a picture named here keeps the other parameters given with it
  animation_.restart();
  animation_.playing = true;
  dirty_ = true;
  return config_error_;
}

std::string LabConv2dScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (!variant.empty()) return "no variant '" + std::string(variant) + "' of lab:conv2d";
  recompute(ctx);
  // Mid-slide, paused: the window, the half-filled output and the sum for the current cell.
  animation_.playing = false;
  const int total = geometry_.ok ? geometry_.out_h * geometry_.out_w : 0;
  animation_.filled = total * 0.45 + geometry_.out_w * 0.5;
  return error_;
}

void LabConv2dScreen::on_drop(const std::vector<std::string>& paths) {
  if (!paths.empty()) picker_->load_file(paths.front());  // shown, or its error, from the next frame
}

double LabConv2dScreen::seconds_until_wake(const ScreenContext&) const {
  const double next = animation_.seconds_to_next_cell(geometry_.ok ? geometry_.out_h * geometry_.out_w : 0);
  return next < 0 ? kIdle : std::max(1.0 / 60.0, next);  // a frame when a cell appears, at most 60 a second
}

void LabConv2dScreen::recompute(const ScreenContext&) {
  dirty_ = false;
  error_.clear();
  const demos::Picture& picture = picker_->picture();
  picture_version_ = picker_->version();
  for (auto& k : kernels_) {
    const size_t want = static_cast<size_t>(picture.channels) * settings_.kernel * settings_.kernel;
    if (k.size != settings_.kernel || k.weights.size() != want)
      k = fit_kernel(k, k.name, picture.channels, settings_.kernel);
  }
  shown_channel_ = std::min(shown_channel_, picture.channels - 1);
  input_view_.set_picture(picture);
  geometry_ = demos::conv_geometry(picture.height, picture.width, settings_);
  gpu_maps_.clear();
  cpu_maps_.clear();
  max_diff_ = 0;
  if (!geometry_.ok) return;
  try {
    if (!gpu_) gpu_ = std::make_unique<gfx::Conv2dGpu>();
    gpu_->run(picture, kernels_, settings_);
    for (size_t k = 0; k < kernels_.size(); ++k) gpu_maps_.push_back(gpu_->read(k));
    cpu_maps_ = demos::conv_cpu(picture, kernels_, settings_);
  } catch (const std::exception& e) {
    error_ = e.what();
    gpu_maps_.clear();
    return;
  }
  for (size_t k = 0; k < gpu_maps_.size(); ++k)
    for (size_t i = 0; i < gpu_maps_[k].size(); ++i)
      max_diff_ = std::max(max_diff_, std::abs(gpu_maps_[k][i] - cpu_maps_[k][i]));
  shown_kernel_ = std::min(shown_kernel_, static_cast<int>(kernels_.size()) - 1);
  show_output();
  const int total = geometry_.out_h * geometry_.out_w;
  animation_.filled = std::min<double>(animation_.filled, total);
}

// A kernel with negative weights (an edge detector) makes signed outputs: diverging colours centred
// on 0, so "no edge" is white whatever the range. Otherwise a sequential map from 0 up.
void LabConv2dScreen::show_output() {
  if (static_cast<size_t>(shown_kernel_) >= gpu_maps_.size()) return;
  const auto& k = kernels_[static_cast<size_t>(shown_kernel_)];
  const auto& map = gpu_maps_[static_cast<size_t>(shown_kernel_)];
  gfx::ColourScale scale = automatic_scale(map);
  const bool signed_kernel = k.bias < 0 || std::any_of(k.weights.begin(), k.weights.end(), [](float w) { return w < 0; });
  if (signed_kernel && !settings_.relu) {
    scale.diverging = true;
  } else {
    scale.low = std::min(0.0f, scale.low);
    scale.diverging = false;
  }
  output_view_.set(map, geometry_.out_h, geometry_.out_w, scale);
}

// The picture is shared with the other demos: one changed there (or dropped here) is taken up
// here on the next frame.
void LabConv2dScreen::follow_picture() {
  picker_->picture();  // loads it on first use
  if (picker_->version() == picture_version_) return;
  picture_version_ = picker_->version();
  dirty_ = true;
  animation_.restart();
}

void LabConv2dScreen::draw_controls(const ScreenContext& ctx) {
  picker_->draw(ctx);
  follow_picture();
  // Kernel preset and geometry.
  ImGui::SetNextItemWidth(ctx.fonts.px(150));
  if (ImGui::BeginCombo("##preset", kernels_[static_cast<size_t>(shown_kernel_)].name.c_str())) {
    for (const std::string& name : demos::kernel_preset_names())
      if (ImGui::Selectable(name.c_str(), name == preset_)) set_kernel_preset(name);
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Kernel preset; fashionnet_N are the 32 filters FashionNet learned in its first layer");
  bool changed = false;
  auto slider = [&](const char* label, int* v, int lo, int hi, const char* tip) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ctx.fonts.px(90));
    changed |= ImGui::SliderInt(label, v, lo, hi);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  slider("size", &settings_.kernel, 1, 7, "Kernel size K (K x K weights per input channel)");
  slider("stride", &settings_.stride, 1, 4, "Stride S: how many pixels the window moves each step");
  slider("padding", &settings_.padding, 0, 3, "Zero padding P added on every side");
  slider("dilation", &settings_.dilation, 1, 3, "Dilation D: gaps between the kernel's taps");
  ImGui::SameLine();
  changed |= ImGui::Checkbox("flip", &settings_.true_convolution);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("True convolution: the kernel is flipped in both axes before sliding.\n"
                      "Off: cross-correlation, what every deep-learning framework computes.");
  ImGui::SameLine();
  changed |= ImGui::Checkbox("ReLU", &settings_.relu);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("max(0, x) after the sum");
  if (changed) {
    dirty_ = true;
    animation_.restart();
  }
  error_text(ctx, config_error_);
}

void LabConv2dScreen::draw_kernel_editor(const ScreenContext& ctx, float width) {
  const int channels = std::max(1, picker_->picture().channels);
  heading(ctx, settings_.true_convolution ? "Kernel (flipped when sliding)" : "Kernel");
  ImGui::TextUnformatted("Output channel");
  for (int i = 0; i < static_cast<int>(kernels_.size()); ++i) {
    ImGui::SameLine();
    char label[16];
    std::snprintf(label, sizeof label, "%d", i + 1);
    if (ImGui::RadioButton(label, shown_kernel_ == i)) {
      shown_kernel_ = i;
      show_output();
    }
  }
  if (static_cast<int>(kernels_.size()) < kMaxKernels) {
    ImGui::SameLine();
    const bool add = ImGui::SmallButton("+");
    note_item("conv2d:add_kernel");
    if (add) {
      const auto names = demos::kernel_preset_names();
      kernels_.push_back(demos::kernel_preset(names[(kernels_.size() * 2 + 3) % 9], channels));
      kernels_.back() = fit_kernel(kernels_.back(), kernels_.back().name, channels, settings_.kernel);
      shown_kernel_ = static_cast<int>(kernels_.size()) - 1;
      dirty_ = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add a kernel: each kernel makes one output channel");
  }
  if (kernels_.size() > 1) {
    ImGui::SameLine();
    const bool remove = ImGui::SmallButton("-");
    note_item("conv2d:remove_kernel");
    if (remove) {
      kernels_.erase(kernels_.begin() + shown_kernel_);
      shown_kernel_ = std::max(0, shown_kernel_ - 1);
      dirty_ = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this kernel");
  }
  // Taken after + and -, which change the list (a reference from before could dangle).
  auto& k = kernels_[static_cast<size_t>(shown_kernel_)];
  if (channels > 1) {
    for (int c = 0; c < channels; ++c) {
      if (c > 0) ImGui::SameLine();
      if (ImGui::RadioButton(kChannelNames[c], shown_channel_ == c)) shown_channel_ = c;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("The kernel's slice for the %s channel", kChannelNames[c]);
    }
  }
  const float cell = std::min(ctx.fonts.px(58), (width - ctx.fonts.px(8)) / static_cast<float>(k.size));
  ImGui::PushFont(ctx.fonts.small());
  for (int y = 0; y < k.size; ++y)
    for (int x = 0; x < k.size; ++x) {
      if (x > 0) ImGui::SameLine(0, 2);
      float& w = k.weights[(static_cast<size_t>(shown_channel_) * k.size + y) * k.size + x];
      ImGui::PushID(y * 8 + x);
      ImGui::SetNextItemWidth(cell - 2);
      if (ImGui::InputFloat("##w", &w, 0, 0, "%.2f")) {
        k.name = "custom";
        dirty_ = true;
      }
      ImGui::PopID();
    }
  ImGui::SetNextItemWidth(ctx.fonts.px(70));
  if (ImGui::InputFloat("bias", &k.bias, 0, 0, "%.3f")) dirty_ = true;
  if (settings_.true_convolution) {  // what actually slides: the kernel turned by 180 degrees
    dim_text(ctx, "slides as (flipped):");
    const std::vector<float> flipped = demos::effective_weights(k, true);
    for (int y = 0; y < k.size; ++y) {
      std::string row;
      for (int x = 0; x < k.size; ++x) {
        char cell[16];
        std::snprintf(cell, sizeof cell, "%6.2f", static_cast<double>(
                                                     flipped[(static_cast<size_t>(shown_channel_) * k.size + y) * k.size + x]));
        row += cell;
      }
      ImGui::PushFont(ctx.fonts.pick(Face::Mono, ctx.fonts.px(FontSizes::small)));
      ImGui::TextUnformatted(row.c_str());
      ImGui::PopFont();
    }
  }
  ImGui::PopFont();
}

void LabConv2dScreen::draw_views(const ScreenContext& ctx) {
  const demos::Picture& picture = picker_->picture();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = ctx.fonts.px(16);
  const float kernel_w = ctx.fonts.px(std::max(220.0f, settings_.kernel * 60.0f + 8));
  const float view_w = (avail - kernel_w - 2 * gap) / 2;
  const float view_h = std::min(view_w, ctx.fonts.px(340));
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const int total = geometry_.ok ? geometry_.out_h * geometry_.out_w : 0;
  const int done = animation_.cells(total);

  // ---- input, with its zero padding drawn around it
  ImGui::BeginGroup();
  heading(ctx, "Input");
  dim_text(ctx, picture.name + "  " + std::to_string(picture.width) + "\xC3\x97" + std::to_string(picture.height) +
                          (picture.channels == 3 ? ", 3 channels" : ", grey"));
  const int p = settings_.padding;
  const float cell = std::min({view_w / (picture.width + 2 * p), view_h / (picture.height + 2 * p), ctx.fonts.px(40)});
  const ImVec2 frame = ImGui::GetCursorScreenPos();
  if (p > 0) {
    dl.AddRectFilled(frame, ImVec2(frame.x + (picture.width + 2 * p) * cell, frame.y + (picture.height + 2 * p) * cell),
                     ctx.palette.progress_bg);
    ImGui::SetCursorScreenPos(ImVec2(frame.x + p * cell, frame.y + p * cell));
  }
  const TensorViewLayout in = input_view_.draw("input", ImVec2(picture.width * cell, picture.height * cell), ctx,
                                               {40, false, false, 2});
  note_item("conv2d:input");
  ImGui::SetCursorScreenPos(ImVec2(frame.x, frame.y + (picture.height + 2 * p) * cell + ctx.fonts.px(4)));
  ImGui::Dummy(ImVec2(view_w, 0));
  ImGui::EndGroup();
  hovered_input_.reset();
  if (in.hovered) {
    hovered_input_ = demos::Cell{in.hovered->row, in.hovered->col};
    const auto fed = demos::outputs_fed_by(in.hovered->row, in.hovered->col, geometry_, settings_);
    ImGui::SetTooltip("input row %d, column %d: %.3f\nfeeds %zu output value%s (outlined)", in.hovered->row,
                      in.hovered->col, static_cast<double>(input_view_.value(in.hovered->row, in.hovered->col)),
                      fed.size(), fed.size() == 1 ? "" : "s");
  }

  // ---- kernel
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  draw_kernel_editor(ctx, kernel_w);
  ImGui::EndGroup();

  // ---- output
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  heading(ctx, "Output");
  if (geometry_.ok) {
    char line[96];
    std::snprintf(line, sizeof line, "%d\xC3\x97%d, kernel %d of %zu", geometry_.out_w, geometry_.out_h,
                  shown_kernel_ + 1, kernels_.size());
    dim_text(ctx, line);
  } else {
    dim_text(ctx, std::string("none"));
  }
  TensorViewLayout out;
  if (geometry_.ok && !gpu_maps_.empty()) {
    out = output_view_.draw("output", ImVec2(view_w, view_h), ctx, {40, true, false, 2});
    note_item("conv2d:output");
    cover_unfilled(out, done, ctx);  // the output fills in as the window slides
    dl.AddRect(out.origin, ImVec2(out.origin.x + out.size().x, out.origin.y + out.size().y), ctx.palette.separator);
    output_view_.draw_legend(out.size().x, ctx);
  } else {
    ImGui::Dummy(ImVec2(view_w, ctx.fonts.px(40)));
  }
  ImGui::EndGroup();

  // ---- which cell is explained: the hovered output, else the one the window is on
  inspected_.reset();
  if (out.hovered) {
    inspected_ = demos::Cell{out.hovered->row, out.hovered->col};
    animation_.playing = false;  // hovering freezes the window there
    animation_.filled = std::max<double>(animation_.filled, out.hovered->row * geometry_.out_w + out.hovered->col + 1);
  } else if (geometry_.ok && total > 0 && !hovered_input_) {
    const int i = std::min(done, total - 1);
    inspected_ = demos::Cell{i / geometry_.out_w, i % geometry_.out_w};
  }
  // Overlays: the window's taps on the input (dilation leaves gaps) and the cell it makes.
  if (inspected_ && geometry_.ok) {
    const ImU32 fill = accent(ctx, 70), line = accent(ctx, 255);
    for (int ky = 0; ky < settings_.kernel; ++ky)
      for (int kx = 0; kx < settings_.kernel; ++kx) {
        const int y = inspected_->y * settings_.stride - p + ky * settings_.dilation;
        const int x = inspected_->x * settings_.stride - p + kx * settings_.dilation;
        const ImVec2 a(in.origin.x + x * in.cell, in.origin.y + y * in.cell);
        dl.AddRectFilled(a, ImVec2(a.x + in.cell, a.y + in.cell), fill);
        dl.AddRect(a, ImVec2(a.x + in.cell, a.y + in.cell), line);
      }
    if (out.cell > 0) {
      const ImVec2 a = out.corner(inspected_->y, inspected_->x);
      dl.AddRect(a, ImVec2(a.x + out.cell, a.y + out.cell), line, 0, 0, std::max(2.0f, ctx.fonts.px(2)));
    }
  }
  if (hovered_input_ && out.cell > 0) {
    for (const demos::Cell& c : demos::outputs_fed_by(hovered_input_->y, hovered_input_->x, geometry_, settings_)) {
      const ImVec2 a = out.corner(c.y, c.x);
      dl.AddRect(a, ImVec2(a.x + out.cell, a.y + out.cell), accent(ctx, 255), 0, 0, 2);
    }
    const ImVec2 a(in.origin.x + hovered_input_->x * in.cell, in.origin.y + hovered_input_->y * in.cell);
    dl.AddRect(a, ImVec2(a.x + in.cell, a.y + in.cell), accent(ctx, 255), 0, 0, 2);
  }
}

void LabConv2dScreen::draw_breakdown(const ScreenContext& ctx) {
  breakdown_.reset();
  if (dirty_) recompute(ctx);  // a kernel added or edited this frame: its output first
  const size_t k = static_cast<size_t>(shown_kernel_);
  if (!inspected_ || !geometry_.ok || k >= gpu_maps_.size() || k >= cpu_maps_.size() || k >= kernels_.size()) return;
  if (inspected_->y < 0 || inspected_->x < 0 || inspected_->y >= geometry_.out_h || inspected_->x >= geometry_.out_w)
    return;
  const auto& kernel = kernels_[static_cast<size_t>(shown_kernel_)];
  breakdown_ = demos::conv_breakdown(picker_->picture(), kernel, settings_, inspected_->y, inspected_->x);
  const auto& b = *breakdown_;
  char line[160];
  std::snprintf(line, sizeof line, "Output row %d, column %d: every product of the window", inspected_->y, inspected_->x);
  heading(ctx, line);
  const int channels = static_cast<int>(b.channel_sums.size());
  ImGui::PushFont(ctx.fonts.small());
  const float col_w = ImGui::CalcTextSize("-0.00\xC3\x97-0.00").x + ctx.fonts.px(10);
  for (int c = 0; c < channels; ++c) {
    if (c > 0) ImGui::SameLine(0, ctx.fonts.px(24));
    ImGui::BeginGroup();
    if (channels > 1) ImGui::Text("%s channel", kChannelNames[c]);
    for (int ky = 0; ky < settings_.kernel; ++ky) {
      for (int kx = 0; kx < settings_.kernel; ++kx) {
        const auto& t = b.terms[(static_cast<size_t>(c) * settings_.kernel + ky) * settings_.kernel + kx];
        if (kx > 0) ImGui::SameLine(kx * col_w);  // inside a group: offsets from the group's left edge
        std::snprintf(line, sizeof line, "%.2f\xC3\x97%.2f", static_cast<double>(t.input), static_cast<double>(t.weight));
        ImGui::PushStyleColor(ImGuiCol_Text, t.padding ? ctx.palette.dim_text : ctx.palette.text);
        ImGui::TextUnformatted(line);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip(t.padding ? "padding (zero) at row %d, column %d" : "input row %d, column %d", t.y, t.x);
      }
    }
    std::snprintf(line, sizeof line, "\xCE\xA3 = %.4f", static_cast<double>(b.channel_sums[static_cast<size_t>(c)]));
    ImGui::TextUnformatted(line);
    ImGui::EndGroup();
  }
  ImGui::PopFont();
  std::string sum;
  for (int c = 0; c < channels; ++c) {
    std::snprintf(line, sizeof line, "%s%.4f", c > 0 ? " + " : "", static_cast<double>(b.channel_sums[static_cast<size_t>(c)]));
    sum += line;
  }
  std::snprintf(line, sizeof line, " + bias %.4f = %.4f", static_cast<double>(b.bias), static_cast<double>(b.total));
  sum += line;
  if (settings_.relu) {
    std::snprintf(line, sizeof line, "  \xE2\x86\x92 ReLU \xE2\x86\x92 %.4f", static_cast<double>(b.output));
    sum += line;
  }
  const size_t at = static_cast<size_t>(inspected_->y) * geometry_.out_w + inspected_->x;
  std::snprintf(line, sizeof line, "      shader %.4f, CPU sandbox %.4f",
                static_cast<double>(gpu_maps_[static_cast<size_t>(shown_kernel_)][at]),
                static_cast<double>(cpu_maps_[static_cast<size_t>(shown_kernel_)][at]));
  sum += line;
  ImGui::TextUnformatted(sum.c_str());
}

void LabConv2dScreen::draw_animation_bar(const ScreenContext& ctx) {
  const int total = geometry_.ok ? geometry_.out_h * geometry_.out_w : 0;
  draw_slide_controls(animation_, total, ctx);
  char text[128];
  if (!gpu_maps_.empty()) {
    ImGui::SameLine(0, ctx.fonts.px(24));
    std::snprintf(text, sizeof text, "max |GPU \xE2\x88\x92 CPU| = %.2g", static_cast<double>(max_diff_));
    ImGui::PushStyleColor(ImGuiCol_Text, max_diff_ < 1e-4f ? ctx.palette.due_count : ctx.palette.error);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The output is computed by a GLSL shader and by the CPU sandbox (nn::Conv2d);\n"
                        "this is the largest difference over every output value.");
  }
}

void LabConv2dScreen::draw(const ScreenContext& ctx) {
  ImGui::BeginChild("conv2d", ImVec2(0, 0), false);
  slide_keys(animation_, geometry_.ok ? geometry_.out_h * geometry_.out_w : 0);
  draw_controls(ctx);
  if (dirty_) recompute(ctx);
  const int total = geometry_.ok ? geometry_.out_h * geometry_.out_w : 0;
  // At most a tenth of a second a frame: after the window slept, Space must not jump ahead.
  animation_.advance(std::min(ImGui::GetIO().DeltaTime, 0.1f), total);
  // The output size formula with these numbers; an impossible combination in red, with why.
  ImGui::PushFont(ctx.fonts.ui_bold());
  ImGui::TextUnformatted(geometry_.formula.c_str());
  ImGui::PopFont();
  if (geometry_.ok && picker_->picture().width == picker_->picture().height) {
    ImGui::SameLine();
    dim_text(ctx, std::string("  output width O (and height: the input is square)"));
  }
  if (!geometry_.error.empty()) error_text(ctx, "Impossible: " + geometry_.error);
  error_text(ctx, error_);
  ImGui::Separator();
  draw_views(ctx);
  ImGui::Separator();
  draw_animation_bar(ctx);
  draw_breakdown(ctx);
  ImGui::EndChild();
}

}  // namespace stride::ui
