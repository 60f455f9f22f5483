// `stride quiz generate`: one JSON object on one line with the keys the issue fixes, the same seed
// giving the same question, and wrong flags named with a usage exit code.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/stride_run.h"

using namespace stride::test;

TEST_CASE("stride quiz generate --json prints one object, the same for the same seed") {
  TempDir dir;
  const Output a = stride_run("quiz generate --kind conv-output-size --seed 7 --difficulty Hard --json", dir);
  REQUIRE(a.code == 0);
  CHECK(a.out.find('\n') == a.out.size() - 1);  // one line
  const auto j = nlohmann::json::parse(a.out);
  for (const char* key : {"kind", "seed", "question", "inputs", "answer", "solution"}) CHECK_MESSAGE(j.contains(key), key);
  CHECK(j["kind"] == "conv-output-size");
  CHECK(j["seed"] == 7);
  for (const char* key : {"height", "width", "kernel", "stride", "padding", "dilation"})
    CHECK_MESSAGE(j["inputs"].contains(key), key);
  REQUIRE(j["answer"].is_array());
  CHECK(j["answer"].size() == 2);
  CHECK(stride_run("quiz generate --kind conv-output-size --seed 7 --difficulty Hard --json", dir).out == a.out);
  CHECK(stride_run("quiz generate --kind conv-output-size --seed 8 --difficulty Hard --json", dir).out != a.out);

  // Text: the question, the answer and the worked solution.
  const Output text = stride_run("quiz generate --kind pool-result --seed 3", dir);
  REQUIRE(text.code == 0);
  CHECK(text.out.find("pooling") != std::string::npos);
  CHECK(text.out.find("Answer: [[") != std::string::npos);

  const Output bad = stride_run("quiz generate --kind conv-size", dir);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--kind conv-size: expected one of conv-output-size") != std::string::npos);
  CHECK(stride_run("quiz generate --kind conv-params --difficulty Extreme", dir).code == 2);
}

TEST_CASE("stride quiz in a terminal: answers read from stdin, graded, stored; history lists them") {
  TempDir dir;
  const std::string db = (dir / "q.db").string();
  const std::string exe = STRIDE_EXE;
  // Every answer "1": option 1, the number 1, a free answer "1" covering point 1.
  const Output practice = run_shell("printf '1\\n1\\n1\\n1\\n1\\n1\\n' | " + exe + " --db " + db +
                                    " quiz --count 3 --seed 5 2>&1");
  CHECK(practice.code == 0);
  CHECK(practice.out.find("== Question 3 of 3") != std::string::npos);
  CHECK(practice.out.find("of 3 right") != std::string::npos);
  const Output mock = run_shell("printf '1\\n1\\n1\\n' | " + exe + " quiz --mode mock --count 3 --seed 2 --db " + db + " 2>&1");
  CHECK(mock.code == 0);
  CHECK(mock.out.find("Question by question") != std::string::npos);
  const Output history = stride_run("--db " + db + " quiz history --json", dir);
  REQUIRE(history.code == 0);
  std::vector<nlohmann::json> sessions;
  std::size_t start = 0;
  while (start < history.out.size()) {
    const std::size_t end = history.out.find('\n', start);
    sessions.push_back(nlohmann::json::parse(history.out.substr(start, end - start)));
    start = end + 1;
  }
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0]["mode"] == "practice");
  CHECK(sessions[0]["attempts"].size() == 3);
  CHECK(sessions[1]["mode"] == "mock");
  CHECK(sessions[1]["attempts"].size() == 3);
  CHECK_FALSE(sessions[1]["finished_ms"].is_null());
  const Output text = stride_run("--db " + db + " quiz history", dir);
  CHECK(text.out.find("mock") != std::string::npos);
  // The input ends early: what was answered is kept.
  CHECK(run_shell("printf '' | " + exe + " --db " + db + " quiz --count 4 --seed 9 2>&1").code == 0);
  CHECK(stride_run("quiz --topic dropout", dir).code == 2);
}
