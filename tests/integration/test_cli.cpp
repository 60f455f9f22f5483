// The `stride` command line as a user runs it: exit codes, messages, and
// imports that either land whole or not at all.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include <chrono>

#include "store/collection.h"
#include "store/database.h"
#include "support/stride_run.h"
#include "support/temp_dir.h"

using namespace stride;

namespace {

using Result = test::Output;

Result run(const std::string& args, const std::string& stdin_file = "") {
  return test::stride_merged(args, stdin_file);
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

int64_t count(const std::filesystem::path& db, const std::string& sql) {
  store::Database d(db, store::Database::Mode::ReadOnly);
  return d.scalar(sql);
}

}  // namespace

TEST_CASE("help, version and usage errors") {
  auto help = run("--help");
  CHECK(help.code == 0);
  CHECK(help.out.find("import") != std::string::npos);
  CHECK(help.out.find("fsrs") != std::string::npos);
  CHECK(run("--version").out.find("stride ") != std::string::npos);
  CHECK(run("--no-such-flag").code == 2);
  CHECK(run("nonsense").code == 2);
  CHECK(run("fsrs replay --retention abc", "/dev/null").code == 2);
  CHECK(run("screenshot -o x.png --size big").code == 2);
}

TEST_CASE("stats --json on a fresh collection shows the built-in deck") {
  test::TempDir dir;
  auto r = run("--db " + (dir / "c.db").string() + " stats --json");
  CHECK(r.code == 0);
  CHECK(r.out.find("\"cards\":{") != std::string::npos);
  CHECK(r.out.find("\"due_today\":") != std::string::npos);
  CHECK(r.out.find("\"retention_30d\":null") != std::string::npos);
  CHECK(count(dir / "c.db", "SELECT COUNT(*) FROM cards") >= 30);
  // --db after the subcommand, as after any subcommand.
  const auto after = run("stats --json --db " + (dir / "d.db").string());
  CHECK(after.code == 0);
  CHECK(count(dir / "d.db", "SELECT COUNT(*) FROM cards") >= 30);
  CHECK(run("lab runs --db " + (dir / "d.db").string()).code == 0);
}

TEST_CASE("stats --json adds true retention, forecast, heatmap, streak and topics") {
  test::TempDir dir;
  const auto db = dir / "c.db";
  REQUIRE(run("--db " + db.string() + " stats").code == 0);  // the built-in deck
  {
    // Two answers an hour ago, through the collection as the window gives them.
    auto col = store::Collection::open(db);
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    for (int i = 0; i < 2; ++i) {
      const auto card = col.next_card(std::nullopt, now - 3'600'000 + i * 1000);
      REQUIRE(card);
      col.answer(card->id, srs::Rating::Good, now - 3'600'000 + i * 1000, 4000);
    }
  }
  const auto r = run("--db " + db.string() + " stats --json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const char* period : {"today", "yesterday", "week", "month", "year", "all_time"})
    for (const char* group : {"young", "mature", "all"}) {
      CAPTURE(period);
      const auto& cell = j.at("true_retention").at(period).at(group);
      CHECK(cell.at("passed") == 0);  // answers to new cards are not retention
      CHECK(cell.at("rate").is_null());
    }
  CHECK(j.at("forecast").size() == 30);
  CHECK(j.at("forecast").at(0) == 2);  // two learning cards, due in minutes
  REQUIRE(j.at("heatmap").size() == 1);
  CHECK(j.at("heatmap").at(0).at("reviews") == 2);
  CHECK(j.at("streak").at("current") == 1);
  CHECK(j.at("streak").at("longest") == 1);
  CHECK(j.at("topics").size() == 11);
  CHECK(j.at("topics").at(0).contains("mean_retrievability"));
}

TEST_CASE("import: a malformed file names the line, exits 1 and imports nothing") {
  test::TempDir dir;
  const auto db = (dir / "c.db").string();
  REQUIRE(run("--db " + db + " stats").code == 0);
  const int64_t before = count(db, "SELECT COUNT(*) FROM cards");
  write(dir / "good.csv", "front,back\nQ1,A1\nQ2,A2\n");
  write(dir / "bad.csv", "front,back\nQ3,A3\n\"broken,A4\n");
  auto r = run("--db " + db + " import " + (dir / "good.csv").string() + " " + (dir / "bad.csv").string());
  CHECK(r.code == 1);
  CHECK(r.out.find("bad.csv:3:") != std::string::npos);
  CHECK(count(db, "SELECT COUNT(*) FROM cards") == before);

  auto ok = run("--db " + db + " import " + (dir / "good.csv").string() + " --deck Mine");
  CHECK(ok.code == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM cards") == before + 2);
  CHECK(run("--db " + db + " import " + (dir / "good.csv").string() + " --deck Mine").code == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM cards") == before + 2);
  CHECK(count(db, "SELECT COUNT(*) FROM decks WHERE name = 'Mine'") == 1);
}

TEST_CASE("import a b: a write failure in b after some of its rows keeps a and nothing of b") {
  test::TempDir dir;
  const auto db = (dir / "c.db").string();
  REQUIRE(run("--db " + db + " stats").code == 0);
  {
    // b's second card is refused by the database, after b's first card was written in the same
    // transaction: the failure comes from the store, not from reading the file.
    store::Database d(db, store::Database::Mode::ReadWrite);
    d.exec("CREATE TRIGGER fail_b2 BEFORE INSERT ON cards WHEN NEW.front = 'B2' "
           "BEGIN SELECT RAISE(ABORT, 'injected write failure'); END");
  }
  write(dir / "a.csv", "front,back\nA1,a1\nA2,a2\n");
  write(dir / "b.csv", "front,back\nB1,b1\nB2,b2\nB3,b3\n");
  write(dir / "c.csv", "front,back\nC1,c1\n");
  const std::string a = (dir / "a.csv").string(), b = (dir / "b.csv").string(), c = (dir / "c.csv").string();
  const auto r = run("--db " + db + " import " + a + " " + b + " " + c);
  CHECK(r.code == 1);
  CHECK(r.out.find("injected write failure") != std::string::npos);
  CHECK(r.out.find(b + ": nothing of this file was imported") != std::string::npos);
  CHECK(r.out.find("already imported: " + a) != std::string::npos);
  CHECK(r.out.find("not attempted: " + c) != std::string::npos);
  CHECK(count(db, "SELECT COUNT(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name = 'a'") == 2);
  CHECK(count(db, "SELECT COUNT(*) FROM cards WHERE front IN ('B1', 'B2', 'B3')") == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM notes n WHERE NOT EXISTS (SELECT 1 FROM cards WHERE note_id = n.id)") == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM decks WHERE name IN ('b', 'c')") == 0);

  // With the failure gone, the same command brings in b and c and leaves a as it was.
  { store::Database d(db, store::Database::Mode::ReadWrite); d.exec("DROP TRIGGER fail_b2"); }
  const auto again = run("--db " + db + " import " + a + " " + b + " " + c);
  CHECK(again.code == 0);
  CHECK(again.out.find(a + ": 0 added, 0 updated, 2 unchanged") != std::string::npos);
  CHECK(count(db, "SELECT COUNT(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name = 'b'") == 3);
  CHECK(count(db, "SELECT COUNT(*) FROM cards WHERE front = 'C1'") == 1);
}

TEST_CASE("import the plain question/answer format") {
  test::TempDir dir;
  const auto db = (dir / "c.db").string();
  write(dir / "lesson.txt", "lesson_6_flashcards\nWhat is pooling?\nDownsampling a feature map.\n");
  auto r = run("--db " + db + " import " + (dir / "lesson.txt").string());
  CHECK(r.code == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM decks WHERE name = 'lesson_6_flashcards'") == 1);
  // A file that is not there is bad input (1), not a usage error (2) and not a crash.
  const auto missing = run("--db " + db + " import " + (dir / "missing.csv").string());
  CHECK(missing.code == 1);
  CHECK(missing.out.find((dir / "missing.csv").string()) != std::string::npos);
}

TEST_CASE("fsrs replay: output rows, and a bad row names its line") {
  test::TempDir dir;
  write(dir / "r.csv", "card_id,review_time,rating\nc1,2024-01-01T10:00:00.000Z,3\nc1,2024-01-01T10:10:00.000Z,3\n");
  auto r = run("fsrs replay", (dir / "r.csv").string());
  CHECK(r.code == 0);
  CHECK(r.out.starts_with("card_id,review_time,rating,state,stability,difficulty,scheduled_days,due\n"));
  CHECK(r.out.find("c1,2024-01-01T10:00:00.000Z,3,Learning,") != std::string::npos);
  write(dir / "bad.csv", "card_id,review_time,rating\nc1,2024-01-01T10:00:00.000Z,7\n");
  auto bad = run("fsrs replay", (dir / "bad.csv").string());
  CHECK(bad.code == 1);
  CHECK(bad.out.find("line 2") != std::string::npos);
}

TEST_CASE("a damaged collection is refused with exit 1") {
  test::TempDir dir;
  write(dir / "c.db", std::string(8192, 'x'));
  auto r = run("--db " + (dir / "c.db").string() + " stats");
  CHECK(r.code == 1);
  CHECK(r.out.find("damaged") != std::string::npos);
}

TEST_CASE("lab shapes: the AlexNet figures as JSON, and a misfit names its line") {
  auto r = run("lab shapes alexnet --json");
  CHECK(r.code == 0);
  CHECK(r.out.find("\"name\":\"conv1\"") != std::string::npos);
  CHECK(r.out.find("\"output\":[96,55,55]") != std::string::npos);
  CHECK(r.out.find("\"output\":[9216,1,1]") != std::string::npos);
  CHECK(r.out.find("\"total_params\":62378344") != std::string::npos);
  test::TempDir dir;
  write(dir / "bad.model", "input: 1x5x5\nc: conv 8 3x3\nbig: conv 8 7x7\n");
  auto bad = run("lab shapes " + (dir / "bad.model").string());
  CHECK(bad.code == 1);
  CHECK(bad.out.find("bad.model:3:") != std::string::npos);
  CHECK(run("lab shapes").code == 2);
}

TEST_CASE("fsrs optimize, evaluate, reset and simulate as a user runs them") {
  test::TempDir dir;
  const std::string db = " --db " + (dir / "c.db").string();
  const std::string log = STRIDE_SOURCE_DIR "/tests/fixtures/fsrs/learner.csv";
  auto fit = run("fsrs optimize --json --revlog " + log + db);
  REQUIRE(fit.code == 0);
  const auto j = nlohmann::json::parse(fit.out);
  REQUIRE(j["parameters"].size() == 21);
  for (const char* key : {"log_loss", "rmse_bins"}) {
    CHECK(j[key]["optimized"].get<double>() < j[key]["default"].get<double>());
  }
  CHECK(j["reviews"] == 2621);
  CHECK(j["items"] == 1787);
  CHECK(j["seconds"].is_number());  // the key is there; its value is a measurement, not checked
  CHECK(j["applied"] == false);
  CHECK_FALSE(std::filesystem::exists(dir / "c.db"));  // a log's fit alone does not touch the collection

  // --apply stores them; evaluate then scores the collection's own parameters; reset forgets them.
  REQUIRE(run("fsrs optimize --apply --revlog " + log + db).code == 0);
  CHECK(count(dir / "c.db", "SELECT COUNT(*) FROM settings WHERE key = 'fsrs_parameters'") == 1);
  auto fitted = run("fsrs evaluate --json --revlog " + log + db);
  CHECK(fitted.code == 0);
  CHECK(nlohmann::json::parse(fitted.out)["log_loss"].get<double>() ==
        doctest::Approx(j["log_loss"]["optimized"].get<double>()).epsilon(1e-6));
  auto text = run("fsrs evaluate --revlog " + log + db);
  CHECK(text.out.find("the collection's fitted parameters") != std::string::npos);
  std::string params;
  for (const auto& w : j["parameters"]) params += (params.empty() ? "" : ",") + std::to_string(w.get<double>());
  auto given = run("fsrs evaluate --json --revlog " + log + " --parameters " + params + db);
  REQUIRE(given.code == 0);
  CHECK(nlohmann::json::parse(given.out)["log_loss"].get<double>() ==
        doctest::Approx(j["log_loss"]["optimized"].get<double>()).epsilon(1e-4));
  REQUIRE(run("fsrs reset" + db).code == 0);
  CHECK(count(dir / "c.db", "SELECT COUNT(*) FROM settings WHERE key = 'fsrs_parameters'") == 0);

  // Bad input: named, exit 1 or 2, nothing stored.
  auto missing = run("fsrs optimize --revlog " + (dir / "none.csv").string() + db);
  CHECK(missing.code == 1);
  CHECK(missing.out.find("none.csv") != std::string::npos);
  auto short_list = run("fsrs evaluate --parameters 1,2,3" + db);
  CHECK(short_list.code == 2);
  CHECK(short_list.out.find("21") != std::string::npos);
  auto day_flag = run("fsrs optimize --next-day-starts-at 3" + db);
  CHECK(day_flag.code == 2);
  auto hour = run("fsrs optimize --revlog " + log + " --next-day-starts-at 25" + db);
  CHECK(hour.code == 2);
  auto empty = run("fsrs optimize" + db);  // a fresh collection has no history
  CHECK(empty.code == 1);
  CHECK(empty.out.find("not enough history") != std::string::npos);

  auto sim = run("fsrs simulate --days 60 --json" + db);
  REQUIRE(sim.code == 0);
  const auto s = nlohmann::json::parse(sim.out);
  CHECK(s["days"] == 60);
  REQUIRE(s["curves"].size() == 28);
  CHECK(s["curves"][0]["desired_retention"].get<double>() == doctest::Approx(0.70));
  CHECK(s["curves"][27]["reviews"].size() == 60);
  CHECK(s["curves"][27]["total_reviews"].get<double>() >= s["curves"][0]["total_reviews"].get<double>());
}
