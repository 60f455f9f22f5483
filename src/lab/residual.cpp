#include "lab/residual.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "lab/reported_training.h"
#include "lab/step_curves.h"
#include "nn/model_spec.h"
#include "nn/softmax_cross_entropy.h"
#include "nn/trainer.h"

namespace stride::lab {

namespace {

constexpr StackKind kKinds[] = {StackKind::plain, StackKind::residual, StackKind::plain_no_bn};

// One conv → [BN] → ReLU line group of the model text.
void conv_lines(std::string& s, const std::string& name, std::size_t width, bool bn) {
  const std::string w = std::to_string(width);
  s += name + ": conv " + w + " 3x3 pad 1" + (bn ? " nobias" : "") + "\n";
  if (bn) s += name + "_bn: batchnorm\n";
}

void block_lines(std::string& s, StackKind kind, std::size_t i, std::size_t width) {
  const std::string b = "block" + std::to_string(i);
  if (kind == StackKind::residual) {
    s += b + ": residual " + std::to_string(width) + "\n";
    return;
  }
  const bool bn = kind == StackKind::plain;
  conv_lines(s, b + "_conv1", width, bn);
  s += b + "_relu1: relu\n";
  conv_lines(s, b + "_conv2", width, bn);
  s += b + "_relu2: relu\n";
}

struct VariantRun {
  StackKind kind = StackKind::plain;
  std::size_t params = 0;
  std::vector<double> grad_init, grad_trained;
  StepRun run;
};

double final_accuracy(const VariantRun& v) {
  if (v.run.diverged || v.run.result.epochs.empty()) return -1;
  return v.run.result.epochs.back().test_acc;
}

Cell number_or_dash(double v) {
  if (!std::isfinite(v)) return std::string("-");
  return v;
}

Table models_table(const std::vector<VariantRun>& runs, std::size_t convs) {
  Table t{"models", "The three stacks after training",
          {"stack", "conv layers", "parameters", "final train loss", "test acc (%)", "outcome"}, {}};
  for (const VariantRun& v : runs) {
    std::vector<Cell> row;
    row.emplace_back(std::string(name_of(v.kind)));
    row.emplace_back(static_cast<std::int64_t>(convs));
    row.emplace_back(static_cast<std::int64_t>(v.params));
    const bool ok = !v.run.diverged && !v.run.result.epochs.empty();
    row.emplace_back(ok ? Cell(v.run.result.epochs.back().train_loss) : Cell(std::string("-")));
    row.emplace_back(ok ? Cell(100 * final_accuracy(v)) : Cell(std::string("-")));
    row.emplace_back(v.run.diverged ? "diverged (loss NaN/inf) by step " + std::to_string(v.run.diverged_at)
                                    : std::string("completed"));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string layer_label(std::size_t depth) {
  if (depth == 0) return "stem";
  return "block " + std::to_string((depth + 1) / 2) + " conv" + std::to_string(depth % 2 == 1 ? 1 : 2);
}

Table gradients_table(const std::vector<VariantRun>& runs, std::size_t convs) {
  Table t{"gradients", "L2 norm of each conv layer's weight gradient on one batch", {"depth", "layer"}, {}};
  for (const VariantRun& v : runs) t.columns.push_back(std::string(name_of(v.kind)) + ", init");
  for (const VariantRun& v : runs) t.columns.push_back(std::string(name_of(v.kind)) + ", trained");
  for (std::size_t d = 0; d < convs; ++d) {
    std::vector<Cell> row;
    row.emplace_back(static_cast<std::int64_t>(d + 1));
    row.emplace_back(layer_label(d));
    for (const VariantRun& v : runs) row.push_back(number_or_dash(v.grad_init.at(d)));
    for (const VariantRun& v : runs) {
      row.push_back(v.grad_trained.empty() ? Cell(std::string("-")) : number_or_dash(v.grad_trained[d]));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

// log10 of the norms by depth (the norms span orders of magnitude); zero or non-finite left out.
Plot gradient_plot(const std::vector<VariantRun>& runs, bool trained) {
  Plot p{trained ? "grad_trained" : "grad_init",
         trained ? "Weight-gradient norm by depth after training" : "Weight-gradient norm by depth at initialisation",
         "conv layer (depth)", "log10 of the gradient L2 norm", false, {}};
  for (const VariantRun& v : runs) {
    const std::vector<double>& g = trained ? v.grad_trained : v.grad_init;
    Series s{name_of(v.kind), {}, {}};
    for (std::size_t d = 0; d < g.size(); ++d) {
      if (!(g[d] > 0) || !std::isfinite(g[d])) continue;
      s.x.push_back(static_cast<double>(d + 1));
      s.y.push_back(std::log10(g[d]));
    }
    p.series.push_back(std::move(s));
  }
  return p;
}

// ‖g_first‖ / ‖g_last‖ at initialisation: how much of the gradient reaches the first layer.
double first_to_last(const VariantRun& v) { return v.grad_init.front() / v.grad_init.back(); }

std::string acc_text(const VariantRun& v) {
  if (final_accuracy(v) < 0) return "diverged";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100 * final_accuracy(v));
  return buf;
}

// Each claim judged by a rule fixed here, before any run.
void add_findings(const std::vector<VariantRun>& runs, std::size_t convs, ExperimentResult& r) {
  const VariantRun& plain = runs[0];
  const VariantRun& res = runs[1];
  const VariantRun& nobn = runs[2];
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "first-to-last conv gradient-norm ratio at initialisation over %zu conv layers: %.3g "
                "without BN; rule: holds when below 0.1 (an order of magnitude lost)",
                convs, first_to_last(nobn));
  r.findings.push_back({"In a deep plain network the gradient shrinks on its way back to the first layers",
                        buf, first_to_last(nobn) < 0.1});
  std::snprintf(buf, sizeof buf,
                "first-to-last conv gradient-norm ratio at initialisation: %.3g with skips, %.3g plain "
                "(both with BN); rule: holds when the residual stack's is higher",
                first_to_last(res), first_to_last(plain));
  r.findings.push_back({"Skip connections keep gradients alive in deep networks (He et al. 2016)", buf,
                        first_to_last(res) > first_to_last(plain)});
  std::snprintf(buf, sizeof buf,
                "test accuracy after training %s with skips, %s plain (same layers, same parameters); "
                "rule: holds when the residual stack's is higher",
                acc_text(res).c_str(), acc_text(plain).c_str());
  r.findings.push_back({"At the same depth a residual network trains better than a plain one", buf,
                        final_accuracy(res) > final_accuracy(plain)});
}

nn::TrainConfig train_config(const ResExperimentOptions& o, const CommonOptions& common) {
  nn::TrainConfig c;
  c.epochs = o.epochs;
  c.batch = o.batch;
  c.lr = static_cast<float>(o.lr);
  c.optimizer = nn::OptimizerKind::sgd;
  c.schedule = nn::LrSchedule::cosine;
  c.seed = common.seed;
  c.threads = common.threads;
  return c;
}

std::string lr_text(double lr) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", lr);
  return buf;
}

void add_params(const ResExperimentOptions& o, const CommonOptions& common, const TrainTest& d,
                ExperimentResult& r) {
  r.params = {{"blocks", std::to_string(o.blocks)},
              {"conv_layers", std::to_string(1 + 2 * o.blocks)},
              {"width", std::to_string(o.width)},
              {"train_images", std::to_string(d.train.count)},
              {"test_images", std::to_string(d.test.count)},
              {"epochs", std::to_string(o.epochs)},
              {"batch", std::to_string(o.batch)},
              {"lr", lr_text(o.lr)},
              {"optimizer", "sgd, momentum 0.9, cosine schedule"},
              {"seed", std::to_string(common.seed)}};
}

void add_notes(ExperimentResult& r) {
  r.notes.push_back("Gradient norms are measured on the same batch (the first training images) for every "
                    "stack, in train mode, from the softmax cross-entropy.");
  r.notes.push_back("With BN a convolution's weight gradient scales with 1/‖W‖ (BN undoes the weights' "
                    "scale), so norms after training also reflect how the weights grew, not only how much "
                    "signal flows back.");
  r.notes.push_back("The stack without BN has convolutions with biases and no BN parameters, so its "
                    "parameter count differs; plain and residual have exactly the same parameters.");
  r.notes.push_back("All three stacks train at the same learning rate, fixed before any run; the stack "
                    "without BN gets no rate of its own.");
  r.notes.push_back("A run is called diverged when the mean loss over a window of steps is NaN or infinite; "
                    "it is stopped there.");
}

}  // namespace

ResExperimentOptions full_size(ResExperimentOptions o) {
  o.blocks = 16;
  o.train_images = 60000;
  o.test_images = 10000;
  o.epochs = 5;
  return o;
}

const char* name_of(StackKind kind) {
  switch (kind) {
    case StackKind::plain: return "plain";
    case StackKind::residual: return "residual";
    case StackKind::plain_no_bn: return "plain, no BN";
  }
  return "?";
}

std::string stack_spec(StackKind kind, std::size_t blocks, std::size_t width) {
  const bool bn = kind != StackKind::plain_no_bn;
  std::string s = "model: stack\ninput: 1x28x28\n";
  conv_lines(s, "stem", width, bn);
  s += "stem_relu: relu\npool: maxpool 2x2\n";
  for (std::size_t i = 1; i <= blocks; ++i) block_lines(s, kind, i, width);
  s += "gap: gap\nfc: dense 10\n";
  return s;
}

std::unique_ptr<nn::Sequential> make_stack(StackKind kind, std::size_t blocks, std::size_t width,
                                           std::uint64_t seed) {
  auto model = nn::build_model(nn::parse_model_spec(stack_spec(kind, blocks, width), name_of(kind)));
  model->initialize(nn::Init::he_normal, static_cast<std::uint32_t>(seed));
  return model;
}

std::vector<double> conv_grad_norms(nn::Sequential& model, const nn::Tensor& x, const std::vector<int>& labels) {
  model.zero_grad();
  const nn::Tensor& logits = model.forward(x, nn::Mode::train);
  nn::SoftmaxCrossEntropy loss;
  nn::Tensor dlogits;
  loss.compute(logits, labels, dlogits);
  model.backward(dlogits);
  std::vector<double> norms;
  for (const nn::ParamRef& p : model.params()) {
    const nn::Shape s = p.value->shape();
    const bool conv3x3 = s.h == 3 && s.w == 3 && p.name.ends_with(".weight");
    if (!conv3x3) continue;
    const double sq = std::accumulate(p.grad->begin(), p.grad->end(), 0.0,
                                      [](double a, float g) { return a + static_cast<double>(g) * g; });
    norms.push_back(std::sqrt(sq));
  }
  return norms;
}

ExperimentResult run_residual(const ResExperimentOptions& o, const CommonOptions& common,
                              const TrainTest& data, Reporter& reporter) {
  const auto start = std::chrono::steady_clock::now();
  ExperimentResult r;
  r.experiment = "residual";
  const TrainTest d{slice(data.train, 0, o.train_images), slice(data.test, 0, o.test_images)};
  add_params(o, common, d, r);
  const nn::TrainConfig config = train_config(o, common);
  reporter.begin(static_cast<double>(std::size(kKinds) * training_steps(config, d.train.count)));

  std::vector<std::uint32_t> idx(std::min(o.batch, d.train.count));
  std::iota(idx.begin(), idx.end(), 0u);
  nn::Tensor x;
  std::vector<int> labels;
  nn::fill_batch(d.train, idx, x, labels);

  const std::size_t convs = 1 + 2 * o.blocks;
  Plot loss{"loss", "Training loss (mean over every " + std::to_string(o.loss_every) + " steps)", "step",
            "cross-entropy", false, {}};
  Plot acc{"accuracy", "Test accuracy per epoch", "epoch", "test accuracy (%)", false, {}};
  std::vector<VariantRun> runs;
  for (std::size_t k = 0; k < std::size(kKinds) && !r.cancelled; ++k) {
    VariantRun v;
    v.kind = kKinds[k];
    reporter.set_phase("stack " + std::to_string(k + 1) + "/" + std::to_string(std::size(kKinds)) + ": " +
                       name_of(v.kind));
    auto model = make_stack(v.kind, o.blocks, o.width, common.seed);
    v.params = model->param_count();
    // On a copy from the same seed, so the measurement leaves the trained model's BN statistics alone.
    v.grad_init = conv_grad_norms(*make_stack(v.kind, o.blocks, o.width, common.seed), x, labels);
    v.run = train_step_curves(*model, d.train, d.test, config, reporter,
                              {name_of(v.kind), "loss", "accuracy", o.loss_every});
    loss.series.push_back(v.run.loss);
    add_curves(v.run.result, name_of(v.kind), &acc, nullptr);
    r.cancelled = v.run.cancelled;
    if (!r.cancelled && !v.run.diverged) v.grad_trained = conv_grad_norms(*model, x, labels);
    runs.push_back(std::move(v));
  }
  if (r.cancelled) runs.pop_back();  // its training was cut short: keep only finished stacks
  r.plots = {loss, acc, gradient_plot(runs, false), gradient_plot(runs, true)};
  r.tables = {models_table(runs, convs), gradients_table(runs, convs)};
  if (!r.cancelled) add_findings(runs, convs, r);
  add_notes(r);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace stride::lab
