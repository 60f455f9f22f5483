#pragma once
// Reading Anki packages (.apkg, .colpkg) in all three layouts: `collection.anki21b` (zstd,
// schema 18, announced by a `meta` member), `collection.anki21` and `collection.anki2`.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "content/content_error.h"
#include "content/package.h"

namespace stride::content {

struct AnkiLimits {
  uint64_t collection_bytes = 1ull << 30;   // the SQLite image, decompressed
  uint64_t media_bytes = 256ull << 20;      // one media file
  std::size_t field_bytes = 1u << 20;       // one note field (or template)
  std::size_t media_files = 100'000;
};

// Reads and checks the whole package (layout, collection, note types, media list and names) and
// converts every note to cards in the app's text format. `deck` puts every card into that deck.
// Media bytes are read later, when the store writes them. Throws ContentError naming the file.
Package read_anki_package(const std::filesystem::path& path, const std::optional<std::string>& deck,
                          const AnkiLimits& limits = {});

// A media name from a package that is safe to use as a file name in the media folder: not empty,
// no '/', '\\', NUL or control characters, not "." / "..", no leading '.', valid UTF-8, at most
// 255 bytes. Anything else makes the package refused.
bool safe_media_name(std::string_view name);

}  // namespace stride::content
