// The window's live training (src/lab/live_training.h) without a window: a worker thread trains
// while this thread pauses it, changes its learning rate and the next epoch's batch size, and
// cancels it; the first layer's filters come out with every progress event; the run's record
// (src/lab/training_record.h) holds what happened.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "lab/live_training.h"
#include "lab/training_record.h"
#include "nn/procedural_shapes.h"

using namespace stride;

namespace {

const char* kShapesModel = R"(model: shapes
input: 1x16x16
conv1: conv 6 3x3 pad 1
relu1: relu
pool1: maxpool 2x2
flat:  flatten
fc:    dense 4
)";

lab::TrainTest shapes_data() {
  return {nn::procedural_shapes(640, 16, 1), nn::procedural_shapes(200, 16, 2)};
}

nn::TrainConfig small_config() {
  nn::TrainConfig c;
  c.epochs = 2;
  c.batch = 32;
  c.lr = 0.01f;
  c.progress_every = 2;
  c.seed = 3;
  return c;
}

}  // namespace

TEST_CASE("live training: filters come with progress, the next epoch's batch applies, the record says so") {
  const nn::ModelSpec spec = nn::parse_model_spec(kShapesModel, "shapes.model");
  const lab::TrainTest data = shapes_data();
  lab::TrainingControls controls(0.01f, {32, nn::OptimizerKind::adam});
  std::vector<lab::LiveProgress> progress;
  std::vector<nn::EpochResult> epochs;
  const auto on_event = [&](const lab::LiveEvent& e) {
    if (const auto* p = std::get_if<lab::LiveProgress>(&e)) {
      progress.push_back(*p);
      // Asked during epoch 1, applied from epoch 2.
      if (p->progress.epoch == 1) controls.set_next_epoch({64, nn::OptimizerKind::sgd});
    } else {
      epochs.push_back(std::get<nn::EpochResult>(e));
    }
  };
  lab::LiveTrainingResult r = lab::run_live_training(spec, small_config(), data, controls, on_event, nullptr);
  REQUIRE(r.run.epochs.size() == 2);
  CHECK(r.run.epochs[0].batch == 32);
  CHECK(r.run.epochs[1].batch == 64);
  CHECK(r.run.epochs[1].optimizer == nn::OptimizerKind::sgd);
  REQUIRE(!progress.empty());
  const lab::FilterSnapshot& first = progress.front().filters;
  CHECK(first.layer == "conv1");
  CHECK(first.count == 6);
  CHECK(first.size == 3);
  CHECK(first.weights.size() == 6 * 9);
  // The filters learn: the last snapshot differs from the first, and equals the final weights.
  CHECK(progress.back().filters.weights != first.weights);
  CHECK(lab::first_layer_filters(*r.model).weights == progress.back().filters.weights);
  CHECK(r.curve.size() == progress.size());

  lab::TrainingRunInfo info{"shapes", small_config(), data.train.count, {"a", "b", "c", "d"}, "", ""};
  const lab::ExperimentResult rec = lab::training_record(info, r.run, r.curve, r.seconds);
  CHECK(rec.experiment == "train");
  CHECK(lab::record_param(rec, "model") == "shapes");
  CHECK(lab::record_param(rec, "batch") == "32");
  const lab::Table& t = const_cast<lab::ExperimentResult&>(rec).table("epochs");
  REQUIRE(t.rows.size() == 2);
  CHECK(std::get<std::int64_t>(t.rows[1][1]) == 64);
  CHECK(std::get<std::string>(t.rows[1][2]) == "sgd");
  const lab::Table& cm = const_cast<lab::ExperimentResult&>(rec).table("confusion");
  CHECK(cm.columns == std::vector<std::string>{"true", "a", "b", "c", "d"});
  std::int64_t total = 0;
  for (const auto& row : cm.rows)
    for (std::size_t c = 1; c < row.size(); ++c) total += std::get<std::int64_t>(row[c]);
  CHECK(total == 200);
  // Curves: training every two batches, test once per epoch.
  const lab::Plot& acc = const_cast<lab::ExperimentResult&>(rec).plot("accuracy");
  CHECK(acc.series[0].x.size() == r.curve.size());
  CHECK(acc.series[1].y == std::vector<double>{100 * epochs[0].test_acc, 100 * epochs[1].test_acc});
}

TEST_CASE("live training: a paused run waits, resumes, and a cancel stops it even while paused") {
  const nn::ModelSpec spec = nn::parse_model_spec(kShapesModel, "shapes.model");
  const lab::TrainTest data = shapes_data();
  lab::TrainingControls controls(0.01f, {32, nn::OptimizerKind::adam});
  std::atomic<bool> cancel{false};
  std::atomic<int> events{0};
  std::mutex m;
  std::vector<float> lrs;
  controls.set_paused(true);
  lab::LiveTrainingResult result;
  std::thread worker([&] {
    nn::TrainConfig c = small_config();
    c.epochs = 50;
    c.schedule = nn::LrSchedule::constant;
    result = lab::run_live_training(spec, c, data, controls,
                                    [&](const lab::LiveEvent& e) {
                                      if (const auto* p = std::get_if<lab::LiveProgress>(&e)) {
                                        std::lock_guard lock(m);
                                        lrs.push_back(static_cast<float>(p->progress.lr));
                                      }
                                      ++events;
                                    },
                                    &cancel);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(events.load() == 0);  // paused before the first batch
  controls.set_lr(0.002f);
  controls.set_paused(false);
  while (events.load() < 6) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  controls.set_paused(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int while_paused = events.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(events.load() == while_paused);  // nothing moves while paused
  cancel = true;
  worker.join();
  CHECK(result.run.cancelled);
  CHECK(result.run.epochs.size() < 50);
  std::lock_guard lock(m);
  REQUIRE(!lrs.empty());
  for (float lr : lrs) CHECK(lr == 0.002f);  // the live rate, set before the first step
}

TEST_CASE("live training refuses a model that does not take the images, naming both shapes") {
  const nn::ModelSpec spec = nn::parse_model_spec("model: big\ninput: 1x28x28\nflat: flatten\nfc: dense 4\n", "big.model");
  lab::TrainingControls controls(0.01f, {32, nn::OptimizerKind::adam});
  CHECK_THROWS_WITH(lab::run_live_training(spec, small_config(), shapes_data(), controls, {}, nullptr),
                    doctest::Contains("takes 1x28x28 inputs, but Fashion-MNIST images are 1x16x16"));
}
