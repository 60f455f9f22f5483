#pragma once
// Scratch buffers that grow to the largest size a layer has needed and then stay put, so the
// steady state of training allocates nothing (each growth is counted in buffer_allocations()).
#include <cstddef>
#include <vector>

#include "nn/tensor.h"

namespace stride::nn {

template <class V>
void ensure_size(std::vector<V>& v, std::size_t n) {
  if (v.size() >= n) return;
  v.resize(n);
  count_buffer_allocation();
}

// One scratch vector per pool worker, each at least n elements.
template <class V>
void ensure_per_worker(std::vector<std::vector<V>>& buffers, std::size_t workers, std::size_t n) {
  if (buffers.size() < workers) {
    buffers.resize(workers);
    count_buffer_allocation();
  }
  for (std::size_t w = 0; w < workers; ++w) ensure_size(buffers[w], n);
}

}  // namespace stride::nn
