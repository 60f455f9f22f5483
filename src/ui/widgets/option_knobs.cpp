#include "ui/widgets/option_knobs.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "demos/demo_params.h"
#include "lab/experiment.h"
#include "ui/widgets/lab_text.h"

namespace stride::ui {

namespace {

static_assert(sizeof(std::size_t) == sizeof(ImU64), "counts are edited as ImGuiDataType_U64");

std::string bounds(double lo, double hi) { return "[" + lab::param_number(lo) + ", " + lab::param_number(hi) + "]"; }

[[noreturn]] void bad(const std::string& key, const std::string& value, const std::string& expected) {
  throw std::invalid_argument(key + "=" + value + ": expected " + expected);
}

double parse_real(const std::string& key, const std::string& text, double lo, double hi) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < lo || v > hi)
    bad(key, text, "a number in " + bounds(lo, hi));
  return v;
}

std::size_t parse_count(const std::string& key, const std::string& text, std::size_t lo, std::size_t hi) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end != text.c_str() + text.size() || v < lo || v > hi)
    bad(key, text, "a whole number in " + bounds(static_cast<double>(lo), static_cast<double>(hi)));
  return static_cast<std::size_t>(v);
}

template <class T, class Parse>
std::vector<T> parse_list(const std::string& key, const std::string& text, Parse parse) {
  std::vector<T> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    out.push_back(parse(item));
    start = comma + 1;
  }
  if (out.empty()) bad(key, text, "a comma-separated list");
  return out;
}

template <class T, class Format>
std::string join(const std::vector<T>& v, Format format) {
  std::string s;
  for (const T& x : v) s += (s.empty() ? "" : ",") + format(x);
  return s;
}

// The label after the widget, and the tip on hovering either.
void label_after(const Knob& k) {
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::TextUnformatted(k.label.c_str());
}

// A text field holding a list, parsed as it is typed; the last good value stays until it parses.
struct ListField {
  std::array<char, 160> buf{};
  bool editing = false;
  std::string error;
};

bool draw_list_field(const Knob& k, ListField& f, const ScreenContext& ctx) {
  if (!f.editing) std::snprintf(f.buf.data(), f.buf.size(), "%s", k.get().c_str());
  ImGui::SetNextItemWidth(ctx.fonts.px(140));
  const bool bad_text = !f.error.empty();
  if (bad_text) ImGui::PushStyleColor(ImGuiCol_FrameBg, ctx.palette.error_bg);
  const bool edited = ImGui::InputText(("##" + k.key).c_str(), f.buf.data(), f.buf.size());
  if (bad_text) ImGui::PopStyleColor();
  f.editing = ImGui::IsItemActive();
  if (bad_text && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.error.c_str());
  if (!edited) return false;
  try {
    k.set(f.buf.data());
    f.error.clear();
    return true;
  } catch (const std::invalid_argument& e) {
    f.error = e.what();
    return false;
  }
}

}  // namespace

Knob count_knob(std::string key, std::string label, std::string tip, std::size_t* value, std::size_t lo,
                std::size_t hi, std::size_t step) {
  Knob k{std::move(key), std::move(label), std::move(tip), {}, {}, {}, {}};
  const std::string id = "##" + k.key;
  const bool wide = hi >= 1000;  // room for "60000"
  k.draw = [id, value, lo, hi, step, wide](const ScreenContext& ctx) {
    ImGui::SetNextItemWidth(ctx.fonts.px(wide ? 130 : 105));
    const ImU64 s = step, fast = step * 10;
    ImU64 v = *value;
    if (!ImGui::InputScalar(id.c_str(), ImGuiDataType_U64, &v, &s, &fast, "%llu")) return false;
    *value = std::clamp(static_cast<std::size_t>(v), lo, hi);
    return true;
  };
  k.set = [key = k.key, value, lo, hi](const std::string& text) { *value = parse_count(key, text, lo, hi); };
  k.get = [value] { return std::to_string(*value); };
  return k;
}

Knob real_knob(std::string key, std::string label, std::string tip, double* value, double lo, double hi, bool log) {
  Knob k{std::move(key), std::move(label), std::move(tip), {}, {}, {}, {}};
  const std::string id = "##" + k.key;
  k.draw = [id, value, lo, hi, log](const ScreenContext& ctx) {
    ImGui::SetNextItemWidth(ctx.fonts.px(log ? 80 : 105));
    const double step = (hi - lo) / 100;
    bool changed = ImGui::InputScalar(id.c_str(), ImGuiDataType_Double, value, log ? nullptr : &step, nullptr,
                                      "%.4g");
    if (log) {  // a quarter of a decade per click: 1e-3, 1.8e-3, 3.2e-3, 5.6e-3, 1e-2
      const float w = ImGui::GetFrameHeight();
      ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
      if (ImGui::Button(("-" + id).c_str(), ImVec2(w, w))) {
        *value /= std::pow(10.0, 0.25);
        changed = true;
      }
      ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
      if (ImGui::Button(("+" + id).c_str(), ImVec2(w, w))) {
        *value *= std::pow(10.0, 0.25);
        changed = true;
      }
    }
    if (changed) *value = std::clamp(*value, lo, hi);
    return changed;
  };
  k.set = [key = k.key, value, lo, hi](const std::string& text) { *value = parse_real(key, text, lo, hi); };
  k.get = [value] { return lab::param_number(*value); };
  return k;
}

