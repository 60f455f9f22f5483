#include "ui/screens/browse_screen.h"

#include <imgui.h>

#include <algorithm>

#include "common/text_format.h"
#include "demos/demo_params.h"
#include "store/collection_reader.h"
#include "ui/item_rects.h"
#include "ui/jobs.h"
#include "ui/keys.h"
#include "ui/widgets/card_info_view.h"
#include "ui/widgets/lab_text.h"
#include "ui/widgets/text_editor.h"

namespace stride::ui {

namespace {

constexpr std::size_t kUndoDepth = 30;

// The searches a newcomer needs most, one click away.
constexpr std::pair<const char*, const char*> kQuickSearches[] = {
    {"All", ""}, {"Due", "is:due"}, {"New", "is:new"}, {"Suspended", "is:suspended"}, {"Edited", "is:edited"}};

constexpr const char* kSearchHelp =
    "deck:CNN            the deck and its sub-decks (deck:\"CNN::Batch norm\"; * is a wildcard)\n"
    "tag:alexnet         a tag (and its tag::children)\n"
    "is:due  is:new  is:learn  is:review  is:suspended  is:buried  is:edited\n"
    "pooling             text in the front or back\n"
    "-tag:vgg            not: a minus before any term\n"
    "Terms are combined with AND. Ctrl+F jumps here.";

bool typed(char ch) {
  const ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
    if (io.InputQueueCharacters[i] == static_cast<ImWchar>(ch)) return true;
  return false;
}

bool pressed(int key) { return ImGui::IsKeyPressed(key, false); }

// Stays on the line if a button `label` still fits, else starts the next one (a narrow panel).
void next_button(const char* label) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(label, nullptr, true).x + 2 * style.FramePadding.x;
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
}

}  // namespace

// ---------------------------------------------------------------- state

void BrowseScreen::set_search(std::string query) {
  query_ = std::move(query);
  stale_ = true;
}

std::string BrowseScreen::configure(std::string_view params) {
  // "search=" takes the rest of the line: a search has spaces of its own.
  std::string_view search;
  const auto at = params.find("search=");
  const bool at_search = at != std::string_view::npos;
  if (at_search) {
    search = params.substr(at + 7);
    params = params.substr(0, at);
  }
  const auto p = demos::parse_demo_params(params);
  std::string problems;
  for (const auto& [key, value] : p) {
    if (key == "card") {
      try {
        selected_ = {std::stoll(value)};
        anchor_ = *selected_.begin();
        detail_id_ = 0;
      } catch (const std::exception&) {
        problems += "card=" + value + " is not a card id; ";
      }
    } else if (key == "edit") {
      edit_on_load_ = value == "on" || value == "yes" || value == "1";
    } else {
      problems += "unknown parameter " + key + " (card=ID, edit=on, search=…); ";
    }
  }
  const bool wants_card = p.count("card") != 0;
  // A card asked for by id is looked for among every card, unless a search comes with it: the
  // search last typed in Browse might not list it.
  if (at_search) set_search(std::string(search));
  else if (wants_card) set_search("");
  if (wants_card) {
    stale_ = true;
    editing_ = false;
  }
  return problems.empty() ? "" : problems.substr(0, problems.size() - 2);
}

void BrowseScreen::reload(const ScreenContext& ctx) {
  stale_ = false;
  loaded_query_ = query_;
  store::CardQuery q;
  try {
    q = store::parse_card_query(query_);
    search_error_.clear();
  } catch (const store::SearchError& e) {
    search_error_ = e.what();
    return;  // keep the last good list on screen while the search is being typed
  }
  if (search_job_ != 0) ctx.jobs.cancel(search_job_);
  const int generation = ++search_generation_;
  const std::filesystem::path path = ctx.collection.path();
  const int rollover_hour = ctx.collection.rollover_hour();
  const srs::Scheduler scheduler = ctx.collection.scheduler();
  const int64_t now = ctx.clock.now_ms();
  const CardTableSort sort = sort_;
  search_job_ = ctx.jobs.start("Search cards", [=, this](JobControl& job) {
    store::CollectionReader reader(path, rollover_hour);
    std::vector<store::BrowseRow> found;
    try {
      found = reader.search(q, now, &job.cancel_flag());
    } catch (const std::exception&) {
      if (job.cancelled()) return;  // stopped by a newer search: not a failure
      throw;
    }
    if (job.cancelled()) return;
    std::vector<CardRow> rows = make_card_rows(std::move(found), scheduler, now, &job.cancel_flag());
    if (job.cancelled()) return;
    sort_card_rows(rows, sort.column, sort.ascending);
    // Runs on the UI thread; a newer search may have started meanwhile, and wins.
    job.post([this, generation, sort, rows = std::move(rows)]() mutable {
      if (generation == search_generation_) show_rows(std::move(rows), sort);
    });
  });
}

