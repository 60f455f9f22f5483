#pragma once
// A test case that cannot run on this machine (a fixture or data set absent, a CPU feature
// missing) says why and is counted as skipped, not passed: STRIDE_SKIP records the reason and
// returns, and the test program's main (support/test_main.h) then exits with kSkipExitCode, which
// CTest's SKIP_RETURN_CODE reports as "Skipped". tests/CMakeLists.txt gives each such test case a
// CTest entry of its own, so a skip never hides the passes of the other cases in its file.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

namespace stride::test {

inline constexpr int kSkipExitCode = 77;

inline std::vector<std::string>& skip_reasons() {
  static std::vector<std::string> reasons;
  return reasons;
}

}  // namespace stride::test

#define STRIDE_SKIP(reason)                                         \
  do {                                                              \
    std::ostringstream stride_skip_os_;                             \
    stride_skip_os_ << reason;                                      \
    ::stride::test::skip_reasons().push_back(stride_skip_os_.str()); \
    MESSAGE("skipped: " << stride_skip_os_.str());                  \
    return;                                                         \
  } while (0)
