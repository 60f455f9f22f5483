#include "nn/softmax_cross_entropy.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace stride::nn {

template <class T>
T BasicSoftmaxCrossEntropy<T>::compute(const Tensor& logits, std::span<const std::int32_t> labels,
                                       Tensor& dlogits) {
  const Shape s = logits.shape();
  if (s.plane() != 1 || s.n != labels.size()) {
    throw ShapeError("SoftmaxCrossEntropy expects N\u00d7K logits with N = " +
                     std::to_string(labels.size()) + " labels, got " + to_string(s));
  }
  const std::size_t N = s.n, K = s.c;
  probs_.resize(s);
  dlogits.resize(s);
  double total = 0;
  correct_ = 0;
  for (std::size_t n = 0; n < N; ++n) {
    const std::int32_t label = labels[n];
    if (label < 0 || static_cast<std::size_t>(label) >= K) {
      throw std::out_of_range("SoftmaxCrossEntropy: label " + std::to_string(label) +
                              " outside [0, " + std::to_string(K) + ")");
    }
    const T* z = logits.data() + n * K;
    T* p = probs_.data() + n * K;
    T* dz = dlogits.data() + n * K;
    const std::size_t argmax = static_cast<std::size_t>(std::max_element(z, z + K) - z);
    const T zmax = z[argmax];
    double sum = 0;
    for (std::size_t k = 0; k < K; ++k) sum += std::exp(static_cast<double>(z[k] - zmax));
    const double log_sum = std::log(sum);
    // −log softmax(z)[y] = log Σ_k e^(z_k − max) − (z_y − max)
    total += log_sum - static_cast<double>(z[label] - zmax);
    for (std::size_t k = 0; k < K; ++k) {
      p[k] = static_cast<T>(std::exp(static_cast<double>(z[k] - zmax) - log_sum));
      dz[k] = p[k] / static_cast<T>(N);
    }
    dz[label] -= T(1) / static_cast<T>(N);
    if (argmax == static_cast<std::size_t>(label)) ++correct_;
  }
  return static_cast<T>(total / static_cast<double>(N));
}

template class BasicSoftmaxCrossEntropy<float>;
template class BasicSoftmaxCrossEntropy<double>;

}  // namespace stride::nn
