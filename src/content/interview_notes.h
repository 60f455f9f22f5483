#pragma once
// Interview question blocks as cards, in the layout of interview-prep sites' exports:
//
//   Category: Easy
//     • DL0011 Fully Connected Layer
//       Can you explain what a fully connected layer is?
//       Answer
//       A Fully Connected (FC) Layer ...
//
// Each block (a bullet with an id and a title) gives one card: the question on the front, the
// answer on the back (each source line its own paragraph), tags "interview", the difficulty in
// lower case ("easy") and the title as a tag, and the stable id "interview-<id>", so importing an
// edited file again updates the cards.
#include <string>
#include <string_view>
#include <vector>

#include "content/note_spec.h"

namespace stride::content {

// True when `text` has a "Category:" heading, a bullet starting with an id, and an "Answer" line.
bool looks_like_interview_blocks(std::string_view text);

// Throws ContentError naming the line (a block without a question or an answer, duplicate ids).
std::vector<NoteSpec> read_interview_notes(std::string_view text, const std::string& file, const std::string& deck);

}  // namespace stride::content
