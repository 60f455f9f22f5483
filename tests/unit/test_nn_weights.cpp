// Weights files (src/nn/weights_file.h, docs/WEIGHTS_FORMAT.md): an exact round trip, the
// documented byte layout, every kind of damage refused with a message naming the file (and the
// tensor), a model left untouched by a refused load, and no half-written file on failure.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "nn/activation.h"
#include "nn/adam.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/flatten.h"
#include "nn/max_pool.h"
#include "nn/random.h"
#include "nn/sequential.h"
#include "nn/softmax_cross_entropy.h"
#include "nn/weights_file.h"
#include "support/temp_dir.h"

using namespace stride::nn;
namespace fs = std::filesystem;

namespace {

void build(Sequential& m, std::size_t channels = 4, const char* head = "head") {
  m.emplace<Conv2d>("conv", Conv2dOptions{1, channels, 3, 1, 1});
  m.emplace<BatchNorm2d>("bn", BatchNormOptions{channels});
  m.emplace<ReLU>("relu");
  m.emplace<MaxPool2d>("pool", PoolOptions{2});
  m.emplace<Flatten>("flat");
  m.emplace<Dense>(head, DenseOptions{channels * 16, 3});
}

Tensor random_batch(std::uint32_t seed) {
  std::mt19937 rng(seed);
  Tensor x({6, 1, 8, 8});
  for (float& v : x) v = static_cast<float>(standard_normal(rng));
  return x;
}

// A few Adam steps, so that weights and BatchNorm's running statistics are far from their
// initial values.
void train_a_little(Sequential& m) {
  Adam adam(m.params(), AdamOptions{0.01f});
  SoftmaxCrossEntropy loss;
  Tensor dl;
  const std::vector<std::int32_t> y{0, 1, 2, 0, 1, 2};
  for (std::uint32_t step = 0; step < 5; ++step) {
    adam.zero_grad();
    const Tensor x = random_batch(step);  // alive until backward: layers keep a pointer to it
    loss.compute(m.forward(x, Mode::train), y, dl);
    m.backward(dl);
    adam.step();
  }
}

std::vector<unsigned char> bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::vector<unsigned char>& b) {
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()),
                                           static_cast<std::streamsize>(b.size()));
}

std::uint32_t u32_at(const std::vector<unsigned char>& b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}

void put_u32_at(std::vector<unsigned char>& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<unsigned char>(v >> (8 * i));
}

// Recomputes the trailing CRC after a deliberate edit, so that a check behind it is reached.
void reseal(std::vector<unsigned char>& b) {
  const auto crc = static_cast<std::uint32_t>(crc32(0, b.data(), static_cast<uInt>(b.size() - 4)));
  put_u32_at(b, b.size() - 4, crc);
}

std::vector<std::vector<float>> snapshot(Sequential& m) {
  std::vector<std::vector<float>> s;
  for (auto& p : m.params()) s.emplace_back(p.value->begin(), p.value->end());
  for (auto& p : m.buffers()) s.emplace_back(p.value->begin(), p.value->end());
  return s;
}

// Loading `file` into a fresh model fails with a message containing every one of `parts`, and
// leaves the model as it was.
void refused(const fs::path& file, std::initializer_list<std::string> parts, Sequential* into = nullptr) {
  Sequential fresh;
  build(fresh);
  fresh.initialize(Init::he_normal, 99u);
  Sequential& m = into ? *into : fresh;
  const auto before = snapshot(m);
  try {
    load_weights(m, file);
    FAIL("expected a WeightsError for " << file);
  } catch (const WeightsError& e) {
    const std::string what = e.what();
    CHECK_MESSAGE(what.rfind(file.string() + ": ", 0) == 0, what);
    for (const std::string& part : parts) CHECK_MESSAGE(what.find(part) != std::string::npos, what);
  }
  CHECK(snapshot(m) == before);
}

