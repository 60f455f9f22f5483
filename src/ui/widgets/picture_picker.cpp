#include "ui/widgets/picture_picker.h"

#include <imgui.h>

#include <cstring>
#include <stdexcept>

namespace stride::ui {

const demos::Picture& PicturePicker::picture() {
  if (!loaded_) reload();
  return picture_;
}

void PicturePicker::reload() {
  loaded_ = true;
  ++version_;
  if (source_ == Source::fashion) {
    try {
      const auto& data = demos::fashion_test_images();
      fashion_index_ = std::min(fashion_index_, data.count - 1);
      picture_ = demos::dataset_picture(data, fashion_index_);
      return;
    } catch (const std::exception& e) {
      error_ = std::string("Fashion-MNIST is not available (") + e.what() + "); showing a pattern instead.";
      source_ = Source::pattern;
    }
  }
  if (source_ == Source::file) {
    if (!file_picture_.empty()) {
      const demos::Picture p = colour_ ? file_picture_ : demos::to_grey(file_picture_);
      picture_ = demos::scale_down(p, demos::kMaxDemoSide);
      return;
    }
    // No file loaded yet: the path field shows, and the demos keep their picture until one loads.
    if (!picture_.empty()) return;
  }
  picture_ = demos::procedural_picture(pattern_, 32);
}

bool PicturePicker::load_file(const std::string& path) {
  try {
    file_picture_ = demos::load_picture(path);
    path_ = path;
    std::snprintf(path_field_, sizeof path_field_, "%s", path.c_str());
    source_ = Source::file;
    error_.clear();
    reload();
    return true;
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
}

std::string PicturePicker::select(const std::string& spec) {
  if (spec.rfind("fashion:", 0) == 0) {
    try {
      fashion_index_ = static_cast<std::size_t>(std::stoul(spec.substr(8)));
    } catch (const std::exception&) {
      return "image=" + spec + ": expected fashion:INDEX";
    }
    source_ = Source::fashion;
    reload();
    return "";
  }
  if (spec.rfind("pattern:", 0) == 0) {
    for (demos::Pattern p : demos::all_patterns())
      if (spec.substr(8) == demos::pattern_name(p)) {
        pattern_ = p;
        source_ = Source::pattern;
        reload();
        return "";
      }
    return "image=" + spec + ": unknown pattern (shapes, stripes, checkerboard, gradient, noise)";
  }
  return load_file(spec) ? "" : error_;
}

bool PicturePicker::draw(const ScreenContext& ctx) {
  if (!loaded_) reload();
  const int version_before = version_;
  const char* sources[] = {"Fashion-MNIST test image", "Pattern", "Your picture (PNG or JPEG)"};
  int source = static_cast<int>(source_);
  ImGui::SetNextItemWidth(ctx.fonts.px(230));
  if (ImGui::Combo("##source", &source, sources, 3)) {
    source_ = static_cast<Source>(source);
    error_.clear();
    reload();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Input picture. You can also drop a PNG or JPEG file on the window.");
  ImGui::SameLine();
  if (source_ == Source::fashion) {
    try {
      const auto& data = demos::fashion_test_images();
      int label = data.labels[fashion_index_];
      ImGui::SetNextItemWidth(ctx.fonts.px(130));
      std::vector<const char*> names;
      for (const auto& n : data.class_names) names.push_back(n.c_str());
      if (ImGui::Combo("##class", &label, names.data(), static_cast<int>(names.size()))) {
        fashion_index_ = demos::next_of_class(data, fashion_index_, label);
        reload();
      }
      ImGui::SameLine();
      if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) {
        fashion_index_ = demos::next_of_class(data, fashion_index_, data.labels[fashion_index_], -1);
        reload();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous image of this class");
      ImGui::SameLine();
      if (ImGui::ArrowButton("##next", ImGuiDir_Right)) {
        fashion_index_ = demos::next_of_class(data, fashion_index_, data.labels[fashion_index_], 1);
        reload();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next image of this class");
      ImGui::SameLine();
      ImGui::TextDisabled("#%zu", fashion_index_);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  } else if (source_ == Source::pattern) {
    int pattern = static_cast<int>(pattern_);
    std::vector<const char*> names;
    for (demos::Pattern p : demos::all_patterns()) names.push_back(demos::pattern_name(p));
    ImGui::SetNextItemWidth(ctx.fonts.px(150));
    if (ImGui::Combo("##pattern", &pattern, names.data(), static_cast<int>(names.size()))) {
      pattern_ = static_cast<demos::Pattern>(pattern);
      reload();
    }
  } else {
    ImGui::SetNextItemWidth(ctx.fonts.px(300));
    const bool entered = ImGui::InputTextWithHint("##path", "/path/to/photo.jpg", path_field_, sizeof path_field_,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Load") || entered) load_file(path_field_);
    ImGui::SameLine();
    if (ImGui::Checkbox("Colour", &colour_)) reload();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Off: the picture is converted to grey (Rec. 601 luma), one input channel");
  }
  if (!error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.error);
    ImGui::TextWrapped("%s", error_.c_str());
    ImGui::PopStyleColor();
  }
  return version_ != version_before;
}

void select_picture(PicturePicker& picker, const std::string& spec) {
  const std::string error = picker.select(spec);
  if (!error.empty()) throw std::invalid_argument(error);
}

}  // namespace stride::ui
