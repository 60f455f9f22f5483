#pragma once
// `stride import` reads files of every kind through this one entry point: Anki packages become a
// Package (cards with schedules, history and media), everything else a list of notes.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "content/note_spec.h"
#include "content/content_error.h"
#include "content/package.h"

namespace stride::content {

struct ImportSource {
  std::vector<NoteSpec> notes;     // .csv .tsv .txt .md
  std::optional<Package> package;  // .apkg .colpkg
};

// Dispatches by extension (and, for .txt and .md, by structure: interview blocks under a
// "Category:" heading are recognised in either). Throws ContentError naming the file.
ImportSource read_import_source(const std::filesystem::path& path, const std::optional<std::string>& deck);

}  // namespace stride::content
