// The batch-norm demo: its statistics against the definitions (Ioffe & Szegedy 2015, Alg. 1 and 2;
// PyTorch's running-statistics update), and the experiment run as a job from the screen.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "demos/batchnorm_demo.h"
#include "demos/picture.h"
#include "lab/pretrained.h"
#include "nn/batch_norm.h"
#include "gui/gui_support.h"
#include "ui/keys.h"
#include "ui/screens/lab_batchnorm_screen.h"

using namespace stride;
using namespace stride::test;

TEST_CASE("batch-norm demo: train mode normalises with the batch, updates the running statistics, eval uses them") {
  demos::BatchNormDemo demo(demos::fashion_test_images());
  demo.reset(false);  // fresh running statistics: mean 0, variance 1
  demos::BnSettings s;
  s.batch = 8;
  s.channel = 3;
  s.gamma = 1.5f;
  s.beta = -0.25f;
  demo.next_batch(s);
  const demos::BnView v = demo.view(s, true);
  CHECK(v.images == 8);
  CHECK(v.positions == 784);
  // z has mean 0 and (biased) variance σ²/(σ² + ε): std 1 to within ε.
  CHECK(v.normalised.mean == doctest::Approx(0).epsilon(1e-4).scale(1));
  CHECK(v.normalised.stddev == doctest::Approx(std::sqrt(v.batch_var / (v.batch_var + 1e-5))).epsilon(1e-4));
  CHECK(v.output.mean == doctest::Approx(-0.25).epsilon(1e-3));
  CHECK(v.output.stddev == doctest::Approx(1.5 * v.normalised.stddev).epsilon(1e-3));
  CHECK(v.before.mean == doctest::Approx(v.batch_mean).epsilon(1e-6));
  // One step from fresh statistics (0, 1), momentum 0.1; the variance that enters is unbiased.
  const double m = 8.0 * 784.0;
  CHECK(v.batches_seen == 1);
  CHECK(v.running_mean == doctest::Approx(0.1 * v.batch_mean).epsilon(1e-5));
  CHECK(v.running_var == doctest::Approx(0.9 + 0.1 * v.batch_var * m / (m - 1)).epsilon(1e-5));
  // Eval mode on the next batch: the running statistics normalise it, and nothing moves.
  s.eval = true;
  demo.next_batch(s);
  const demos::BnView e = demo.view(s, true);
  CHECK(e.batches_seen == 1);
  CHECK(e.used_mean == doctest::Approx(v.running_mean));
  CHECK(e.running_var == doctest::Approx(v.running_var));
  CHECK(e.normalised.mean == doctest::Approx((e.batch_mean - v.running_mean) / std::sqrt(v.running_var + 1e-5)).epsilon(1e-4));
  CHECK(e.normalised.stddev == doctest::Approx(std::sqrt(e.batch_var / (v.running_var + 1e-5))).epsilon(1e-4));
}

TEST_CASE("batch-norm demo: it starts from the running statistics FashionNet's bn1 learned") {
  demos::BatchNormDemo demo(demos::fashion_test_images());
  auto model = lab::load_pretrained("fashionnet", "fashionnet");
  auto& bn1 = dynamic_cast<nn::BatchNorm2d&>(model->at("bn1"));
  demos::BnSettings s;
  s.batch = 16;
  s.channel = 7;
  s.eval = true;
  demo.next_batch(s);
  const demos::BnView v = demo.view(s, true);
  CHECK(demo.trained_start());
  CHECK(v.used_mean == doctest::Approx(bn1.running_mean()[7]));
  CHECK(v.used_var == doctest::Approx(bn1.running_var()[7]));
  // Statistics learned over the training set normalise a test batch to roughly 0 and 1.
  CHECK(std::abs(v.normalised.mean) < 0.5);
  CHECK(v.normalised.stddev == doctest::Approx(1).epsilon(0.5));
}

TEST_CASE("batch-norm demo: small batches' statistics wander more than large ones'") {
  const demos::BatchNoise noise = demos::batch_noise(demos::fashion_test_images(), 6);
  REQUIRE(noise.sizes.size() == 9);
  CHECK(noise.sizes.front() == 1);
  CHECK(noise.sizes.back() == 256);
  REQUIRE(noise.std_spread.size() == 32);
  int wider = 0;
  for (const auto& s : noise.std_spread) wider += s.front() > 4 * s.back() ? 1 : 0;
  CHECK(wider >= 28);  // single images against batches of 256, channel by channel
}

