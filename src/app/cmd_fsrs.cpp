// `stride fsrs replay`.
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "srs/replay.h"

namespace stride::app {

std::string replay_help() { return srs::replay_usage(); }

int run_replay(const std::vector<std::string>& args) {
  srs::ReplayOptions options;
  try {
    options = srs::parse_replay_options(args);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stride fsrs replay: %s\n", e.what());
    return 2;
  }
  try {
    std::ios::sync_with_stdio(false);
    srs::replay(std::cin, std::cout, options);
    std::cout.flush();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stride fsrs replay: %s\n", e.what());
    return 1;
  }
}

}  // namespace stride::app