void BrowseScreen::show_rows(std::vector<CardRow> rows, CardTableSort sorted_by) {
  search_job_ = 0;
  rows_ = std::move(rows);
  if (sorted_by.column != sort_.column || sorted_by.ascending != sort_.ascending)
    sort_card_rows(rows_, sort_.column, sort_.ascending);  // a header was clicked while it ran
  // Cards no longer listed leave the selection; the first card is selected when none is.
  std::set<int64_t> still;
  for (const CardRow& r : rows_)
    if (selected_.count(r.row.card.id)) still.insert(r.row.card.id);
  if (edit_on_load_ && (still.size() != 1 || still != selected_)) {
    edit_on_load_ = false;  // the card asked for is gone: never open another one in the editor
    notice_ = "That card is no longer in the collection.";
  }
  selected_ = std::move(still);
  if (selected_.empty() && !rows_.empty()) {
    selected_ = {rows_.front().row.card.id};
    anchor_ = rows_.front().row.card.id;
  }
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (selected_.count(rows_[i].row.card.id)) {
      scroll_to_ = i;
      break;
    }
  detail_id_ = 0;  // reload the detail: text, log, flags may have changed
}

// A search that failed (the file could not be opened, say) says why where the list would be.
void BrowseScreen::check_search_job(const ScreenContext& ctx) {
  if (search_job_ == 0) return;
  const JobView* view = ctx.jobs.view(search_job_);
  if (view == nullptr || view->status == JobStatus::running) return;
  if (view->status == JobStatus::failed) error_ = "The search failed: " + view->error;
  search_job_ = 0;  // finished: its rows were shown when drained (show_rows)
}

const CardRow* BrowseScreen::primary() const {
  if (selected_.size() != 1) return nullptr;
  for (const CardRow& r : rows_)
    if (r.row.card.id == *selected_.begin()) return &r;
  return nullptr;
}

