#pragma once
// Markdown study notes as cards: every "### " heading is a question and the paragraphs below it,
// up to the next heading, its answer. Optional YAML front matter (its `title` names the deck);
// a star (⭐, ⭐️, ★) at the end of a question marks a core question and becomes the tag "core";
// the enclosing "## " heading becomes a tag too ("ConvNet" -> "convnet").
#include <string>
#include <string_view>
#include <vector>

#include "content/note_spec.h"

namespace stride::content {

// `deck`: the deck when the front matter has no title (the caller passes --deck or the file name;
// --deck wins over the title: pass it as `forced_deck`). Throws ContentError naming the line.
std::vector<NoteSpec> read_markdown_notes(std::string_view text, const std::string& file, const std::string& deck,
                                          bool forced_deck = false);

// Whether a text (say, a .txt file) is Markdown study notes by its structure: YAML front matter
// ("---" as the first line, closed by another), or a "### " question heading at the start of a line.
// Question/answer lines never start that way.
bool looks_like_markdown_notes(std::string_view text);

// Markdown meant as card text, as card text: a text Stride's format accepts as it is (bold,
// italics, code, $formulas$, "- " bullets, with "* " and "+ " bullets rewritten) is kept;
// anything it would reject is imported literally instead.
std::string markdown_to_rich_text(std::string_view markdown);

}  // namespace stride::content