std::vector<fs::path> listing(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("weights round-trip exactly: same tensors, same outputs") {
  stride::test::TempDir dir;
  Sequential a;
  build(a);
  a.initialize(Init::he_normal, 1u);
  train_a_little(a);
  const fs::path file = dir / "model.strw";
  save_weights(a, "tiny", file);

  Sequential b;
  build(b);
  b.initialize(Init::he_normal, 2u);
  CHECK(snapshot(b) != snapshot(a));
  CHECK(load_weights(b, file) == "tiny");
  CHECK(snapshot(b) == snapshot(a));
  const Tensor x = random_batch(42);
  const Tensor ya = a.forward(x, Mode::eval);
  const Tensor yb = b.forward(x, Mode::eval);
  CHECK(ya.xt() == yb.xt());

  const WeightsFile w = read_weights_file(file);
  CHECK(w.model_name == "tiny");
  std::vector<std::string> names;
  for (const auto& t : w.tensors) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"conv.weight", "conv.bias", "bn.weight", "bn.bias", "head.weight",
                                          "head.bias", "bn.running_mean", "bn.running_var"});
  CHECK(w.tensors[0].value.shape() == Shape{4, 1, 3, 3});
  CHECK(w.tensors[4].value.shape() == Shape{3, 64, 1, 1});

  SUBCASE("write_weights_file writes what read_weights_file reads") {
    write_weights_file(dir / "copy.strw", w);
    CHECK(bytes_of(dir / "copy.strw") == bytes_of(file));
  }
  SUBCASE("saving again replaces the file") {
    train_a_little(a);
    save_weights(a, "tiny", file);
    CHECK(load_weights(b, file) == "tiny");
    CHECK(snapshot(b) == snapshot(a));
    CHECK(listing(dir.path()) == std::vector<fs::path>{"model.strw"});
  }
}

TEST_CASE("the bytes follow docs/WEIGHTS_FORMAT.md") {
  stride::test::TempDir dir;
  Sequential m;
  build(m);
  m.initialize(Init::he_normal, 3u);
  save_weights(m, "fashionnet", dir / "w.strw");
  const std::vector<unsigned char> b = bytes_of(dir / "w.strw");
  REQUIRE(b.size() > 40);
  CHECK(std::memcmp(b.data(), "STRW", 4) == 0);
  CHECK(u32_at(b, 4) == 1);
  CHECK(u32_at(b, 8) == 10);
  CHECK(std::string(b.begin() + 12, b.begin() + 22) == "fashionnet");
  CHECK(u32_at(b, 22) == 8);  // tensors: 6 parameters, 2 buffers
  std::size_t pos = 26;
  CHECK(u32_at(b, pos) == 11);
  CHECK(std::string(b.begin() + 30, b.begin() + 41) == "conv.weight");
  pos = 41;
  CHECK(u32_at(b, pos) == 4);
  CHECK(u32_at(b, pos + 4) == 1);
  CHECK(u32_at(b, pos + 8) == 3);
  CHECK(u32_at(b, pos + 12) == 3);
  float first = 0;
  std::memcpy(&first, b.data() + pos + 16, 4);  // little-endian host
  CHECK(first == dynamic_cast<Conv2d&>(m.at("conv")).weight()[0]);
  // Walk all records: the CRC follows the last one and covers everything before it.
  pos = 26;
  for (int t = 0; t < 8; ++t) {
    pos += 4 + u32_at(b, pos);
    std::size_t count = 1;
    for (int d = 0; d < 4; ++d) count *= u32_at(b, pos + 4 * static_cast<std::size_t>(d));
    pos += 16 + 4 * count;
  }
  CHECK(pos + 4 == b.size());
  CHECK(u32_at(b, pos) == static_cast<std::uint32_t>(crc32(0, b.data(), static_cast<uInt>(pos))));
}

TEST_CASE("damaged files are refused with a message naming the file") {
  stride::test::TempDir dir;
  Sequential m;
  build(m);
  m.initialize(Init::he_normal, 4u);
  const fs::path good = dir / "good.strw";
  save_weights(m, "tiny", good);
  const std::vector<unsigned char> b = bytes_of(good);
  const fs::path bad = dir / "bad.strw";

  SUBCASE("missing file") { refused(dir / "none.strw", {"cannot open"}); }
  SUBCASE("bad magic") {
    auto c = b;
    c[0] = 'X';
    write_bytes(bad, c);
    refused(bad, {"not a Stride weights file"});
    write_bytes(bad, {'S', 'T'});
    refused(bad, {"not a Stride weights file"});
    write_bytes(bad, {});
    refused(bad, {"not a Stride weights file"});
  }
  SUBCASE("unknown version") {
    auto c = b;
    put_u32_at(c, 4, 2);
    reseal(c);
    write_bytes(bad, c);
    refused(bad, {"version 2 is not supported", "version 1"});
  }
  SUBCASE("truncated anywhere") {
    for (std::size_t keep : {std::size_t{6}, std::size_t{14}, std::size_t{30}, std::size_t{60}, b.size() / 2,
                             b.size() - 5, b.size() - 1}) {
      CAPTURE(keep);
      write_bytes(bad, std::vector<unsigned char>(b.begin(), b.begin() + static_cast<long>(keep)));
      refused(bad, {"truncated"});
    }
    write_bytes(bad, std::vector<unsigned char>(b.begin(), b.begin() + 60));
    refused(bad, {"truncated", "tensor 'conv.weight'"});
  }
  SUBCASE("a flipped bit in the data: checksum mismatch") {
    auto c = b;
    c[b.size() / 2] ^= 0x10;
    write_bytes(bad, c);
    refused(bad, {"checksum mismatch", "damaged"});
    c = b;
    c.back() ^= 0x01;  // in the checksum itself
    write_bytes(bad, c);
    refused(bad, {"checksum mismatch"});
  }
  SUBCASE("a damaged length") {
    // Model name "tiny": the first tensor record starts at 12 + 4 + 4 = 20, its shape at 20 + 4 + 11.
    REQUIRE(u32_at(b, 20) == 11);
    auto c = b;
    put_u32_at(c, 20, 0x7fffffff);  // the first tensor's name length
    write_bytes(bad, c);
    refused(bad, {"damaged file", "the name of tensor 1"});
    c = b;
    put_u32_at(c, 35, 1u << 30);  // the first tensor's N: far more data than the file has
    write_bytes(bad, c);
    refused(bad, {"truncated", "tensor 'conv.weight'"});
    c = b;
    put_u32_at(c, 16, 1u << 30);  // the tensor count
    write_bytes(bad, c);
    refused(bad, {"damaged file", "tensors"});
  }
  SUBCASE("bytes after the checksum") {
    auto c = b;
    c.push_back(0);
    write_bytes(bad, c);
    refused(bad, {"after the checksum"});
  }
}

