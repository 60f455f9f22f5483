#pragma once
// Time comes in through this interface so tests and screenshots can fix it;
// domain functions take plain millisecond values and never read a clock.
#include <chrono>
#include <cstdint>

namespace stride {

struct Clock {
  virtual ~Clock() = default;
  virtual int64_t now_ms() const = 0;
};

struct SystemClock final : Clock {
  int64_t now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

struct FixedClock final : Clock {
  int64_t t = 0;
  explicit FixedClock(int64_t ms) : t(ms) {}
  int64_t now_ms() const override { return t; }
};

}  // namespace stride
