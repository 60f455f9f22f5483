#pragma once
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace stride::test {

// Sets TZ for the scope and restores the previous value after.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ~ScopedTimeZone() {
    if (old_) setenv("TZ", old_->c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

}  // namespace stride::test
