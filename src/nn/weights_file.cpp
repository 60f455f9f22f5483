#include "nn/weights_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <utility>

namespace stride::nn {

namespace fs = std::filesystem;

namespace {

constexpr std::array<unsigned char, 4> kMagic{'S', 'T', 'R', 'W'};
// Sanity limits that keep a damaged length field from asking for gigabytes.
constexpr std::uint32_t kMaxNameLength = 4096;
constexpr std::uint32_t kMaxTensors = 1u << 20;

[[noreturn]] void fail(const fs::path& path, const std::string& what) {
  throw WeightsError(path.string() + ": " + what);
}

std::string errno_text() { return std::strerror(errno); }

std::uint32_t crc_update(std::uint32_t crc, const unsigned char* p, std::size_t n) {
  while (n > 0) {
    const auto chunk = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    crc = static_cast<std::uint32_t>(crc32(crc, p, chunk));
    p += chunk;
    n -= chunk;
  }
  return crc;
}

void put_u32_le(unsigned char* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint32_t get_u32_le(const unsigned char* in) {
  return std::uint32_t{in[0]} | std::uint32_t{in[1]} << 8 | std::uint32_t{in[2]} << 16 |
         std::uint32_t{in[3]} << 24;
}

// ---- writing -------------------------------------------------------------------------------

// A file descriptor that is closed, and a temporary file that is removed, unless committed.
class TempFile {
 public:
  explicit TempFile(const fs::path& target) {
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      path_ = target;
      path_ += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
      // O_EXCL: never reuse (and truncate) a file that happens to exist; mode 0666 lets the
      // umask decide the permissions, as for any file the user creates.
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ < 0 && errno != EEXIST) fail(target, "cannot write: " + errno_text());
    }
    if (fd_ < 0) fail(target, "cannot create a temporary file next to it");
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }

  int fd() const { return fd_; }
  // fsync, close and rename over `target`; the directory entry is synced too (best effort).
  void commit(const fs::path& target) {
    if (::fsync(fd_) != 0) fail(target, "cannot write: " + errno_text());
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) fail(target, "cannot write: " + errno_text());
    if (std::rename(path_.c_str(), target.c_str()) != 0) {
      fail(target, "cannot write: " + errno_text());
    }
    committed_ = true;
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
      ::fsync(d);
      ::close(d);
    }
  }

 private:
  fs::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

// Buffered little-endian output with a running CRC-32 of everything written.
class Sink {
 public:
  Sink(int fd, const fs::path& target) : fd_(fd), target_(target) { buffer_.reserve(kBuffer); }

  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    while (n > 0) {
      const std::size_t take = std::min(n, kBuffer - buffer_.size());
      buffer_.insert(buffer_.end(), b, b + take);
      b += take;
      n -= take;
      if (buffer_.size() == kBuffer) flush();
    }
  }
  void u32(std::uint32_t v) {
    std::array<unsigned char, 4> b{};
    put_u32_le(b.data(), v);
    bytes(b.data(), b.size());
  }
  void text(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
  void floats(const float* p, std::size_t n) {
    if constexpr (std::endian::native == std::endian::little) {
      bytes(p, n * sizeof(float));
    } else {
      for (std::size_t i = 0; i < n; ++i) u32(std::bit_cast<std::uint32_t>(p[i]));
    }
  }
  // Appends the CRC of everything so far (not itself covered) and writes out the buffer.
  void finish() {
    flush();
    std::array<unsigned char, 4> b{};
    put_u32_le(b.data(), crc_);
    buffer_.assign(b.begin(), b.end());
    write_out();
  }

 private:
  static constexpr std::size_t kBuffer = 1 << 20;

  void flush() {
    crc_ = crc_update(crc_, buffer_.data(), buffer_.size());
    write_out();
  }
  void write_out() {
    const unsigned char* p = buffer_.data();
    std::size_t left = buffer_.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail(target_, "cannot write: " + errno_text());
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    buffer_.clear();
  }

  int fd_;
  const fs::path& target_;
  std::vector<unsigned char> buffer_;
  std::uint32_t crc_ = 0;
};

using TensorList = std::vector<std::pair<std::string, const Tensor*>>;

