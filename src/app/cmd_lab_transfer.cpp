// `stride lab transfer [--shots N] [--epochs N] [--pretrain] [--save-pretrained FILE] [--full]`:
// learning Fashion-MNIST classes 5–9 from a few images with a network pretrained on 0–4
// (lab/transfer.h).
#include <memory>

#include "app/experiment_commands.h"
#include "lab/fashion_experiments.h"

namespace stride::app {
namespace {

ExperimentBody define_transfer(CLI::App& sub) {
  auto o = std::make_shared<lab::TransferOptions>();
  sub.add_option("--shots", o->shots, "Labelled training images per new class")->default_val(20)
      ->check(CLI::Range(1, 5000));
  sub.add_option("--epochs", o->epochs, "Epochs per strategy")->default_val(20)->check(CLI::Range(1, 500));
  sub.add_option("--batch", o->batch, "Images per step")->default_val(25)->check(CLI::Range(2, 1024));
  sub.add_option("--lr", o->lr, "Adam learning rate of the new head (constant)")->default_val(1e-2)->check(CLI::PositiveNumber);
  sub.add_option("--backbone-lr-mult", o->backbone_lr_mult, "Learning-rate factor for pretrained layers that train")
      ->default_val(0.1)->check(CLI::Range(0.0, 10.0));
  sub.add_option("--test-images", o->test_images, "Test images of classes 5-9 (0: all 5,000)")->default_val(2000);
  sub.add_flag("--pretrain", o->pretrain, "Pretrain on classes 0-4 now instead of using the built-in weights");
  sub.add_option("--pretrain-epochs", o->pretrain_epochs, "Epochs of pretraining (with --pretrain)")
      ->default_val(2)->check(CLI::Range(1, 100));
  sub.add_option("--save-pretrained", o->save_pretrained, "Write the pretrained weights here (with --pretrain)");
  return [o, &sub](const lab::CommonOptions& common, lab::Reporter& reporter) {
    lab::TransferOptions opts = *o;
    if (common.full) {
      const lab::TransferOptions full = lab::full_size(opts);
      if (sub.count("--test-images") == 0) opts.test_images = full.test_images;
      if (sub.count("--pretrain-epochs") == 0) opts.pretrain_epochs = full.pretrain_epochs;
      opts.pretrain = true;
    }
    return lab::run_transfer_on_fashion_mnist(opts, common, reporter);
  };
}

STRIDE_EXPERIMENT_COMMAND(registered, {"transfer", "Few-shot transfer: classes 5-9 from a network pretrained on 0-4, five strategies", define_transfer});

}  // namespace
}  // namespace stride::app
