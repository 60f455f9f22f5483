#pragma once
// The main of every doctest program: doctest's own, except that a run in which some test case
// skipped (support/skip.h) and none failed exits with kSkipExitCode and prints why.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#include "support/skip.h"

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int code = context.run();
  if (context.shouldExit() || code != 0 || stride::test::skip_reasons().empty()) return code;
  for (const std::string& reason : stride::test::skip_reasons()) std::printf("SKIPPED: %s\n", reason.c_str());
  return stride::test::kSkipExitCode;
}
