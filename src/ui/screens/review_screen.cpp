#include "ui/screens/review_screen.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <exception>
#include <functional>
#include <set>
#include <string_view>

#include "content/media_refs.h"
#include "store/collection_reader.h"
#include "ui/jobs.h"
#include "ui/item_rects.h"
#include "ui/keys.h"

namespace stride::ui {

namespace {

constexpr int64_t kRefreshEveryMs = 60'000;
// Anki's default cap on the time counted for one answer: a card left on screen
// while the user is away should not look like a very hard card.
constexpr int64_t kMaxAnswerMs = 60'000;

constexpr const char* kRatingNames[4] = {"Again", "Hard", "Good", "Easy"};

// Runs a collection call; a failure becomes a message on screen, never a crash.
template <typename F>
bool guarded(ReviewState& state, F&& call) {
  try {
    call();
    return true;
  } catch (const std::exception& e) {
    state.error = e.what();
    return false;
  }
}

void load_card(ReviewState& s, store::Collection& c, std::optional<store::Card> card, int64_t now_ms) {
  s.card = std::move(card);
  s.answer_shown = false;
  s.shown_at_ms = now_ms;
  s.intervals = {};
  if (!s.card) return;
  // Pictures are drawn under the text (CardPictures), not as "[image:NAME]" inside it.
  s.front = prepare_rich_text(content::without_images(s.card->front));
  s.back = prepare_rich_text(content::without_images(s.card->back));
  const auto outcomes = c.preview(*s.card, now_ms);
  for (size_t i = 0; i < outcomes.size(); ++i)
    s.intervals[i] = store::format_interval(now_ms, outcomes[i].after.due_ms);
}

bool needs_refresh(const ReviewState& s, int64_t now_ms) {
  if (s.stale || now_ms - s.loaded_at_ms >= kRefreshEveryMs || now_ms < s.loaded_at_ms) return true;
  return !s.card && s.today.next_due_ms && now_ms >= *s.today.next_due_ms;
}

ImU32 with_alpha(ImU32 colour, int alpha) { return (colour & ~IM_COL32_A_MASK) | (ImU32(alpha) << IM_COL32_A_SHIFT); }

// ---------------------------------------------------------------- deck list

struct DeckRow {
  std::string label;                      // last component of the name
  int depth = 0;
  const store::DeckSummary* deck = nullptr;  // null: a parent that has no deck row of its own
};

std::vector<std::string> components(std::string_view name) {
  std::vector<std::string> out;
  for (size_t start = 0;;) {
    const size_t at = name.find("::", start);
    out.emplace_back(name.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 2;
  }
}

// Orders decks as a tree ("CNN", "CNN::Pooling", "CNN Basics") and adds rows for
// parents that exist only as a prefix of their children's names.
std::vector<DeckRow> deck_rows(const std::vector<store::DeckSummary>& decks) {
  std::vector<std::pair<std::vector<std::string>, const store::DeckSummary*>> sorted;
  for (const auto& d : decks) sorted.emplace_back(components(d.name), &d);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::set<std::vector<std::string>> shown;
  std::vector<DeckRow> rows;
  for (const auto& [parts, deck] : sorted) {
    for (size_t depth = 0; depth + 1 < parts.size(); ++depth) {
      std::vector<std::string> prefix(parts.begin(), parts.begin() + static_cast<ptrdiff_t>(depth) + 1);
      if (shown.insert(prefix).second) rows.push_back({prefix.back(), static_cast<int>(depth), nullptr});
    }
    shown.insert(parts);
    rows.push_back({parts.back(), static_cast<int>(parts.size()) - 1, deck});
  }
  return rows;
}

void count_cell(int count, ImU32 colour, const ScreenContext& ctx) {
  ImGui::TableNextColumn();
  char text[16];
  std::snprintf(text, sizeof text, "%d", count);
  const float w = ImGui::CalcTextSize(text).x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
  ImGui::PushStyleColor(ImGuiCol_Text, count > 0 ? colour : with_alpha(ctx.palette.dim_text, 110));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

// One row; returns true when clicked.
bool deck_row(const char* label, const std::string& tooltip, int depth, bool selected, bool selectable,
              int new_count, int learning, int due, const ScreenContext& ctx) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + depth * ctx.fonts.px(16));
  bool clicked = false;
  if (selectable) {
    clicked = ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns);
    if (!tooltip.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip.c_str());
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
    ImGui::TextUnformatted(label);
    ImGui::PopStyleColor();
  }
  if (!selectable) return false;
  count_cell(new_count, ctx.palette.new_count, ctx);
  count_cell(learning, ctx.palette.learning_count, ctx);
  count_cell(due, ctx.palette.due_count, ctx);
  return clicked;
}

// Wide enough for the longest deck name with its indent and the three counts,
// but never more than 40 % of the window: the card keeps the space.
float deck_panel_width(const ReviewState& s, const ScreenContext& ctx) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float widest = ImGui::CalcTextSize("All decks").x;
  for (const DeckRow& row : deck_rows(s.decks))
    widest = std::max(widest, row.depth * ctx.fonts.px(16) + ImGui::CalcTextSize(row.label.c_str()).x);
  const float counts = 3 * (ImGui::CalcTextSize("000").x + 2 * style.CellPadding.x);
  const float wanted = widest + counts + 2 * (style.WindowPadding.x + style.CellPadding.x) + style.ScrollbarSize +
                       ctx.fonts.px(8);
  return std::clamp(wanted, ctx.fonts.px(260), 0.4f * ImGui::GetContentRegionAvail().x);
}

