#pragma once
// Random numbers that are the same on every platform for a given seed. std::mt19937 is fully
// specified by the standard, but std::normal_distribution and std::uniform_real_distribution are
// not (libstdc++ and libc++ give different sequences), so the sandbox draws its own.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace stride::nn {

// Uniform in [0, 1) with 53 random bits (two 32-bit draws).
inline double uniform01(std::mt19937& rng) {
  const std::uint64_t hi = rng() >> 5;  // 27 bits
  const std::uint64_t lo = rng() >> 6;  // 26 bits
  return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
}

inline double uniform(std::mt19937& rng, double lo, double hi) {
  return lo + (hi - lo) * uniform01(rng);
}

// Standard normal by the Box–Muller transform (Box & Muller 1958), one value per two uniforms
// (the second value is discarded so that every draw consumes the same amount of the stream).
inline double standard_normal(std::mt19937& rng) {
  const double u1 = 1.0 - uniform01(rng);  // (0, 1]: log stays finite
  const double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace stride::nn
