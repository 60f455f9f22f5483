#pragma once
// Anki card templates: what a note type says a card shows. Rendering follows Anki's template
// language closely enough for the stock note types (Basic, Basic and reversed, optional
// reversed, Cloze) and for the custom ones people share: {{Field}}, {{#Field}}…{{/Field}},
// {{^Field}}…{{/Field}}, filters (cloze, cloze-only, text, hint, type, tts), {{FrontSide}},
// {{Tags}}, {{Deck}}, {{Subdeck}}, {{Card}}, {{Type}}. The result is still HTML.
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace stride::content {

struct CardTemplate {
  std::string name;
  std::string question;  // qfmt
  std::string answer;    // afmt
};

struct NoteType {
  std::string name;
  bool cloze = false;
  std::vector<std::string> fields;       // in field order
  std::vector<CardTemplate> templates;   // in template order (ord)
};

struct RenderedCard {
  std::string question;  // HTML
  std::string answer;    // HTML, without the question ({{FrontSide}} renders empty on the back)
};

struct RenderContext {
  std::string deck;      // full deck name with "::"
};

// Renders card `ord` of a note (`values` in field order; missing values read as empty).
// Cloze note types always use their first template; `ord` picks the cloze number ord + 1.
RenderedCard render_card(const NoteType& type, const std::vector<std::string>& values, int ord,
                         const RenderContext& ctx);

// Cloze numbers ({{c3::…}} gives 3) used in `text`.
std::set<int> cloze_numbers(std::string_view text);

}  // namespace stride::content
