#pragma once
// Writing a deck as an Anki package in the `collection.anki21` layout (schema 11), which every
// Anki since 2.1 and Stride itself read: notes (Basic, or Basic and reversed card when a note has
// its reverse), cards with their schedule (type, queue, due, interval, FSRS memory in cards.data),
// the review log and the media the cards name.
#include <cstdint>
#include <filesystem>

#include "content/package.h"

namespace stride::content {

// Written to a temporary file next to `out` and renamed into place. Throws ContentError.
void write_anki_package(const Package& deck, const std::filesystem::path& out, int64_t now_ms);

// The SQLite image of the collection alone (for tests and the package writer).
std::string anki_collection_image(const Package& deck, int64_t now_ms);

}  // namespace stride::content
