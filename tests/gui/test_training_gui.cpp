// lab:training in the real App: a short run started from the window, paused (nothing moves),
// its learning rate and next epoch's batch size changed, resumed to the end; the curves, the
// first layer's filters and the confusion matrix drawn; the run recorded in the collection with
// its weights, listed, overlaid on a second (stopped) run, and opened in the network explorer.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <numeric>
#include <thread>

#include "gui/gui_support.h"
#include "lab/experiment_json.h"
#include "lab/training_record.h"
#include "support/skip.h"
#include "support/datasets.h"
#include "ui/screens/lab_explorer_screen.h"
#include "ui/screens/lab_training_screen.h"

using namespace stride;
using namespace stride::test;

namespace {

// Renders frames (so posted progress is applied) for about `ms` milliseconds of wall time.
void render_for(ui::OffscreenApp& offscreen, int ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    offscreen.render(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

TEST_CASE("lab:training: start, pause, change the rate and batch, resume; the run is stored and explorable") {
  if (!have_fashion_mnist()) STRIDE_SKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabTrainingScreen>("lab:training", "images=2000 epochs=2 batch=64 lr=0.002");
  REQUIRE(!screen.models().empty());
  CHECK(screen.models()[static_cast<std::size_t>(screen.form().model)].source == "fashionnet");

  click(offscreen, "train:start");
  // Pause at once: the worker stops before its next batch and nothing moves while paused.
  click(offscreen, "train:pause");
  CHECK(screen.paused());
  render_for(offscreen, 1500);  // long enough to load the data set and reach the first batch
  const std::size_t seen = screen.live().curve.size();
  render_for(offscreen, 500);
  CHECK(screen.live().curve.size() == seen);
  CHECK(screen.live().epochs.empty());
  // Half the rate at once; batches of 128 from epoch 2.
  screen.set_lr(0.001f);
  screen.set_next_epoch(128, false);
  click(offscreen, "train:pause");  // Resume
  CHECK_FALSE(screen.paused());
  REQUIRE(offscreen.app().finish_jobs(600));
  offscreen.render(3);

  const auto& live = screen.live();
  REQUIRE(live.epochs.size() == 2);
  CHECK(live.epochs[0].batch == 64);
  CHECK(live.epochs[1].batch == 128);
  CHECK(live.epochs[1].test_acc > 0.6);  // 2,000 images twice: far above chance (10 %)
  REQUIRE(live.progress);
  // The schedule (cosine) scales the live base rate: never above it.
  CHECK(live.progress->lr <= 0.001 + 1e-9);
  CHECK(live.curve.size() >= 4);
  CHECK(live.filters.count == 32);
  CHECK(live.filters.size == 3);
  // The confusion matrix covers the whole test set.
  const auto& cm = live.epochs[1].confusion;
  CHECK(std::accumulate(cm.begin(), cm.end(), 0u) == 10000u);
  CHECK(ui::item_rect("train:confusion:matrix").has_value());

  // Recorded with its weights, as `stride lab runs train` lists it.
  REQUIRE(live.run_id);
  const int64_t first = *live.run_id;  // live() is the next run's once that starts
  const auto runs = gui.collection.experiment_runs(std::string("train"), true);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].id == *live.run_id);
  CHECK_FALSE(runs[0].cancelled);
  const lab::ExperimentResult record = lab::from_json(runs[0].result_json);
  CHECK(lab::record_param(record, "images") == "2000");
  CHECK(lab::record_param(record, "lr") == "0.002");  // as it started
  const std::string weights = lab::record_param(record, "weights").value_or("");
  CHECK(std::filesystem::exists(weights));
  // The saved network classifies as the run measured: same accuracy on the test set.
  CHECK(lab::load_trained_model(record)->param_count() > 0);
  save(offscreen.capture(), "gui_training.png");

  // A second run, stopped at once: stored as stopped, without weights; both runs listed.
  screen.form().epochs = 3;
  click(offscreen, "train:start");
  click(offscreen, "train:stop");
  REQUIRE(offscreen.app().finish_jobs(300));
  offscreen.render(3);
  const auto both = gui.collection.experiment_runs(std::string("train"), true);
  REQUIRE(both.size() == 2);
  CHECK(both[0].cancelled);
  CHECK(lab::record_param(lab::from_json(both[0].result_json), "weights") == "");
  // Overlay the first run on the (empty) curves of the stopped one.
  click(offscreen, "train:compare:" + std::to_string(first));
  CHECK(screen.compared() == first);
  offscreen.render(2);
  save(offscreen.capture(), "gui_training_compare.png");

  // Open the first run in the network explorer: its own network, not the shipped one.
  click(offscreen, "train:explore:" + std::to_string(first));
  offscreen.render(3);
  REQUIRE(offscreen.app().screen() == "lab:explorer");
  auto& explorer = dynamic_cast<ui::LabExplorerScreen&>(offscreen.app().screen_state("lab:explorer"));
  CHECK(explorer.error().empty());
  CHECK(explorer.run() == first);
  REQUIRE(explorer.exploration());
  CHECK(explorer.exploration()->layers.size() == 12);
  save(offscreen.capture(), "gui_training_explorer.png");
}
