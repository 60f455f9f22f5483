#include "ui/widgets/card_info_view.h"

#include <imgui.h>

#include <cstdio>
#include <utility>

#include "common/text_format.h"
#include "ui/widgets/lab_text.h"

namespace stride::ui {

namespace {

void fact(const char* label, const std::string& value, const char* tip = nullptr) {
  ImGui::TableNextColumn();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  if (tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", value.c_str());  // "Relearning, suspended, edited" wraps in a narrow panel
}

std::string fixed(double v, const char* fmt) {
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string duration(int64_t ms) { return fixed(static_cast<double>(ms) / 1000.0, "%.1fs"); }

void draw_facts(const CardRow& r, const std::vector<store::ReviewLogEntry>& log) {
  const store::Card& c = r.row.card;
  const srs::MemoryState& m = c.mem;
  const bool fresh = m.state == srs::State::New;
  // The deck on a line of its own: a long "A::B::C" name is not broken inside a narrow cell.
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted("Deck");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextWrapped("%s", c.deck.c_str());
  if (!ImGui::BeginTable("facts", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoSavedSettings)) return;
  ImGui::TableSetupColumn("label", 0, 1.0f);
  ImGui::TableSetupColumn("value", 0, 1.3f);
  ImGui::TableSetupColumn("label2", 0, 1.0f);
  ImGui::TableSetupColumn("value2", 0, 1.3f);
  fact("State", r.state);
  fact("Added", local_time(r.row.created_ms, "%Y-%m-%d"));
  fact("Due", r.due);
  fact("First review", log.empty() ? "\xE2\x80\x94" : local_time(log.front().review_ms, "%Y-%m-%d"));
  fact("Latest review", log.empty() ? "\xE2\x80\x94" : local_time(log.back().review_ms, "%Y-%m-%d"));
  fact("Interval", r.interval, "Days from the last review to the due date");
  fact("Reviews", std::to_string(m.reps) + (m.lapses ? ", " + std::to_string(m.lapses) + " lapses" : ""),
       "Lapses: times Again was pressed on the card once it had been learned");
  fact("Stability", fresh ? "\xE2\x80\x94" : fixed(m.stability, "%.2f days"),
       "Days until the chance of recall falls to 90% (FSRS)");
  fact("Difficulty", fresh ? "\xE2\x80\x94" : fixed(m.difficulty, "%.2f of 10"),
       "How hard the card is for you, 1 to 10 (FSRS): it sets how fast stability grows");
  fact("Retrievability", r.retrievability < 0 ? "\xE2\x80\x94" : fixed(100 * r.retrievability, "%.1f%% now"),
       "The chance you would recall it now, from stability and the time since the last review");
  ImGui::EndTable();
}

void draw_log(const std::vector<store::ReviewLogEntry>& log, const ScreenContext& ctx) {
  if (log.empty()) {
    dim_text(ctx, "Not reviewed yet.");
    return;
  }
  // Stretched to the panel's width, so no column is cut off however narrow the panel is.
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_NoSavedSettings;
  const float h = std::min(ImGui::GetContentRegionAvail().y,
                           ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(log.size()) + 1.6f));
  if (!ImGui::BeginTable("log", 7, flags, ImVec2(0, std::max(h, ImGui::GetTextLineHeightWithSpacing() * 3)))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  // Short headers (S, D as FSRS writes them) so none is cut off in a narrow panel; each explains
  // itself on hover.
  struct Column {
    const char* name;
    float weight;
    const char* tip;
  };
  const Column columns[] = {{"Date", 2.1f, "When you answered (hover a date for the time)"},
                            {"Rating", 1.2f, "The button you pressed"},
                            {"From", 1.5f, "The card's state before the answer"},
                            {"Interval", 1.3f, "Days until the card was due again (step: a learning step)"},
                            {"S", 0.9f, "Stability after the answer, in days"},
                            {"D", 0.8f, "Difficulty after the answer, 1 to 10"},
                            {"Time", 1.0f, "Time you took to answer"}};
  for (const Column& c : columns) ImGui::TableSetupColumn(c.name, 0, c.weight);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < 7; ++i) {
    ImGui::TableSetColumnIndex(i);
    ImGui::TableHeader(columns[i].name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", columns[i].tip);
  }
  const ImU32 rating_colour[4] = {ctx.palette.again, ctx.palette.hard, ctx.palette.good, ctx.palette.easy};
  for (auto it = log.rbegin(); it != log.rend(); ++it) {  // newest first, as Anki lists them
    const store::ReviewLogEntry& e = *it;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(local_time(e.review_ms, "%Y-%m-%d").c_str());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s%s", local_time(e.review_ms).c_str(), e.imported ? "\nImported from an Anki package" : "");
    ImGui::TableNextColumn();
    ImGui::PushStyleColor(ImGuiCol_Text, rating_colour[static_cast<int>(e.rating) - 1]);
    ImGui::TextUnformatted(srs::to_string(e.rating));
    ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(srs::to_string(e.state_before));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.scheduled_days > 0 ? (std::to_string(e.scheduled_days) + "d").c_str() : "step");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(fixed(e.stability, e.stability < 100 ? "%.2f" : "%.0f").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(fixed(e.difficulty, "%.2f").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(duration(e.duration_ms).c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void draw_card_info(const CardRow& row, const std::vector<store::ReviewLogEntry>& log, const ScreenContext& ctx) {
  draw_facts(row, log);
  dim_wrapped(ctx, "Card " + std::to_string(row.row.card.id) + "  \xC2\xB7  id " + row.row.card.uid +
                       (row.row.source == "builtin" ? "  \xC2\xB7  built in" : "  \xC2\xB7  imported"));
  ImGui::Spacing();
  heading(ctx, "Review history" + (log.empty() ? std::string() : " (" + std::to_string(log.size()) + ")"));
  draw_log(log, ctx);
}

}  // namespace stride::ui