void draw_deck_list(ReviewState& s, const ScreenContext& ctx) {
  ImGui::PushFont(ctx.fonts.ui_bold());
  ImGui::TextUnformatted("Decks");
  ImGui::PopFont();
  const float count_w = ImGui::CalcTextSize("000").x;
  if (!ImGui::BeginTable("deck_table", 4, ImGuiTableFlags_None)) return;
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch);
  for (const char* name : {"new", "learning", "due"})
    ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthFixed, count_w);
  std::optional<std::optional<int64_t>> clicked;
  const auto& all = s.today_all;
  if (deck_row("All decks", "", 0, !s.deck_id, true, all.new_left, all.learning_left, all.review_left, ctx))
    clicked = std::optional<int64_t>{};
  for (const DeckRow& row : deck_rows(s.decks)) {
    ImGui::PushID(row.deck ? static_cast<int>(row.deck->id) : -1 - row.depth);
    const auto* d = row.deck;
    const std::string tooltip = d ? d->name + " \xC2\xB7 " + std::to_string(d->total) + " cards" : "";
    if (deck_row(row.label.c_str(), tooltip, row.depth, d && s.deck_id == d->id, d != nullptr,
                 d ? d->new_count : 0, d ? d->learning_count : 0, d ? d->review_count : 0, ctx))
      clicked = d->id;
    if (d) note_item("deck:" + d->name);
    ImGui::PopID();
  }
  ImGui::EndTable();
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
  ImGui::PushFont(ctx.fonts.small());
  ImGui::TextWrapped("Counts: new, learning, due today.");
  ImGui::PopFont();
  ImGui::PopStyleColor();
  if (clicked) {
    select_deck(s, *clicked);
    refresh(s, ctx.collection, ctx.clock.now_ms());  // the card panel, drawn next, shows the deck's card
  }
}

// ---------------------------------------------------------------- header

std::string display_name(const ReviewState& s) {
  if (!s.deck_id) return "All decks";
  for (const auto& d : s.decks)
    if (d.id == *s.deck_id) {
      std::string out;
      for (const auto& part : components(d.name)) out += (out.empty() ? "" : " \xE2\x80\xBA ") + part;  // ›
      return out;
    }
  return "Deck";
}

void coloured_count(int n, const char* what, ImU32 colour, bool last) {
  char text[48];
  std::snprintf(text, sizeof text, "%d %s", n, what);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  if (!last) ImGui::SameLine();
}

float counts_width(const store::TodaySummary& t) {
  char text[96];
  std::snprintf(text, sizeof text, "%d new%d learning%d due", t.new_left, t.learning_left, t.review_left);
  return ImGui::CalcTextSize(text).x + 2 * ImGui::GetStyle().ItemSpacing.x;
}

