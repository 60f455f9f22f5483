#include "store/media_writer.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "content/html_to_text.h"
#include "store/store_error.h"

namespace stride::store {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string hash8(const std::string& bytes) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a: only has to tell two files of one name apart
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(h & 0xFFFFFFFFULL));
  return buf;
}

}  // namespace

MediaWriter::~MediaWriter() {
  std::error_code ec;
  for (const fs::path& p : created_) fs::remove(p, ec);
}

void MediaWriter::write_file(const fs::path& target, const std::string& bytes) {
  const fs::path tmp = dir_ / ("." + target.filename().string() + ".importing");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw StoreError("cannot write " + tmp.string());
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw StoreError("cannot write " + target.string() + ": " + ec.message());
  }
  created_.push_back(target);
  ++written_;
}

std::map<std::string, std::string> MediaWriter::write(const std::vector<content::PackageMedia>& media) {
  std::map<std::string, std::string> renames;
  if (media.empty()) return renames;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw StoreError("cannot create the media folder " + dir_.string() + ": " + ec.message());
  for (const content::PackageMedia& m : media) {
    const std::string bytes = m.read();
    fs::path target = dir_ / m.name;
    if (fs::exists(target, ec)) {
      if (read_file(target) == bytes) continue;
      const fs::path name(m.name);
      const std::string renamed = name.stem().string() + "-" + hash8(bytes) + name.extension().string();
      renames[m.name] = renamed;
      target = dir_ / renamed;
      if (fs::exists(target, ec) && read_file(target) == bytes) continue;
    }
    write_file(target, bytes);
  }
  return renames;
}

std::string apply_media_renames(std::string text, const std::map<std::string, std::string>& renames) {
  for (const auto& [from, to] : renames)
    for (const char* kind : {"[image:", "[sound:"}) {
      const std::string old_ref = kind + content::escape_text(from, false) + "]";
      const std::string new_ref = kind + content::escape_text(to, false) + "]";
      for (std::size_t p = 0; (p = text.find(old_ref, p)) != std::string::npos; p += new_ref.size())
        text.replace(p, old_ref.size(), new_ref);
    }
  return text;
}

}  // namespace stride::store
