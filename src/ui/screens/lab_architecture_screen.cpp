#include "ui/screens/lab_architecture_screen.h"

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/text_format.h"
#include "demos/demo_params.h"
#include "nn/model_spec.h"
#include "ui/item_rects.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/text_editor.h"

namespace stride::ui {

namespace fs = std::filesystem;

namespace {

constexpr double kTypingPause = 0.2;  // seconds after the last keystroke before the analysis runs

std::string shape_text(const nn::Shape& s) {
  if (s.h == 1 && s.w == 1) return std::to_string(s.c);
  return std::to_string(s.c) + "\xC3\x97" + std::to_string(s.h) + "\xC3\x97" + std::to_string(s.w);
}

std::string field_text(const nn::ReceptiveField& f) {
  return f.whole ? "all" : std::to_string(f.size) + "\xC3\x97" + std::to_string(f.size);
}

// "  (6.20\xC3\x97 alexnet's)": a total against the other model's.
std::string ratio_text(double mine, double theirs, const std::string& other) {
  if (theirs <= 0) return "";
  char s[32];
  std::snprintf(s, sizeof s, "  (%.2f\xC3\x97 ", mine / theirs);
  return s + other + "'s)";
}

std::string line_of(const std::string& text, int line) {
  std::size_t start = 0;
  for (int i = 1; i < line && start != std::string::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos || start >= text.size()) return "";
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

LabArchitectureScreen::LabArchitectureScreen() { load(0, "fashionnet"); }

void LabArchitectureScreen::set_text(int i, std::string text) {
  Side& s = side(i);
  s.text = std::move(text);
  ++s.version;
  s.edited_at = -1e9;  // not typed: analysed on the next frame
}

void LabArchitectureScreen::load(int i, const std::string& builtin) {
  try {
    set_text(i, nn::read_model_text(builtin).text);
  } catch (const std::exception& e) {
    config_error_ = e.what();
  }
}

void LabArchitectureScreen::set_comparison(int index) {
  const auto& list = demos::comparisons();
  compare_ = index >= 0 && index < static_cast<int>(list.size()) ? index : -1;
  if (compare_ < 0) return;
  load(0, list[static_cast<std::size_t>(compare_)].left);
  load(1, list[static_cast<std::size_t>(compare_)].right);
}

std::string LabArchitectureScreen::configure(std::string_view params) {
  config_error_ = demos::apply_demo_params(params, "model, compare", [this](const std::string& key, const std::string& value) {
    if (key == "model") {
      (void)nn::read_model_text(value);  // throws naming what is missing
      compare_ = -1;
      start_from_ = value;
      load(0, value);
    } else if (key == "compare") {
      const auto& list = demos::comparisons();
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].left + "," + list[i].right == value || list[i].left == value) {
          set_comparison(static_cast<int>(i));
          return true;
        }
      }
      throw std::invalid_argument("compare=" + value + ": expected alexnet,zfnet, inception_5x5_direct,"
                                  "inception_5x5_reduced or stacked_3x3,single_7x7");
    } else {
      return false;
    }
    return true;
  });
  return config_error_;
}

double LabArchitectureScreen::seconds_until_wake(const ScreenContext&) const {
  // A change waiting for its analysis needs a frame when the typing pause is over.
  for (const Side* s : {&left_, &right_}) {
    if (s->version != s->analysed && !s->job) return kTypingPause / 2;
  }
  return kIdle;
}

void LabArchitectureScreen::analyse_when_due(Side& s, const ScreenContext& ctx) {
  if (s.job) {
    const JobView* v = ctx.jobs.view(*s.job);
    if (v != nullptr && v->status == JobStatus::running) return;
    s.job.reset();
  }
  if (s.version == s.analysed || ImGui::GetTime() - s.edited_at < kTypingPause) return;
  const std::uint64_t version = s.version;
  Side* target = &s;
  s.job = ctx.jobs.start("model analysis", [text = s.text, version, target](JobControl& job) {
    demos::Analysis a = demos::analyse_model_text(text, "your model");
    job.post([target, version, a = std::move(a)]() mutable {
      target->analysis = std::move(a);
      target->analysed = version;
    });
  });
}

