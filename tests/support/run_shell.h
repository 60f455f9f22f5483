#pragma once
// Runs a shell command line and captures its standard output and exit code (popen).
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

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

}  // namespace stride::test