void BrowseScreen::load_detail(const ScreenContext& ctx) {
  const CardRow* r = primary();
  if (!r || r->row.card.id == detail_id_) return;
  detail_id_ = r->row.card.id;
  front_ = prepare_rich_text(r->row.card.front);
  back_ = prepare_rich_text(r->row.card.back);
  try {
    log_ = ctx.collection.review_log(detail_id_);
    shipped_ = r->row.edited ? ctx.collection.shipped_text(detail_id_) : std::nullopt;
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  if (editing_ && editor_.card_id != detail_id_) editing_ = false;
  if (edit_on_load_) {
    edit_on_load_ = false;
    start_edit(ctx);
  }
}

void BrowseScreen::select(int64_t card_id, bool add) {
  if (!add) selected_.clear();
  if (add && selected_.count(card_id) && selected_.size() > 1)
    selected_.erase(card_id);
  else
    selected_.insert(card_id);
  anchor_ = card_id;
  if (editing_ && (selected_.size() != 1 || editor_.card_id != card_id)) editing_ = false;
}

// ---------------------------------------------------------------- actions

void BrowseScreen::remember(store::CardChange change) {
  notice_ = change.description + ".  Ctrl+Z undoes it.";
  undo_.push_back(std::move(change));
  if (undo_.size() > kUndoDepth) undo_.erase(undo_.begin());
  error_.clear();
}

// Until the search job brings the fresh list, the rows on screen show what the change did, so a
// key pressed meanwhile acts on the cards as they are now (a second Delete finds nothing to delete).
void BrowseScreen::show_change(const store::CardChange& c, int64_t now_ms) {
  if (c.kind == store::CardChange::Kind::Delete) {
    std::erase_if(rows_, [&](const CardRow& r) { return selected_.count(r.row.card.id) != 0; });
    selected_.clear();
    detail_id_ = 0;
    return;
  }
  for (CardRow& r : rows_) {
    if (!selected_.count(r.row.card.id)) continue;
    const auto before = std::find_if(c.flags.begin(), c.flags.end(), [&](const auto& f) { return f.card_id == r.row.card.id; });
    if (before == c.flags.end()) continue;
    if (c.kind == store::CardChange::Kind::Suspend) r.row.card.suspended = before->suspended == 0;
    if (c.kind == store::CardChange::Kind::Bury) r.row.buried_until_ms = before->buried_until_ms > now_ms ? 0 : now_ms + 1;
  }
}

template <class F>
void BrowseScreen::change(const ScreenContext& ctx, F&& f) {
  if (selected_.empty()) return;
  try {
    store::CardChange c = f();
    show_change(c, ctx.clock.now_ms());
    remember(std::move(c));
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  stale_ = true;
}

void BrowseScreen::start_edit(const ScreenContext& ctx) {
  (void)ctx;
  const CardRow* r = primary();
  if (!r) return;
  editor_.start(r->row.card.id, {r->row.card.front, r->row.card.back, r->row.card.tags});
  editing_ = true;
}

void BrowseScreen::save_edit(const ScreenContext& ctx) {
  if (!editing_) return;
  try {
    store::CardChange c = ctx.collection.edit_card(editor_.card_id, editor_.text, ctx.clock.now_ms());
    remember(std::move(c));
    // The row shows the saved text at once (E pressed again before the search returns edits it).
    for (CardRow& r : rows_)
      if (r.row.card.id == editor_.card_id) {
        if (const auto fresh = ctx.collection.card(r.row.card.id)) r.row.card = *fresh;
        r.row.edited = ctx.collection.shipped_text(r.row.card.id).has_value();
      }
    detail_id_ = 0;
    editing_ = false;
    stale_ = true;
  } catch (const std::exception& e) {
    editor_.error = e.what();  // stays in the editor, with the text as typed
  }
}

void BrowseScreen::toggle_suspend(const ScreenContext& ctx) {
  // Like Anki: if any selected card is active, suspend them all; otherwise unsuspend.
  bool any_active = false;
  for (const CardRow& r : rows_)
    if (selected_.count(r.row.card.id) && !r.row.card.suspended) any_active = true;
  change(ctx, [&] { return ctx.collection.set_suspended(selection(), any_active, ctx.clock.now_ms()); });
}

void BrowseScreen::toggle_bury(const ScreenContext& ctx) {
  const int64_t now = ctx.clock.now_ms();
  bool any_unburied = false;
  for (const CardRow& r : rows_)
    if (selected_.count(r.row.card.id) && r.row.buried_until_ms <= now) any_unburied = true;
  change(ctx, [&] { return ctx.collection.set_buried(selection(), any_unburied, now); });
}

void BrowseScreen::delete_selected(const ScreenContext& ctx) {
  editing_ = false;
  change(ctx, [&] { return ctx.collection.delete_cards(selection(), ctx.clock.now_ms()); });
}

void BrowseScreen::restore_shipped(const ScreenContext& ctx) {
  const CardRow* r = primary();
  if (!r || !r->row.edited) return;
  editing_ = false;
  change(ctx, [&] { return ctx.collection.restore_shipped_text(r->row.card.id, ctx.clock.now_ms()); });
}

void BrowseScreen::undo(const ScreenContext& ctx) {
  if (undo_.empty()) {
    notice_ = "Nothing to undo in Browse.";
    return;
  }
  try {
    ctx.collection.undo_card_change(undo_.back());
    notice_ = "Undone: " + undo_.back().description + ".";
    // The cards the change touched come back selected.
    selected_.clear();
    for (const auto& f : undo_.back().flags) selected_.insert(f.card_id);
    for (const auto& t : undo_.back().texts) selected_.insert(t.card_id);
    for (const auto& table : undo_.back().deleted)
      if (table.table == "cards")
        for (const auto& row : table.rows) selected_.insert(std::get<int64_t>(row.at(0)));
    undo_.pop_back();
    error_.clear();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  editing_ = false;
  stale_ = true;
}

// ---------------------------------------------------------------- input

void BrowseScreen::move_cursor(int delta) {
  if (rows_.empty()) return;
  std::size_t at = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].row.card.id == anchor_) at = i;
  const auto next = static_cast<std::size_t>(
      std::clamp<long>(static_cast<long>(at) + delta, 0, static_cast<long>(rows_.size()) - 1));
  select(rows_[next].row.card.id);
  scroll_to_ = next;
}

void BrowseScreen::click_row(const CardTableClick& click, const ScreenContext& ctx) {
  const int64_t id = rows_[click.index].row.card.id;
  if (click.shift) {
    std::size_t from = click.index;
    for (std::size_t i = 0; i < rows_.size(); ++i)
      if (rows_[i].row.card.id == anchor_) from = i;
    if (!click.ctrl) selected_.clear();
    for (std::size_t i = std::min(from, click.index); i <= std::max(from, click.index); ++i)
      selected_.insert(rows_[i].row.card.id);
    editing_ = false;
    return;
  }
  select(id, click.ctrl);
  if (click.double_click && !click.ctrl) {
    load_detail(ctx);
    start_edit(ctx);
  }
}

void BrowseScreen::handle_keys(const ScreenContext& ctx) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool ctrl = io.KeyCtrl;
  if (ctrl && pressed(keys::f)) {
    focus_search_ = true;
    return;
  }
  if (io.WantTextInput || editing_) return;  // typing: the keys belong to the text field
  if (ctrl && pressed(keys::z)) return undo(ctx);
  if (ctrl && pressed(keys::a)) {
    for (const CardRow& r : rows_) selected_.insert(r.row.card.id);
    return;
  }
  if (ctrl && pressed(keys::j)) return toggle_suspend(ctx);
  if (ctrl) return;
  if (pressed(keys::up)) return move_cursor(-1);
  if (pressed(keys::down)) return move_cursor(1);
  if (pressed(keys::del)) return delete_selected(ctx);
  if (typed('-')) return toggle_bury(ctx);
  if (typed('@')) return toggle_suspend(ctx);
  if (pressed(keys::e) || pressed(keys::enter) || pressed(keys::keypad_enter)) return start_edit(ctx);
}

