// `stride demo conv2d` as a user runs it: the CSV it writes against a convolution computed here by
// the textbook loop (independent of nn/ and of the shader), on the GPU path and with --cpu.
#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "support/stride_run.h"
#include "support/temp_dir.h"

namespace {

using namespace stride::test;

std::vector<std::vector<double>> read_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::vector<double>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<double> row;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) {
      CHECK(cell.find_first_of("eE") == std::string::npos);  // plain decimals, no exponents
      row.push_back(std::stod(cell));
    }
    rows.push_back(row);
  }
  return rows;
}

// out(y, x) = Σ in(y·s − p + i·d, x·s − p + j·d) · k(i, j), zero outside the image.
std::vector<std::vector<double>> reference(const std::vector<double>& img, int h, int w,
                                           const std::vector<double>& k, int n, int s, int p, int d) {
  const int oh = (h + 2 * p - d * (n - 1) - 1) / s + 1, ow = (w + 2 * p - d * (n - 1) - 1) / s + 1;
  std::vector<std::vector<double>> out(static_cast<size_t>(oh), std::vector<double>(static_cast<size_t>(ow)));
  for (int y = 0; y < oh; ++y)
    for (int x = 0; x < ow; ++x)
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
          const int iy = y * s - p + i * d, ix = x * s - p + j * d;
          if (iy >= 0 && ix >= 0 && iy < h && ix < w)
            out[static_cast<size_t>(y)][static_cast<size_t>(x)] +=
                img[static_cast<size_t>(iy) * w + ix] * k[static_cast<size_t>(i) * n + j];
        }
  return out;
}

void check_close(const std::vector<std::vector<double>>& got, const std::vector<std::vector<double>>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t y = 0; y < want.size(); ++y) {
    REQUIRE(got[y].size() == want[y].size());
    for (size_t x = 0; x < want[y].size(); ++x) CHECK(got[y][x] == doctest::Approx(want[y][x]).epsilon(1e-5));
  }
}

}  // namespace

TEST_CASE("stride demo conv2d: grey and colour pictures, stride, padding, dilation, GPU and --cpu") {
  TempDir dir;
  // A 9×7 colour picture and the grey values the command must read from it (Rec. 601 luma).
  const int w = 9, h = 7;
  std::vector<uint8_t> rgb(static_cast<size_t>(w) * h * 3);
  std::vector<double> grey(static_cast<size_t>(w) * h);
  for (int i = 0; i < w * h; ++i) {
    rgb[static_cast<size_t>(i) * 3] = static_cast<uint8_t>((i * 37) % 256);
    rgb[static_cast<size_t>(i) * 3 + 1] = static_cast<uint8_t>((i * 91 + 13) % 256);
    rgb[static_cast<size_t>(i) * 3 + 2] = static_cast<uint8_t>((i * 53 + 200) % 256);
    grey[static_cast<size_t>(i)] = (0.299 * rgb[static_cast<size_t>(i) * 3] + 0.587 * rgb[static_cast<size_t>(i) * 3 + 1] +
                                    0.114 * rgb[static_cast<size_t>(i) * 3 + 2]) / 255.0;
  }
  const auto png = dir / "colour.png";
  REQUIRE(stbi_write_png(png.string().c_str(), w, h, 3, rgb.data(), w * 3) != 0);

  struct Case {
    std::string kernel;
    std::vector<double> k;
    int n, s, p, d;
  };
  const Case cases[] = {
      {"-1,0,1;-2,0,2;-1,0,1", {-1, 0, 1, -2, 0, 2, -1, 0, 1}, 3, 1, 0, 1},
      {"0.5,-0.25;1.5,2", {0.5, -0.25, 1.5, 2}, 2, 2, 1, 1},
      {"1,2,3;4,5,6;7,8,9", {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 1, 2, 2},
      {"3", {3}, 1, 3, 0, 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.kernel);
    const auto want = reference(grey, h, w, c.k, c.n, c.s, c.p, c.d);
    for (const char* where : {"", " --cpu"}) {
      CAPTURE(where);
      const auto csv = dir / "out.csv";
      const Output r = stride_run("demo conv2d --image " + png.string() + " --kernel '" + c.kernel + "' --stride " +
                                      std::to_string(c.s) + " --padding " + std::to_string(c.p) + " --dilation " +
                                      std::to_string(c.d) + where + " --out " + csv.string(),
                                  dir);
      INFO(r.err);
      REQUIRE(r.code == 0);
      check_close(read_csv(csv), want);
    }
  }
}

TEST_CASE("stride demo conv2d: bad kernels, impossible geometry and unreadable pictures exit 1 and write nothing") {
  TempDir dir;
  const std::vector<uint8_t> grey(16, 100);
  const auto png = dir / "small.png";
  REQUIRE(stbi_write_png(png.string().c_str(), 4, 4, 1, grey.data(), 4) != 0);
  const auto notes = dir / "notes.txt";
  { std::ofstream(notes) << "hello"; }
  const auto csv = dir / "out.csv";
  struct Bad {
    std::string args, message;
  };
  const Bad bad[] = {
      {"--image " + png.string() + " --kernel '1,2;3'", "kernel row 2 has 1 values"},
      {"--image " + png.string() + " --kernel '1,x;3,4'", "'x' is not a number"},
      {"--image " + png.string() + " --kernel '1,1,1;1,1,1;1,1,1' --dilation 3", "more than the padded input's 4"},
      {"--image " + notes.string() + " --kernel '1'", "notes.txt: cannot read the picture"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.args);
    const Output r = stride_run("demo conv2d " + b.args + " --out " + csv.string(), dir);
    CHECK(r.code == 1);
    CHECK(r.err.find(b.message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(csv));
  }
  // A wrong flag is a usage error.
  CHECK(stride_run("demo conv2d --image " + png.string() + " --kernel 1 --stride 0 --out " + csv.string(), dir).code == 2);
}
