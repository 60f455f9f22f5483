#pragma once
// Weight initialisation, PyTorch's fan conventions (torch.nn.init._calculate_fan_in_and_fan_out):
// for a weight of shape [out, in, kh, kw], fan_in = in·kh·kw and fan_out = out·kh·kw (for a grouped
// convolution `in` is already in/groups).
//  * He / Kaiming (He et al. 2015, "Delving Deep into Rectifiers", eq. 10): Var[w] = 2 / fan_in,
//    which keeps the variance of ReLU activations constant with depth. Normal: std = sqrt(2/fan_in);
//    uniform: U(-b, b) with b = sqrt(6/fan_in) (same variance, b²/3 = 2/fan_in).
//  * Xavier / Glorot (Glorot & Bengio 2010, eq. 16): Var[w] = 2 / (fan_in + fan_out). Uniform:
//    b = sqrt(6/(fan_in+fan_out)); normal: std = sqrt(2/(fan_in+fan_out)).
#include <cmath>
#include <random>

#include "nn/layer.h"
#include "nn/random.h"

namespace stride::nn {

struct Fans {
  double in = 1;
  double out = 1;
};

// Fans of a weight tensor stored as [out, in, kh, kw] (Dense: [out, in, 1, 1]).
template <class T>
Fans fans_of(const BasicTensor<T>& w) {
  const Shape s = w.shape();
  const double receptive = static_cast<double>(s.h * s.w);
  return {static_cast<double>(s.c) * receptive, static_cast<double>(s.n) * receptive};
}

template <class T>
void init_weight(BasicTensor<T>& w, Init scheme, std::mt19937& rng) {
  const Fans f = fans_of(w);
  const bool he = scheme == Init::he_normal || scheme == Init::he_uniform;
  const double variance = he ? 2.0 / f.in : 2.0 / (f.in + f.out);
  const bool normal = scheme == Init::he_normal || scheme == Init::xavier_normal;
  const double sd = std::sqrt(variance);
  const double bound = std::sqrt(3.0 * variance);
  for (T& v : w) {
    v = static_cast<T>(normal ? sd * standard_normal(rng) : uniform(rng, -bound, bound));
  }
}

}  // namespace stride::nn