void progress_bar(const ReviewState& s, const ScreenContext& ctx) {
  const auto& t = s.today;
  const int left = t.new_left + t.learning_left + t.review_left;
  const int total = t.reviewed_today + left;
  const float fraction = total > 0 ? static_cast<float>(t.reviewed_today) / static_cast<float>(total) : 0.0f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x, h = std::max(3.0f, ctx.fonts.px(4));
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  dl.AddRectFilled(p, ImVec2(p.x + w, p.y + h), ctx.palette.progress_bg, h / 2);
  if (fraction > 0) dl.AddRectFilled(p, ImVec2(p.x + w * fraction, p.y + h), ctx.palette.progress_fill, h / 2);
  ImGui::Dummy(ImVec2(w, h));
}

void draw_header(const ReviewState& s, const ScreenContext& ctx) {
  ImGui::PushFont(ctx.fonts.ui_bold());
  ImGui::TextUnformatted(display_name(s).c_str());
  ImGui::PopFont();
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - counts_width(s.today)));
  coloured_count(s.today.new_left, "new", ctx.palette.new_count, false);
  coloured_count(s.today.learning_left, "learning", ctx.palette.learning_count, false);
  coloured_count(s.today.review_left, "due", ctx.palette.due_count, true);
  progress_bar(s, ctx);
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
  ImGui::Text("%d reviewed today", s.today.reviewed_today);
  if (!s.notice.empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted(("\xC2\xB7  " + s.notice).c_str());  // ·
  }
  if (s.card) {  // Anki's keys for the card on screen, right-aligned on the same line
    ImGui::PushFont(ctx.fonts.small());
    const char* keys_line = "E  edit    -  bury    @  suspend";
    const float w = ImGui::CalcTextSize(keys_line).x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
    ImGui::TextUnformatted(keys_line);
    ImGui::PopFont();
  }
  ImGui::PopStyleColor();
}

void draw_error(ReviewState& s, const ScreenContext& ctx) {
  if (s.error.empty()) return;
  const ImGuiStyle& style = ImGui::GetStyle();
  const std::string message = "The collection reported an error: " + s.error;
  const float wrap = ImGui::GetContentRegionAvail().x - 2 * style.WindowPadding.x;
  // Sized to its text: an error must be read in full, never scrolled.
  const float h = ImGui::CalcTextSize(message.c_str(), nullptr, false, wrap).y + ImGui::GetTextLineHeight() +
                  style.ItemSpacing.y + 2 * style.WindowPadding.y;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ctx.palette.error_bg);
  ImGui::BeginChild("error", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar);
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.error);
  ImGui::TextWrapped("%s", message.c_str());
  ImGui::PopStyleColor();
  if (ImGui::SmallButton("Dismiss")) s.error.clear();
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

// ---------------------------------------------------------------- the card

void centred_text(const std::string& text, ImU32 colour, ImFont* font, float width) {
  ImGui::PushFont(font);
  const float w = ImGui::CalcTextSize(text.c_str()).x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (width - w) / 2));
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

// Short answers are centred like the front; longer ones read better left-aligned.
bool short_text(const store::Card& card, const RichText& text) {
  if (card.back.size() > 140) return false;
  return std::none_of(text.blocks.begin(), text.blocks.end(),
                      [](const PreparedBlock& b) { return b.kind == content::Block::Kind::Bullet; });
}

void rich_text_error(const RichText& text, const ScreenContext& ctx, float width) {
  if (text.error.empty()) return;
  centred_text("This card's text has a formatting error: " + text.error, ctx.palette.error, ctx.fonts.small(),
               width);
}

void separator_line(float width, const ScreenContext& ctx) {
  const float x = ImGui::GetCursorScreenPos().x;  // the column's left edge; Dummy resets the cursor's x
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(14)));
  const float y = ImGui::GetCursorScreenPos().y;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(x, y), ImVec2(x + width, y), ctx.palette.separator,
                                      std::max(1.0f, ctx.fonts.px(1)));
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(16)));
}

std::string meta_line(const store::Card& card) {
  std::string out = card.deck;
  out += std::string(" \xC2\xB7 ") + srs::to_string(card.mem.state);
  return out;
}

