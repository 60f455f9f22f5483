// The training loop (src/nn/trainer.h): it learns, it is reproducible from its seed, it stops
// within a batch when cancelled, its progress events are ordered and sane, it refuses bad
// configurations, and its steady state allocates nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <cmath>
#include <stdexcept>
#include <variant>
#include <vector>

#include "nn/activation.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/dense.h"
#include "nn/flatten.h"
#include "nn/max_pool.h"
#include "nn/procedural_shapes.h"
#include "nn/sequential.h"
#include "nn/thread_pool.h"
#include "nn/trainer.h"

using namespace stride::nn;

namespace {

// A small CNN for 16×16 procedural shapes (4 classes).
void build_shapes_net(Sequential& m, std::uint32_t seed) {
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
  m.initialize(Init::he_normal, seed);
}

struct Recorder {
  std::vector<TrainProgress> progress;
  std::vector<EpochResult> epochs;
  std::vector<int> order;  // 0 progress, 1 epoch, in arrival order

  TrainCallback callback() {
    return [this](const TrainEvent& e) {
      if (const auto* p = std::get_if<TrainProgress>(&e)) {
        progress.push_back(*p);
        order.push_back(0);
      } else {
        epochs.push_back(std::get<EpochResult>(e));
        order.push_back(1);
      }
    };
  }
};

TrainConfig shapes_config() {
  TrainConfig c;
  c.epochs = 2;
  c.batch = 32;
  c.lr = 0.01f;
  c.seed = 7;
  c.progress_every = 1;
  return c;
}

const ImageDataset& shapes_train() {
  static const ImageDataset d = procedural_shapes(2048, 16, 1);
  return d;
}
const ImageDataset& shapes_test() {
  static const ImageDataset d = procedural_shapes(500, 16, 2);
  return d;
}

}  // namespace

TEST_CASE("training on procedural shapes reaches high accuracy in a few hundred steps") {
  Sequential m;
  build_shapes_net(m, 1);
  TrainConfig c = shapes_config();
  c.epochs = 3;  // 3 × 64 = 192 steps; how long they take is bench/train_shapes.cpp's business
  const TrainResult r = train(m, shapes_train(), shapes_test(), c);
  REQUIRE(r.epochs.size() == 3);
  CHECK_FALSE(r.cancelled);
  CHECK(r.epochs.back().test_acc >= 0.95);
  CHECK(r.epochs.back().train_loss < r.epochs.front().train_loss);
  // evaluate() is the same measurement as the epoch's test accuracy.
  CHECK(evaluate(m, shapes_test(), c.batch) == r.epochs.back().test_acc);
}

