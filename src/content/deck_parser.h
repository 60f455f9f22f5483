#pragma once
// Reader for built-in deck files (content/decks/*.deck); the format is described in
// content/README.md. Every error is a ContentError naming the file and line.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "content/content_error.h"
#include "content/note_spec.h"

namespace stride::content {

// Parses one deck file. Validates ids (present, well-formed, unique in the file), keys
// (known, not repeated), front/back (present, non-empty, valid rich text and formulas),
// deck names, tags, demo names and reverse flags. Throws ContentError "FILE:LINE: message".
std::vector<NoteSpec> parse_deck(std::string_view text, const std::string& filename);

// The forward card, and the reverse card when note.reverse is set.
std::vector<CardSpec> cards_of(const NoteSpec& note);

// Reads and parses one file; a file that cannot be read is a ContentError with line 0.
std::vector<NoteSpec> load_deck_file(const std::filesystem::path& path);

// Every *.deck file directly in dir, in file-name order, with ids checked to be unique
// across all of them. Throws ContentError (an unreadable directory has line 0).
std::vector<NoteSpec> load_deck_dir(const std::filesystem::path& dir);

}  // namespace stride::content
