#pragma once
// Browse's editor: a card's front, back and tags, each text with a live preview drawn as the
// Review screen draws it (formulas typeset), and the parse error inline while the text is wrong.
#include <cstdint>
#include <string>

#include "store/card_changes.h"
#include "ui/screen.h"
#include "ui/widgets/rich_text_view.h"

namespace stride::ui {

struct CardEditorState {
  int64_t card_id = 0;
  store::CardText text;
  RichText front_preview, back_preview;
  std::string error;  // from the last save (the collection names the field)
  bool focus = false;          // give the front field the keyboard on the next frame
  bool cursor_to_end = false;  // and put the caret after its text

  void start(int64_t id, store::CardText initial);
  void set_front(std::string v);  // for tests: as typing it would
  void set_back(std::string v);
  bool can_save() const { return front_preview.error.empty() && back_preview.error.empty(); }
};

enum class EditorAction { none, save, cancel };

// Save: the button or Ctrl+Enter; Cancel: the button or Esc.
EditorAction draw_card_editor(CardEditorState& state, const ScreenContext& ctx);

}  // namespace stride::ui
