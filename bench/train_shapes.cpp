// How long the trainer takes on the small procedural-shapes CNN that tests/unit/test_nn_trainer.cpp
// trains (the test checks what it learns; its speed is measured here, where a slow machine cannot
// fail a test):
//   stride_train_shapes [RUNS] [THREADS]   (default 3 runs, all cores)
// Prints each run's wall time, training images/s and final test accuracy, then the best run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "nn/activation.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/flatten.h"
#include "nn/max_pool.h"
#include "nn/procedural_shapes.h"
#include "nn/sequential.h"
#include "nn/trainer.h"

using namespace stride::nn;

namespace {

// A whole non-negative number, or -1.
long number(const char* text) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && v >= 0 ? v : -1;
}

}  // namespace

int main(int argc, char** argv) {
  const long runs = argc > 1 ? number(argv[1]) : 3;
  const long threads = argc > 2 ? number(argv[2]) : 0;
  if (runs < 1 || threads < 0 || argc > 3) {
    std::fprintf(stderr, "usage: stride_train_shapes [RUNS] [THREADS]\n");
    return 2;
  }
  // The same data, network and configuration as the test.
  const ImageDataset train_set = procedural_shapes(2048, 16, 1);
  const ImageDataset test_set = procedural_shapes(500, 16, 2);
  double best = 1e300;
  for (long run = 0; run < runs; ++run) {
    Sequential m;
    m.emplace<Conv2d>("conv1", Conv2dOptions{1, 8, 3, 1, 1});
    m.emplace<BatchNorm2d>("bn1", BatchNormOptions{8});
    m.emplace<ReLU>("relu1");
    m.emplace<MaxPool2d>("pool1", PoolOptions{2});
    m.emplace<Conv2d>("conv2", Conv2dOptions{8, 16, 3, 1, 1});
    m.emplace<BatchNorm2d>("bn2", BatchNormOptions{16});
    m.emplace<ReLU>("relu2");
    m.emplace<MaxPool2d>("pool2", PoolOptions{2});
    m.emplace<Flatten>("flat");
    m.emplace<Dense>("fc", DenseOptions{16 * 4 * 4, 4});
    m.initialize(Init::he_normal, 1);
    TrainConfig c;
    c.epochs = 3;
    c.batch = 32;
    c.lr = 0.01f;
    c.seed = 7;
    c.progress_every = 1;
    c.threads = static_cast<std::size_t>(threads);
    const auto t0 = std::chrono::steady_clock::now();
    const TrainResult r = train(m, train_set, test_set, c);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double train_s = 0;
    for (const EpochResult& e : r.epochs) train_s += e.seconds;
    std::printf("run %ld: %.2f s in all (3 epochs, 192 steps, with evaluation), %.0f training images/s, "
                "test accuracy %.3f\n",
                run + 1, s, 3 * 2048 / train_s, r.epochs.back().test_acc);
    best = std::min(best, s);
  }
  std::printf("best of %ld: %.2f s\n", runs, best);
}