void draw_card(const ReviewState& s, const ScreenContext& ctx) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float width = std::min(avail - ctx.fonts.px(32), ctx.fonts.px(820));
  const float left = ImGui::GetCursorPosX() + (avail - width) / 2;
  const ImU32 text = ctx.palette.text;
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(18)));
  ImGui::SetCursorPosX(left);
  centred_text(meta_line(*s.card), ctx.palette.dim_text, ctx.fonts.small(), width);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(10)));
  ImGui::SetCursorPosX(left);
  draw_rich_text(s.front, ctx.fonts, {ctx.fonts.px(FontSizes::front), text, ctx.palette.code_bg, true}, width);
  ImGui::SetCursorPosX(left);
  rich_text_error(s.front, ctx, width);
  ImGui::SetCursorPosX(left);
  s.pictures->draw(s.card->front, ctx.collection.media_dir(), width, ctx.fonts.px(320), true, ctx);
  if (!s.answer_shown) return;
  ImGui::SetCursorPosX(left);
  separator_line(width, ctx);
  ImGui::SetCursorPosX(left);
  draw_rich_text(s.back, ctx.fonts,
                 {ctx.fonts.px(FontSizes::back), text, ctx.palette.code_bg, short_text(*s.card, s.back)}, width);
  ImGui::SetCursorPosX(left);
  rich_text_error(s.back, ctx, width);
  ImGui::SetCursorPosX(left);
  s.pictures->draw(s.card->back, ctx.collection.media_dir(), width, ctx.fonts.px(320), short_text(*s.card, s.back), ctx);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(12)));
}

bool is_empty(const ReviewState& s) {
  if (!s.counts_loaded) return false;  // not known yet: say nothing rather than "empty"
  if (!s.deck_id) return std::all_of(s.decks.begin(), s.decks.end(), [](const auto& d) { return d.total == 0; });
  for (const auto& d : s.decks)
    if (d.id == *s.deck_id) return d.total == 0;
  return true;
}

std::string summary_line(const ReviewState& s, int64_t now_ms) {
  std::string line = std::to_string(s.today.reviewed_today) + " reviewed today";
  if (s.today.next_due_ms)
    line += " \xC2\xB7 next card due in " + store::format_interval(now_ms, *s.today.next_due_ms);
  else
    line += " \xC2\xB7 no cards are scheduled";
  return line;
}

void draw_nothing_due(const ReviewState& s, const ScreenContext& ctx) {
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.3f));
  if (is_empty(s)) {
    centred_text("No cards here yet", ctx.palette.text, ctx.fonts.front(), width);
    ImGui::Dummy(ImVec2(0, ctx.fonts.px(8)));
    centred_text("Add cards with the command line: stride import FILE (CSV, TSV, text, Anki packages).",
                 ctx.palette.dim_text, ctx.fonts.ui(), width);
    return;
  }
  centred_text("Nothing more is due now", ctx.palette.text, ctx.fonts.front(), width);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(8)));
  centred_text(summary_line(s, ctx.clock.now_ms()), ctx.palette.dim_text, ctx.fonts.ui(), width);
}

// ---------------------------------------------------------------- answer bar

void open_demo(const ReviewState& s, const ScreenContext& ctx);

