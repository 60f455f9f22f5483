#include "nn/fashion_mnist.h"

#include <zlib.h>

#include <array>
#include <cstdlib>
#include <memory>

namespace stride::nn {

namespace fs = std::filesystem;

namespace {

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

// Reads IDX files through zlib, which also reads uncompressed files as they are.
class IdxReader {
 public:
  explicit IdxReader(const fs::path& path) : path_(path), file_(gzopen(path.c_str(), "rb")) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      throw DatasetError(path.string() + ": file not found (install the Debian package dataset-fashion-mnist)");
    if (!file_) throw DatasetError(path.string() + ": cannot open");
  }

  void read(void* dst, std::size_t bytes, const char* what) {
    auto* out = static_cast<unsigned char*>(dst);
    while (bytes > 0) {
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(bytes, 1u << 30));
      const int got = gzread(file_.get(), out, chunk);
      if (got <= 0) {
        int err = 0;
        const char* msg = gzerror(file_.get(), &err);
        throw DatasetError(path_.string() + ": " + (err != Z_OK && err != Z_BUF_ERROR ? std::string(msg)
                                                                                      : "file ends early") +
                           " while reading " + what);
      }
      out += got;
      bytes -= static_cast<std::size_t>(got);
    }
  }

  std::uint32_t read_u32(const char* what) {
    std::array<unsigned char, 4> b{};
    read(b.data(), 4, what);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  }

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  GzFile file_;
};

std::size_t keep(std::uint32_t n, std::size_t limit) { return limit > 0 && limit < n ? limit : n; }

}  // namespace

fs::path fashion_mnist_dir() {
  if (const char* dir = std::getenv("STRIDE_FASHION_MNIST_DIR"); dir && *dir) return dir;
  return "/usr/share/datasets/fashion-mnist";
}

ImageDataset load_idx_pair(const fs::path& images, const fs::path& labels, std::size_t limit) {
  ImageDataset d;
  IdxReader img(images);
  if (img.read_u32("the header") != 0x00000803)
    throw DatasetError(images.string() + ": not an IDX image file (magic number is not 0x00000803)");
  const std::uint32_t n = img.read_u32("the header");
  d.rows = img.read_u32("the header");
  d.cols = img.read_u32("the header");
  if (d.rows == 0 || d.cols == 0 || d.rows > 4096 || d.cols > 4096)
    throw DatasetError(images.string() + ": implausible image size " + std::to_string(d.rows) + "x" +
                       std::to_string(d.cols));
  d.count = keep(n, limit);
  d.pixels.resize(d.count * d.image_size());
  img.read(d.pixels.data(), d.pixels.size(), "the pixels");

  IdxReader lab(labels);
  if (lab.read_u32("the header") != 0x00000801)
    throw DatasetError(labels.string() + ": not an IDX label file (magic number is not 0x00000801)");
  const std::uint32_t m = lab.read_u32("the header");
  if (m != n)
    throw DatasetError(labels.string() + ": holds " + std::to_string(m) + " labels but " + images.string() +
                       " holds " + std::to_string(n) + " images");
  d.labels.resize(d.count);
  lab.read(d.labels.data(), d.labels.size(), "the labels");
  for (std::size_t i = 0; i < d.count; ++i)
    if (d.labels[i] > 9)
      throw DatasetError(labels.string() + ": label " + std::to_string(d.labels[i]) + " of image " +
                         std::to_string(i) + " is not a class 0-9");
  return d;
}

ImageDataset load_fashion_mnist(const fs::path& dir, Split split, std::size_t limit) {
  const std::string prefix = split == Split::Train ? "train" : "t10k";
  ImageDataset d = load_idx_pair(dir / (prefix + "-images-idx3-ubyte.gz"), dir / (prefix + "-labels-idx1-ubyte.gz"),
                                 limit);
  d.class_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return d;
}

}  // namespace stride::nn
