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