void write_tensors(const fs::path& path, const std::string& model_name, const TensorList& list) {
  if (list.size() > kMaxTensors) fail(path, "too many tensors to save");
  TempFile tmp(path);
  Sink out(tmp.fd(), path);
  out.bytes(kMagic.data(), kMagic.size());
  out.u32(kWeightsVersion);
  out.text(model_name);
  out.u32(static_cast<std::uint32_t>(list.size()));
  for (const auto& [name, t] : list) {
    out.text(name);
    const Shape s = t->shape();
    for (std::size_t d : {s.n, s.c, s.h, s.w}) {
      if (d > std::numeric_limits<std::uint32_t>::max()) fail(path, "tensor '" + name + "' is too large");
      out.u32(static_cast<std::uint32_t>(d));
    }
    out.floats(t->data(), t->size());
  }
  out.finish();
  tmp.commit(path);
}

// ---- reading -------------------------------------------------------------------------------

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Buffered input that knows how many bytes are left, so a damaged length is reported as such
// before anything is allocated for it, and that keeps a running CRC of what it has read.
class Source {
 public:
  explicit Source(const fs::path& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (!file_) fail(path, "cannot open: " + errno_text());
    std::error_code ec;
    left_ = fs::file_size(path, ec);
    if (ec) fail(path, "cannot read: " + ec.message());
  }
  // Bytes already in memory (weights embedded in the binary); `origin` names them in errors.
  // fmemopen (POSIX 2008) keeps one reading path for files and memory; mode "rb" never writes.
  Source(std::string_view bytes, const fs::path& origin)
      : path_(origin),
        file_(::fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb")),
        left_(bytes.size()) {
    if (bytes.empty()) fail(origin, "not a Stride weights file (it is empty)");
    if (!file_) fail(origin, "cannot open: " + errno_text());
  }

  std::uint64_t left() const { return left_; }
  std::uint32_t crc() const { return crc_; }

  // Reads n bytes; `what` names the part for the truncation message.
  void bytes(void* p, std::size_t n, const std::string& what) {
    if (n > left_) fail(path_, "the file is truncated (it ends inside " + what + ")");
    if (std::fread(p, 1, n, file_.get()) != n) fail(path_, "cannot read: " + errno_text());
    crc_ = crc_update(crc_, static_cast<const unsigned char*>(p), n);
    left_ -= n;
  }
  std::uint32_t u32(const std::string& what) {
    std::array<unsigned char, 4> b{};
    bytes(b.data(), b.size(), what);
    return get_u32_le(b.data());
  }
  std::string text(const std::string& what) {
    const std::uint32_t n = u32(what);
    if (n > kMaxNameLength) fail(path_, "damaged file (" + what + " is " + std::to_string(n) + " bytes long)");
    std::string s(n, '\0');
    bytes(s.data(), n, what);
    return s;
  }
  void floats(float* p, std::size_t n, const std::string& what) {
    bytes(p, n * sizeof(float), what);
    if constexpr (std::endian::native != std::endian::little) {
      for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t v = 0;
        std::memcpy(&v, p + i, 4);
        v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
        p[i] = std::bit_cast<float>(v);
      }
    }
  }

 private:
  const fs::path& path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::uint64_t left_ = 0;
  std::uint32_t crc_ = 0;
};

void read_header(Source& in, const fs::path& path, WeightsFile& out) {
  std::array<unsigned char, 4> magic{};
  if (in.left() >= magic.size()) in.bytes(magic.data(), magic.size(), "the header");
  if (magic != kMagic) fail(path, "not a Stride weights file (it does not start with \"STRW\")");
  const std::uint32_t version = in.u32("the header");
  if (version != kWeightsVersion) {
    fail(path, "weights format version " + std::to_string(version) +
                   " is not supported (this build reads version " +
                   std::to_string(kWeightsVersion) + ")");
  }
  out.model_name = in.text("the model name");
}

NamedTensor read_tensor(Source& in, const fs::path& path, std::uint32_t index) {
  NamedTensor t;
  t.name = in.text("the name of tensor " + std::to_string(index + 1));
  const std::string what = "tensor '" + t.name + "'";
  std::array<std::uint32_t, 4> dims{};
  for (auto& d : dims) d = in.u32(what);
  std::uint64_t count = 1;
  for (std::uint32_t d : dims) {
    count *= d;
    if (count > in.left() / sizeof(float)) {
      fail(path, "the file is truncated (it ends inside " + what + ")");
    }
  }
  t.value.resize({dims[0], dims[1], dims[2], dims[3]});
  in.floats(t.value.data(), static_cast<std::size_t>(count), what);
  return t;
}

