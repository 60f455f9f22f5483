#pragma once
// Output files of the command line are written whole or not at all.
#include <filesystem>
#include <string>

namespace stride::app {

// Writes `text` to a temporary file next to `out`, then renames it over `out`: a crash or a full
// disk never leaves half a file behind. Throws std::runtime_error naming the file.
void write_text_atomically(const std::filesystem::path& out, const std::string& text);

}  // namespace stride::app
