#include "nn/thread_pool.h"

#include <chrono>
#include <stdexcept>
#include <utility>

namespace stride::nn {

namespace {
thread_local bool t_inside_job = false;


void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

// True as soon as ready() is; false if it was not within `limit`. The default limit, 100 µs, is
// long enough to cover the gaps between the parallel sections of a training step (a few µs to
// tens of µs) and short enough not to matter when the pool goes idle.
template <class Ready>
bool spin(Ready ready, long limit_us) {
  if (limit_us <= 0) return ready();
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(limit_us);
  for (unsigned i = 1;; ++i) {
    if (ready()) return true;
    if (i % 64 == 0 && std::chrono::steady_clock::now() > until) return false;
    cpu_relax();
  }
}

std::size_t resolve(std::size_t threads) {
  if (threads > 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}
}  // namespace

ThreadPool::ThreadPool(std::size_t threads) { start(resolve(threads)); }

ThreadPool::~ThreadPool() { stop(); }

void ThreadPool::resize(std::size_t threads) {
  std::lock_guard job(job_mutex_);
  stop();
  start(resolve(threads));
}

ThreadPool& ThreadPool::global() {
  static ThreadPool pool;
  return pool;
}

// Restarting the workers costs thread creation: callers set the count before every run (training,
// experiments, benchmarks), so an unchanged count leaves the pool as it is.
void ThreadPool::set_global_threads(std::size_t threads) {
  if (global().size() != resolve(threads)) global().resize(threads);
}

void ThreadPool::start(std::size_t threads) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  // A new worker must not mistake the last finished job for a new one: it starts from the
  // current generation (no job can begin meanwhile: callers hold job_mutex_ or are constructing).
  const std::size_t generation = generation_.load();
  for (std::size_t i = 1; i < threads; ++i) {
    workers_.emplace_back([this, i, generation] { worker_loop(i, generation); });
  }
}

void ThreadPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

ThreadPool::Stats ThreadPool::stats() const {
  std::lock_guard job(job_mutex_);
  return stats_;
}

void ThreadPool::reset_stats() {
  std::lock_guard job(job_mutex_);
  stats_ = {};
}

void ThreadPool::run_chunk(std::size_t worker) {
  const std::size_t parts = size();
  const std::size_t b = chunk_begin(n_, parts, worker);
  const std::size_t e = chunk_begin(n_, parts, worker + 1);
  if (b == e) return;
  t_inside_job = true;
  try {
    call_(fn_, b, e, worker);
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
  t_inside_job = false;
}

// The job's fields (fn_, call_, n_) are written before generation_ is raised (release) and read
// after it is seen (acquire); a worker's writes reach the caller through pending_ (acq_rel).
void ThreadPool::worker_loop(std::size_t index, std::size_t seen) {
  const auto has_news = [&] {
    return stopping_.load(std::memory_order_acquire) || generation_.load(std::memory_order_acquire) != seen;
  };
  for (;;) {
    if (!spin(has_news, spin_us_.load(std::memory_order_relaxed))) {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, has_news);
    }
    if (stopping_.load(std::memory_order_acquire)) return;
    seen = generation_.load(std::memory_order_acquire);
    run_chunk(index);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard lock(mutex_);  // the caller may be between its last check and its wait
      done_.notify_one();
    }
  }
}

void ThreadPool::run(std::size_t n, void* fn, Trampoline call) {
  if (t_inside_job) throw std::logic_error("ThreadPool::parallel_for cannot be nested");
  if (n == 0) return;
  std::lock_guard job(job_mutex_);
  fn_ = fn;
  call_ = call;
  n_ = n;
  error_ = nullptr;
  if (!workers_.empty() && n > 1) {
    pending_.store(workers_.size(), std::memory_order_relaxed);
    {
      std::lock_guard lock(mutex_);  // a worker about to sleep sees the new generation first
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    run_chunk(0);
    const auto mine = std::chrono::steady_clock::now();
    const auto finished = [&] { return pending_.load(std::memory_order_acquire) == 0; };
    if (!spin(finished, spin_us_.load(std::memory_order_relaxed))) {
      std::unique_lock lock(mutex_);
      done_.wait(lock, finished);
    }
    ++stats_.forks;
    stats_.wait_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - mine).count();
  } else {
    // One worker or one item: run everything here, as worker 0.
    const std::size_t saved = n_;
    t_inside_job = true;
    try {
      call_(fn_, 0, saved, 0);
    } catch (...) {
      t_inside_job = false;
      throw;
    }
    t_inside_job = false;
  }
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

}  // namespace stride::nn
