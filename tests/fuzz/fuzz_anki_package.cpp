// Whole packages: zip layout, meta, zstd, the collection, the media list and names.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "content/anki_package.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // libzip reads archives from files: one scratch file per fuzzing process.
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("stride-fuzz-" + std::to_string(getpid()) + ".apkg");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  stride::content::AnkiLimits limits;
  limits.collection_bytes = 64u << 20;  // keep libFuzzer's memory limit out of the way
  limits.media_bytes = 1u << 20;
  try {
    auto p = stride::content::read_anki_package(file, std::nullopt, limits);
    for (const auto& m : p.media) (void)m.read();
  } catch (const stride::content::ContentError&) {
  }
  return 0;
}
