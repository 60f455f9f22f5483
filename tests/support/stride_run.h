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

#include "support/temp_dir.h"

namespace stride::test {

struct Output {
  int code = -1;
  std::string out, err;
};

// Runs the shell command line `cmd` and returns its exit code and standard output.
inline Output run_shell(const std::string& cmd) {
  Output r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

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

inline std::filesystem::path fashion_mnist_dir() {
  if (const char* d = std::getenv("STRIDE_FASHION_MNIST_DIR"); d && *d) return d;
  return "/usr/share/datasets/fashion-mnist";
}

// Whether the Debian package dataset-fashion-mnist (or $STRIDE_FASHION_MNIST_DIR) is there.
inline bool have_fashion_mnist() {
  for (const char* f : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz"}) {
    if (!std::filesystem::exists(fashion_mnist_dir() / f)) return false;
  }
  return true;
}

}  // namespace stride::test
