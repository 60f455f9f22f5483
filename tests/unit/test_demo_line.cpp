// A card's demo link: the one spelling, the errors, and the Anki tag it travels as.
#include <doctest/doctest.h>

#include "content/demo_line.h"

using namespace stride::content;

TEST_CASE("demo lines: name and key=value parameters in one spelling") {
  CHECK(check_demo_line("conv2d").line == "conv2d");
  CHECK(check_demo_line("  conv2d   kernel=sobel_x  stride=2 ").line == "conv2d kernel=sobel_x stride=2");
  CHECK(check_demo_line("conv2d kernel=sobel_x,sobel_y image=fashion:12 gamma=-0.5").error.empty());
  CHECK(demo_name("pooling op=avg") == "pooling");
  CHECK(check_demo_line("").error == "a demo line needs a demo name (e.g. conv2d)");
  CHECK(check_demo_line("Conv2d").error.find("demo name 'Conv2d'") != std::string::npos);
  CHECK(check_demo_line("2conv").error.find("demo name '2conv'") != std::string::npos);
  CHECK(check_demo_line("conv2d stride").error == "demo parameter 'stride' must be key=value (e.g. stride=2)");
  CHECK(check_demo_line("conv2d =2").error.find("'=2'") != std::string::npos);
  CHECK(check_demo_line("conv2d Stride=2").error.find("'Stride=2'") != std::string::npos);
  CHECK(check_demo_line("conv2d note=a;b").error.find("'note=a;b'") != std::string::npos);
  // Values that would not come back from the Anki tag ("::" separates its words).
  CHECK_FALSE(check_demo_line("conv2d image=pattern::stripes").error.empty());
  CHECK_FALSE(check_demo_line("conv2d kernel=a: stride=2").error.empty());
}

TEST_CASE("demo lines travel through Anki as one tag and come back unchanged") {
  for (const char* line : {"conv2d", "conv2d kernel=sobel_x stride=2", "pooling op=max gradient=on image=fashion:3"}) {
    CAPTURE(line);
    const std::string tag = demo_tag_suffix(line);
    CHECK(tag.find(' ') == std::string::npos);
    CHECK(demo_from_tag_suffix(tag) == std::optional<std::string>(line));
  }
  CHECK(demo_tag_suffix("conv2d stride=2") == "conv2d::stride=2");
  CHECK_FALSE(demo_from_tag_suffix("Not::valid"));
  CHECK_FALSE(demo_from_tag_suffix("conv2d::stride"));
}
