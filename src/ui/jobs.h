#pragma once
// Background work for the window (Tracy's habit: data workers apart from views). A job runs on its
// own thread with a cancel flag; it never touches screen state directly but posts closures that the
// UI thread runs at the start of the next frame (drain()), so views read their state without locks.
// Every post wakes the sleeping event loop (glfwPostEmptyEvent through `wake`). Destroying Jobs
// cancels what runs and waits for it, so quitting never leaves a half-written run behind.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stride::ui {

enum class JobStatus { running, finished, cancelled, failed };

// What the worker sees.
class JobControl {
 public:
  bool cancelled() const { return cancel_->load(std::memory_order_relaxed); }
  const std::atomic<bool>& cancel_flag() const { return *cancel_; }
  // Runs `apply` on the UI thread before the next frame.
  void post(std::function<void()> apply);
  // Progress for the job's bar: fraction in [0, 1] and one line of detail.
  void progress(double fraction, std::string detail);

 private:
  friend class Jobs;
  struct Shared;
  std::shared_ptr<Shared> shared_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

// What a view shows of a job.
struct JobView {
  std::string name;
  JobStatus status = JobStatus::running;
  double fraction = 0;
  std::string detail, error;
  double elapsed_s = 0;
  // Remaining time from the elapsed time and the fraction done; negative while unknown.
  double eta_s() const { return fraction > 0.02 && fraction < 1 ? elapsed_s * (1 - fraction) / fraction : -1; }
};

class Jobs {
 public:
  using Id = int;
  using Work = std::function<void(JobControl&)>;

  explicit Jobs(std::function<void()> wake = {});
  Jobs(const Jobs&) = delete;
  Jobs& operator=(const Jobs&) = delete;
  ~Jobs();  // cancels every job and joins its thread

  // Starts `work` on a new thread. An exception from it marks the job failed with its message.
  Id start(std::string name, Work work);
  void cancel(Id id);
  // UI thread, once a frame: runs posted closures and updates the views.
  void drain();
  // The job's state as of the last drain(); nullptr for an unknown id.
  const JobView* view(Id id) const;
  bool any_running() const;

 private:
  struct Entry;
  std::function<void()> wake_;
  std::vector<std::unique_ptr<Entry>> entries_;
  Id next_id_ = 1;
};

}  // namespace stride::ui
