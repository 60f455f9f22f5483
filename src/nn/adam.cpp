#include "nn/adam.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include <xsimd/xsimd.hpp>
#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

#include "nn/thread_pool.h"

namespace stride::nn {

Adam::Adam(std::vector<ParamRef> params, const AdamOptions& o)
    : Optimizer(std::move(params), o.lr), o_(o) {
  if (!(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1)) {
    throw std::invalid_argument("Adam: betas must be in [0, 1)");
  }
  if (!(o.eps >= 0) || !(o.weight_decay >= 0)) {
    throw std::invalid_argument("Adam: eps and weight decay must be >= 0");
  }
  m_.resize(params_.size());
  v_.resize(params_.size());
  vmax_.resize(params_.size());
  t_.assign(params_.size(), 0);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    m_[i].assign(params_[i].value->size(), 0);
    v_[i].assign(params_[i].value->size(), 0);
    if (o.amsgrad) vmax_[i].assign(params_[i].value->size(), 0);
  }
}

namespace {

// The per-element update, with the weight-decay variant and AMSGrad fixed at compile time. The
// body is written once for float and for xsimd::batch<float>: the plain loop does not vectorise
// (std::sqrt may set errno, which keeps a branch per element), the batch version does, with the
// same operations in the same order (SIMD sqrt and division are correctly rounded, as the scalar
// ones are), so both give PyTorch's float result bit for bit.
enum class Decay { none, l2, decoupled };

struct AdamStep {
  float b1, b2, wd, eps, step_size, bc2_sqrt, decay;
};

template <Decay D, bool Ams, class V>
void adam_element(const AdamStep& k, V& p, V g, V& m, V& v, V& vmax) {
  using std::sqrt;
  using xsimd::sqrt;
  if constexpr (D == Decay::decoupled) p = p * V(k.decay);
  if constexpr (D == Decay::l2) g = g + V(k.wd) * p;
  m = m * V(k.b1) + V(1 - k.b1) * g;
  v = v * V(k.b2) + V(1 - k.b2) * g * g;
  V second = v;
  if constexpr (Ams) {
    if constexpr (std::is_same_v<V, float>) {
      second = vmax = std::max(vmax, v);
    } else {
      second = vmax = xsimd::select(vmax < v, v, vmax);  // std::max's choice, NaN included
    }
  }
  const V denom = sqrt(second) / V(k.bc2_sqrt) + V(k.eps);
  p = p - V(k.step_size) * m / denom;
}

template <Decay D, bool Ams>
void adam_update(const AdamStep& k, float* p, const float* grad, float* m, float* v, float* vmax,
                 std::size_t n) {
  using B = xsimd::batch<float>;
  std::size_t j = 0;
  for (; j + B::size <= n; j += B::size) {
    B pj = B::load_unaligned(p + j), mj = B::load_unaligned(m + j), vj = B::load_unaligned(v + j);
    B vmaxj = Ams ? B::load_unaligned(vmax + j) : B(0.0f);
    adam_element<D, Ams>(k, pj, B::load_unaligned(grad + j), mj, vj, vmaxj);
    pj.store_unaligned(p + j);
    mj.store_unaligned(m + j);
    vj.store_unaligned(v + j);
    if constexpr (Ams) vmaxj.store_unaligned(vmax + j);
  }
  float unused = 0;
  for (; j < n; ++j) adam_element<D, Ams>(k, p[j], grad[j], m[j], v[j], Ams ? vmax[j] : unused);
}

template <bool Ams>
void adam_update(Decay d, const AdamStep& k, float* p, const float* grad, float* m, float* v,
                 float* vmax, std::size_t n) {
  switch (d) {
    case Decay::none: return adam_update<Decay::none, Ams>(k, p, grad, m, v, vmax, n);
    case Decay::l2: return adam_update<Decay::l2, Ams>(k, p, grad, m, v, vmax, n);
    case Decay::decoupled: return adam_update<Decay::decoupled, Ams>(k, p, grad, m, v, vmax, n);
  }
}

// Large parameters (a 3136×128 Dense weight) are split across the pool; the update is
// element-wise, so the split changes no result.
constexpr std::size_t kGrain = 1 << 14;

// Subnormal results flushed to zero (and subnormal inputs read as zero) while this thread updates.
// A weight whose gradient stays exactly zero (a dense input that ReLU and pooling always zero) sees
// its first moment shrink by β1 every step until it is subnormal, and x86 computes with subnormals
// dozens of times slower: the update took 0.5 s in FashionNet's first epoch and 0.8 s in each
// later one. The values flushed are below 1.2e-38; the step they would have made, lr·m/(√v + ε),
// is below any float weight's rounding. MXCSR is per thread, so every worker sets its own.
class FlushSubnormals {
 public:
#if defined(__SSE2__)
  FlushSubnormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero); }
  ~FlushSubnormals() { _mm_setcsr(saved_); }

 private:
  static constexpr unsigned kFlushToZero = 0x8000, kDenormalsAreZero = 0x0040;
  unsigned saved_;
#endif
};

}  // namespace

void Adam::step() {
  const Decay decay = o_.decoupled_weight_decay ? Decay::decoupled
                      : o_.weight_decay != 0    ? Decay::l2
                                                : Decay::none;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (frozen(i)) continue;
    const double lr = lr_of(i);
    const double t = static_cast<double>(++t_[i]);
    // Scalars in double, as Python computes them, then used in float like PyTorch's kernels.
    const double bias_correction1 = 1 - std::pow(static_cast<double>(o_.beta1), t);
    const double bias_correction2 = 1 - std::pow(static_cast<double>(o_.beta2), t);
    AdamStep k;
    k.b1 = o_.beta1;
    k.b2 = o_.beta2;
    k.wd = o_.weight_decay;
    k.eps = o_.eps;
    k.step_size = static_cast<float>(lr / bias_correction1);
    k.bc2_sqrt = static_cast<float>(std::sqrt(bias_correction2));
    k.decay = static_cast<float>(1 - lr * o_.weight_decay);
    float* p = params_[i].value->data();
    const float* grad = params_[i].grad->data();
    float* m = m_[i].data();
    float* v = v_[i].data();
    float* vmax = o_.amsgrad ? vmax_[i].data() : nullptr;
    const std::size_t n = params_[i].value->size();
    auto run = [&](std::size_t b, std::size_t e) {
      const FlushSubnormals flush;
      if (o_.amsgrad) {
        adam_update<true>(decay, k, p + b, grad + b, m + b, v + b, vmax + b, e - b);
      } else {
        adam_update<false>(decay, k, p + b, grad + b, m + b, v + b, nullptr, e - b);
      }
    };
    const std::size_t chunks = (n + kGrain - 1) / kGrain;
    if (chunks <= 1) {
      run(0, n);
      continue;
    }
    ThreadPool::global().parallel_for(chunks, [&](std::size_t b, std::size_t e, std::size_t) {
      run(b * kGrain, std::min(e * kGrain, n));
    });
  }
}

}  // namespace stride::nn
