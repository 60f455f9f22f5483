// The build refuses an include that goes up the layer order (scripts/check_layers.cmake, run before
// anything compiles): checked here on a small tree with one upward include, and on src/ itself.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "support/temp_dir.h"

namespace {

struct Result {
  int code = -1;
  std::string out;
};

Result check_layers(const std::string& root, const std::string& stamp) {
  const std::string cmd = std::string(STRIDE_CMAKE) + " -DROOT=" + root + " -DSTAMP=" + stamp + " -P " +
                          STRIDE_SOURCE_DIR + "/scripts/check_layers.cmake 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

TEST_CASE("the layer check refuses content/ including store/ and names the file and the include") {
  stride::test::TempDir dir;
  const Result r = check_layers(std::string(STRIDE_SOURCE_DIR) + "/tests/fixtures/layers", (dir / "stamp").string());
  CHECK(r.code != 0);
  CHECK(r.out.find("src/content/upward.cpp") != std::string::npos);
  CHECK(r.out.find("store/collection.h") != std::string::npos);  // CMake wraps the rest of the line
  CHECK(r.out.find("downward.cpp") == std::string::npos);  // store/ using content/ is the allowed way
  CHECK(r.out.find("src/nn/angle.cpp") != std::string::npos);  // <store/…> counts as much as "store/…"
  CHECK(r.out.find("nlohmann") == std::string::npos);          // a library's directory is not a layer
}

TEST_CASE("src/ itself keeps the layer order") {
  stride::test::TempDir dir;
  const Result r = check_layers(STRIDE_SOURCE_DIR, (dir / "stamp").string());
  INFO(r.out);
  CHECK(r.code == 0);
}