TEST_CASE("the same seed gives the same loss sequence; another seed another one") {
  auto run = [](std::uint64_t shuffle_seed) {
    Sequential m;
    build_shapes_net(m, 3);
    TrainConfig c = shapes_config();
    c.seed = shuffle_seed;
    c.limit = 512;
    Recorder rec;
    train(m, shapes_train(), shapes_test(), c, rec.callback());
    std::vector<double> losses;
    for (const TrainProgress& p : rec.progress) losses.push_back(p.loss);
    for (const EpochResult& e : rec.epochs) losses.push_back(e.test_acc);
    return losses;
  };
  const std::vector<double> a = run(5), b = run(5), c = run(6);
  REQUIRE(a.size() == 2 * 16 + 2);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("cancellation stops within one batch") {
  Sequential m;
  build_shapes_net(m, 4);
  TrainConfig c = shapes_config();
  std::atomic<bool> cancel{false};
  Recorder rec;
  TrainCallback record = rec.callback();
  // Ask to stop while batch 10 of epoch 2 is being reported: no further batch may run.
  const TrainCallback on_event = [&](const TrainEvent& e) {
    record(e);
    if (const auto* p = std::get_if<TrainProgress>(&e); p && p->epoch == 2 && p->batch == 10) {
      cancel = true;
    }
  };
  const TrainResult r = train(m, shapes_train(), shapes_test(), c, on_event, &cancel);
  CHECK(r.cancelled);
  CHECK(r.epochs.size() == 1);  // epoch 2 was cut short: no result for it
  REQUIRE_FALSE(rec.progress.empty());
  CHECK(rec.progress.back().epoch == 2);
  CHECK(rec.progress.back().batch == 10);
  CHECK(rec.epochs.size() == 1);

  SUBCASE("a flag set before the start runs nothing") {
    Recorder none;
    const TrainResult r2 = train(m, shapes_train(), shapes_test(), c, none.callback(), &cancel);
    CHECK(r2.cancelled);
    CHECK(r2.epochs.empty());
    CHECK(none.progress.empty());
  }
}

TEST_CASE("progress events arrive in order with sane values") {
  Sequential m;
  build_shapes_net(m, 5);
  TrainConfig c = shapes_config();
  c.epochs = 3;
  c.limit = 1000;            // 31 full batches of 32 (the remainder of 8 is dropped)
  c.progress_every = 4;
  Recorder rec;
  const TrainResult r = train(m, shapes_train(), shapes_test(), c, rec.callback());
  REQUIRE(rec.epochs.size() == 3);
  // Per epoch: batches 4, 8, ..., 28, then the last batch 31, then the epoch result.
  const std::vector<std::size_t> expected{4, 8, 12, 16, 20, 24, 28, 31};
  REQUIRE(rec.progress.size() == 3 * expected.size());
  std::size_t i = 0;
  for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
    for (std::size_t b : expected) {
      const TrainProgress& p = rec.progress[i];
      CHECK(rec.order[i + epoch - 1] == 0);
      CHECK(p.epoch == epoch);
      CHECK(p.epochs == 3);
      CHECK(p.batch == b);
      CHECK(p.batches == 31);
      CHECK(std::isfinite(p.loss));
      CHECK(p.loss > 0);
      CHECK(p.accuracy >= 0);
      CHECK(p.accuracy <= 1);
      CHECK(p.images_per_s > 0);
      CHECK(p.eta_s >= 0);
      ++i;
    }
    CHECK(rec.order[i + epoch - 1] == 1);
    const EpochResult& e = rec.epochs[epoch - 1];
    CHECK(e.epoch == epoch);
    // The epoch's figures are the running figures after its last batch.
    CHECK(e.train_loss == doctest::Approx(rec.progress[i - 1].loss));
    CHECK(e.train_acc == doctest::Approx(rec.progress[i - 1].accuracy));
    CHECK(e.test_acc >= 0);
    CHECK(e.test_acc <= 1);
    CHECK(e.seconds > 0);
    CHECK(e.eval_seconds > 0);
    CHECK(e.images_per_s == doctest::Approx(31 * 32 / e.seconds));
    CHECK(e.images_per_s > 0);
  }
  // The ETA counts down over the run.
  CHECK(rec.progress.back().eta_s < rec.progress.front().eta_s);
  CHECK(r.epochs.size() == 3);
}

TEST_CASE("the steady state allocates no buffers") {
  Sequential m;
  build_shapes_net(m, 6);
  TrainConfig c = shapes_config();
  c.epochs = 3;
  c.limit = 1000;  // a dropped remainder, and a test set of 500 that ends in a short batch
  std::vector<std::uint64_t> counts;
  const TrainCallback on_event = [&](const TrainEvent& e) {
    if (std::holds_alternative<TrainProgress>(e)) counts.push_back(buffer_allocations());
  };
  counts.reserve(200);
  train(m, shapes_train(), shapes_test(), c, on_event);
  const std::size_t per_epoch = counts.size() / 3;
  REQUIRE(per_epoch == 31);
  // From the first batch of epoch 2 on (after one training epoch and one evaluation), nothing.
  CHECK(counts.back() == counts[per_epoch]);
}

TEST_CASE("bad configurations and misfit models are refused") {
  Sequential m;
  build_shapes_net(m, 8);
  TrainConfig c = shapes_config();
  const ImageDataset& d = shapes_train();
  c.epochs = 0;
  CHECK_THROWS_AS(train(m, d, shapes_test(), c), std::invalid_argument);
  c = shapes_config();
  c.batch = 0;
  CHECK_THROWS_AS(train(m, d, shapes_test(), c), std::invalid_argument);
  c = shapes_config();
  c.lr = 0;
  CHECK_THROWS_AS(train(m, d, shapes_test(), c), std::invalid_argument);
  c = shapes_config();
  CHECK_THROWS_AS(train(m, ImageDataset{}, shapes_test(), c), std::invalid_argument);

  SUBCASE("images of another size") {
    const ImageDataset big = procedural_shapes(64, 20, 3);
    CHECK_THROWS_AS(train(m, big, shapes_test(), c), ShapeError);
  }
  SUBCASE("fewer outputs than classes") {
    Sequential two;
    two.emplace<Flatten>("flat");
    two.emplace<Dense>("fc", DenseOptions{256, 2});
    two.initialize(Init::he_normal, 1u);
    CHECK_THROWS_WITH_AS(train(two, d, shapes_test(), c),
                         doctest::Contains("has 2 outputs but the data has class 3"),
                         std::invalid_argument);
  }
  CHECK(parse_optimizer("adam") == OptimizerKind::adam);
  CHECK(parse_optimizer("sgd") == OptimizerKind::sgd);
  CHECK_FALSE(parse_optimizer("rmsprop"));
  CHECK(std::string(name_of(OptimizerKind::sgd)) == "sgd");
}

