// The lab experiments as a user runs them: the common flags reach the experiment (--json,
// --seed, --threads), every run is stored in the collection and listed by `stride lab runs`,
// and bad flags, a missing dataset and an unusable --db give the documented exit codes.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "support/stride_run.h"
#include "support/temp_dir.h"
#include "support/skip.h"

using stride::test::Output;
using stride::test::stride_run;

namespace {

std::string db_flag(const stride::test::TempDir& dir) { return "--db " + (dir / "c.db").string(); }

}  // namespace

TEST_CASE("lab gap --json --seed prints one JSON object that carries the flags and is stored") {
  if (!stride::test::have_fashion_mnist())
    STRIDE_SKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
  stride::test::TempDir dir;
  const Output r = stride_run(db_flag(dir) + " lab gap --train-images 128 --epochs 1 --json --seed 3 --threads 1", dir);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);  // stdout is exactly one JSON object
  CHECK(j["experiment"] == "gap");
  CHECK(j["params"]["seed"] == "3");
  CHECK(j["params"]["train_images"] == "128");
  CHECK(j["tables"][0]["rows"].size() == 3);
  CHECK(j["findings"].size() == 3);

  const Output runs = stride_run(db_flag(dir) + " lab runs --json", dir);
  REQUIRE(runs.code == 0);
  const auto stored = nlohmann::json::parse(runs.out);
  CHECK(stored["experiment"] == "gap");
  CHECK(stored["seed"] == 3);
  CHECK(stored["status"] == "completed");
  CHECK(stored["result"] == j);

  const Output text = stride_run(db_flag(dir) + " lab runs", dir);
  CHECK(text.code == 0);
  CHECK(text.out.find("gap") != std::string::npos);

  // Progress tracking sees it: stride stats counts completed runs per experiment.
  const Output stats = stride_run(db_flag(dir) + " stats --json", dir);
  REQUIRE(stats.code == 0);
  const auto s = nlohmann::json::parse(stats.out);
  CHECK(s["lab"]["runs"] == 1);
  CHECK(s["lab"]["experiments"] == nlohmann::json::array({"gap"}));
}

TEST_CASE("lab experiments: usage errors exit 2, bad input exits 1 with the file named") {
  stride::test::TempDir dir;
  CHECK(stride_run(db_flag(dir) + " lab gap --epochs 0", dir).code == 2);
  CHECK(stride_run(db_flag(dir) + " lab transfer --shots abc", dir).code == 2);
  CHECK(stride_run(db_flag(dir) + " lab gap --no-such-flag", dir).code == 2);
  const Output missing = stride_run(db_flag(dir) + " lab gap --epochs 1", dir,
                                    "STRIDE_FASHION_MNIST_DIR=" + (dir / "nowhere").string());
  CHECK(missing.code == 1);
  CHECK(missing.err.find("nowhere") != std::string::npos);
  // A collection that cannot be opened is refused before any training.
  const Output bad_db = stride_run("--db " + dir.path().string() + " lab gap --epochs 1", dir);
  CHECK(bad_db.code == 1);
  CHECK(bad_db.err.find("stride lab gap") != std::string::npos);
  const Output none = stride_run(db_flag(dir) + " lab runs", dir);
  CHECK(none.code == 0);
  CHECK(none.out.find("no experiment runs yet") != std::string::npos);
}