// ---------------------------------------------------------------- drawing

void BrowseScreen::draw_search_bar(const ScreenContext& ctx) {
  if (const auto from = ctx.shell.came_from()) {
    const std::string back = "\xE2\x86\x90 Back to " + *from;
    if (ImGui::Button(back.c_str()) || (!ImGui::GetIO().WantTextInput && !editing_ && pressed(keys::escape)))
      ctx.shell.go_back();
    note_item("back");
    ImGui::SameLine();
  }
  if (focus_search_) {
    ImGui::SetKeyboardFocusHere();
    focus_search_ = false;
  }
  ImGui::SetNextItemWidth(ctx.fonts.px(420));
  if (edit_line("##search", "Search: deck:CNN tag:alexnet is:due pooling", query_)) stale_ = true;
  note_item("browse:search");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kSearchHelp);
  for (const auto& [label, search] : kQuickSearches) {
    ImGui::SameLine();
    const bool on = query_ == search;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(label)) set_search(search);
    if (on) ImGui::PopStyleColor();
    note_item(std::string("browse:quick:") + label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", *search ? search : "every card");
  }
  ImGui::SameLine();
  std::string count = with_commas(static_cast<int64_t>(rows_.size())) + (rows_.size() == 1 ? " card" : " cards");
  if (selected_.size() > 1) count += ", " + std::to_string(selected_.size()) + " selected";
  if (searching()) count += "  \xC2\xB7  searching\xE2\x80\xA6";
  dim_text(ctx, count);
  if (!search_error_.empty()) error_text(ctx, search_error_);
}

void BrowseScreen::draw_actions(const ScreenContext& ctx) {
  const int64_t now = ctx.clock.now_ms();
  bool any_active = false, any_unburied = false;
  for (const CardRow& r : rows_)
    if (selected_.count(r.row.card.id)) {
      any_active = any_active || !r.row.card.suspended;
      any_unburied = any_unburied || r.row.buried_until_ms <= now;
    }
  const bool one = primary() != nullptr;
  ImGui::BeginDisabled(!one);
  if (ImGui::Button("Edit  (E)")) start_edit(ctx);
  note_item("browse:edit");
  ImGui::EndDisabled();
  const char* suspend = any_active ? "Suspend  (Ctrl+J)" : "Unsuspend  (Ctrl+J)";
  next_button(suspend);
  if (ImGui::Button(suspend)) toggle_suspend(ctx);
  note_item("browse:suspend");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(any_active ? "Keep the card out of reviews until you unsuspend it (also @)"
                                 : "Put the card back into reviews");
  const char* bury = any_unburied ? "Bury  (-)" : "Unbury  (-)";
  next_button(bury);
  if (ImGui::Button(bury)) toggle_bury(ctx);
  note_item("browse:bury");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide the card until the next study day starts");
  next_button("Delete  (Del)");
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.again);
  if (ImGui::Button("Delete  (Del)")) delete_selected(ctx);
  ImGui::PopStyleColor();
  note_item("browse:delete");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Delete the card and its review history (Ctrl+Z brings both back). A built-in card "
                      "stays deleted when the app starts again.");
  if (!undo_.empty()) {
    next_button("Undo  (Ctrl+Z)");
    if (ImGui::Button("Undo  (Ctrl+Z)")) undo(ctx);
    note_item("browse:undo");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Undo: %s", undo_.back().description.c_str());
  }
}

