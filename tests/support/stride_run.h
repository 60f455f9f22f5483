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

// `env` is prefixed to the command line ("STRIDE_FASHION_MNIST_DIR=/x"); stderr goes through a
// file in `dir`.
inline Output stride_run(const std::string& args, const TempDir& dir, const std::string& env = "") {
  const std::filesystem::path err = dir / "stderr.txt";
  const std::string cmd = env + " " + std::string(STRIDE_EXE) + " " + args + " 2>" + err.string();
  Output r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