TEST_CASE("SGD with momentum trains too; a training set smaller than a batch is one batch") {
  Sequential m;
  build_shapes_net(m, 9);
  TrainConfig c = shapes_config();
  c.optimizer = OptimizerKind::sgd;
  c.lr = 0.05f;
  c.epochs = 3;
  const TrainResult r = train(m, shapes_train(), shapes_test(), c);
  CHECK(r.epochs.back().test_acc >= 0.9);

  Sequential small;
  build_shapes_net(small, 10);
  TrainConfig tiny = shapes_config();
  tiny.limit = 20;
  tiny.epochs = 1;
  Recorder rec;
  train(small, shapes_train(), shapes_test(), tiny, rec.callback());
  REQUIRE(rec.progress.size() == 1);
  CHECK(rec.progress[0].batches == 1);
}

TEST_CASE("learning rate schedules: constant, and cosine annealing to zero") {
  CHECK(learning_rate_at(LrSchedule::constant, 0.01, 500, 1000) == 0.01);
  CHECK(learning_rate_at(LrSchedule::cosine, 0.01, 0, 1000) == 0.01);
  CHECK(learning_rate_at(LrSchedule::cosine, 0.01, 500, 1000) == doctest::Approx(0.005));
  CHECK(learning_rate_at(LrSchedule::cosine, 0.01, 250, 1000) ==
        doctest::Approx(0.01 * (1 + std::sqrt(0.5)) / 2));
  CHECK(learning_rate_at(LrSchedule::cosine, 0.01, 1000, 1000) == doctest::Approx(0.0));
  CHECK(parse_schedule("cosine") == LrSchedule::cosine);
  CHECK(parse_schedule("constant") == LrSchedule::constant);
  CHECK_FALSE(parse_schedule("step"));
  CHECK(std::string(name_of(LrSchedule::cosine)) == "cosine");

  // The rate a step used is reported with its progress event.
  for (LrSchedule schedule : {LrSchedule::constant, LrSchedule::cosine}) {
    Sequential m;
    build_shapes_net(m, 12);
    TrainConfig c = shapes_config();
    c.schedule = schedule;
    c.limit = 320;  // 10 batches per epoch, 20 steps
    Recorder rec;
    train(m, shapes_train(), shapes_test(), c, rec.callback());
    REQUIRE(rec.progress.size() == 20);
    for (std::size_t step = 0; step < 20; ++step) {
      CHECK(rec.progress[step].lr ==
            static_cast<float>(learning_rate_at(schedule, c.lr, step, 20)));
    }
  }
}

TEST_CASE("the thread count is the config's") {
  Sequential m;
  build_shapes_net(m, 11);
  TrainConfig c = shapes_config();
  c.epochs = 1;
  c.limit = 64;
  c.threads = 1;
  train(m, shapes_train(), shapes_test(), c);
  CHECK(ThreadPool::global().size() == 1);
  c.threads = 0;
  train(m, shapes_train(), shapes_test(), c);
  CHECK(ThreadPool::global().size() == std::max(1u, std::thread::hardware_concurrency()));
}

