#include "ui/widgets/transfer_plan_view.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "common/text_format.h"
#include "ui/item_rects.h"
#include "ui/widgets/lab_text.h"

namespace stride::ui {

namespace {

enum class State { frozen, slow, trains, scratch, head, none };

// Fixed hues that read on both themes (white text on every one).
ImU32 fill(State s) {
  switch (s) {
    case State::frozen: return IM_COL32(70, 125, 190, 255);
    case State::slow: return IM_COL32(190, 140, 40, 255);
    case State::trains: return IM_COL32(215, 95, 45, 255);
    case State::scratch: return IM_COL32(140, 95, 185, 255);
    case State::head: return IM_COL32(60, 150, 85, 255);
    case State::none: break;
  }
  return 0;
}

State state_of(const lab::LayerPlan& p) {
  if (p.params == 0) return State::none;
  if (p.new_head) return State::head;
  if (p.frozen) return State::frozen;
  if (!p.pretrained) return State::scratch;
  return p.lr_mult < 1 ? State::slow : State::trains;
}

std::string describe(const lab::LayerPlan& p) {
  char mult[32];
  std::snprintf(mult, sizeof mult, "%g", static_cast<double>(p.lr_mult));
  const std::string params = with_commas(static_cast<std::int64_t>(p.params)) + " parameters";
  switch (state_of(p)) {
    case State::frozen: return p.layer + ": frozen (" + params + " kept exactly as pretrained)";
    case State::slow: return p.layer + ": pretrained, trains at " + mult + " \xC3\x97 the rate (" + params + ")";
    case State::trains: return p.layer + ": pretrained, trains at the full rate (" + params + ")";
    case State::scratch: return p.layer + ": random weights, trains at the full rate (" + params + ")";
    case State::head: return p.layer + ": the new 5-class head, random weights, trains at the full rate (" + params + ")";
    case State::none: break;
  }
  return p.layer + ": no weights";
}

void legend_item(ImDrawList& dl, State s, const char* text, const ScreenContext& ctx) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  dl.AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h * 1.4f, p.y + h - 2), fill(s), ctx.fonts.px(3));
  ImGui::Dummy(ImVec2(h * 1.4f, h));
  ImGui::SameLine(0, ctx.fonts.px(4));
  ImGui::TextUnformatted(text);
  ImGui::SameLine(0, ctx.fonts.px(16));
}

}  // namespace

void draw_transfer_plan(const lab::TransferPlans& plans, int& epoch, const ScreenContext& ctx) {
  if (plans.empty() || plans[0].empty()) return;
  const int epochs = static_cast<int>(plans[0].size());
  epoch = std::clamp(epoch, 1, epochs);
  heading(ctx, "What each strategy trains");
  ImGui::SameLine(0, ctx.fonts.px(16));
  ImGui::SetNextItemWidth(ctx.fonts.px(220));
  const std::string format = "epoch %d of " + std::to_string(epochs);
  ImGui::SliderInt("##plan_epoch", &epoch, 1, epochs, format.c_str());
  note_item("transfer:epoch");
  tooltip("Gradual unfreezing releases fc1, then conv2, then conv1 as the epochs go by;\n"
          "the other strategies keep one plan for the whole run.");
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const auto& names = lab::transfer_strategies();
  const float name_w = ctx.fonts.px(170), row_h = ctx.fonts.px(24), gap = ctx.fonts.px(3);
  const float width = ImGui::GetContentRegionAvail().x - name_w;
  const auto& layers = plans[0][0];
  float units = 0;  // layers with weights are three times as wide as the others
  for (const auto& l : layers) units += l.params > 0 ? 3.0f : 1.0f;
  const float unit = (width - gap * static_cast<float>(layers.size())) / units;
  ImFont* font = ctx.fonts.small();
  for (std::size_t s = 0; s < plans.size() && s < names.size(); ++s) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    dl.AddText(ImVec2(p0.x, p0.y + (row_h - ImGui::GetTextLineHeight()) / 2), ctx.palette.text, names[s].second.c_str());
    float x = p0.x + name_w;
    const auto& plan = plans[s][static_cast<std::size_t>(epoch - 1)];
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const lab::LayerPlan& l = plan[i];
      const float w = unit * (l.params > 0 ? 3.0f : 1.0f);
      const ImVec2 a(x, p0.y), b(x + w, p0.y + row_h);
      const State st = state_of(l);
      if (st == State::none) {
        dl.AddRect(a, b, ctx.palette.separator, ctx.fonts.px(3));
      } else {
        dl.AddRectFilled(a, b, fill(st), ctx.fonts.px(3));
        const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, l.layer.c_str());
        if (ts.x < w - 4)
          dl.AddText(font, font->FontSize, ImVec2(x + (w - ts.x) / 2, p0.y + (row_h - ts.y) / 2), IM_COL32_WHITE,
                     l.layer.c_str());
      }
      if (ImGui::IsMouseHoveringRect(a, b)) ImGui::SetTooltip("%s\n%s", names[s].second.c_str(), describe(l).c_str());
      x += w + gap;
    }
    ImGui::Dummy(ImVec2(name_w + width, row_h + gap));
  }
  note_item("transfer:plan");
  ImGui::PushFont(ctx.fonts.small());
  legend_item(dl, State::frozen, "frozen", ctx);
  legend_item(dl, State::slow, "pretrained, lower rate", ctx);
  legend_item(dl, State::trains, "pretrained, full rate", ctx);
  legend_item(dl, State::scratch, "random weights", ctx);
  legend_item(dl, State::head, "new head", ctx);
  {  // the empty boxes
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl.AddRect(ImVec2(p.x, p.y + 2), ImVec2(p.x + h * 0.6f, p.y + h - 2), ctx.palette.separator, ctx.fonts.px(3));
    ImGui::Dummy(ImVec2(h * 0.6f, h));
    ImGui::SameLine(0, ctx.fonts.px(4));
    ImGui::TextUnformatted("no weights (ReLU, pooling, flatten)");
  }
  ImGui::NewLine();
  ImGui::PopFont();
}

}  // namespace stride::ui
