#include "nn/tensor.h"

#include <atomic>

namespace stride::nn {

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

std::uint64_t buffer_allocations() { return g_allocations.load(std::memory_order_relaxed); }
void count_buffer_allocation() { g_allocations.fetch_add(1, std::memory_order_relaxed); }

}  // namespace stride::nn
