#pragma once
// RAII wrappers over libzip: reading the members of an Anki package and writing a new one.
// Every error is a ContentError naming the archive, so a bad file reads as "x.apkg: not a zip archive".
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <deque>

#include "content/content_error.h"

struct zip;

namespace stride::content {

class ZipReader {
 public:
  // Opens `path` read-only; throws ContentError when it is not a readable zip archive.
  explicit ZipReader(const std::filesystem::path& path);
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;
  ~ZipReader();

  const std::string& file() const { return file_; }
  bool has(const std::string& name) const;
  // Uncompressed size the archive declares for a member; nullopt when absent.
  std::optional<uint64_t> size_of(const std::string& name) const;
  // Reads a whole member. Refuses one that declares, or turns out to hold, more than `max_bytes`
  // (a zip bomb must not exhaust memory) and reports CRC and inflate errors.
  std::string read(const std::string& name, uint64_t max_bytes) const;

 private:
  zip* archive_ = nullptr;
  std::string file_;
};

class ZipWriter {
 public:
  // Creates (truncates) `path`. Nothing is on disk until close() succeeds.
  explicit ZipWriter(const std::filesystem::path& path);
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;
  ~ZipWriter();  // discards the archive unless close() ran

  // Adds a member from memory (deflated unless `store`). The bytes are copied.
  void add(const std::string& name, std::string bytes, bool store = false);
  // Writes the archive; throws ContentError on failure.
  void close();

 private:
  zip* archive_ = nullptr;
  std::string file_;
  std::deque<std::string> buffers_;  // libzip reads sources at close(); a deque never moves its elements
};

}  // namespace stride::content