// A button drawn by hand: a title with its key hint, and a second line (the
// interval) in the rating's colour. ImGui's Button centres one text block only.
bool answer_button(const char* id, const char* title, const char* key, const std::string& interval, ImU32 accent,
                   ImVec2 size, const ScreenContext& ctx) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton(id, size);
  const ImGuiCol bg = ImGui::IsItemActive() ? ImGuiCol_ButtonActive
                      : ImGui::IsItemHovered() ? ImGuiCol_ButtonHovered
                                               : ImGuiCol_Button;
  ImDrawList& dl = *ImGui::GetWindowDrawList();
  const float r = ImGui::GetStyle().FrameRounding;
  dl.AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(bg), r);
  dl.AddRectFilled(ImVec2(p.x, p.y + size.y - ctx.fonts.px(3)), ImVec2(p.x + size.x, p.y + size.y), accent, r,
                   ImDrawFlags_RoundCornersBottom);
  ImFont* bold = ctx.fonts.ui_bold();
  ImFont* small = ctx.fonts.small();
  const std::string key_text = std::string("  ") + key;
  const float title_w = bold->CalcTextSizeA(bold->FontSize, FLT_MAX, 0, title).x;
  const float key_w = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, key_text.c_str()).x;
  const float interval_w = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, interval.c_str()).x;
  const bool two_lines = !interval.empty();
  const float top = p.y + (size.y - (two_lines ? bold->FontSize + small->FontSize + ctx.fonts.px(2) : bold->FontSize)) / 2 -
                    ctx.fonts.px(1);
  const float x = p.x + (size.x - title_w - key_w) / 2;
  dl.AddText(bold, bold->FontSize, ImVec2(x, top), ctx.palette.text, title);
  dl.AddText(small, small->FontSize, ImVec2(x + title_w, top + bold->FontSize - small->FontSize), ctx.palette.dim_text,
             key_text.c_str());
  if (two_lines)
    dl.AddText(small, small->FontSize, ImVec2(p.x + (size.x - interval_w) / 2, top + bold->FontSize + ctx.fonts.px(2)),
               accent, interval.c_str());
  return clicked;
}

void hint(const char* text, const ScreenContext& ctx) {
  ImGui::PushFont(ctx.fonts.small());
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

constexpr float kButtonHeight = 54;  // logical pixels

// Height of everything below the card: a rule, a gap, the buttons, a margin.
float answer_bar_height(const ScreenContext& ctx) {
  return ctx.fonts.px(12 + kButtonHeight + 6) + 2 * ImGui::GetStyle().ItemSpacing.y;
}

void draw_answer_bar(ReviewState& s, const ScreenContext& ctx) {
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float avail = ImGui::GetContentRegionAvail().x;
  ImGui::GetWindowDrawList()->AddLine(start, ImVec2(start.x + avail, start.y), ctx.palette.separator);
  ImGui::Dummy(ImVec2(0, ctx.fonts.px(12)));
  const float row_y = ImGui::GetCursorPosY();
  const float gap = ctx.fonts.px(12);
  ImGui::SetCursorPosY(row_y + (ctx.fonts.px(kButtonHeight) - ctx.fonts.small()->FontSize) / 2);
  hint("Ctrl+Z  undo", ctx);
  ImGui::SetCursorPosY(row_y);
  const float x0 = ImGui::GetCursorPosX();
  if (!s.answer_shown) {
    const ImVec2 size(ctx.fonts.px(320), ctx.fonts.px(kButtonHeight));
    ImGui::SetCursorPosX(x0 + (avail - size.x) / 2);
    if (answer_button("show", "Show answer", "(Space)", "", ctx.palette.separator, size, ctx)) show_answer(s);
    note_item("show_answer");
    return;
  }
  const ImVec2 size(ctx.fonts.px(150), ctx.fonts.px(kButtonHeight));
  const DemoLink link = demo_link(s.card->demo);
  if (!s.card->demo.empty() && !link.available) {  // a demo that is not in the window yet: say so
    const std::string name = link.screen.substr(4);
    ImGui::SetCursorPos(ImVec2(x0 + avail - ctx.fonts.px(150), row_y + ctx.fonts.px(4)));
    ImGui::PushTextWrapPos(x0 + avail);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim_text);
    ImGui::PushFont(ctx.fonts.small());
    ImGui::TextWrapped("Demo '%s' runs on the command line for now: stride lab %s", name.c_str(), name.c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::SetCursorPos(ImVec2(x0, row_y));
  }
  if (link.available) {  // right-aligned, clear of the four grades
    const ImVec2 run_size(ctx.fonts.px(130), size.y);
    ImGui::SetCursorPos(ImVec2(x0 + avail - run_size.x, row_y));
    if (answer_button("run_demo", "Run it", "(D)", "opens the Lab", ctx.palette.new_count, run_size, ctx))
      open_demo(s, ctx);
    note_item("run_demo");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Opens the %s demo set up for this card; \"Back to review\" returns here.",
                        demo_link(s.card->demo).screen.c_str());
    ImGui::SetCursorPos(ImVec2(x0, row_y));
  }
  const ImU32 accents[4] = {ctx.palette.again, ctx.palette.hard, ctx.palette.good, ctx.palette.easy};
  ImGui::SetCursorPosX(x0 + (avail - 4 * size.x - 3 * gap) / 2);
  for (int i = 0; i < 4; ++i) {
    if (i > 0) ImGui::SameLine(0, gap);
    const char key[2] = {static_cast<char>('1' + i), 0};
    if (answer_button(kRatingNames[i], kRatingNames[i], key, s.intervals[static_cast<size_t>(i)], accents[i], size,
                      ctx))
      grade(s, ctx.collection, static_cast<srs::Rating>(i + 1), ctx.clock.now_ms());
    note_item(std::string("grade:") + kRatingNames[i]);
  }
}

