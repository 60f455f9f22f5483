#include "content/zip_archive.h"

#include <zip.h>

#include <memory>

namespace stride::content {

namespace {

std::string zip_error_text(int code) {
  zip_error_t err;
  zip_error_init_with_code(&err, code);
  std::string text = zip_error_strerror(&err);
  zip_error_fini(&err);
  return text;
}

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

ZipReader::ZipReader(const std::filesystem::path& path) : file_(path.string()) {
  int code = 0;
  archive_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!archive_) {
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
      throw ContentError(file_, 0, "not a zip archive, or a damaged one (" + zip_error_text(code) + ")");
    throw ContentError(file_, 0, "cannot open the archive: " + zip_error_text(code));
  }
}

ZipReader::~ZipReader() {
  if (archive_) zip_discard(archive_);  // read-only: nothing to write back
}

bool ZipReader::has(const std::string& name) const { return zip_name_locate(archive_, name.c_str(), 0) >= 0; }

std::optional<uint64_t> ZipReader::size_of(const std::string& name) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive_, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return std::nullopt;
  return st.size;
}

std::string ZipReader::read(const std::string& name, uint64_t max_bytes) const {
  auto declared = size_of(name);
  if (!declared) throw ContentError(file_, 0, "the archive has no member '" + name + "'");
  if (*declared > max_bytes)
    throw ContentError(file_, 0, "member '" + name + "' is too large (" + std::to_string(*declared) +
                                     " bytes; the limit is " + std::to_string(max_bytes) + ")");
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen(archive_, name.c_str(), 0));
  if (!f) throw ContentError(file_, 0, "cannot read member '" + name + "': " + zip_strerror(archive_));
  std::string out(static_cast<std::size_t>(*declared), '\0');
  uint64_t got = 0;
  while (got < out.size()) {
    zip_int64_t n = zip_fread(f.get(), out.data() + got, out.size() - got);
    if (n < 0) throw ContentError(file_, 0, "member '" + name + "' is damaged: " + zip_file_strerror(f.get()));
    if (n == 0) break;
    got += static_cast<uint64_t>(n);
  }
  if (got != out.size()) throw ContentError(file_, 0, "member '" + name + "' is truncated");
  char extra;
  if (zip_fread(f.get(), &extra, 1) != 0)  // a lying size header: refuse rather than guess
    throw ContentError(file_, 0, "member '" + name + "' holds more data than its header declares");
  return out;
}

ZipWriter::ZipWriter(const std::filesystem::path& path) : file_(path.string()) {
  int code = 0;
  archive_ = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!archive_) throw ContentError(file_, 0, "cannot create the archive: " + zip_error_text(code));
}

ZipWriter::~ZipWriter() {
  if (archive_) zip_discard(archive_);
}

void ZipWriter::add(const std::string& name, std::string bytes, bool store) {
  buffers_.push_back(std::move(bytes));
  const std::string& b = buffers_.back();
  zip_source_t* src = zip_source_buffer(archive_, b.data(), b.size(), 0);
  if (!src) throw ContentError(file_, 0, std::string("cannot add '") + name + "': " + zip_strerror(archive_));
  zip_int64_t idx = zip_file_add(archive_, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
  if (idx < 0) {
    zip_source_free(src);
    throw ContentError(file_, 0, std::string("cannot add '") + name + "': " + zip_strerror(archive_));
  }
  if (store) zip_set_file_compression(archive_, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
}

void ZipWriter::close() {
  if (zip_close(archive_) != 0) {
    std::string msg = zip_strerror(archive_);
    throw ContentError(file_, 0, "cannot write the archive: " + msg);
  }
  archive_ = nullptr;
  buffers_.clear();
}

}  // namespace stride::content
