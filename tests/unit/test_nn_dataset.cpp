// Datasets: IDX files through zlib (written here, so no package is needed),
// the real Fashion-MNIST when installed, the procedural shapes, batches.
#include <doctest/doctest.h>
#include <zlib.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <vector>

#include "nn/fashion_mnist.h"
#include "nn/procedural_shapes.h"
#include "support/temp_dir.h"
#include "support/skip.h"

using namespace stride;
using namespace stride::nn;

namespace {

std::vector<unsigned char> be32(std::uint32_t v) {
  return {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 8),
          static_cast<unsigned char>(v)};
}

void write_gz(const std::filesystem::path& p, const std::vector<unsigned char>& bytes) {
  gzFile f = gzopen(p.c_str(), "wb");
  REQUIRE(f);
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

void write_pair(const test::TempDir& dir, std::uint32_t n, std::uint32_t labels_n, std::uint32_t magic = 0x803) {
  std::vector<unsigned char> img = be32(magic), lab = be32(0x801);
  for (auto v : {n, 2u, 3u}) {
    auto b = be32(v);
    img.insert(img.end(), b.begin(), b.end());
  }
  for (std::uint32_t i = 0; i < n * 6; ++i) img.push_back(static_cast<unsigned char>(i));
  auto b = be32(labels_n);
  lab.insert(lab.end(), b.begin(), b.end());
  for (std::uint32_t i = 0; i < labels_n; ++i) lab.push_back(static_cast<unsigned char>(i % 10));
  write_gz(dir / "img.gz", img);
  write_gz(dir / "lab.gz", lab);
}

}  // namespace

TEST_CASE("IDX pair: header, pixels and labels") {
  test::TempDir dir;
  write_pair(dir, 4, 4);
  auto d = load_idx_pair(dir / "img.gz", dir / "lab.gz");
  CHECK(d.count == 4);
  CHECK(d.rows == 2);
  CHECK(d.cols == 3);
  CHECK(d.image(1)[0] == 6);
  CHECK(d.labels[3] == 3);
  CHECK(load_idx_pair(dir / "img.gz", dir / "lab.gz", 2).count == 2);
}

TEST_CASE("IDX errors name the file") {
  test::TempDir dir;
  CHECK_THROWS_WITH_AS(load_idx_pair(dir / "none.gz", dir / "lab.gz"), doctest::Contains("none.gz: file not found"),
                       DatasetError);
  write_pair(dir, 4, 3);
  CHECK_THROWS_WITH_AS(load_idx_pair(dir / "img.gz", dir / "lab.gz"), doctest::Contains("holds 3 labels"), DatasetError);
  write_pair(dir, 4, 4, 0x804);
  CHECK_THROWS_WITH_AS(load_idx_pair(dir / "img.gz", dir / "lab.gz"), doctest::Contains("img.gz: not an IDX image"),
                       DatasetError);
  // Truncated: a header promising more images than the file holds.
  std::vector<unsigned char> img = be32(0x803);
  for (auto v : {1000u, 28u, 28u}) {
    auto b = be32(v);
    img.insert(img.end(), b.begin(), b.end());
  }
  img.resize(img.size() + 100);
  write_gz(dir / "img.gz", img);
  CHECK_THROWS_WITH_AS(load_idx_pair(dir / "img.gz", dir / "lab.gz"), doctest::Contains("file ends early"),
                       DatasetError);
  std::ofstream(dir / "junk.gz") << "\x1f\x8b this is not really gzip";
  CHECK_THROWS_AS(load_idx_pair(dir / "junk.gz", dir / "lab.gz"), DatasetError);
}

TEST_CASE("Fashion-MNIST test split from the Debian package") {
  const auto dir = fashion_mnist_dir();
  if (!std::filesystem::exists(dir / "t10k-images-idx3-ubyte.gz"))
    STRIDE_SKIP("Fashion-MNIST is not in " << dir.string() << " (Debian package dataset-fashion-mnist)");
  auto d = load_fashion_mnist(dir, Split::Test);
  CHECK(d.count == 10000);
  CHECK(d.rows == 28);
  CHECK(d.cols == 28);
  CHECK(d.classes() == 10);
  std::vector<int> per_class(10);
  for (auto l : d.labels) ++per_class[l];
  for (int c : per_class) CHECK(c == 1000);  // the test split is balanced
}

TEST_CASE("procedural shapes are balanced and reproducible") {
  auto a = procedural_shapes(40, 16, 7), b = procedural_shapes(40, 16, 7), c = procedural_shapes(40, 16, 8);
  CHECK(a.pixels == b.pixels);
  CHECK(a.pixels != c.pixels);
  CHECK(a.classes() == 4);
  CHECK(std::count(a.labels.begin(), a.labels.end(), 2) == 10);
}

TEST_CASE("batches are normalised to zero mean and unit variance") {
  auto d = procedural_shapes(8, 16, 1);
  std::vector<std::uint32_t> idx{3, 1, 5};
  Tensor x;
  std::vector<int> y;
  fill_batch(d, idx, x, y);
  CHECK(x.shape() == Shape{3, 1, 16, 16});
  CHECK(y == std::vector<int>{3, 1, 1});
  double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  double var = 0;
  for (float v : x) var += (v - mean) * (v - mean);
  var /= static_cast<double>(x.size());
  CHECK(mean == doctest::Approx(0.0).epsilon(1e-5));
  CHECK(var == doctest::Approx(1.0).epsilon(1e-4));
}
