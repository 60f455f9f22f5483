#pragma once
// `stride lab transfer`: does a network pretrained on other classes learn new ones from a few
// labelled images better than one trained from scratch, and which freezing strategy works best?
// FashionNet pretrained on Fashion-MNIST classes 0–4 (T-shirt/top, trouser, pullover, dress,
// coat) learns classes 5–9 (sandal, shirt, sneaker, bag, ankle boot) from `shots` images per class
// with five strategies (the four of the course notes plus the scratch baseline):
//   scratch        every layer from random weights;
//   head only      the pretrained layers frozen, a new classifier head trained (feature extraction);
//   early frozen   the convolution blocks frozen, fc1 and the new head trained;
//   fine-tune all  every layer trained, the pretrained ones at lr × backbone_lr_mult;
//   gradual        head only at first, then fc1, conv2's block and conv1's block unfrozen at a
//                  quarter, half and three quarters of the epochs (Howard & Ruder 2018, ULMFiT),
//                  each at the lower backbone rate.
// Every strategy starts from the same pretrained weights, the same new head (one seeded draw) and
// sees the same images in the same order. Frozen BatchNorm layers keep their pretrained running
// statistics (BatchNorm::set_eval_when_frozen), so a frozen layer is really fixed.
#include <cstddef>
#include <memory>
#include <string>

#include "lab/experiment.h"
#include "lab/lab_data.h"
#include "nn/sequential.h"

namespace stride::lab {

struct TransferOptions {
  std::size_t shots = 20;            // labelled training images per new class
  std::size_t epochs = 20;           // per strategy
  std::size_t batch = 25;
  // Adam, constant. The new head starts from random weights and gets shots·5/batch steps an epoch
  // (4 by default): at Adam's usual 1e-3 it barely moves in 80 steps, so the head trains at 1e-2
  // and pretrained layers that train at 1e-3 (× backbone_lr_mult), the usual tenfold split.
  double lr = 1e-2;
  double backbone_lr_mult = 0.1;     // for pretrained layers that train
  std::size_t test_images = 2000;    // of the new classes' test images; 0 = all (5,000)
  bool pretrain = false;             // pretrain now instead of loading the shipped weights
  std::size_t pretrain_epochs = 2;   // on all 30,000 training images of classes 0–4
  std::string save_pretrained;       // write the pretrained weights to this file
};

// --full: all 5,000 test images and pretraining from scratch (3 epochs).
TransferOptions full_size(TransferOptions o);

// Built-in weights the default run starts from: FashionNet with a 5-class head trained on
// classes 0–4 (content/models/fashionnet_0to4.weights; content/models/README.md reproduces it).
inline constexpr const char* kTransferWeights = "fashionnet_0to4";

struct TransferData {
  nn::ImageDataset source_train, source_test;  // classes 0–4
  nn::ImageDataset target_train, target_test;  // classes 5–9, labelled 0–4
};

// Fashion-MNIST split by class as above; the target training set keeps only `shots` per class
// and the target test set its first `test_images` (0 = all).
TransferData split_for_transfer(const TrainTest& data, std::size_t shots, std::size_t test_images);

// FashionNet with a 5-class head, He-initialised from `seed` (the pretraining architecture).
std::unique_ptr<nn::Sequential> make_source_model(std::uint64_t seed);

enum class TransferStrategy { scratch, head_only, early_frozen, fine_tune, gradual };

// Sets which of FashionNet's layers train in `epoch` (from 1) of `epochs` under `strategy`, and
// their learning-rate multipliers (pretrained layers that train: `backbone_lr_mult`; the head and
// every layer of the scratch model: 1). What the trainer's before_epoch hook calls.
void configure_strategy(TransferStrategy strategy, nn::Sequential& model, std::size_t epoch,
                        std::size_t epochs, float backbone_lr_mult);

// What one strategy does to each of FashionNet's layers in `epoch` (from 1) of `epochs`, read off a
// model that configure_strategy set up (so a picture of it cannot disagree with the run).
struct LayerPlan {
  std::string layer;       // "conv1", …, "fc2" (the new head)
  std::size_t params = 0;  // 0: a layer without weights (relu, pooling, flatten)
  bool frozen = false;
  bool new_head = false;   // fc2: new weights, whatever the strategy
  bool pretrained = true;  // false for the scratch strategy's layers and the head
  float lr_mult = 1;
};
// plans[s][e − 1]: strategy s of transfer_strategies() in epoch e of `epochs` (one model built).
using TransferPlans = std::vector<std::vector<std::vector<LayerPlan>>>;
TransferPlans transfer_plans(std::size_t epochs, float backbone_lr_mult);
// The five strategies in the order the experiment runs them, with the names its curves carry.
const std::vector<std::pair<TransferStrategy, std::string>>& transfer_strategies();

// `pretrained`: the source model to start from; null = pretrain on data.source_train here.
ExperimentResult run_transfer(const TransferOptions& options, const CommonOptions& common,
                              const TransferData& data, nn::Sequential* pretrained, Reporter& reporter);

}  // namespace stride::lab