TEST_CASE("the test split's confusion matrix and loss agree with its accuracy") {
  Sequential m;
  build_shapes_net(m, 13);
  TrainConfig c = shapes_config();
  c.epochs = 1;
  c.limit = 640;
  Recorder rec;
  train(m, shapes_train(), shapes_test(), c, rec.callback());
  REQUIRE(rec.epochs.size() == 1);
  const EpochResult& e = rec.epochs[0];
  REQUIRE(e.classes == 4);
  REQUIRE(e.confusion.size() == 16);
  std::uint64_t total = 0, diagonal = 0;
  std::vector<std::uint64_t> per_class(4, 0);
  for (std::size_t t = 0; t < 4; ++t)
    for (std::size_t p = 0; p < 4; ++p) {
      total += e.confusion[t * 4 + p];
      per_class[t] += e.confusion[t * 4 + p];
      if (t == p) diagonal += e.confusion[t * 4 + p];
    }
  CHECK(total == shapes_test().count);
  CHECK(static_cast<double>(diagonal) / static_cast<double>(total) == doctest::Approx(e.test_acc));
  // Rows are true classes: their sums are the test set's class counts.
  for (std::size_t t = 0; t < 4; ++t) {
    const auto n = std::count(shapes_test().labels.begin(), shapes_test().labels.end(), t);
    CHECK(per_class[t] == static_cast<std::uint64_t>(n));
  }
  // The test loss is the mean cross-entropy of the same model in eval mode, computed here again
  // over the same batches (fill_batch standardises each batch as a whole; eval mode treats the
  // images of a batch independently, so the evaluator's zero padding changes nothing).
  double loss = 0;
  Tensor x;
  std::vector<int> labels;
  for (std::size_t begin = 0; begin < shapes_test().count; begin += c.batch) {
    std::vector<std::uint32_t> idx;
    for (std::size_t i = begin; i < std::min(begin + c.batch, shapes_test().count); ++i)
      idx.push_back(static_cast<std::uint32_t>(i));
    fill_batch(shapes_test(), idx, x, labels);
    const Tensor& z = m.forward(x, Mode::eval);
    for (std::size_t i = 0; i < idx.size(); ++i) {
      double sum = 0;
      for (std::size_t k = 0; k < 4; ++k) sum += std::exp(static_cast<double>(z[i * 4 + k]));
      loss += std::log(sum) - z[i * 4 + static_cast<std::size_t>(labels[i])];
    }
  }
  CHECK(e.test_loss == doctest::Approx(loss / static_cast<double>(shapes_test().count)).epsilon(1e-4));
}

TEST_CASE("a live learning rate applies from the next step; pausing hooks run before every batch") {
  Sequential a, b;
  build_shapes_net(a, 14);
  build_shapes_net(b, 14);
  TrainConfig c = shapes_config();
  c.schedule = LrSchedule::constant;
  c.limit = 320;  // 10 batches per epoch
  Recorder plain;
  train(a, shapes_train(), shapes_test(), c, plain.callback());

  std::atomic<float> lr{c.lr};
  std::size_t hooks = 0;
  c.live_lr = &lr;
  c.before_batch = [&] {
    ++hooks;
    if (hooks == 6) lr.store(c.lr / 10);  // before the 6th batch
  };
  Recorder live;
  train(b, shapes_train(), shapes_test(), c, live.callback());
  REQUIRE(live.progress.size() == 20);
  CHECK(hooks == 20);
  for (std::size_t s = 0; s < 20; ++s) CHECK(live.progress[s].lr == (s < 5 ? c.lr : c.lr / 10));
  // The same five first steps, then another path.
  for (std::size_t s = 0; s < 5; ++s) CHECK(live.progress[s].recent_loss == plain.progress[s].recent_loss);
  CHECK(live.progress[6].recent_loss != plain.progress[6].recent_loss);
  // With progress every batch, the recent figures are each batch's own.
  CHECK(live.progress[0].recent_loss == doctest::Approx(live.progress[0].loss));
}

TEST_CASE("batch size and optimiser change between epochs") {
  Sequential m;
  build_shapes_net(m, 15);
  TrainConfig c = shapes_config();
  c.epochs = 3;
  c.limit = 640;
  std::vector<std::size_t> asked;
  c.adjust_epoch = [&](std::size_t epoch, EpochSettings& s) {
    asked.push_back(s.batch);
    if (epoch == 2) s.batch = 64;
    if (epoch == 3) s.optimizer = OptimizerKind::sgd;
  };
  Recorder rec;
  const TrainResult r = train(m, shapes_train(), shapes_test(), c, rec.callback());
  REQUIRE(r.epochs.size() == 3);
  CHECK(asked == std::vector<std::size_t>{32, 32, 64});
  CHECK(r.epochs[0].batch == 32);
  CHECK(r.epochs[1].batch == 64);
  CHECK(r.epochs[2].batch == 64);
  CHECK(r.epochs[1].optimizer == OptimizerKind::adam);
  CHECK(r.epochs[2].optimizer == OptimizerKind::sgd);
  // 20 batches of 32, then 10 of 64 per epoch; the cosine schedule ends at 0 over 40 steps.
  CHECK(rec.progress[19].batches == 20);
  CHECK(rec.progress[20].batches == 10);
  CHECK(rec.progress.back().step == 40);
  CHECK(rec.progress.back().batch_size == 64);
  CHECK(rec.progress.back().lr == static_cast<float>(learning_rate_at(LrSchedule::cosine, c.lr, 39, 40)));
  for (const EpochResult& e : r.epochs) CHECK(std::isfinite(e.train_loss));
}
