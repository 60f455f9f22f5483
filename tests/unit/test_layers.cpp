// The build refuses an include that goes up the layer order (scripts/check_layers.cmake, run before
// anything compiles): checked here on a small tree with one upward include, and on src/ itself.
#include <doctest/doctest.h>

#include <string>

#include "support/run_shell.h"
#include "support/temp_dir.h"

namespace {

stride::test::Output check_layers(const std::string& root, const std::string& stamp) {
  return stride::test::run_shell(std::string(STRIDE_CMAKE) + " -DROOT=" + root + " -DSTAMP=" + stamp + " -P " +
                                 STRIDE_SOURCE_DIR + "/scripts/check_layers.cmake 2>&1");
}

}  // namespace

TEST_CASE("the layer check refuses content/ including store/ and names the file and the include") {
  stride::test::TempDir dir;
  const auto r = check_layers(std::string(STRIDE_SOURCE_DIR) + "/tests/fixtures/layers", (dir / "stamp").string());
  CHECK(r.code != 0);
  CHECK(r.out.find("src/content/upward.cpp") != std::string::npos);
  CHECK(r.out.find("store/collection.h") != std::string::npos);  // CMake wraps the rest of the line
  CHECK(r.out.find("downward.cpp") == std::string::npos);  // store/ using content/ is the allowed way
  CHECK(r.out.find("src/nn/angle.cpp") != std::string::npos);  // <store/…> counts as much as "store/…"
  CHECK(r.out.find("nlohmann") == std::string::npos);          // a library's directory is not a layer
}

TEST_CASE("src/ itself keeps the layer order") {
  stride::test::TempDir dir;
  const auto r = check_layers(STRIDE_SOURCE_DIR, (dir / "stamp").string());
  INFO(r.out);
  CHECK(r.code == 0);
}
