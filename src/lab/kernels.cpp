#include "common/text_format.h"
#include "lab/kernels.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/avg_pool.h"
#include "nn/conv2d.h"
#include "nn/max_pool.h"
#include "nn/model_spec.h"
#include "nn/random.h"
#include "nn/thread_pool.h"

namespace stride::lab {

namespace {

using Clock = std::chrono::steady_clock;

// What a pair compares: a large kernel against a stack of 3×3 (`stack`), or a 5×5 branch without
// and with a 1×1 reduction (`bottleneck`), with the MAC figures a source quotes for the latter.
struct Pair {
  const char* id;
  const char* label;
  const char* large;  // one big convolution
  const char* small;  // the stack, or the reduced branch
  bool stack;
  const char* source;         // who quotes the figures
  double quoted_direct_m;     // MACs of the direct branch, millions, as quoted (bottleneck only)
  double quoted_reduce_m[2];  // the 1×1 and the 5×5 of the reduced branch
};

constexpr Pair kPairs[] = {
    {"7x7", "one 7x7 vs three 3x3", "single_7x7", "stacked_3x3", true, "", 0, {0, 0}},
    {"5x5", "one 5x5 vs two 3x3", "single_5x5", "stacked_3x3_pair", true, "", 0, {0, 0}},
    {"inception_notes",
     "5x5 branch 480x14x14 -> 48: direct vs 1x1 reduce to 16",
     "inception_5x5_direct",
     "inception_5x5_reduced",
     false,
     "as the course notes quote them",
     112.9,
     {1.5, 3.8}},
    {"inception_3a",
     "5x5 branch 192x28x28 -> 32 (Inception 3a): direct vs 1x1 reduce to 16",
     "inception3a_5x5_direct",
     "inception3a_5x5_reduced",
     false,
     "as the usual lecture example (GoogLeNet's Inception 3a) quotes them",
     120.4,
     {2.4, 10.0}},
};

struct Measured {
  std::string model;
  std::size_t convs = 0, params = 0, in_channels = 0;
  ReceptiveField rf;
  std::uint64_t macs = 0;                // one image
  std::vector<std::uint64_t> conv_macs;  // per convolution, one image
  double forward_ms = 0, train_ms = 0;   // medians over the batch
};

// A built model with the shape of one input image.
struct Built {
  std::unique_ptr<nn::Sequential> model;
  nn::Shape image;
};

Built build(const std::string& name, std::uint64_t seed) {
  const nn::ModelSpec spec = nn::load_model_spec(name);
  Built b{nn::build_model(spec), spec.input};
  b.model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(seed));
  return b;
}

// Counts from the layer code: parameters, MACs (whole model and per convolution), receptive field.
Measured count(const std::string& name, const Built& b) {
  Measured m;
  m.model = name;
  m.params = b.model->param_count();
  m.macs = b.model->macs(b.image);
  m.rf = receptive_field(*b.model);
  m.in_channels = b.image.c;
  nn::Shape in = b.image;
  const std::vector<nn::Shape> shapes = b.model->shapes(b.image);
  for (std::size_t i = 0; i < b.model->size(); ++i) {
    if (b.model->layer(i).type() == "Conv2d") {
      ++m.convs;
      m.conv_macs.push_back(b.model->layer(i).macs(in));
    }
    in = shapes[i];
  }
  return m;
}

void fill_normal(nn::Tensor& t, std::mt19937& rng) {
  for (float& v : t) v = static_cast<float>(nn::standard_normal(rng));
}

// One warm-up call (buffers are allocated there), then `repeats` timed calls; the median in ms.
// Each call advances the reporter by `units`. Returns a negative value when cancelled.
template <class Step>
double median_ms(Step step, std::size_t repeats, double units, Reporter& reporter, const std::string& what) {
  std::vector<double> runs;
  for (std::size_t i = 0; i <= repeats; ++i) {
    if (reporter.cancelled()) return -1;
    const auto t = Clock::now();
    step();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    if (i > 0) runs.push_back(ms);
    reporter.advance(units,
                     i == 0 ? what + " warm-up" : what + " pass " + std::to_string(i) + "/" + std::to_string(repeats));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

// Forward (train mode) and forward + backward as a training step runs them: every weight
// gradient, every input gradient except the first layer's (Sequential skips it). Work units are
// GMACs, a backward counted as twice a forward.
bool time_model(Built& b, Measured& m, const KernelsOptions& o, std::uint64_t seed, Reporter& reporter) {
  std::mt19937 rng(static_cast<std::uint32_t>(seed));
  nn::Tensor x({o.batch, b.image.c, b.image.h, b.image.w});
  fill_normal(x, rng);
  nn::Tensor dy(b.model->output_shape(x.shape()));
  fill_normal(dy, rng);
  const double gmacs = static_cast<double>(m.macs) * static_cast<double>(o.batch) * 1e-9;
  nn::Sequential& model = *b.model;
  m.forward_ms = median_ms([&] { model.forward(x, nn::Mode::train); }, o.repeats, gmacs, reporter, "forward");
  if (m.forward_ms < 0) return false;
  m.train_ms = median_ms(
      [&] {
        model.zero_grad();
        model.forward(x, nn::Mode::train);
        model.backward(dy);
      },
      o.repeats, 3 * gmacs, reporter, "forward+backward");
  return m.train_ms >= 0;
}

std::string millions(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fM", static_cast<double>(v) * 1e-6);
  return buf;
}

Finding stack_count_finding(const Measured& large, const Measured& small) {
  const std::size_t c2 = small.in_channels * small.in_channels;
  const std::size_t k = large.rf.size;
  char claim[200], observed[600];
  std::snprintf(claim, sizeof claim,
                "%zu stacked 3x3 convolutions see the same %zux%zu window as one %zux%zu convolution with fewer "
                "weights: %zu*C^2 against %zu*C^2",
                small.convs, k, k, k, k, 9 * small.convs, k * k);
  std::snprintf(observed, sizeof observed,
                "receptive field %zu (stack) and %zu (single); parameters %s = %zu*%zu^2 against %s = %zu*%zu^2; "
                "MACs per image %s against %s; rule: holds when the receptive fields are equal and the stack has "
                "fewer parameters and fewer MACs",
                small.rf.size, large.rf.size, with_commas(small.params).c_str(), small.params / c2, small.in_channels,
                with_commas(large.params).c_str(), large.params / c2, large.in_channels, millions(small.macs).c_str(),
                millions(large.macs).c_str());
  return {claim, observed, small.rf.size == large.rf.size && small.params < large.params && small.macs < large.macs};
}

bool rounds_to(std::uint64_t macs, double quoted_m) {
  return std::abs(static_cast<double>(macs) * 1e-6 - quoted_m) < 0.05;
}

Finding bottleneck_count_finding(const Pair& p, const Measured& direct, const Measured& reduced) {
  char claim[300], observed[600];
  std::snprintf(claim, sizeof claim,
                "A 1x1 reduction before the 5x5 cuts its operations, %s: %.1fM multiply-accumulates direct, "
                "%.1fM + %.1fM = %.1fM with the reduction",
                p.source, p.quoted_direct_m, p.quoted_reduce_m[0], p.quoted_reduce_m[1],
                p.quoted_reduce_m[0] + p.quoted_reduce_m[1]);
  const bool two = reduced.conv_macs.size() == 2;
  const std::uint64_t a = two ? reduced.conv_macs[0] : 0, b = two ? reduced.conv_macs[1] : 0;
  std::snprintf(observed, sizeof observed,
                "the layer code counts %s direct and %s + %s = %s reduced (%.1fx fewer); rule: holds when each "
                "count rounds to the quoted figure (to 0.1M)",
                with_commas(direct.macs).c_str(), with_commas(a).c_str(), with_commas(b).c_str(),
                with_commas(reduced.macs).c_str(),
                static_cast<double>(direct.macs) / static_cast<double>(std::max<std::uint64_t>(reduced.macs, 1)));
  const bool holds = two && rounds_to(direct.macs, p.quoted_direct_m) && rounds_to(a, p.quoted_reduce_m[0]) &&
                     rounds_to(b, p.quoted_reduce_m[1]);
  return {claim, observed, holds};
}

Finding speed_finding(const Pair& p, const Measured& large, const Measured& small, const KernelsOptions& o) {
  const std::string what = p.stack ? "the stack of 3x3 convolutions" : "the reduced branch";
  const std::string claim = "Fewer multiply-accumulates make " + what + " faster in measured time, not only on paper";
  char observed[600];
  std::snprintf(
      observed, sizeof observed,
      "median over %zu passes on a batch of %zu: forward %.2f ms against %.2f ms, forward+backward %.2f ms "
      "against %.2f ms (speed-up %.2fx for %.2fx fewer MACs); rule: holds when the forward+backward median is "
      "lower for %s",
      o.repeats, o.batch, small.forward_ms, large.forward_ms, small.train_ms, large.train_ms,
      large.train_ms / small.train_ms, static_cast<double>(large.macs) / static_cast<double>(small.macs), what.c_str());
  return {claim, observed, small.train_ms < large.train_ms};
}

Table models_table(const std::size_t batch) {
  return {"models",
          "Per model: counts from the layer code, times on a batch of " + std::to_string(batch),
          {"pair", "model", "convs", "receptive field", "params", "MACs / image", "fwd ms", "fwd+bwd ms"},
          {}};
}

void add_row(Table& t, const Pair& p, const Measured& m) {
  t.rows.push_back({std::string(p.id), m.model, static_cast<std::int64_t>(m.convs),
                    static_cast<std::int64_t>(m.rf.size), static_cast<std::int64_t>(m.params),
                    static_cast<std::int64_t>(m.macs), m.forward_ms, m.train_ms});
}

void add_ratio_row(Table& t, const Pair& p, const Measured& large, const Measured& small) {
  const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  t.rows.push_back({std::string(p.label), ratio(static_cast<double>(small.params), static_cast<double>(large.params)),
                    ratio(static_cast<double>(small.macs), static_cast<double>(large.macs)),
                    ratio(small.forward_ms, large.forward_ms), ratio(small.train_ms, large.train_ms)});
}

void add_notes(ExperimentResult& r, const KernelsOptions& o, std::size_t threads) {
  r.notes.push_back(
      "The stacks put a ReLU after every 3x3 convolution (three non-linearities against one for the 7x7), so "
      "they are not a re-parameterisation of the large kernel but a deeper, more expressive function "
      "(Simonyan & Zisserman 2015, VGG, section 2.3); the measured times include those ReLUs.");
  r.notes.push_back(
      "Times: median of " + std::to_string(o.repeats) + " passes after one warm-up, batch " + std::to_string(o.batch) +
      ", " + std::to_string(threads) +
      " threads, forward in train mode; forward+backward computes every weight gradient and every input gradient "
      "except the first layer's, as a training step does. Each layer is im2col + GEMM, so a stack pays per-layer "
      "overhead (an extra column matrix and activation per layer) that the MAC count does not see; other "
      "programs on the machine add noise.");
  r.notes.push_back(
      "The course notes write the direct count as 14*14*48*5*5*16 = 112.9M; the product that gives 112.9M has "
      "480 (the input channels) in place of 16. The Inception 3a figures (192x28x28 -> 32: 120.4M against 2.4M + "
      "10.0M) are not in the notes; they are GoogLeNet's Table 1 branch, the usual lecture example.");
  r.notes.push_back("Parameters exclude biases (the models use nobias) so the weights alone are compared.");
}

}  // namespace

KernelsOptions full_size(KernelsOptions o) {
  o.batch = 32;
  o.repeats = 11;
  return o;
}

ReceptiveField receptive_field(const nn::Sequential& model) {
  ReceptiveField rf;
  const auto window = [&rf](std::size_t k, std::size_t s, std::size_t d) {
    rf.size += d * (k - 1) * rf.jump;
    rf.jump *= s;
  };
  for (std::size_t i = 0; i < model.size(); ++i) {
    const nn::Layer& l = model.layer(i);
    if (const auto* c = dynamic_cast<const nn::Conv2d*>(&l)) {
      window(c->options().kernel, c->options().stride, c->options().dilation);
    } else if (const auto* mp = dynamic_cast<const nn::BasicExtremumPool2d<float>*>(&l)) {
      window(mp->options().kernel, mp->options().step(), 1);
    } else if (const auto* ap = dynamic_cast<const nn::AvgPool2d*>(&l)) {
      window(ap->options().kernel, ap->options().step(), 1);
    } else if (const auto* seq = dynamic_cast<const nn::Sequential*>(&l)) {
      const ReceptiveField inner = receptive_field(*seq);
      rf.size += (inner.size - 1) * rf.jump;
      rf.jump *= inner.jump;
    } else if (l.type() == "Inception" || l.type() == "ResidualBlock" || l.type() == "GlobalAvgPool" ||
               l.type() == "GlobalMaxPool" || l.type() == "Dense" || l.type() == "Flatten") {
      throw std::invalid_argument("receptive_field: layer '" + l.name() + "' (" + l.type() +
                                  ") is not a single sliding window");
    }
    // Anything else is element-wise (activations, batch norm, dropout): one input per output.
  }
  return rf;
}

ExperimentResult run_kernels(const KernelsOptions& o, const CommonOptions& common, Reporter& reporter) {
  const auto start = Clock::now();
  if (o.batch == 0 || o.repeats == 0) throw std::invalid_argument("kernels: batch and repeats must be positive");
  nn::ThreadPool::set_global_threads(common.threads);
  ExperimentResult r;
  r.experiment = "kernels";
  r.params = {{"batch", std::to_string(o.batch)},
              {"repeats", std::to_string(o.repeats)},
              {"threads", std::to_string(nn::ThreadPool::global().size())},
              {"seed", std::to_string(common.seed)}};

  // Count everything first (instant), so the progress total is the real work in GMACs.
  std::vector<Built> built;
  std::vector<Measured> measured;
  double total = 0;
  for (const Pair& p : kPairs) {
    for (const char* name : {p.large, p.small}) {
      built.push_back(build(name, common.seed));
      measured.push_back(count(name, built.back()));
      total += 4.0 * static_cast<double>(o.repeats + 1) * static_cast<double>(measured.back().macs) *
               static_cast<double>(o.batch) * 1e-9;
    }
  }
  reporter.begin(total);

  Table models = models_table(o.batch);
  Table ratios{"ratios",
               "Second model / first model in each pair (below 1: the stack or the reduction is cheaper)",
               {"pair", "params", "MACs", "fwd time", "fwd+bwd time"},
               {}};
  for (std::size_t i = 0; i < std::size(kPairs) && !r.cancelled; ++i) {
    const Pair& p = kPairs[i];
    Measured& large = measured[2 * i];
    Measured& small = measured[2 * i + 1];
    reporter.set_phase("pair " + std::to_string(i + 1) + "/" + std::to_string(std::size(kPairs)) + ": " + p.label);
    if (!time_model(built[2 * i], large, o, common.seed, reporter) ||
        !time_model(built[2 * i + 1], small, o, common.seed, reporter)) {
      r.cancelled = true;
      break;
    }
    add_row(models, p, large);
    add_row(models, p, small);
    add_ratio_row(ratios, p, large, small);
    r.findings.push_back(p.stack ? stack_count_finding(large, small) : bottleneck_count_finding(p, large, small));
    r.findings.push_back(speed_finding(p, large, small, o));
  }
  r.tables = {std::move(models), std::move(ratios)};
  add_notes(r, o, nn::ThreadPool::global().size());
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

}  // namespace stride::lab
