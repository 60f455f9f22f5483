#pragma once
// `stride lab prune`: magnitude pruning of a trained network, one-shot against iterative.
//
// Two ways to choose what goes:
//  * weights: unstructured, the smallest |w| of every conv and dense weight tensor (Han et al. 2015,
//    "Learning both Weights and Connections for Efficient Neural Networks");
//  * filters: whole conv output filters with the smallest L1 or L2 norm (Li et al. 2017, "Pruning
//    Filters for Efficient ConvNets"). A removed filter takes its bias, its BatchNorm γ and β and
//    the next layer's weights that read its channel with it, so the channel is gone, not just quiet.
// Ranking is layer-wise (every layer loses the same fraction) rather than global: the layers'
// weights live on different scales (He initialisation scales by fan-in), so one global threshold
// would empty the widest layer first and could cut a small layer off entirely.
//
// Two schedules to reach the target sparsity s in R rounds:
//  * iterative: prune, retrain, repeat; after round r the level is 1 − (1 − s)^(r/R), i.e. every
//    round removes the same fraction of what is left (the geometric schedule of Han et al. 2015's
//    iterative pruning and Frankle & Carbin 2019's "prune p^(1/n) % per round");
//  * one-shot: the ORIGINAL model pruned straight to each of those levels, measured before
//    retraining and after as many retraining steps as the iterative run spent reaching that level.
// Pruned entries are masked: the mask is re-applied after every optimiser step
// (TrainConfig::after_step), so a pruned weight stays exactly zero while the rest retrain.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/experiment.h"
#include "lab/lab_data.h"
#include "nn/sequential.h"

namespace stride::lab {

enum class PruneMethod { weights, filters };
enum class FilterNorm { l1, l2 };

std::optional<PruneMethod> parse_prune_method(std::string_view name);  // "weights" / "filters"
std::optional<FilterNorm> parse_filter_norm(std::string_view name);    // "l1" / "l2"
const char* name_of(PruneMethod method);
const char* name_of(FilterNorm norm);

// Sparsity level after round `round` (1..rounds) of the geometric schedule towards `target`.
double schedule_level(double target, std::size_t round, std::size_t rounds);

// What one prunable layer has lost: counts from the masks, MACs from the layer's own macs().
struct LayerSavings {
  std::string layer, type;
  std::uint64_t params = 0, params_pruned = 0;
  std::uint64_t weights = 0, weights_pruned = 0;  // the weight tensor alone (conv / dense)
  std::uint64_t macs = 0, macs_kept = 0;           // per image; kept = nonzero weights × positions
};

// Masks over the parameters of one model. Holds pointers into the model: the model must outlive it.
class Pruner {
 public:
  // Finds the prunable layers among the model's top-level layers (conv and dense weights for
  // `weights`; conv filters for `filters`). Throws std::invalid_argument when a conv layer's output
  // channels cannot be followed to the layer that reads them (filters need a plain chain).
  Pruner(nn::Sequential& model, PruneMethod method, FilterNorm norm, nn::Shape input);

  // Prunes more, so that every prunable layer has round(level × units) units pruned (units:
  // weights, or filters). Levels only grow: what is pruned stays pruned. Then zeroes the masks.
  void prune_to(double level);
  // Sets every pruned entry back to zero (after each optimiser step).
  void apply();

  // Per layer with parameters, in model order.
  std::vector<LayerSavings> savings() const;
  // Fraction of all conv and dense weights that are pruned.
  double weight_sparsity() const;
  // Filters pruned in conv layer `layer` (index in the model), for --method filters.
  std::vector<std::size_t> pruned_filters(std::size_t layer) const;

 private:
  // Which entries of one parameter tensor are pruned.
  struct Mask {
    std::size_t layer = 0;
    nn::Tensor* tensor = nullptr;
    std::vector<std::uint8_t> off;
  };
  // A conv layer whose filters can be removed, and where its channels go.
  struct FilterUnit {
    std::size_t conv = 0;
    std::vector<std::size_t> batch_norms;  // BatchNorm2d layers on the way to the reader
    std::size_t reader = 0;                // the conv or dense layer that reads the channels
    std::size_t columns = 1;               // reader inputs per channel (dense after flatten: H·W)
    std::vector<std::uint8_t> removed;     // per filter
  };

  Mask& mask_of(std::size_t layer, nn::Tensor& t);
  FilterUnit trace_channels(std::size_t conv) const;
  void prune_weights(double level);
  void prune_filters(double level);
  void remove_filter(FilterUnit& u, std::size_t filter);

  nn::Sequential* model_;
  PruneMethod method_;
  FilterNorm norm_;
  std::vector<nn::Shape> in_shapes_;        // input shape of every layer, batch of one
  std::vector<std::size_t> weight_layers_;  // conv and dense layers
  std::vector<Mask> masks_;
  std::vector<FilterUnit> units_;
};

struct PruneOptions {
  PruneMethod method = PruneMethod::weights;
  FilterNorm norm = FilterNorm::l1;
  double target = 0.9;                // fraction of each layer's weights (or conv filters)
  std::size_t rounds = 5;
  std::size_t retrain_images = 8000;  // per round; --full: 60,000
  std::size_t retrain_epochs = 1;     // per round
  std::size_t test_images = 2000;     // --full: 10,000
  std::size_t batch = 64;
  double lr = 1e-4;                   // Adam, cosine schedule within each retraining run
};

// The sizes --full stands for.
PruneOptions full_size(PruneOptions o);

// Builds a fresh copy of the trained model to prune (called once per pruned copy).
using ModelFactory = std::function<std::unique_ptr<nn::Sequential>()>;

// Retrains on the first retrain_images of `data.train` and evaluates on the first test_images of
// `data.test`. `start_name` names the starting model in the result.
ExperimentResult run_prune(const PruneOptions& options, const CommonOptions& common,
                           const ModelFactory& start, const std::string& start_name,
                           const TrainTest& data, Reporter& reporter);

}  // namespace stride::lab
