#pragma once
// Ctrl-C for long commands (training, experiments): the first SIGINT sets a flag the work checks
// before every batch, so it stops cleanly; a second one kills as usual. std::atomic<bool> is
// lock-free here, so setting it from the handler is async-signal-safe.
#include <atomic>
#include <csignal>

namespace stride::app {

inline std::atomic<bool> g_interrupted{false};

extern "C" inline void on_interrupt(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);
}

// Installs the handler for its lifetime.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted.store(false);
    previous_ = std::signal(SIGINT, on_interrupt);
    // A shell starts background jobs with SIGINT ignored; they stay that way.
    if (previous_ == SIG_IGN) std::signal(SIGINT, SIG_IGN);
  }
  ~InterruptGuard() { std::signal(SIGINT, previous_); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  void (*previous_)(int) = SIG_DFL;
};

}  // namespace stride::app
