#pragma once
// Copies an imported package's media into the collection's media folder. Files are written
// through temporary names and renamed into place; until keep() is called, the destructor removes
// every file this writer created, so a failed import leaves the folder as it was.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "content/package.h"

namespace stride::store {

class MediaWriter {
 public:
  explicit MediaWriter(std::filesystem::path dir) : dir_(std::move(dir)) {}
  MediaWriter(const MediaWriter&) = delete;
  ~MediaWriter();

  // Writes each file (skipping one already there with the same bytes). A different file of the
  // same name is kept, and the new one is stored as "name-<hash>.ext": the returned map gives
  // such renames (old name -> new name). Throws StoreError naming the file on failure.
  std::map<std::string, std::string> write(const std::vector<content::PackageMedia>& media);
  void keep() { created_.clear(); }
  int written() const { return written_; }

 private:
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> created_;
  int written_ = 0;

  void write_file(const std::filesystem::path& target, const std::string& bytes);
};

// Rewrites "[image:OLD]" and "[sound:OLD]" references in card text after media renames.
std::string apply_media_renames(std::string text, const std::map<std::string, std::string>& renames);

}  // namespace stride::store
