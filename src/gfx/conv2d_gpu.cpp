#include "gfx/conv2d_gpu.h"

#include <stdexcept>
#include <string>

namespace stride::gfx {

namespace {
constexpr int kMaxWeights = 147;  // the shader's uniform array: 3 channels × 7 × 7
}

Conv2dGpu::Conv2dGpu() : program_("shaders/fullscreen.vert.glsl", "shaders/conv2d.frag.glsl") {}

void Conv2dGpu::run(const demos::Picture& p, const std::vector<demos::ConvKernel>& kernels,
                    const demos::ConvSettings& s) {
  const demos::ConvGeometry g = demos::conv_geometry(p.height, p.width, s);
  if (!g.ok) throw std::invalid_argument(g.error);
  if (p.channels < 1 || p.channels * s.kernel * s.kernel > kMaxWeights)
    throw std::invalid_argument("the shader takes at most 3 channels of 7x7 weights, got " +
                                std::to_string(p.channels) + " channels");
  if (!input_ || input_->width() != p.width || input_->height() != p.height || input_->layers() != p.channels)
    input_ = std::make_unique<TextureArray>(p.width, p.height, p.channels);
  input_->upload(p.values.data());
  while (outputs_.size() > kernels.size()) outputs_.pop_back();
  for (size_t k = 0; k < kernels.size(); ++k) {
    if (k < outputs_.size() && (outputs_[k].width() != g.out_w || outputs_[k].height() != g.out_h))
      outputs_[k] = RenderTarget(g.out_w, g.out_h, TextureFormat::R32F);
    if (k >= outputs_.size()) outputs_.emplace_back(g.out_w, g.out_h, TextureFormat::R32F);
  }
  input_->bind(0);
  for (size_t k = 0; k < kernels.size(); ++k) {
    const auto& kernel = kernels[k];
    if (kernel.size != s.kernel || kernel.weights.size() != static_cast<size_t>(p.channels * s.kernel * s.kernel))
      throw std::invalid_argument("kernel " + std::to_string(k + 1) + " does not match the settings");
    const std::vector<float> w = demos::effective_weights(kernel, s.true_convolution);
    pass_.run(outputs_[k], program_, [&] {
      program_.set("image", 0);
      program_.set("in_size", p.width, p.height);
      program_.set("channels", p.channels);
      program_.set("kernel_size", s.kernel);
      program_.set("stride", s.stride);
      program_.set("padding", s.padding);
      program_.set("dilation", s.dilation);
      program_.set_array("weights", w.data(), static_cast<int>(w.size()));
      program_.set("bias", kernel.bias);
      program_.set("relu", s.relu ? 1 : 0);
    });
  }
}

}  // namespace stride::gfx