TEST_CASE("lab:batchnorm: the experiment runs as a job, its curves grow, and the run is stored") {
  GuiApp gui;
  auto& offscreen = gui.offscreen;
  auto& collection = gui.collection;
  auto& screen = gui.open<ui::LabBatchnormScreen>("lab:batchnorm", "batch=16 channel=2 mode=train");
  REQUIRE(screen.view());
  CHECK(screen.view()->images == 16);
  // A small run: the screen drives the same lab::run_batchnorm the command line does.
  auto& o = screen.experiment_options();
  o.train_images = 320;
  o.test_images = 200;
  o.epochs = 1;
  o.lrs = {0.05};
  o.loss_every = 2;
  click(offscreen, "bn:experiment");
  REQUIRE(screen.experiment_job());
  REQUIRE(offscreen.app().finish_jobs(300));
  offscreen.render(2);
  const ui::JobView* job = offscreen.app().jobs().view(*screen.experiment_job());
  REQUIRE(job);
  CHECK(job->status == ui::JobStatus::finished);
  CHECK(screen.noise_ready());
  ui::LinePlot loss;
  REQUIRE(screen.experiment().line_plot("loss", loss));
  CHECK(loss.series.size() == 2);  // with and without BN at the one learning rate
  for (const auto& s : loss.series) {  // 320 images = 5 steps of 64, a point every 2 steps
    CHECK(s.y.size() >= 2);
    CHECK(std::is_sorted(s.x.begin(), s.x.end()));
    for (double y : s.y) CHECK(std::isfinite(y));
  }
  REQUIRE(screen.stored_run());
  const auto runs = collection.experiment_runs(std::string("batchnorm"), true);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].id == *screen.stored_run());
  CHECK_FALSE(runs[0].cancelled);
  CHECK(runs[0].result_json.find("\"findings\"") != std::string::npos);
  save(offscreen.capture(), "gui_batchnorm_experiment.png");

  // Cancel a second run at once: it stops and is stored as cancelled, like Ctrl-C on the CLI.
  o.train_images = 2000;
  o.epochs = 3;
  click(offscreen, "bn:experiment");
  offscreen.app().jobs().cancel(*screen.experiment_job());
  REQUIRE(offscreen.app().finish_jobs(300));
  offscreen.render(1);
  CHECK(offscreen.app().jobs().view(*screen.experiment_job())->status == ui::JobStatus::cancelled);
  const auto after = collection.experiment_runs(std::string("batchnorm"), false);
  REQUIRE(after.size() == 2);
  CHECK(after[0].cancelled);
}

TEST_CASE("a batch-norm card's Run it opens lab:batchnorm set up for it, and Esc returns to the card") {
  TempDir dir;
  auto collection = open_gui_collection(dir);
  FixedClock clock(kNow);
  ui::OffscreenApp offscreen(collection, clock, kWidth, kHeight);
  offscreen.render(3);
  click(offscreen, "deck:CNN::Batch normalisation");
  ui::ReviewState& review = offscreen.app().review();
  REQUIRE(review.card);
  REQUIRE(review.card->demo == "batchnorm batch=4 mode=eval");
  const int64_t card = review.card->id;
  offscreen.press(ui::keys::space);
  offscreen.press(ui::keys::d);
  offscreen.render(2);
  CHECK(offscreen.app().screen() == "lab:batchnorm");
  auto& screen = dynamic_cast<ui::LabBatchnormScreen&>(offscreen.app().screen_state("lab:batchnorm"));
  REQUIRE(screen.view());
  CHECK(screen.view()->images == 4);
  CHECK(screen.settings().eval);
  save(offscreen.capture(), "gui_batchnorm_from_card.png");
  offscreen.press(ui::keys::escape);
  offscreen.render(2);
  CHECK(offscreen.app().screen() == "review");
  REQUIRE(review.card);
  CHECK(review.card->id == card);
  CHECK(review.answer_shown);
}
