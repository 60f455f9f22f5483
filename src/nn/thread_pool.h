#pragma once
// A small fork-join pool for the sandbox's kernels. parallel_for(n, fn) splits [0, n) into one
// contiguous chunk per worker and calls fn(begin, end, worker) on each; the calling thread is
// worker 0 and takes the first chunk. The split is static (worker w always gets the same chunk
// for the same n), so results that are reduced in worker order are reproducible run to run for a
// given thread count. No allocation per call: the callable is passed by reference, not wrapped in
// a std::function.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace stride::nn {

class ThreadPool {
 public:
  // threads = 0: one per hardware thread. threads counts the caller, so 1 means no extra thread.
  explicit ThreadPool(std::size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  std::size_t size() const { return workers_.size() + 1; }
  // Waits for a running parallel_for, then restarts with `threads` workers (0 = all cores).
  void resize(std::size_t threads);

  // Runs fn(begin, end, worker) over a static split of [0, n). Calls from several threads are
  // serialised; a call from inside fn (nesting) throws std::logic_error. Exceptions thrown by fn
  // are rethrown here (the first one).
  template <class F>
  void parallel_for(std::size_t n, F&& fn) {
    using Fn = std::remove_reference_t<F>;
    run(n, const_cast<void*>(static_cast<const void*>(&fn)),
        [](void* f, std::size_t b, std::size_t e, std::size_t w) { (*static_cast<Fn*>(f))(b, e, w); });
  }

  // How long hand-offs spin before sleeping (default 100 µs, see below); 0: sleep at once. The
  // window sets 0 for its background work, whose cores the frame may need at any moment.
  void set_spin(std::chrono::microseconds spin) { spin_us_.store(spin.count(), std::memory_order_relaxed); }

  // What fork-join costs the caller, counted over every parallel_for since the last reset: the
  // calls that used more than one worker, and the seconds the caller spent waiting for the other
  // workers after finishing its own chunk (their wake-up latency plus any imbalance).
  struct Stats {
    std::size_t forks = 0;
    double wait_s = 0;
  };
  Stats stats() const;
  void reset_stats();

  // The process-wide pool the layers use (all cores until set_global_threads is called).
  static ThreadPool& global();
  // Sets the global pool to `threads` (0 = all cores); a no-op when it already has that many.
  static void set_global_threads(std::size_t threads);

 private:
  using Trampoline = void (*)(void*, std::size_t, std::size_t, std::size_t);
  void run(std::size_t n, void* fn, Trampoline call);
  void start(std::size_t threads);
  void stop();
  void worker_loop(std::size_t index, std::size_t seen);
  void run_chunk(std::size_t worker);

  mutable std::mutex job_mutex_;  // one parallel_for at a time
  // Hand-offs spin briefly before they sleep: a training step forks about 25 times, and a worker
  // woken through the condition variable took 50-80 µs to start on the 2-core VM (a tenth of a
  // FashionNet epoch was the caller waiting). Spinning costs the waiting core's time only for
  // a short while after each job (spin_us_), so an idle pool still sleeps.
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<std::thread> workers_;
  std::atomic<std::size_t> generation_{0};
  std::atomic<std::size_t> pending_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<long> spin_us_{100};
  // The current job.
  void* fn_ = nullptr;
  Trampoline call_ = nullptr;
  std::size_t n_ = 0;
  std::exception_ptr error_;
  Stats stats_;  // guarded by job_mutex_
};

// Splits [0, n) into `parts` nearly equal contiguous chunks; chunk i is [begin, end).
inline std::size_t chunk_begin(std::size_t n, std::size_t parts, std::size_t i) {
  return n * i / parts;
}

}  // namespace stride::nn
