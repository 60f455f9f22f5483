#pragma once
// Reading a user's file into notes for `stride import`. Each reader validates the
// whole file before anything is written, and names the line of the first problem.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/content_error.h"
#include "content/note_spec.h"

namespace stride::content {

// .csv, .tsv and .txt (the plain format: first line the deck name, then question
// and answer lines alternating). `deck` overrides the deck named by the file.
std::vector<NoteSpec> read_import_file(const std::filesystem::path& path, const std::optional<std::string>& deck);

// The readers behind it, on text already in memory (`file` is used in messages).
std::vector<NoteSpec> read_delimited(std::string_view text, char delimiter, const std::string& file,
                                     const std::string& default_deck);
std::vector<NoteSpec> read_question_lines(std::string_view text, const std::string& file,
                                          const std::optional<std::string>& deck);

// Imported text is plain: escape what the card format would read as markup.
std::string escape_plain(std::string_view text);
// A stable note id for imported content with no id of its own: same deck and
// question, same id, so importing a file twice updates instead of duplicating.
std::string content_hash_id(const std::string& deck, const std::string& front);
// Throws ContentError(file, line) when `text` is not valid UTF-8.
void require_utf8(std::string_view text, const std::string& file);

}  // namespace stride::content