void BrowseScreen::draw_card_text(const ScreenContext& ctx) {
  const CardRow& r = *primary();
  if (r.row.edited) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.new_count);
    ImGui::TextUnformatted("Edited by you.");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::SmallButton("Restore the shipped text")) restore_shipped(ctx);
    note_item("browse:restore");
    if (ImGui::IsItemHovered() && shipped_)
      ImGui::SetTooltip("What %s ships for this card now:\n\n%s\n\n%s",
                        r.row.source == "builtin" ? "Stride" : "the import", shipped_->front.c_str(),
                        shipped_->back.c_str());
  } else if (r.row.removed_from_content) {
    dim_wrapped(ctx, "Stride's decks no longer have this card, so it is suspended; its history is kept.");
  }
  RichTextStyle style;
  style.size = ctx.fonts.px(17);
  style.colour = ctx.palette.text;
  style.code_bg = ctx.palette.code_bg;
  const float w = ImGui::GetContentRegionAvail().x;
  draw_rich_text(front_, ctx.fonts, style, w);
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
  draw_rich_text(back_, ctx.fonts, style, w);
  if (!r.row.card.tags.empty()) dim_text(ctx, "tags: " + r.row.card.tags);
}

void BrowseScreen::draw_detail(const ScreenContext& ctx) {
  if (selected_.empty()) {
    dim_wrapped(ctx, searching() ? "Searching\xE2\x80\xA6"
                     : rows_.empty() ? "No card matches this search."
                                     : "Select a card to see it here.");
    return;
  }
  draw_actions(ctx);
  if (!notice_.empty()) dim_wrapped(ctx, notice_);
  if (!error_.empty()) error_text(ctx, error_);
  ImGui::Separator();
  const CardRow* r = primary();
  if (!r) {
    ImGui::Text("%zu cards selected.", selected_.size());
    dim_wrapped(ctx, "Suspend, bury and delete apply to all of them; Ctrl+Z undoes it.");
    return;
  }
  if (editing_) {
    switch (draw_card_editor(editor_, ctx)) {
      case EditorAction::save: save_edit(ctx); break;
      case EditorAction::cancel: editing_ = false; break;
      case EditorAction::none: break;
    }
    return;
  }
  draw_card_text(ctx);
  ImGui::Spacing();
  ImGui::Separator();
  draw_card_info(*r, log_, ctx);
}

void BrowseScreen::draw(const ScreenContext& ctx) {
  check_search_job(ctx);
  if (stale_ || query_ != loaded_query_) reload(ctx);
  handle_keys(ctx);
  if (stale_) reload(ctx);
  load_detail(ctx);
  draw_search_bar(ctx);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float table_w = std::max(avail.x * 0.62f, avail.x - ctx.fonts.px(470));
  ImGui::BeginChild("browse_table", ImVec2(table_w, 0));
  if (auto click = draw_card_table(rows_, sort_, selected_, scroll_to_, ctx, ImVec2(0, 0))) click_row(*click, ctx);
  scroll_to_.reset();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("browse_detail", ImVec2(0, 0), true);
  load_detail(ctx);
  draw_detail(ctx);
  ImGui::EndChild();
}

std::string BrowseScreen::prepare_screenshot(std::string_view variant, const ScreenContext& ctx) {
  if (variant != "" && variant != "edit") return "no variant '" + std::string(variant) + "'";
  reload(ctx);  // the screenshot waits for the search job, then draws
  edit_on_load_ = variant == "edit";
  return "";
}

}  // namespace stride::ui
