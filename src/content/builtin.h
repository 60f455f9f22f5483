#pragma once
// The built-in decks: embedded in the binary at build time, or read from
// $STRIDE_CONTENT_DIR (a content/decks folder) while an author edits them.
#include <vector>

#include "content/note_spec.h"

namespace stride::content {

// Throws ContentError naming the file and line of a malformed card.
std::vector<NoteSpec> builtin_notes();

}  // namespace stride::content