void open_demo(const ReviewState& s, const ScreenContext& ctx) {
  const DemoLink link = demo_link(s.card->demo);
  ctx.shell.open(link.screen, link.params);
}

// A character typed this frame, whatever key and layout made it ("@" is Shift+2 on some keyboards
// and Shift+' on others).
bool typed(char ch) {
  const ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
    if (io.InputQueueCharacters[i] == static_cast<ImWchar>(ch)) return true;
  return false;
}

void handle_keys(ReviewState& s, const ScreenContext& ctx) {
  // io.KeyMods is what NewFrame saw, like the key states IsKeyPressed reads.
  const ImGuiKeyModFlags mods = ImGui::GetIO().KeyMods;
  const int64_t now = ctx.clock.now_ms();
  if ((mods & ImGuiKeyModFlags_Ctrl) != 0 && ImGui::IsKeyPressed(keys::z, false)) {
    undo_last_review(s, ctx.collection, now);
    return;
  }
  if (!s.card || (mods & ~ImGuiKeyModFlags_Shift) != 0) return;
  if (typed('@')) return suspend_card(s, ctx.collection, now);
  if (mods != ImGuiKeyModFlags_None) return;
  if (typed('-')) return bury_card(s, ctx.collection, now);
  if (ImGui::IsKeyPressed(keys::e, false)) {
    ctx.shell.open("browse", "card=" + std::to_string(s.card->id) + " edit=on");
    return;
  }
  if (!s.answer_shown) {
    for (int key : {keys::space, keys::enter, keys::keypad_enter})
      if (ImGui::IsKeyPressed(key, false)) show_answer(s);
    return;
  }
  if (demo_link(s.card->demo).available && ImGui::IsKeyPressed(keys::d, false)) {
    open_demo(s, ctx);
    return;
  }
  for (int i = 1; i <= 4; ++i)
    if (ImGui::IsKeyPressed(keys::digit(i), false) || ImGui::IsKeyPressed(keys::keypad_digit(i), false)) {
      grade(s, ctx.collection, static_cast<srs::Rating>(i), now);
      return;
    }
}

}  // namespace

// ---------------------------------------------------------------- actions

void refresh(ReviewState& s, store::Collection& c, int64_t now_ms) {
  guarded(s, [&] {
    if (!s.card) load_card(s, c, c.next_card(s.deck_id, now_ms), now_ms);
  });
  s.counts_pending = true;
  s.stale = false;
  s.loaded_at_ms = now_ms;
}

void update_counts(ReviewState& s, const ScreenContext& ctx) {
  if (s.counts_job != 0) {
    const JobView* view = ctx.jobs.view(s.counts_job);
    if (view && view->status == JobStatus::failed) s.error = "The deck counts could not be read: " + view->error;
    if (!view || view->status != JobStatus::running) s.counts_job = 0;
  }
  if (!s.counts_pending) return;
  s.counts_pending = false;
  if (s.counts_job != 0) ctx.jobs.cancel(s.counts_job);
  const int generation = ++s.counts_generation;
  const std::filesystem::path path = ctx.collection.path();
  const int hour = ctx.collection.rollover_hour();
  const std::optional<int64_t> deck = s.deck_id;
  const int64_t now = ctx.clock.now_ms();
  ReviewState* state = &s;  // the screen's state outlives its jobs (App destroys Jobs first)
  s.counts_job = ctx.jobs.start("Deck counts", [=](JobControl& job) {
    store::CollectionReader reader(path, hour);
    store::CollectionReader::ReviewCounts counts = reader.review_counts(deck, now);
    job.post([state, generation, counts = std::move(counts)]() mutable {
      if (generation != state->counts_generation) return;
      state->decks = std::move(counts.decks);
      state->today = counts.today;
      state->today_all = counts.today_all;
      state->counts_loaded = true;
      state->counts_job = 0;
    });
  });
}

