// The plumbing every lab experiment shares (src/lab/experiment.h, experiment_json.h) and the
// collection's table of runs (src/store/experiment_runs.h): histograms count what they are given,
// progress fractions add up, a result survives JSON, runs are stored and listed, and the trainer's
// experiment hooks run when they should.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "lab/experiment.h"
#include "lab/experiment_json.h"
#include "lab/reported_training.h"
#include "nn/dense.h"
#include "nn/flatten.h"
#include "nn/procedural_shapes.h"
#include "store/collection.h"
#include "store/store_error.h"
#include "support/temp_dir.h"

using namespace stride;

TEST_CASE("make_histogram counts every value once, clamps outliers and measures mean and spread") {
  const std::vector<float> v = {-5.0f, 0.0f, 0.1f, 0.5f, 0.99f, 1.0f, 7.0f};
  const lab::Histogram h = lab::make_histogram("h", "t", v.data(), v.size(), 0.0, 1.0, 4);
  REQUIRE(h.counts.size() == 4);
  CHECK(h.counts[0] == 3);  // -5 (clamped), 0, 0.1
  CHECK(h.counts[1] == 0);
  CHECK(h.counts[2] == 1);  // 0.5
  CHECK(h.counts[3] == 3);  // 0.99, 1.0 and 7 (clamped)
  double mean = 0;
  for (float x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double var = 0;
  for (float x : v) var += (x - mean) * (x - mean);
  CHECK(h.mean == doctest::Approx(mean));
  CHECK(h.stddev == doctest::Approx(std::sqrt(var / static_cast<double>(v.size()))));
  CHECK_THROWS(lab::make_histogram("h", "t", v.data(), v.size(), 1.0, 1.0, 4));
}

TEST_CASE("Reporter turns units into a fraction and forwards points") {
  std::vector<lab::ExperimentEvent> events;
  lab::Reporter r([&](const lab::ExperimentEvent& e) { events.push_back(e); });
  r.begin(10);
  r.set_phase("one");
  r.advance(4, "four");
  r.point("acc", "a", 1, 50);
  r.advance(100);
  REQUIRE(events.size() == 4);
  CHECK(std::get<lab::Progress>(events[0]).fraction == 0.0);
  CHECK(std::get<lab::Progress>(events[1]).fraction == doctest::Approx(0.4));
  CHECK(std::get<lab::Progress>(events[1]).phase == "one");
  CHECK(std::get<lab::CurvePoint>(events[2]).y == 50);
  CHECK(std::get<lab::Progress>(events[3]).fraction == 1.0);  // never past the end
  std::atomic<bool> stop{false};
  lab::Reporter c({}, &stop);
  CHECK_FALSE(c.cancelled());
  stop = true;
  CHECK(c.cancelled());
}

TEST_CASE("an experiment result survives JSON, non-finite numbers as null") {
  lab::ExperimentResult r;
  r.experiment = "demo";
  r.params = {{"shots", "20"}};
  r.tables.push_back({"t", "T", {"name", "acc", "params"}, {{std::string("a"), 0.5, std::int64_t{42}}}});
  r.plots.push_back({"p", "P", "epoch", "acc", true, {{"s", {1, 2}, {3, std::numeric_limits<double>::quiet_NaN()}}}});
  r.findings.push_back({"claim", "seen", true});
  r.notes.push_back("n");
  const auto j = nlohmann::json::parse(lab::to_json(r));
  CHECK(j["experiment"] == "demo");
  CHECK(j["params"]["shots"] == "20");
  CHECK(j["tables"][0]["rows"][0][2] == 42);
  CHECK(j["tables"][0]["rows"][0][1] == 0.5);
  CHECK(j["plots"][0]["log_x"] == true);
  CHECK(j["plots"][0]["series"][0]["y"][1].is_null());
  CHECK(j["findings"][0]["holds"] == true);
  CHECK(nlohmann::json::parse(lab::params_json(r)) == j["params"]);
  CHECK(&r.table("t") == &r.tables[0]);
  CHECK_THROWS_AS(r.plot("nope"), std::out_of_range);

  // And reads back as it was (NaN for null).
  r.histograms.push_back({"h", "H", -1, 1, {1, 2, 3}, 0.25, 0.5, {}, {}});
  r.histograms.push_back({"cut", "C", -1, 1, {4, 5}, 0, 0.5, {-0.25, 0.25}, "the cut"});
  r.cancelled = true;
  r.seconds = 12.5;
  const lab::ExperimentResult back = lab::from_json(lab::to_json(r));
  CHECK(lab::to_json(back) == lab::to_json(r));
  CHECK(back.experiment == "demo");
  CHECK(back.cancelled);
  CHECK(std::get<std::int64_t>(back.tables[0].rows[0][2]) == 42);
  CHECK(std::get<double>(back.tables[0].rows[0][1]) == 0.5);
  CHECK(std::isnan(back.plots[0].series[0].y[1]));
  CHECK(back.histograms[0].counts == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(back.histograms[0].marks.empty());
  CHECK(back.histograms[1].marks == std::vector<double>{-0.25, 0.25});
  CHECK(back.histograms[1].marks_label == "the cut");
  CHECK(lab::to_json(r).find("marks") != std::string::npos);
  CHECK_THROWS_WITH_AS(lab::from_json(R"({"experiment": "x"})"), doctest::Contains("stored experiment result"),
                       std::runtime_error);
}

TEST_CASE("experiment runs are stored, listed newest first and filtered by name") {
  test::TempDir dir;
  auto col = store::Collection::open(dir / "c.db");
  store::ExperimentRun a{0, "gap", 1000, 2000, false, 1, R"({"epochs":"3"})", R"({"experiment":"gap"})"};
  store::ExperimentRun b{0, "prune", 3000, 3500, true, 7, "{}", R"({"experiment":"prune"})"};
  const auto ida = col.record_experiment_run(a);
  const auto idb = col.record_experiment_run(b);
  CHECK(ida != idb);
  auto all = col.experiment_runs();
  REQUIRE(all.size() == 2);
  CHECK(all[0].experiment == "prune");
  CHECK(all[0].cancelled);
  CHECK(all[0].seed == 7);
  CHECK(all[0].result_json.empty());  // not asked for
  auto gap = col.experiment_runs(std::string("gap"), true);
  REQUIRE(gap.size() == 1);
  CHECK(gap[0].result_json == a.result_json);
  CHECK(gap[0].params_json == a.params_json);
  // Malformed JSON is refused by the table's CHECK and nothing is written.
  store::ExperimentRun bad = a;
  bad.result_json = "{not json";
  CHECK_THROWS_AS(col.record_experiment_run(bad), store::StoreError);
  CHECK(col.experiment_runs().size() == 2);
}

TEST_CASE("the trainer calls before_epoch once per epoch and after_step once per step") {
  const nn::ImageDataset data = nn::procedural_shapes(64, 16, 3);
  nn::Sequential m;
  m.emplace<nn::Flatten>("flat");
  m.emplace<nn::Dense>("fc", nn::DenseOptions{256, 4});
  m.initialize(nn::Init::he_normal, 1u);
  nn::TrainConfig c;
  c.epochs = 3;
  c.batch = 16;
  c.threads = 1;
  std::vector<std::size_t> epochs;
  std::size_t steps = 0;
  c.before_epoch = [&](std::size_t e) { epochs.push_back(e); };
  c.after_step = [&] { ++steps; };
  lab::Reporter reporter;
  const auto run = lab::train_reported(m, data, {}, c, reporter, {"s", "", ""});
  CHECK(run.epochs.size() == 3);
  CHECK(epochs == std::vector<std::size_t>{1, 2, 3});
  CHECK(steps == lab::training_steps(c, data.count));
  CHECK(steps == 12);
  CHECK(reporter.fraction() == 0.0);  // the caller never announced a total
}