TensorList tensors_of(Sequential& model) {
  TensorList list;
  for (const ParamRef& r : saved_tensors(model)) list.emplace_back(r.name, r.value);
  return list;
}

// Checks the file against the model; returns, per model tensor, the file tensor to copy.
std::vector<const NamedTensor*> match(const WeightsFile& file, Sequential& model,
                                      const fs::path& path) {
  std::unordered_map<std::string_view, const NamedTensor*> by_name;
  for (const NamedTensor& t : file.tensors) {
    if (!by_name.emplace(t.name, &t).second) fail(path, "tensor '" + t.name + "' appears twice");
  }
  std::vector<const NamedTensor*> sources;
  for (const auto& [name, tensor] : tensors_of(model)) {
    const auto it = by_name.find(name);
    if (it == by_name.end()) {
      fail(path, "tensor '" + name + "' of the model is missing from the file (saved from " +
                     (file.model_name.empty() ? std::string("another model") : "'" + file.model_name + "'") +
                     ")");
    }
    if (it->second->value.shape() != tensor->shape()) {
      fail(path, "tensor '" + name + "' has shape " + to_string(it->second->value.shape()) +
                     " in the file but " + to_string(tensor->shape()) + " in the model");
    }
    sources.push_back(it->second);
    by_name.erase(it);
  }
  if (!by_name.empty()) {
    std::string name(by_name.begin()->first);
    for (const auto& [n, t] : by_name) name = std::min(name, std::string(n));  // deterministic
    fail(path, "tensor '" + name + "' in the file is not part of the model");
  }
  return sources;
}

}  // namespace

std::vector<ParamRef> saved_tensors(Sequential& model) {
  std::vector<ParamRef> refs = model.params();
  for (ParamRef& b : model.buffers()) refs.push_back(std::move(b));
  return refs;
}

void write_weights_file(const fs::path& path, const WeightsFile& contents) {
  TensorList list;
  for (const NamedTensor& t : contents.tensors) list.emplace_back(t.name, &t.value);
  write_tensors(path, contents.model_name, list);
}

namespace {

WeightsFile read_all(Source& in, const fs::path& path) {
  WeightsFile out;
  read_header(in, path, out);
  const std::uint32_t count = in.u32("the tensor count");
  if (count > kMaxTensors) fail(path, "damaged file (it claims " + std::to_string(count) + " tensors)");
  out.tensors.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) out.tensors.push_back(read_tensor(in, path, i));
  const std::uint32_t computed = in.crc();
  const std::uint32_t stored = in.u32("the checksum");
  if (in.left() != 0) fail(path, "damaged file (" + std::to_string(in.left()) + " bytes after the checksum)");
  if (stored != computed) {
    char msg[96];
    std::snprintf(msg, sizeof msg, "checksum mismatch (stored %08x, computed %08x): the file is damaged",
                  stored, computed);
    fail(path, msg);
  }
  return out;
}

std::string load_into(Sequential& model, const WeightsFile& file, const fs::path& path) {
  const std::vector<const NamedTensor*> sources = match(file, model, path);
  const std::vector<ParamRef> targets = saved_tensors(model);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const Tensor& from = sources[i]->value;
    std::copy(from.begin(), from.end(), targets[i].value->begin());
  }
  return file.model_name;
}

}  // namespace

WeightsFile read_weights_file(const fs::path& path) {
  Source in(path);
  return read_all(in, path);
}

WeightsFile parse_weights(std::string_view bytes, const fs::path& origin) {
  Source in(bytes, origin);
  return read_all(in, origin);
}

void save_weights(Sequential& model, std::string_view model_name, const fs::path& path) {
  write_tensors(path, std::string(model_name), tensors_of(model));
}

std::string load_weights(Sequential& model, const fs::path& path) {
  return load_into(model, read_weights_file(path), path);
}

std::string load_weights(Sequential& model, std::string_view bytes, const fs::path& origin) {
  return load_into(model, parse_weights(bytes, origin), origin);
}

}  // namespace stride::nn