TEST_CASE("a file from another architecture is refused, naming the tensor") {
  stride::test::TempDir dir;
  SUBCASE("a shape differs") {
    Sequential wide;
    build(wide, 8);
    save_weights(wide, "wide", dir / "wide.strw");
    refused(dir / "wide.strw", {"tensor 'conv.weight' has shape 8\u00d71\u00d73\u00d73 in the file but 4\u00d71\u00d73\u00d73"});
  }
  SUBCASE("a tensor of the model is missing from the file") {
    Sequential renamed;
    build(renamed, 4, "classifier");
    save_weights(renamed, "renamed", dir / "renamed.strw");
    refused(dir / "renamed.strw", {"tensor 'head.weight' of the model is missing from the file", "'renamed'"});
  }
  SUBCASE("a tensor of the file is not in the model") {
    Sequential bigger;
    build(bigger);
    bigger.emplace<Dense>("extra", DenseOptions{3, 3});
    save_weights(bigger, "bigger", dir / "bigger.strw");
    refused(dir / "bigger.strw", {"tensor 'extra.bias' in the file is not part of the model"});
  }
  SUBCASE("a name twice") {
    Sequential m;
    build(m);
    WeightsFile w;
    w.model_name = "twice";
    for (auto& p : m.params()) w.tensors.push_back({p.name, *p.value});
    for (auto& p : m.buffers()) w.tensors.push_back({p.name, *p.value});
    w.tensors.push_back(w.tensors[0]);
    write_weights_file(dir / "twice.strw", w);
    refused(dir / "twice.strw", {"tensor 'conv.weight' appears twice"});
  }
}

TEST_CASE("a failed save leaves nothing half-written") {
  stride::test::TempDir dir;
  Sequential m;
  build(m);
  m.initialize(Init::he_normal, 5u);

  SUBCASE("a directory that does not exist") {
    const std::string expected = (dir / "no" / "w.strw").string() + ": cannot write";
    CHECK_THROWS_WITH_AS(save_weights(m, "x", dir / "no" / "w.strw"), doctest::Contains(expected.c_str()),
                         WeightsError);
    CHECK(listing(dir.path()).empty());
  }
  SUBCASE("the target is a directory: the rename fails, the temporary file goes") {
    fs::create_directory(dir / "taken");
    CHECK_THROWS_AS(save_weights(m, "x", dir / "taken"), WeightsError);
    CHECK(listing(dir.path()) == std::vector<fs::path>{"taken"});
    CHECK(fs::is_empty(dir / "taken"));
  }
  SUBCASE("the disk fills up mid-write: the old file survives intact") {
    const fs::path file = dir / "w.strw";
    save_weights(m, "old", file);
    const auto old_bytes = bytes_of(file);
    train_a_little(m);
    // A file size limit makes write() fail with EFBIG part of the way through, as a full disk
    // would (SIGXFSZ ignored so that the process sees the error instead of dying).
    rlimit saved{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    rlimit small = saved;
    small.rlim_cur = 300;
    auto* previous = std::signal(SIGXFSZ, SIG_IGN);
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    bool threw = false;
    try {
      save_weights(m, "new", file);
    } catch (const WeightsError& e) {
      threw = true;
      CHECK(std::string(e.what()).find(file.string() + ": cannot write") == 0);
    }
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previous);
    CHECK(threw);
    CHECK(bytes_of(file) == old_bytes);
    CHECK(listing(dir.path()) == std::vector<fs::path>{"w.strw"});
  }
}