Knob choice_knob(std::string key, std::string label, std::string tip, std::string* value,
                 std::vector<std::string> choices) {
  Knob k{std::move(key), std::move(label), std::move(tip), {}, {}, {}, {}};
  const std::string id = "##" + k.key;
  k.draw = [id, value, choices](const ScreenContext& ctx) {
    ImGui::SetNextItemWidth(ctx.fonts.px(105));
    bool changed = false;
    if (ImGui::BeginCombo(id.c_str(), value->c_str())) {
      for (const std::string& c : choices) {
        if (ImGui::Selectable(c.c_str(), c == *value) && c != *value) {
          *value = c;
          changed = true;
        }
      }
      ImGui::EndCombo();
    }
    return changed;
  };
  k.set = [key = k.key, value, choices](const std::string& text) {
    if (std::find(choices.begin(), choices.end(), text) == choices.end()) {
      std::string list;
      for (const std::string& c : choices) list += (list.empty() ? "" : " or ") + c;
      bad(key, text, list);
    }
    *value = text;
  };
  k.get = [value] { return *value; };
  return k;
}

Knob flag_knob(std::string key, std::string label, std::string tip, bool* value) {
  Knob k{std::move(key), std::move(label), std::move(tip), {}, {}, {}, {}};
  const std::string id = "##" + k.key;
  k.draw = [id, value](const ScreenContext&) { return ImGui::Checkbox(id.c_str(), value); };
  k.set = [key = k.key, value](const std::string& text) { *value = demos::bool_param(key, text); };
  k.get = [value] { return std::string(*value ? "on" : "off"); };
  return k;
}

Knob reals_knob(std::string key, std::string label, std::string tip, std::vector<double>* value, double lo,
                double hi) {
  Knob k{std::move(key), std::move(label), std::move(tip), {}, {}, {}, {}};
  k.set = [key = k.key, value, lo, hi](const std::string& text) {
    *value = parse_list<double>(key, text, [&](const std::string& item) { return parse_real(key, item, lo, hi); });
  };
  k.get = [value] { return join(*value, [](double v) { return lab::param_number(v); }); };
  auto field = std::make_shared<ListField>();
  k.draw = [field, k](const ScreenContext& ctx) { return draw_list_field(k, *field, ctx); };
  return k;
}

Knob counts_knob(std::string key, std::string label, std::string tip, std::vector<std::size_t>* value,
                 std::size_t lo, std::size_t hi) {
  Knob k{std::move(key), std::move(label), std::move(tip), {}, {}, {}, {}};
  k.set = [key = k.key, value, lo, hi](const std::string& text) {
    *value = parse_list<std::size_t>(key, text, [&](const std::string& item) { return parse_count(key, item, lo, hi); });
  };
  k.get = [value] { return join(*value, [](std::size_t v) { return std::to_string(v); }); };
  auto field = std::make_shared<ListField>();
  k.draw = [field, k](const ScreenContext& ctx) { return draw_list_field(k, *field, ctx); };
  return k;
}

bool draw_knobs(const std::vector<Knob>& knobs, const ScreenContext& ctx) {
  bool changed = false;
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const float gap = ctx.fonts.px(18);
  float last_right = -1;  // the right edge of the previous knob on this row; < 0 at a row's start
  for (const Knob& k : knobs) {
    // Wrap when this knob (about as wide as the last one drawn plus its label) would not fit.
    const float want = ctx.fonts.px(150) + ImGui::CalcTextSize(k.label.c_str()).x;
    if (last_right >= 0 && last_right + gap + want <= right) ImGui::SameLine(0, gap);
    const bool off = k.enabled && !k.enabled();
    ImGui::PushID(k.key.c_str());
    if (off) ImGui::BeginDisabled();
    ImGui::BeginGroup();
    changed |= k.draw(ctx);
    label_after(k);
    ImGui::EndGroup();
    if (off) ImGui::EndDisabled();
    ImGui::PopID();
    if (ImGui::IsItemHovered() && !k.tip.empty()) ImGui::SetTooltip("%s", k.tip.c_str());
    last_right = ImGui::GetItemRectMax().x;
  }
  return changed;
}

std::string apply_knob_params(const std::vector<Knob>& knobs, std::string_view params,
                              const std::function<bool(const std::string&, const std::string&)>& extra) {
  std::string keys;
  for (const Knob& k : knobs) keys += (keys.empty() ? "" : ", ") + k.key;
  return demos::apply_demo_params(params, keys, [&](const std::string& key, const std::string& value) {
    for (const Knob& k : knobs) {
      if (k.key == key) {
        k.set(value);
        return true;
      }
    }
    return extra && extra(key, value);
  });
}

}  // namespace stride::ui
