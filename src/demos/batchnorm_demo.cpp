#include "demos/batchnorm_demo.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "lab/pretrained.h"

namespace stride::demos {

namespace {

// conv1 of the shipped FashionNet on images [first, first + n) (wrapping), standardised per batch
// as nn::fill_batch does for training.
void conv1_outputs(nn::Sequential& model, const nn::ImageDataset& images, std::size_t first, std::size_t n,
                   nn::Tensor& out) {
  std::vector<std::uint32_t> indices(n);
  for (std::size_t i = 0; i < n; ++i) indices[i] = static_cast<std::uint32_t>((first + i) % images.count);
  nn::Tensor x;
  std::vector<int> labels;
  nn::fill_batch(images, indices, x, labels);
  model.at("conv1").forward(x, out, nn::Mode::eval);
}

std::vector<float> channel_values(const nn::Tensor& t, int c) {
  const nn::Shape s = t.shape();
  std::vector<float> v;
  v.reserve(s.n * s.plane());
  for (std::size_t n = 0; n < s.n; ++n) {
    const float* p = t.data() + (n * s.c + static_cast<std::size_t>(c)) * s.plane();
    v.insert(v.end(), p, p + s.plane());
  }
  return v;
}

// Bins that hold every value of both maps, padded by a little.
std::pair<double, double> shared_range(const std::vector<float>& a, const std::vector<float>& b) {
  float lo = std::min(*std::min_element(a.begin(), a.end()), *std::min_element(b.begin(), b.end()));
  float hi = std::max(*std::max_element(a.begin(), a.end()), *std::max_element(b.begin(), b.end()));
  if (!(hi > lo)) hi = lo + 1;
  const double pad = (hi - lo) * 0.02;
  return {lo - pad, hi + pad};
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

BatchNormDemo::BatchNormDemo(const nn::ImageDataset& images)
    : images_(images), model_(lab::load_pretrained("fashionnet", "fashionnet")), layer_(nn::BatchNormOptions{}) {
  channels_ = static_cast<int>(model_->at("conv1").output_shape({1, 1, images.rows, images.cols}).c);
  reset(true);
}

void BatchNormDemo::reset(bool trained) {
  layer_ = nn::BatchNorm2d(nn::BatchNormOptions{static_cast<std::size_t>(channels_), 1e-5, 0.1});
  std::mt19937 rng(1);
  layer_.initialize(nn::Init::he_normal, rng);  // γ = 1, β = 0, running mean 0, variance 1
  if (trained) {
    auto& bn1 = dynamic_cast<nn::BatchNorm2d&>(model_->at("bn1"));
    layer_.running_mean() = bn1.running_mean();
    layer_.running_var() = bn1.running_var();
  }
  trained_start_ = trained;
  batches_seen_ = 0;
  first_ = next_ = 0;
  activations_ = nn::Tensor();
}

void BatchNormDemo::next_batch(const BnSettings& s) {
  first_ = next_;
  const std::size_t n = static_cast<std::size_t>(std::clamp(s.batch, 1, 256));
  conv1_outputs(*model_, images_, first_, n, activations_);
  next_ = (first_ + n) % images_.count;
}

void BatchNormDemo::use_picture(const Picture& picture) {
  // Through fill_batch like the test images, so the picture gets the same standardisation; its
  // values go back to 8 bits on the way (a scaled photo's box averages lose a little).
  const Picture grey = to_grey(picture);
  nn::ImageDataset one;
  one.count = 1;
  one.rows = static_cast<std::size_t>(grey.height);
  one.cols = static_cast<std::size_t>(grey.width);
  one.pixels.resize(grey.values.size());
  std::transform(grey.values.begin(), grey.values.end(), one.pixels.begin(),
                 [](float v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); });
  one.labels = {0};
  conv1_outputs(*model_, one, 0, 1, activations_);
}

BnView BatchNormDemo::view(const BnSettings& s, bool update) {
  if (activations_.empty()) next_batch(s);
  const int c = std::clamp(s.channel, 0, channels_ - 1);
  const nn::Shape shape = activations_.shape();
  // Normalise with a copy of the layer (its running statistics too): x̂ with γ = 1, β = 0, then
  // the output with the learner's γ and β. Only an update step moves the real layer.
  nn::BatchNorm2d norm(nn::BatchNormOptions{static_cast<std::size_t>(channels_), s.eps, s.momentum});
  norm.running_mean() = layer_.running_mean();
  norm.running_var() = layer_.running_var();
  norm.gamma().fill(1.0f);
  norm.beta().fill(0.0f);
  const nn::Mode mode = s.eval ? nn::Mode::eval : nn::Mode::train;
  nn::Tensor normalised, output;
  norm.forward(activations_, normalised, mode);
  nn::BatchNorm2d affine(nn::BatchNormOptions{static_cast<std::size_t>(channels_), s.eps, s.momentum});
  affine.running_mean() = layer_.running_mean();
  affine.running_var() = layer_.running_var();
  affine.gamma().fill(1.0f);
  affine.beta().fill(0.0f);
  affine.gamma()[static_cast<std::size_t>(c)] = s.gamma;
  affine.beta()[static_cast<std::size_t>(c)] = s.beta;
  affine.forward(activations_, output, mode);

  BnView v;
  const std::vector<float> x = channel_values(activations_, c), xhat = channel_values(normalised, c),
                           y = channel_values(output, c);
  const double n = static_cast<double>(x.size());
  v.batch_mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  for (float value : x) v.batch_var += (value - v.batch_mean) * (value - v.batch_mean);
  v.batch_var /= n;
  v.running_mean = layer_.running_mean()[static_cast<std::size_t>(c)];
  v.running_var = layer_.running_var()[static_cast<std::size_t>(c)];
  // A training step moves the real layer's running statistics; one value per channel has no
  // unbiased variance (0 / 0), so a batch that small updates nothing, as PyTorch refuses it.
  if (update && !s.eval && shape.n * shape.plane() >= 2) {
    nn::Tensor ignored;
    layer_.forward(activations_, ignored, nn::Mode::train);
    ++batches_seen_;
  }
  v.used_mean = s.eval ? v.running_mean : v.batch_mean;
  v.used_var = s.eval ? v.running_var : v.batch_var;
  v.running_mean = layer_.running_mean()[static_cast<std::size_t>(c)];
  v.running_var = layer_.running_var()[static_cast<std::size_t>(c)];
  v.batches_seen = batches_seen_;
  v.images = static_cast<int>(shape.n);
  v.positions = static_cast<int>(shape.plane());
  const auto [lo, hi] = shared_range(x, y);
  constexpr std::size_t kBins = 48;
  v.before = lab::make_histogram("before", "x: conv1 output", x.data(), x.size(), lo, hi, kBins);
  v.normalised = lab::make_histogram("normalised", "z: normalised", xhat.data(), xhat.size(), -4.5, 4.5, kBins);
  v.output = lab::make_histogram("output", "y: after \xCE\xB3 and \xCE\xB2", y.data(), y.size(), lo, hi, kBins);
  // z for the normalised value (a z-score): the fonts have no combining hat for x̂.
  const std::string minus_mean = v.used_mean < 0 ? " + " + number(-v.used_mean) : " \xE2\x88\x92 " + number(v.used_mean);
  v.formula = "z = (x \xE2\x88\x92 \xCE\xBC) / \xE2\x88\x9A(\xCF\x83\xC2\xB2 + \xCE\xB5) = (x" + minus_mean +
              ") / \xE2\x88\x9A(" + number(v.used_var) + " + 0.00001)      y = \xCE\xB3z + \xCE\xB2 = " +
              number(s.gamma) + "z " + (s.beta < 0 ? "\xE2\x88\x92 " + number(-s.beta) : "+ " + number(s.beta));
  return v;
}

BatchNoise batch_noise(const nn::ImageDataset& images, int batches, const std::atomic<bool>* cancel) {
  BatchNoise noise;
  auto model = lab::load_pretrained("fashionnet", "fashionnet");
  std::size_t next = 0;
  nn::Tensor out;
  // Standard deviation over the batches of one statistic per channel.
  auto spread = [batches](const std::vector<std::vector<double>>& per_batch, std::size_t c) {
    double mean = 0, var = 0;
    for (const auto& m : per_batch) mean += m[c];
    mean /= batches;
    for (const auto& m : per_batch) var += (m[c] - mean) * (m[c] - mean);
    return std::sqrt(var / std::max(1, batches - 1));
  };
  for (int size = 1; size <= 256; size *= 2) {
    if (cancel != nullptr && cancel->load()) break;
    noise.sizes.push_back(size);
    std::vector<std::vector<double>> means, stds;  // [batch][channel]
    for (int b = 0; b < batches; ++b) {
      conv1_outputs(*model, images, next, static_cast<std::size_t>(size), out);
      next = (next + static_cast<std::size_t>(size)) % images.count;
      const nn::Shape s = out.shape();
      std::vector<double> sum(s.c, 0.0), sum2(s.c, 0.0);
      for (std::size_t n = 0; n < s.n; ++n)
        for (std::size_t c = 0; c < s.c; ++c) {
          const float* p = out.data() + (n * s.c + c) * s.plane();
          for (std::size_t i = 0; i < s.plane(); ++i) {
            sum[c] += p[i];
            sum2[c] += static_cast<double>(p[i]) * p[i];
          }
        }
      const double count = static_cast<double>(s.n * s.plane());
      std::vector<double> m(s.c), sd(s.c);
      for (std::size_t c = 0; c < s.c; ++c) {
        m[c] = sum[c] / count;
        sd[c] = std::sqrt(std::max(0.0, sum2[c] / count - m[c] * m[c]));
      }
      means.push_back(std::move(m));
      stds.push_back(std::move(sd));
    }
    const std::size_t channels = means.front().size();
    noise.mean_spread.resize(channels);
    noise.std_spread.resize(channels);
    for (std::size_t c = 0; c < channels; ++c) {
      noise.mean_spread[c].push_back(spread(means, c));
      noise.std_spread[c].push_back(spread(stds, c));
    }
  }
  return noise;
}

}  // namespace stride::demos
