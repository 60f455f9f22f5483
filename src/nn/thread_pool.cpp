#include "nn/thread_pool.h"

#include <stdexcept>
#include <utility>

namespace stride::nn {

namespace {
thread_local bool t_inside_job = false;

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
  const std::size_t generation = generation_;
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

void ThreadPool::worker_loop(std::size_t index, std::size_t seen) {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    run_chunk(index);
    {
      std::lock_guard lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
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
    {
      std::lock_guard lock(mutex_);
      pending_ = workers_.size();
      ++generation_;
    }
    wake_.notify_all();
    run_chunk(0);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
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