void LabArchitectureScreen::draw(const ScreenContext& ctx) {
  ImGui::BeginChild("architecture", ImVec2(0, 0), false);
  analyse_when_due(left_, ctx);
  if (comparing()) analyse_when_due(right_, ctx);
  ImGui::SetNextItemWidth(ctx.fonts.px(220));
  if (ImGui::BeginCombo("start from", start_from_.c_str())) {
    for (const std::string& name : nn::builtin_model_names()) {
      if (ImGui::Selectable(name.c_str(), name == start_from_)) {
        start_from_ = name;
        compare_ = -1;
        load(0, name);
      }
    }
    ImGui::EndCombo();
  }
  tooltip("Replaces the text with a built-in model (content/models/). Edit freely: nothing is saved\n"
          "until you press Train this.");
  ImGui::SameLine(0, ctx.fonts.px(24));
  ImGui::SetNextItemWidth(ctx.fonts.px(400));
  const auto& list = demos::comparisons();
  const char* current = comparing() ? list[static_cast<std::size_t>(compare_)].title.c_str() : "one model";
  if (ImGui::BeginCombo("side by side", current)) {
    if (ImGui::Selectable("one model", !comparing())) compare_ = -1;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (ImGui::Selectable(list[i].title.c_str(), static_cast<int>(i) == compare_)) set_comparison(static_cast<int>(i));
    }
    ImGui::EndCombo();
  }
  note_item("arch:compare");
  error_text(ctx, config_error_);
  if (comparing()) dim_wrapped(ctx, list[static_cast<std::size_t>(compare_)].lesson);
  ImGui::Separator();
  const float avail = ImGui::GetContentRegionAvail().x;
  if (!comparing()) {
    const float editor_w = std::min(ctx.fonts.px(360), avail * 0.4f);
    ImGui::BeginGroup();
    ImGui::PushFont(ctx.fonts.pick(Face::Mono, ctx.fonts.px(14)));
    if (edit_text("##left", left_.text, ImVec2(editor_w, ImGui::GetContentRegionAvail().y - ctx.fonts.px(40)))) {
      ++left_.version;
      left_.edited_at = ImGui::GetTime();
    }
    ImGui::PopFont();
    note_item("arch:editor");
    train_this(ctx);
    ImGui::EndGroup();
    ImGui::SameLine(0, ctx.fonts.px(16));
    ImGui::BeginGroup();
    draw_side(left_, nullptr, "left", avail - editor_w - ctx.fonts.px(16), 0, ctx);
    ImGui::EndGroup();
  } else {
    const float w = (avail - ctx.fonts.px(16)) / 2;
    ImGui::BeginGroup();
    draw_side(left_, &right_, "left", w, ctx.fonts.px(200), ctx);
    ImGui::EndGroup();
    ImGui::SameLine(0, ctx.fonts.px(16));
    ImGui::BeginGroup();
    draw_side(right_, &left_, "right", w, ctx.fonts.px(200), ctx);
    ImGui::EndGroup();
  }
  ImGui::EndChild();
}

void LabArchitectureScreen::train_this(const ScreenContext& ctx) {
  const bool ready = left_.analysis && left_.analysed == left_.version && left_.analysis->model &&
                     left_.analysis->model->fits_fashion_mnist;
  ImGui::BeginDisabled(!ready);
  if (ImGui::Button("Train this")) {
    try {
      // Live training reads models from files; this one is kept with the collection.
      const fs::path dir = ctx.collection.path().parent_path() / "models";
      fs::create_directories(dir);
      const fs::path file = dir / (left_.analysis->model->name + ".model");
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << left_.text;
      out.close();
      if (!out) throw std::runtime_error("cannot write " + file.string());
      train_error_.clear();
      ctx.shell.open("lab:training", "model=" + file.string());
    } catch (const std::exception& e) {
      train_error_ = e.what();
    }
  }
  ImGui::EndDisabled();
  note_item("arch:train");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("%s", ready ? "Opens live training with this model (saved beside your collection)."
                                  : "Live training needs a model that takes 1x28x28 images (input: 1x28x28)\n"
                                    "and ends in 10 class scores (dense 10).");
  }
  error_text(ctx, train_error_);
}

