#pragma once
// The convolution demo's domain side (the Lab's lab:conv2d and `stride demo conv2d`): a picture, a
// set of kernels (one output channel each, one slice per input channel), stride, zero padding and
// dilation; the output computed by the CPU sandbox (nn::Conv2d, the layer that trains), the
// breakdown of one output value into its products, and the slide animation's state. No GL here:
// gfx/conv2d_gpu computes the same map with a shader and the demo shows the difference.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "demos/picture.h"

namespace stride::demos {

struct ConvKernel {
  std::string name;            // "sobel_x", "fashionnet conv1 #4", "custom"
  int size = 3;                // square, 1–7
  std::vector<float> weights;  // channels × size × size
  float bias = 0;
};

struct ConvSettings {
  int kernel = 3, stride = 1, padding = 0, dilation = 1;
  bool true_convolution = false;  // flip the kernel (what the maths calls convolution)
  bool relu = false;              // max(0, ·) after the sum
};

// The output size, or why the settings cannot work on this input.
struct ConvGeometry {
  bool ok = false;
  int out_h = 0, out_w = 0;
  std::string error;    // e.g. "the dilated kernel (7) is larger than the padded input (5)"
  std::string formula;  // "O = ⌊(28 + 2·1 − 1·(3 − 1) − 1) / 1⌋ + 1 = 28" with these numbers
};
// From nn::Conv2d's own output_shape, so the demo and the sandbox agree by construction.
ConvGeometry conv_geometry(int in_h, int in_w, const ConvSettings& settings);

// Kernel presets. Names: identity, box_blur, gaussian, sharpen, sobel_x, sobel_y, laplacian, emboss,
// outline (all 3×3; identity, box_blur and gaussian at any size 1–7), and fashionnet_0 …
// fashionnet_31, the first-layer filters of the shipped FashionNet.
std::vector<std::string> kernel_preset_names();
// One slice per input channel; a colour picture gets the preset divided by 3 in each slice, so the
// output has the range the grey version would. Throws std::invalid_argument for an unknown name.
ConvKernel kernel_preset(const std::string& name, int channels, int size = 3);
// Parses "a,b,c;d,e,f;g,h,i" (rows separated by ';'): a square single-channel kernel.
// Throws std::invalid_argument naming the row or value at fault.
ConvKernel parse_kernel(const std::string& text);

// The weights a kernel slides with: flipped in both axes for true convolution.
std::vector<float> effective_weights(const ConvKernel& kernel, bool true_convolution);

// One output map per kernel (out_h × out_w, row-major), by nn::Conv2d (im2col + sgemm) on one
// sample, then ReLU when asked. Throws std::invalid_argument for impossible settings or kernels
// whose size or channels do not match.
std::vector<std::vector<float>> conv_cpu(const Picture& picture, const std::vector<ConvKernel>& kernels,
                                        const ConvSettings& settings);

// Every product that makes one output value: the learner's "show me the numbers".
struct ConvTerm {
  int channel, ky, kx;  // position in the kernel
  int y, x;             // position in the input; outside it (padding) the value is 0
  bool padding;
  float input, weight;
};
struct ConvBreakdown {
  std::vector<ConvTerm> terms;
  std::vector<float> channel_sums;  // one per input channel
  float bias = 0, total = 0, output = 0;  // output: after ReLU when on
};
ConvBreakdown conv_breakdown(const Picture& picture, const ConvKernel& kernel, const ConvSettings& settings,
                             int out_y, int out_x);

// The output cells whose window covers input pixel (y, x) (hovering an input shows what it feeds).
struct Cell {
  int y, x;
  bool operator==(const Cell&) const = default;
};
std::vector<Cell> outputs_fed_by(int y, int x, const ConvGeometry& geometry, const ConvSettings& settings);

// The slide: output cells are filled in row-major order; `filled` counts them.
struct SlideAnimation {
  bool playing = true;
  float cells_per_second = 24;
  double filled = 0;  // fractional: advances by cells_per_second · dt

  // Returns true while there is more to show.
  bool advance(double seconds, int total_cells);
  void step(int total_cells) { filled = std::min<double>(total_cells, static_cast<int>(filled) + 1); }
  void restart() { filled = 0; }
  int cells(int total_cells) const { return std::clamp(static_cast<int>(filled), 0, std::max(total_cells, 0)); }
  // Seconds until the next cell appears (the screen needs no frame before), or a negative value
  // when paused or finished.
  double seconds_to_next_cell(int total_cells) const;
};

}  // namespace stride::demos
