// `stride lab train` as a user runs it: one JSON line per epoch on the real Fashion-MNIST
// (skipped when the Debian package dataset-fashion-mnist is absent), a weights file that
// `--save` writes, and the exit codes and messages of bad input and bad flags.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/stride_run.h"
#include "support/temp_dir.h"
#include "support/skip.h"

namespace fs = std::filesystem;

using stride::test::Output;
using stride::test::stride_run;

namespace {

bool have_dataset() { return stride::test::have_fashion_mnist(); }

// Every run is recorded in a collection: the test's own, never the user's.
std::string db_arg(const stride::test::TempDir& dir) { return "--db " + (dir / "c.db").string() + " "; }

}  // namespace

TEST_CASE("lab train --limit 512 --epochs 1 --json prints one JSON object and saves weights") {
  if (!have_dataset()) STRIDE_SKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
  stride::test::TempDir dir;
  const fs::path weights = dir / "fashionnet.strw";
  const Output r = stride_run(db_arg(dir) + "lab train --model fashionnet --limit 512 --epochs 1 --json --save " +
                                  weights.string(), dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  REQUIRE(!r.out.empty());
  CHECK(r.out.back() == '\n');
  CHECK(r.out.find('\n') == r.out.size() - 1);  // exactly one line
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j.size() == 6);
  CHECK(j.at("epoch") == 1);
  CHECK(j.at("train_loss").get<double>() > 0);
  CHECK(j.at("train_acc").get<double>() >= 0);
  CHECK(j.at("train_acc").get<double>() <= 1);
  CHECK(j.at("test_acc").get<double>() > 0.3);  // 8 steps: far from chance already
  CHECK(j.at("test_acc").get<double>() <= 1);
  CHECK(j.at("seconds").get<double>() > 0);
  CHECK(j.at("images_per_s").get<double>() > 0);
  std::ifstream in(weights, std::ios::binary);
  std::array<char, 4> magic{};
  in.read(magic.data(), 4);
  CHECK(std::string(magic.data(), 4) == "STRW");

  // The run is in the collection, where the window's Lab lists it, with the weights file.
  const Output runs = stride_run(db_arg(dir) + "lab runs train --json", dir);
  REQUIRE(runs.code == 0);
  REQUIRE(runs.out.find('\n') == runs.out.size() - 1);
  const nlohmann::json stored = nlohmann::json::parse(runs.out);
  CHECK(stored.at("experiment") == "train");
  CHECK(stored.at("status") == "completed");
  CHECK(stored.at("params").at("model") == "fashionnet");
  CHECK(stored.at("params").at("images") == "512");
  CHECK(stored.at("params").at("weights") == fs::absolute(weights).string());
  const nlohmann::json& epochs = stored.at("result").at("tables").at(0);
  CHECK(epochs.at("id") == "epochs");
  CHECK(epochs.at("rows").at(0).at(6).get<double>() == doctest::Approx(100 * j.at("test_acc").get<double>()));
  // The confusion matrix's rows add up to the 10,000 test images.
  const nlohmann::json& confusion = stored.at("result").at("tables").at(1);
  CHECK(confusion.at("id") == "confusion");
  long total = 0;
  for (const auto& row : confusion.at("rows"))
    for (std::size_t c = 1; c < row.size(); ++c) total += row.at(c).get<long>();
  CHECK(total == 10000);

  // --profile: where the epoch went, per layer (BN, ReLU and pool fused into one entry) and phase.
  const Output prof = stride_run(db_arg(dir) + "lab train --model fashionnet --limit 256 --epochs 1 --json --profile", dir);
  REQUIRE(prof.code == 0);
  const nlohmann::json p = nlohmann::json::parse(prof.out).at("profile");
  const nlohmann::json& layers = p.at("layers");
  REQUIRE(layers.size() == 12);  // FashionNet's layers (content/models/fashionnet.model)
  CHECK(layers.at(0).at("name") == "conv1");
  CHECK(layers.at(1).at("name") == "bn1");
  CHECK(layers.at(1).at("fused_with_next") == 2);
  CHECK(layers.at(2).at("forward_s").get<double>() == 0);  // relu1: inside bn1's time
  CHECK(layers.at(0).at("forward_s").get<double>() > 0);
  CHECK(layers.at(0).at("backward_s").get<double>() > 0);
  double in_layers = 0;
  for (const auto& l : layers) in_layers += l.at("forward_s").get<double>() + l.at("backward_s").get<double>();
  const double phases = p.at("forward_s").get<double>() + p.at("backward_s").get<double>();
  CHECK(in_layers <= phases * 1.0001);  // the layers' times are inside the model's passes
  CHECK(in_layers >= phases * 0.5);
  CHECK(p.at("forks").get<long>() > 0);
  const Output table = stride_run(db_arg(dir) + "lab train --model fashionnet --limit 256 --epochs 1 --profile", dir);
  REQUIRE(table.code == 0);
  CHECK(table.out.find("bn1..pool1   BatchNorm2d+ReLU+MaxPool2d") != std::string::npos);
  CHECK(table.out.find("optimiser (zero, update)") != std::string::npos);
}

