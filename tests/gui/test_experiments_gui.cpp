// lab:experiments in the real App: an experiment configured by parameters (the same names as the
// command line's flags), run from the window as a job, its result drawn and stored as `stride lab
// NAME` stores it; a second run listed, opened and overlaid on the first; a run cancelled at once
// and stored as cancelled; the transfer strategies' picture and the pruning cut; a card whose demo
// names an experiment opens its tab, configured as the card says.
#include <doctest/doctest.h>

#include "gui/gui_support.h"
#include "lab/experiment_json.h"
#include "lab/training_record.h"
#include "support/datasets.h"
#include "support/skip.h"
#include "ui/keys.h"
#include "ui/screens/lab_experiments_screen.h"

using namespace stride;
using namespace stride::test;

TEST_CASE("lab:experiments: a sweep runs from the window, is stored like the CLI's, listed, opened and overlaid") {
  if (!have_fashion_mnist()) STRIDE_SKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabExperimentsScreen>("lab:experiments", "experiment=sweep trials=1 train-images=64 val-images=100");
  CHECK(screen.current() == "sweep");
  CHECK(screen.options().sweep.train_images == 64);
  // Only what differs from the defaults, as flags the command line takes.
  CHECK(screen.command_line() == "stride lab sweep --trials 1 --train-images 64 --val-images 100");
  CHECK(screen.past_runs().empty());

  click(offscreen, "experiment:run");
  REQUIRE(screen.panel().job());
  REQUIRE(offscreen.app().finish_jobs(600));
  offscreen.render(3);
  CHECK(offscreen.app().jobs().view(*screen.panel().job())->status == ui::JobStatus::finished);
  REQUIRE(screen.panel().stored_run());
  const auto runs = gui.collection.experiment_runs(std::string("sweep"), true);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].id == *screen.panel().stored_run());
  CHECK_FALSE(runs[0].cancelled);
  CHECK(runs[0].seed == 1);
  const lab::ExperimentResult stored = lab::from_json(runs[0].result_json);
  CHECK(lab::record_param(stored, "train_images") == "[0, 64) of the training set");
  CHECK(lab::record_param(stored, "trials") == "1 per method and batch size");
  REQUIRE(stored.tables.size() == 2);
  CHECK(stored.tables[0].rows.size() == 4);  // grid and random, batch 32 and 64, one trial each
  const lab::ExperimentResult* shown = screen.panel().shown();
  REQUIRE(shown);
  CHECK(shown->findings.size() == stored.findings.size());
  CHECK(screen.past_runs().size() == 1);  // the list follows what was stored
  CHECK(ui::item_rect("experiment:plot:accuracy_vs_lr").has_value());
  save(offscreen.capture(), "gui_experiments_sweep.png");

  // A second run with another seed; then the first opened and the second overlaid on it.
  screen.options().seed = 2;
  offscreen.render(1);  // the form with the new options
  click(offscreen, "experiment:run");
  REQUIRE(offscreen.app().finish_jobs(600));
  offscreen.render(3);
  REQUIRE(screen.past_runs().size() == 2);
  const int64_t second = screen.past_runs()[0].id, first = screen.past_runs()[1].id;
  CHECK(screen.past_runs()[0].seed == 2);
  click(offscreen, "experiment:open:" + std::to_string(first));
  CHECK(screen.panel().shown_run() == first);
  click(offscreen, "experiment:compare:" + std::to_string(second));
  CHECK(screen.panel().compared_run() == second);
  ui::LinePlot accuracy;
  REQUIRE(screen.panel().line_plot("accuracy_vs_lr", accuracy));
  CHECK(accuracy.log_x);
  REQUIRE(accuracy.series.size() == 8);  // two methods at two batch sizes, and the same four from the other run
  CHECK(accuracy.series[4].name.find("run " + std::to_string(second)) != std::string::npos);
  CHECK_FALSE(accuracy.series[4].in_legend);
  offscreen.render(2);
  save(offscreen.capture(), "gui_experiments_compare.png");

  // Cancelled at once: the job stops and the partial run is stored as cancelled, as Ctrl-C does.
  screen.options().sweep.train_images = 6000;
  screen.options().sweep.trials = 6;
  offscreen.render(1);  // the form with the new options
  click(offscreen, "experiment:run");
  offscreen.app().jobs().cancel(*screen.panel().job());
  REQUIRE(offscreen.app().finish_jobs(600));
  offscreen.render(2);
  CHECK(offscreen.app().jobs().view(*screen.panel().job())->status == ui::JobStatus::cancelled);
  const auto after = gui.collection.experiment_runs(std::string("sweep"), false);
  REQUIRE(after.size() == 3);
  CHECK(after[0].cancelled);
}

TEST_CASE("lab:experiments: the transfer strategies' picture, and prune's cut on the weight histogram") {
  if (!have_fashion_mnist()) STRIDE_SKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& screen = gui.open<ui::LabExperimentsScreen>("lab:experiments", "experiment=transfer epochs=8");
  CHECK(screen.current() == "transfer");
  CHECK(ui::item_rect("transfer:plan").has_value());
  CHECK(ui::item_rect("transfer:epoch").has_value());
  save(offscreen.capture(), "gui_experiments_transfer.png");
  // Bad parameters are refused with the key named, and the options stay as they were.
  CHECK(offscreen.app().select_screen("lab:experiments", "experiment=transfer shots=0").find("shots=0") !=
        std::string::npos);
  CHECK(screen.options().transfer.shots == 20);
  CHECK(offscreen.app().select_screen("lab:experiments", "experiment=dropout").find("experiment=dropout") !=
        std::string::npos);

  REQUIRE(offscreen.app().select_screen("lab:experiments",
                                        "experiment=prune rounds=1 retrain-images=64 test-images=64").empty());
  offscreen.render(2);
  CHECK(screen.current() == "prune");
  click(offscreen, "experiment:run");
  REQUIRE(offscreen.app().finish_jobs(600));
  offscreen.render(3);
  const lab::ExperimentResult* shown = screen.panel().shown();
  REQUIRE(shown);
  REQUIRE(!shown->histograms.empty());
  CHECK(shown->histograms[0].marks.size() == 2);  // the one-shot cut at 90 %
  CHECK(ui::item_rect("experiment:histogram:weights_before").has_value());
  CHECK(ui::item_rect("experiment:plot:accuracy").has_value());
  save(offscreen.capture(), "gui_experiments_prune.png");
}

TEST_CASE("a card whose demo names an experiment opens its tab from Run it, configured as the card says") {
  CHECK(ui::screen_for_demo("prune") == "lab:experiments");
  CHECK(ui::params_for_demo("prune") == "experiment=prune");
  CHECK(ui::screen_for_demo("batchnorm") == "lab:batchnorm");  // its own screen runs the experiment too
  CHECK(ui::params_for_demo("conv2d").empty());
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  offscreen.render(3);
  click(offscreen, "deck:CNN::Transfer learning");
  ui::ReviewState& review = offscreen.app().review();
  REQUIRE(review.card);
  REQUIRE(review.card->demo == "transfer shots=5");
  offscreen.press(ui::keys::space);
  offscreen.press(ui::keys::d);
  offscreen.render(3);
  REQUIRE(offscreen.app().screen() == "lab:experiments");
  auto& screen = dynamic_cast<ui::LabExperimentsScreen&>(offscreen.app().screen_state("lab:experiments"));
  CHECK(screen.current() == "transfer");
  CHECK(screen.options().transfer.shots == 5);
  CHECK(screen.command_line() == "stride lab transfer --shots 5");
  save(offscreen.capture(), "gui_experiments_from_card.png");
}
