#pragma once
// Runs the real `stride` binary (STRIDE_EXE) as a user would, stdout and stderr captured apart.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/datasets.h"
#include "support/run_shell.h"
#include "support/temp_dir.h"

namespace stride::test {

// stdout and stderr together in `out` (what a user sees); `stdin_file` feeds standard input.
inline Output stride_merged(const std::string& args, const std::string& stdin_file = "") {
  return run_shell(std::string(STRIDE_EXE) + " " + args + (stdin_file.empty() ? "" : " < " + stdin_file) +
                   " 2>&1");
}

// `env` is prefixed to the command line ("STRIDE_FASHION_MNIST_DIR=/x"); stderr goes through a
// file in `dir`.
inline Output stride_run(const std::string& args, const TempDir& dir, const std::string& env = "") {
  const std::filesystem::path err = dir / "stderr.txt";
  Output r = run_shell(env + " " + std::string(STRIDE_EXE) + " " + args + " 2>" + err.string());
  std::ifstream in(err);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  return r;
}

}  // namespace stride::test
