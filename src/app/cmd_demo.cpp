// `stride demo conv2d`: the convolution demo's computation from the command line, on the GPU
// (offscreen, as `screenshot` renders) unless --cpu, written as CSV.
#include <charconv>
#include <cstdio>

#include "app/atomic_file.h"
#include "app/commands.h"
#include "demos/conv2d_demo.h"
#ifdef STRIDE_GUI
#include "gfx/conv2d_gpu.h"
#include "gfx/offscreen.h"
#endif

namespace stride::app {

namespace {

// Shortest decimal that reads back as the same float, never in exponent notation.
std::string decimal(float v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  std::string s(buf, r.ptr);
  if (s == "-0") s = "0";
  return s;
}

std::string to_csv(const std::vector<float>& map, int rows, int cols) {
  std::string out;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      if (c > 0) out += ',';
      out += decimal(map[static_cast<size_t>(r) * cols + c]);
    }
    out += '\n';
  }
  return out;
}

std::vector<float> convolve(const demos::Picture& picture, const demos::ConvKernel& kernel,
                            const demos::ConvSettings& settings, bool cpu) {
  if (cpu) return demos::conv_cpu(picture, {kernel}, settings).at(0);
#ifdef STRIDE_GUI
  gfx::OffscreenContext context;
  gfx::Conv2dGpu gpu;
  gpu.run(picture, {kernel}, settings);
  return gpu.read(0);
#else
  throw std::runtime_error("this build has no GPU path (built without the GUI): use --cpu");
#endif
}

}  // namespace

int run_demo_conv2d(const DemoConv2dArgs& args) {
  demos::ConvKernel kernel;
  try {
    kernel = demos::parse_kernel(args.kernel);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stride demo conv2d: --kernel: %s\n", e.what());
    return 1;
  }
  demos::ConvSettings settings;
  settings.kernel = kernel.size;
  settings.stride = args.stride;
  settings.padding = args.padding;
  settings.dilation = args.dilation;
  try {
    const demos::Picture picture = demos::to_grey(demos::load_picture(args.image));
    const demos::ConvGeometry geometry = demos::conv_geometry(picture.height, picture.width, settings);
    if (!geometry.ok) {
      std::fprintf(stderr, "stride demo conv2d: impossible on %s (%dx%d): %s\n", args.image.c_str(), picture.width,
                   picture.height, geometry.error.c_str());
      return 1;
    }
    const std::vector<float> out = convolve(picture, kernel, settings, args.cpu);
    write_text_atomically(args.out, to_csv(out, geometry.out_h, geometry.out_w));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride demo conv2d: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
