#include "ui/widgets/card_table.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "common/text_format.h"
#include "content/content_error.h"
#include "content/rich_text.h"
#include "ui/item_rects.h"

namespace stride::ui {

namespace {

constexpr int64_t kDayMs = 86'400'000;

std::string one_line(const std::string& rich) {
  std::string plain;
  try {
    plain = content::to_plain_text(rich);
  } catch (const content::ContentError&) {
    plain = rich;  // shown as typed: Browse is where a broken card gets fixed
  }
  for (char& ch : plain)
    if (ch == '\n' || ch == '\t') ch = ' ';
  // Dear ImGui reads "##" in a label as the start of its id and would hide the rest.
  for (std::size_t at = plain.find("##"); at != std::string::npos; at = plain.find("##", at + 2)) plain.insert(at + 1, " ");
  return plain;
}

std::string last_part(const std::string& deck) {
  const auto sep = deck.rfind("::");
  return sep == std::string::npos ? deck : deck.substr(sep + 2);
}

std::string due_text(const store::BrowseRow& r, int64_t now_ms) {
  const srs::MemoryState& m = r.card.mem;
  if (m.state == srs::State::New) return "new #" + std::to_string(r.position);
  if (m.due_ms <= now_ms) return m.state == srs::State::Review ? local_time(m.due_ms, "%Y-%m-%d") : "now";
  if (m.due_ms - now_ms < kDayMs) return "in " + store::format_interval(now_ms, m.due_ms);
  return local_time(m.due_ms, "%Y-%m-%d");
}

std::string state_text(const store::BrowseRow& r, int64_t now_ms) {
  std::string s = srs::to_string(r.card.mem.state);
  if (r.removed_from_content) s += ", removed";
  else if (r.card.suspended) s += ", suspended";
  if (r.buried_until_ms > now_ms) s += ", buried";
  if (r.edited) s += ", edited";
  return s;
}

// Sort keys: new cards have no interval, stability or retrievability; they sort before the rest
// ascending, as Anki's browser does, and due order among them is their position.
double numeric_key(const CardRow& r, CardColumn c) {
  const srs::MemoryState& m = r.row.card.mem;
  const bool fresh = m.state == srs::State::New;
  switch (c) {
    case CardColumn::Due: return fresh ? -1e18 + static_cast<double>(r.row.position) : static_cast<double>(m.due_ms);
    case CardColumn::Interval: return fresh ? -1 : m.scheduled_days;
    case CardColumn::Stability: return fresh ? -1 : m.stability;
    case CardColumn::Difficulty: return fresh ? -1 : m.difficulty;
    case CardColumn::Retrievability: return r.retrievability;
    case CardColumn::Lapses: return m.lapses;
    case CardColumn::Reviews: return m.reps;
    default: return 0;
  }
}

}  // namespace

std::vector<CardRow> make_card_rows(std::vector<store::BrowseRow> rows, const srs::Scheduler& scheduler,
                                    int64_t now_ms, const std::atomic<bool>* cancel) {
  std::vector<CardRow> out;
  out.reserve(rows.size());
  for (store::BrowseRow& r : rows) {
    if (cancel && out.size() % 1024 == 0 && cancel->load(std::memory_order_relaxed)) break;
    CardRow c;
    const srs::MemoryState& m = r.card.mem;
    c.front = one_line(r.card.front);
    c.deck = last_part(r.card.deck);
    c.due = due_text(r, now_ms);
    c.state = state_text(r, now_ms);
    c.overdue = m.state != srs::State::New && m.due_ms < now_ms - kDayMs;
    c.set_aside = r.card.suspended || r.buried_until_ms > now_ms;
    c.interval = m.state == srs::State::New || m.scheduled_days == 0 ? "\xE2\x80\x94" : std::to_string(m.scheduled_days) + "d";
    if (m.state != srs::State::New && m.last_review_ms >= 0)
      c.retrievability = scheduler.retrievability(m, static_cast<double>(now_ms - m.last_review_ms) / kDayMs);
    c.row = std::move(r);
    out.push_back(std::move(c));
  }
  return out;
}

void sort_card_rows(std::vector<CardRow>& rows, CardColumn column, bool ascending) {
  auto less = [column](const CardRow& a, const CardRow& b) {
    switch (column) {
      case CardColumn::Front: return a.front < b.front;
      case CardColumn::Deck: return a.row.card.deck < b.row.card.deck;
      case CardColumn::State: return a.state < b.state;
      default: return numeric_key(a, column) < numeric_key(b, column);
    }
  };
  // Stable, so equal keys keep the search's position order.
  std::stable_sort(rows.begin(), rows.end(), [&](const CardRow& a, const CardRow& b) {
    return ascending ? less(a, b) : less(b, a);
  });
}

std::optional<CardTableClick> draw_card_table(std::vector<CardRow>& rows, CardTableSort& sort,
                                              const std::set<int64_t>& selected, std::optional<std::size_t> scroll_to,
                                              const ScreenContext& ctx, ImVec2 size) {
  std::optional<CardTableClick> click;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Hideable;
  if (!ImGui::BeginTable("cards", 10, flags, size)) return click;
  // Fixed columns as wide as their header or their widest usual value, whichever is wider.
  const float pad = 2 * ImGui::GetStyle().CellPadding.x + ctx.fonts.px(6);
  auto fit = [&](const char* header, const char* sample) {
    return std::max(ImGui::CalcTextSize(header).x, ImGui::CalcTextSize(sample).x) + pad;
  };
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Front", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide);
  ImGui::TableSetupColumn("Deck", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultHide,
                          fit("Deck", "Convolutio"));
  ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultHide,
                          fit("State", "Review, suspended"));
  ImGui::TableSetupColumn("Due", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort,
                          fit("Due", "2026-12-3"));
  ImGui::TableSetupColumn("Interval", ImGuiTableColumnFlags_WidthFixed, fit("Interval", "365d"));
  ImGui::TableSetupColumn("Stability", ImGuiTableColumnFlags_WidthFixed, fit("Stability", "100.0d"));
  ImGui::TableSetupColumn("Difficulty", ImGuiTableColumnFlags_WidthFixed, fit("Difficulty", "10.0"));
  ImGui::TableSetupColumn("Recall", ImGuiTableColumnFlags_WidthFixed, fit("Recall", "100%"));
  ImGui::TableSetupColumn("Lapses", ImGuiTableColumnFlags_WidthFixed, fit("Lapses", "10"));
  ImGui::TableSetupColumn("Reviews", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultHide,
                          fit("Reviews", "100"));
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  static const char* const kTips[] = {
      "The card's front, formulas as text",
      "The sub-deck",
      "New, Learning, Review or Relearning; suspended, buried, edited",
      "When the card is next due (new cards: their place in the new-card order)",
      "Days between the last review and the due date",
      "FSRS stability: days until the chance of recall falls to 90%",
      "FSRS difficulty, 1 (easy) to 10 (hard)",
      "Retrievability: the chance you would recall the card right now, by FSRS-6's forgetting curve",
      "Times you pressed Again on it after it had been learned",
      "Answers given to it"};
  for (int col = 0; col < 10; ++col) {
    if (!ImGui::TableSetColumnIndex(col)) continue;
    ImGui::TableHeader(ImGui::TableGetColumnName(col));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n\nClick to sort; right-click to show or hide columns.", kTips[col]);
  }

  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
      sort = {static_cast<CardColumn>(s.ColumnIndex), s.SortDirection == ImGuiSortDirection_Ascending};
      sort_card_rows(rows, sort.column, sort.ascending);
    }
    specs->SpecsDirty = false;
  }

  const ImGuiIO& io = ImGui::GetIO();
  const float row_h = ImGui::GetTextLineHeightWithSpacing();
  if (scroll_to && *scroll_to < rows.size()) {
    // Scroll only as far as needed to show the row, as a list does with the arrow keys.
    const float y = static_cast<float>(*scroll_to) * row_h;
    const float top = ImGui::GetScrollY(), visible = ImGui::GetWindowHeight() - 2 * row_h;
    if (y < top) ImGui::SetScrollY(y);
    else if (y > top + visible) ImGui::SetScrollY(y - visible);
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()), row_h);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const CardRow& r = rows[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      const bool is_selected = selected.count(r.row.card.id) != 0;
      const bool dim = r.set_aside;
      if (dim) ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
      if (ImGui::Selectable(r.front.c_str(), is_selected,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        click = CardTableClick{static_cast<std::size_t>(i), io.KeyCtrl, io.KeyShift,
                               ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)};
      }
      if (i < 3) note_item("browse:row" + std::to_string(i));
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ctx.fonts.px(480));
        ImGui::TextUnformatted(r.front.c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
        ImGui::TextUnformatted((r.row.card.deck + "  \xC2\xB7  " + r.state).c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      const srs::MemoryState& m = r.row.card.mem;
      const bool fresh = m.state == srs::State::New;
      auto right = [](const std::string& text) {
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const float avail = ImGui::GetContentRegionAvail().x;
        if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
        ImGui::TextUnformatted(text.c_str());
      };
      char buf[32];
      const std::string dash = "\xE2\x80\x94";
      if (ImGui::TableNextColumn()) ImGui::TextUnformatted(r.deck.c_str());
      if (ImGui::TableNextColumn()) ImGui::TextUnformatted(r.state.c_str());
      if (ImGui::TableNextColumn()) {
        if (r.overdue && !dim) ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.again);
        ImGui::TextUnformatted(r.due.c_str());
        if (r.overdue && !dim) ImGui::PopStyleColor();
      }
      if (ImGui::TableNextColumn()) right(r.interval);
      if (ImGui::TableNextColumn()) {
        std::snprintf(buf, sizeof buf, m.stability < 10 ? "%.1fd" : "%.0fd", m.stability);
        right(fresh ? dash : buf);
      }
      if (ImGui::TableNextColumn()) {
        std::snprintf(buf, sizeof buf, "%.1f", m.difficulty);
        right(fresh ? dash : buf);
      }
      if (ImGui::TableNextColumn()) {
        std::snprintf(buf, sizeof buf, "%.0f%%", 100 * r.retrievability);
        right(r.retrievability < 0 ? dash : buf);
      }
      if (ImGui::TableNextColumn()) right(std::to_string(m.lapses));
      if (ImGui::TableNextColumn()) right(std::to_string(m.reps));
      if (dim) ImGui::PopStyleColor();
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
  return click;
}

}  // namespace stride::ui