// The model's input is checked against the data set's images, so this needs the data set.
TEST_CASE("lab train: a model that does not take 28x28 grey images exits 1") {
  if (!have_dataset()) STRIDE_SKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
  stride::test::TempDir dir;
  const Output r = stride_run(db_arg(dir) + "lab train --model alexnet --epochs 1", dir);
  CHECK(r.code == 1);
  CHECK(r.err.find("takes 3x227x227 inputs") != std::string::npos);
}

TEST_CASE("lab train: bad input exits 1 naming the file, bad flags exit 2") {
  stride::test::TempDir dir;
  SUBCASE("a missing dataset file") {
    const Output r = stride_run(db_arg(dir) + "lab train --model fashionnet --epochs 1", dir,
                                "STRIDE_FASHION_MNIST_DIR=" + (dir / "nowhere").string());
    CHECK(r.code == 1);
    CHECK(r.err.find((dir / "nowhere" / "train-images-idx3-ubyte.gz").string()) != std::string::npos);
  }
  SUBCASE("a model that does not exist") {
    const Output r = stride_run(db_arg(dir) + "lab train --model " + (dir / "none.model").string(), dir);
    CHECK(r.code == 1);
    CHECK(r.err.find("none.model") != std::string::npos);
  }
  SUBCASE("an unwritable --save file") {
    const fs::path target = dir / "missing" / "w.strw";
    const Output r = stride_run(db_arg(dir) + "lab train --model fashionnet --save " + target.string(), dir);
    CHECK(r.code == 1);
    CHECK(r.err.find(target.string() + ": cannot write") != std::string::npos);
  }
  SUBCASE("usage errors") {
    CHECK(stride_run(db_arg(dir) + "lab train", dir).code == 2);
    CHECK(stride_run(db_arg(dir) + "lab train --model fashionnet --epochs 0", dir).code == 2);
    CHECK(stride_run(db_arg(dir) + "lab train --model fashionnet --batch -3", dir).code == 2);
    CHECK(stride_run(db_arg(dir) + "lab train --model fashionnet --optimizer rmsprop", dir).code == 2);
    CHECK(stride_run(db_arg(dir) + "lab train --model fashionnet --schedule step", dir).code == 2);
    CHECK(stride_run(db_arg(dir) + "lab train --model fashionnet --lr abc", dir).code == 2);
    CHECK(stride_run(db_arg(dir) + "lab train --model fashionnet --frobnicate", dir).code == 2);
  }
  SUBCASE("help") {
    const Output r = stride_run(db_arg(dir) + "lab train --help", dir);
    CHECK(r.code == 0);
    CHECK(r.out.find("--optimizer") != std::string::npos);
  }
}
