#pragma once
// `stride lab gap`: the classifier head question of the course notes. FashionNet's
// flatten + dense(128) + dense(10) head against flatten + dense(10) and global average pooling +
// dense(10), on the same convolution blocks, data, seed and training schedule: parameters of the
// head and of the whole model, test accuracy per epoch, and the train–test gap (overfitting).
#include <cstddef>

#include "lab/experiment.h"
#include "lab/lab_data.h"

namespace stride::lab {

struct GapOptions {
  std::size_t train_images = 12000;  // --full: all 60,000
  std::size_t epochs = 3;            // --full: 5
  std::size_t batch = 64;
  double lr = 1e-3;                  // Adam, cosine schedule
};

// The sizes --full stands for.
GapOptions full_size(GapOptions o);

// `data.train` is cut to the first train_images images; all of `data.test` is evaluated.
ExperimentResult run_gap(const GapOptions& options, const CommonOptions& common,
                         const TrainTest& data, Reporter& reporter);

}  // namespace stride::lab
