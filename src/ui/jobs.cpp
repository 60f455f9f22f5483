#include "ui/jobs.h"

#include <algorithm>
#include <exception>
#include <utility>

namespace stride::ui {

// State shared between a worker and the UI thread, behind one mutex.
struct JobControl::Shared {
  std::mutex mutex;
  std::vector<std::function<void()>> posted;
  double fraction = 0;
  std::string detail;
  bool done = false;
  bool failed = false;
  std::string error;
  std::function<void()> wake;
};

void JobControl::post(std::function<void()> apply) {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->posted.push_back(std::move(apply));
  }
  if (shared_->wake) shared_->wake();
}

void JobControl::progress(double fraction, std::string detail) {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->fraction = std::clamp(fraction, 0.0, 1.0);
    shared_->detail = std::move(detail);
  }
  if (shared_->wake) shared_->wake();
}

struct Jobs::Entry {
  Id id;
  JobView view;
  JobControl control;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::thread thread;
};

Jobs::Jobs(std::function<void()> wake) : wake_(std::move(wake)) {}

Jobs::~Jobs() {
  for (auto& e : entries_) e->control.cancel_->store(true);
  for (auto& e : entries_)
    if (e->thread.joinable()) e->thread.join();
}

Jobs::Id Jobs::start(std::string name, Work work) {
  auto entry = std::make_unique<Entry>();
  entry->id = next_id_++;
  entry->view.name = std::move(name);
  entry->control.shared_ = std::make_shared<JobControl::Shared>();
  entry->control.shared_->wake = wake_;
  entry->control.cancel_ = std::make_shared<std::atomic<bool>>(false);
  JobControl control = entry->control;
  entry->thread = std::thread([control, work = std::move(work)]() mutable {
    std::string error;
    bool failed = false;
    try {
      work(control);
    } catch (const std::exception& e) {
      failed = true;
      error = e.what();
    } catch (...) {
      failed = true;
      error = "unknown error";
    }
    {
      std::lock_guard lock(control.shared_->mutex);
      control.shared_->done = true;
      control.shared_->failed = failed;
      control.shared_->error = std::move(error);
    }
    if (control.shared_->wake) control.shared_->wake();
  });
  const Id id = entry->id;
  entries_.push_back(std::move(entry));
  return id;
}

void Jobs::cancel(Id id) {
  for (auto& e : entries_)
    if (e->id == id) e->control.cancel_->store(true);
}

void Jobs::drain() {
  for (auto& e : entries_) {
    std::vector<std::function<void()>> posted;
    bool done = false;
    {
      auto& s = *e->control.shared_;
      std::lock_guard lock(s.mutex);
      posted.swap(s.posted);
      e->view.fraction = s.fraction;
      e->view.detail = s.detail;
      done = s.done;
      if (done) {
        e->view.error = s.error;
        e->view.status = s.failed ? JobStatus::failed
                         : e->control.cancelled() ? JobStatus::cancelled
                                                  : JobStatus::finished;
      }
    }
    for (auto& apply : posted) apply();  // outside the lock: a closure may be slow
    if (!done)
      e->view.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - e->started).count();
    if (done && e->thread.joinable()) e->thread.join();
  }
}

const JobView* Jobs::view(Id id) const {
  for (const auto& e : entries_)
    if (e->id == id) return &e->view;
  return nullptr;
}

bool Jobs::any_running() const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [](const auto& e) { return e->view.status == JobStatus::running; });
}

}  // namespace stride::ui
