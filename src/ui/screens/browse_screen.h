#pragma once
// browse — every card in the collection: search (deck:, tag:, is:due, is:new, is:suspended, text;
// store/card_search.h), a sortable table with each card's schedule (ui/widgets/card_table), and
// the selected card: its text, actions, FSRS state and whole review history
// (ui/widgets/card_info_view), or the editor with a live preview (ui/widgets/card_editor). Suspend,
// bury, delete and edits are undone with Ctrl+Z. A built-in card edited here keeps the edit and is
// marked "edited", with Restore to go back to the shipped text.
// Keys: Ctrl+F search, Up/Down move, Ctrl+A select all, E or Enter edit, Ctrl+J suspend,
// - bury, Delete delete, Ctrl+Z undo, Esc leave the editor.
// Parameters: card=ID (select it), edit=on (open it in the editor), search=… (the rest of the
// line is the search).
// Each search runs as a job on a read-only connection of its own (store/card_reader), so typing
// never waits on a large collection; a newer search cancels the one before and only the newest
// result is shown.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/card_changes.h"
#include "store/collection.h"
#include "ui/screen.h"
#include "ui/widgets/card_editor.h"
#include "ui/widgets/card_table.h"
#include "ui/widgets/rich_text_view.h"

namespace stride::ui {

class BrowseScreen final : public Screen {
 public:
  void draw(const ScreenContext& ctx) override;
  std::string configure(std::string_view params) override;
  // "": a search with a card selected; "edit": that card in the editor.
  std::string prepare_screenshot(std::string_view variant, const ScreenContext& ctx) override;

  // For tests: each does what its key or button does.
  void set_search(std::string query);
  const std::string& search() const { return query_; }
  const std::string& search_error() const { return search_error_; }
  const std::vector<CardRow>& rows() const { return rows_; }
  void select(int64_t card_id, bool add = false);
  const std::set<int64_t>& selected() const { return selected_; }
  bool editing() const { return editing_; }
  CardEditorState& editor() { return editor_; }
  void start_edit(const ScreenContext& ctx);
  void save_edit(const ScreenContext& ctx);
  void toggle_suspend(const ScreenContext& ctx);
  void toggle_bury(const ScreenContext& ctx);
  void delete_selected(const ScreenContext& ctx);
  void restore_shipped(const ScreenContext& ctx);
  void undo(const ScreenContext& ctx);
  bool searching() const { return search_job_ != 0; }
  const std::string& notice() const { return notice_; }
  const std::string& error() const { return error_; }

 private:
  void reload(const ScreenContext& ctx);
  void show_rows(std::vector<CardRow> rows, CardTableSort sorted_by);
  void check_search_job(const ScreenContext& ctx);
  void load_detail(const ScreenContext& ctx);
  const CardRow* primary() const;
  std::vector<int64_t> selection() const { return {selected_.begin(), selected_.end()}; }
  template <class F>
  void change(const ScreenContext& ctx, F&& f);
  void remember(store::CardChange change);
  void show_change(const store::CardChange& change, int64_t now_ms);
  void handle_keys(const ScreenContext& ctx);
  void move_cursor(int delta);
  void click_row(const CardTableClick& click, const ScreenContext& ctx);
  void draw_search_bar(const ScreenContext& ctx);
  void draw_detail(const ScreenContext& ctx);
  void draw_actions(const ScreenContext& ctx);
  void draw_card_text(const ScreenContext& ctx);

  std::string query_, loaded_query_;
  bool stale_ = true;
  bool focus_search_ = false;
  std::string search_error_;
  int search_job_ = 0;      // the running search (ui/jobs id), 0 when none
  int search_generation_ = 0;  // only the newest search's rows are shown
  std::vector<CardRow> rows_;
  CardTableSort sort_;
  std::set<int64_t> selected_;
  int64_t anchor_ = 0;  // the row Shift+click extends from
  std::optional<std::size_t> scroll_to_;
  // The primary card's detail, loaded when the selection changes.
  int64_t detail_id_ = 0;
  RichText front_, back_;
  std::vector<store::ReviewLogEntry> log_;
  std::optional<store::CardText> shipped_;
  bool editing_ = false;
  bool edit_on_load_ = false;
  CardEditorState editor_;
  std::vector<store::CardChange> undo_;
  std::string notice_, error_;
};

}  // namespace stride::ui