void LabArchitectureScreen::draw_side(Side& s, const Side* other, const char* id, float width, float editor_h,
                                      const ScreenContext& ctx) {
  ImGui::PushID(id);
  if (editor_h > 0) {
    ImGui::PushFont(ctx.fonts.pick(Face::Mono, ctx.fonts.px(14)));
    if (edit_text("##text", s.text, ImVec2(width, editor_h))) {
      ++s.version;
      s.edited_at = ImGui::GetTime();
    }
    ImGui::PopFont();
    note_item(std::string("arch:editor:") + id);
  }
  const bool stale = s.version != s.analysed;
  if (!s.analysis) {
    dim_text(ctx, "Analysing\xE2\x80\xA6");
  } else if (s.analysis->error) {
    const demos::ArchitectureError& e = *s.analysis->error;
    std::string msg = e.message;
    if (e.line > 0) msg += "\n  line " + std::to_string(e.line) + ": " + line_of(s.text, e.line);
    error_text(ctx, msg);
    note_item(std::string("arch:error:") + id);
  } else {
    const demos::Architecture& a = *s.analysis->model;
    const demos::Architecture* b =
        other != nullptr && other->analysis && other->analysis->model ? &*other->analysis->model : nullptr;
    std::string params = with_commas(static_cast<int64_t>(a.params)) + " parameters";
    std::string macs = with_commas(static_cast<int64_t>(a.macs)) + " multiply-accumulates";
    if (b != nullptr) {
      params += ratio_text(static_cast<double>(a.params), static_cast<double>(b->params), b->name);
      macs += ratio_text(static_cast<double>(a.macs), static_cast<double>(b->macs), b->name);
    }
    heading(ctx, a.name + (stale ? "  (updating\xE2\x80\xA6)" : ""));
    dim_text(ctx, params + (b != nullptr ? "" : ",  ") + (b != nullptr ? "" : macs));
    if (b != nullptr) dim_text(ctx, macs);
    draw_table(a, b, ImVec2(width, ImGui::GetContentRegionAvail().y), ctx);
  }
  ImGui::PopID();
}

void LabArchitectureScreen::draw_table(const demos::Architecture& a, const demos::Architecture* other, ImVec2 size,
                                       const ScreenContext& ctx) {
  const std::vector<demos::RowDifference> diff =
      other != nullptr ? demos::differences(a, *other) : std::vector<demos::RowDifference>(a.rows.size());
  // Columns as wide as their numbers; the table scrolls both ways in the space it has.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("layers", 7, flags, size)) return;
  ImGui::TableSetupScrollFreeze(2, 1);
  for (const char* h : {"line", "layer", "type", "output", "params", "MACs", "sees"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  const ImU32 mark = accent(ctx, 90);
  const auto cell = [&](const std::string& text, bool differs, const char* tip = nullptr) {
    ImGui::TableNextColumn();
    if (differs) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, mark);
    ImGui::TextUnformatted(text.c_str());
    if (tip != nullptr && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  ImGui::TableNextRow();
  cell("", false);
  cell("input", false);
  cell("", false);
  cell(shape_text(a.input), false);
  cell("", false);
  cell("", false);
  cell("1\xC3\x97" "1", false);
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const demos::LayerRow& r = a.rows[i];
    const demos::RowDifference& d = diff[i];
    ImGui::TableNextRow();
    cell(std::to_string(r.line), false);
    cell(r.name, d.only_here, d.only_here ? "Only in this model" : nullptr);
    cell(r.type, false);
    cell(shape_text(r.output), d.output);
    cell(with_commas(static_cast<int64_t>(r.params)), d.params);
    cell(with_commas(static_cast<int64_t>(r.macs)), d.macs);
    cell(field_text(r.field), d.field,
         "Receptive field: the input pixels one unit of this layer depends on\n(all: every pixel, after global pooling, Flatten or Dense).");
  }
  ImGui::EndTable();
}

}  // namespace stride::ui