void select_deck(ReviewState& s, std::optional<int64_t> deck_id) {
  if (s.deck_id == deck_id && s.card) return;
  s.deck_id = deck_id;
  s.card.reset();
  s.notice.clear();
  s.stale = true;
}

void show_answer(ReviewState& s) {
  if (s.card) s.answer_shown = true;
}

namespace {

// The answer counted at once in the figures on screen, until the counts job brings exact ones: one
// card fewer left in its deck, its parents and today, one more reviewed.
void count_answer(ReviewState& s, const store::Card& card) {
  const auto left = [&](int& fresh, int& learning, int& review) -> int& {
    switch (card.mem.state) {
      case srs::State::New: return fresh;
      case srs::State::Review: return review;
      default: return learning;
    }
  };
  const auto take = [&](store::TodaySummary& t) {
    ++t.reviewed_today;
    int& n = left(t.new_left, t.learning_left, t.review_left);
    n = std::max(0, n - 1);
  };
  take(s.today);
  if (s.deck_id) take(s.today_all);
  else s.today_all = s.today;
  for (store::DeckSummary& d : s.decks)
    if (card.deck == d.name || card.deck.starts_with(d.name + "::")) {
      int& n = left(d.new_count, d.learning_count, d.review_count);
      n = std::max(0, n - 1);
    }
}

}  // namespace

void grade(ReviewState& s, store::Collection& c, srs::Rating rating, int64_t now_ms) {
  if (!s.card || !s.answer_shown) return;
  const int64_t duration = std::clamp<int64_t>(now_ms - s.shown_at_ms, 0, kMaxAnswerMs);
  const int64_t id = s.card->id;
  if (guarded(s, [&] { c.answer(id, rating, now_ms, duration); })) count_answer(s, *s.card);
  s.notice.clear();
  s.last_change.reset();  // Ctrl+Z now undoes this answer
  // After a failure too: the queue decides again what to show (the card may be
  // gone, or come back front side up if the failure was passing).
  s.card.reset();
  refresh(s, c, now_ms);  // the next card shows in this same frame
}

void undo_last_review(ReviewState& s, store::Collection& c, int64_t now_ms) {
  if (s.last_change) {  // a bury or suspend is newer than any review
    guarded(s, [&] {
      c.undo_card_change(*s.last_change);
      const int64_t id = s.last_change->flags.empty() ? 0 : s.last_change->flags.front().card_id;
      s.notice = "Undone: " + s.last_change->description;
      s.last_change.reset();
      if (id) load_card(s, c, c.card(id), now_ms);
    });
    refresh(s, c, now_ms);
    return;
  }
  guarded(s, [&] {
    const std::optional<int64_t> id = c.undo_last();
    if (!id) {
      s.notice = "Nothing to undo";
      return;
    }
    load_card(s, c, c.card(*id), now_ms);
    s.notice = "Last answer undone";
  });
  refresh(s, c, now_ms);  // counts change; the restored card stays on screen
}

namespace {

// Takes the card off the screen with `change`, keeping it for Ctrl+Z.
template <class F>
void set_aside(ReviewState& s, store::Collection& c, int64_t now_ms, const char* what, F&& change) {
  if (!s.card) return;
  const int64_t id = s.card->id;
  if (!guarded(s, [&] { s.last_change = change(id); })) return;
  s.notice = std::string(what) + "  Ctrl+Z undoes it.";
  s.card.reset();
  refresh(s, c, now_ms);
}

}  // namespace

