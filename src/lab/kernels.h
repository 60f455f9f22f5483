#pragma once
// `stride lab kernels`: large kernels against stacks of small ones, and the Inception 1×1
// bottleneck, counted and timed with the layer code that trains. No training: for each pair of
// built-in models (one 7×7 vs three 3×3, one 5×5 vs two 3×3, a 5×5 branch without and with a 1×1
// reduction) the parameters and multiply-accumulates come from Sequential::param_count() and
// macs(), the receptive field from the layers' kernel, stride and dilation, and the wall time
// from the median of repeated forward and forward + backward passes on a batch.
#include <cstddef>

#include "lab/experiment.h"
#include "nn/sequential.h"

namespace stride::lab {

struct KernelsOptions {
  std::size_t batch = 16;   // images per timed pass (--full: 32)
  std::size_t repeats = 7;  // timed passes per model and direction, after one warm-up (--full: 11)
};

// The sizes --full stands for.
KernelsOptions full_size(KernelsOptions o);

// Receptive field of one output unit on the input, and the distance on the input between two
// neighbouring output units (the product of the strides).
struct ReceptiveField {
  std::size_t size = 1;
  std::size_t jump = 1;
};

// Composes the layers' windows from the input on (Araujo et al. 2019, "Computing Receptive
// Fields of Convolutional Neural Networks", Distill, eq. 2): r += (k_eff − 1)·j and j *= s per
// layer, with k_eff = d·(k − 1) + 1 for a dilated kernel. Convolutions and pooling windows count;
// element-wise layers (activations, batch norm, dropout) leave it unchanged. Throws
// std::invalid_argument for a layer whose receptive field is not a single window (Inception,
// residual blocks, global pooling, dense layers).
ReceptiveField receptive_field(const nn::Sequential& model);

ExperimentResult run_kernels(const KernelsOptions& options, const CommonOptions& common, Reporter& reporter);

}  // namespace stride::lab
