#pragma once
// zstd through libzstd, with a cap on the decompressed size: the collection.anki21b and media
// members of an Anki package are zstd frames, and a hostile one could expand without bound.
#include <cstdint>
#include <string>
#include <string_view>

namespace stride::content {

// True when `bytes` start with the zstd frame magic number.
bool is_zstd(std::string_view bytes);

// Decompresses one or more concatenated frames. Throws std::runtime_error with a short reason
// ("not zstd data", "truncated", "larger than N bytes") that callers prefix with the file name.
std::string zstd_decompress(std::string_view bytes, uint64_t max_bytes);

std::string zstd_compress(std::string_view bytes, int level = 3);

}  // namespace stride::content