void bury_card(ReviewState& s, store::Collection& c, int64_t now_ms) {
  set_aside(s, c, now_ms, "Buried until tomorrow.", [&](int64_t id) { return c.set_buried({id}, true, now_ms); });
}

void suspend_card(ReviewState& s, store::Collection& c, int64_t now_ms) {
  set_aside(s, c, now_ms, "Suspended: it stays out of reviews until you unsuspend it in Browse.",
            [&](int64_t id) { return c.set_suspended({id}, true, now_ms); });
}

double seconds_until_update(const ReviewState& s, int64_t now_ms) {
  int64_t wait = kRefreshEveryMs - (now_ms - s.loaded_at_ms);
  if (!s.card && s.today.next_due_ms) wait = std::min(wait, *s.today.next_due_ms - now_ms);
  return std::clamp(static_cast<double>(wait) / 1000.0, 0.05, 60.0);
}

void draw_review_screen(ReviewState& s, const ScreenContext& ctx, bool keyboard) {
  const int frame = ImGui::GetFrameCount();
  const bool returned = s.last_frame >= 0 && frame > s.last_frame + 1;
  s.last_frame = frame;
  if (returned && s.card) {
    // Back from another tab: a quiz may have brought cards forward, Browse may have edited, buried or
    // deleted this one. A card still front side up goes back to the queue, which picks again; one
    // whose answer is shown stays, with its text read again.
    if (!s.answer_shown) {
      s.card.reset();
    } else {
      const int64_t since = s.shown_at_ms;
      guarded(s, [&] { load_card(s, ctx.collection, ctx.collection.card(s.card->id), ctx.clock.now_ms()); });
      s.answer_shown = s.card.has_value();
      s.shown_at_ms = since;
    }
    s.stale = true;
  }
  if (needs_refresh(s, ctx.clock.now_ms())) refresh(s, ctx.collection, ctx.clock.now_ms());
  if (keyboard) handle_keys(s, ctx);
  update_counts(s, ctx);

  ImGui::BeginChild("deck_panel", ImVec2(deck_panel_width(s, ctx), 0), true);
  draw_deck_list(s, ctx);
  ImGui::EndChild();
  ImGui::SameLine();
  // The panel itself never scrolls: only the card area does, so the answer
  // buttons stay in place however long the back is.
  ImGui::BeginChild("review_panel", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_error(s, ctx);
  draw_header(s, ctx);
  // Snapshot: grading inside the bar may clear s.card mid-frame.
  const bool with_card = s.card.has_value();
  ImGui::BeginChild("card", ImVec2(0, with_card ? -answer_bar_height(ctx) : 0.0f), false);
  if (with_card)
    draw_card(s, ctx);
  else
    draw_nothing_due(s, ctx);
  ImGui::EndChild();
  if (with_card) draw_answer_bar(s, ctx);
  ImGui::EndChild();
}

void ReviewScreen::draw(const ScreenContext& ctx) { draw_review_screen(state_, ctx, true); }

double ReviewScreen::seconds_until_wake(const ScreenContext& ctx) const {
  return seconds_until_update(state_, ctx.clock.now_ms());
}

std::string ReviewScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (variant.empty()) return "";
  if (variant != "answer") return "no variant '" + std::string(variant) + "' of the Review screen";
  refresh(state_, ctx.collection, ctx.clock.now_ms());
  if (!state_.error.empty()) return "the collection failed: " + state_.error;
  if (!state_.card) return "no card is due in this collection, so there is no answer to show";
  show_answer(state_);
  return "";
}

DemoLink demo_link(std::string_view demo) {
  const size_t start = demo.find_first_not_of(' ');
  if (start == std::string_view::npos) return {};
  demo.remove_prefix(start);
  const size_t space = demo.find(' ');
  DemoLink link{screen_for_demo(demo.substr(0, space)), params_for_demo(demo.substr(0, space))};
  if (space != std::string_view::npos) {
    const size_t params = demo.find_first_not_of(' ', space);
    if (params != std::string_view::npos)
      link.params += (link.params.empty() ? "" : " ") + std::string(demo.substr(params));
  }
  link.available = parse_screen_name(link.screen).has_value();
  return link;
}

}  // namespace stride::ui
