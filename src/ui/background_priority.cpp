#include "ui/background_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include "nn/thread_pool.h"

namespace stride::ui {

void lower_worker_priority() {
  const auto lower = [] { setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10); };
  lower();
  nn::ThreadPool& pool = nn::ThreadPool::global();
  // With n == size() the static split gives each worker exactly one index: every thread runs it once.
  pool.parallel_for(pool.size(), [&](std::size_t, std::size_t, std::size_t) { lower(); });
  // And no spinning between the pool's sections: a spinning worker holds a core the frame may want.
  pool.set_spin(std::chrono::microseconds{0});
}

}  // namespace stride::ui
