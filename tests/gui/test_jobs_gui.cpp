// ui/jobs: work off the UI thread, results applied on it, cancel on quit.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "ui/jobs.h"

using namespace stride::ui;

namespace {

// Drains until the job has ended (the worker's last post arrives with its end).
void drain_until_done(Jobs& jobs, Jobs::Id id) {
  for (int i = 0; i < 2000 && jobs.view(id)->status == JobStatus::running; ++i) {
    jobs.drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  jobs.drain();
}

}  // namespace

TEST_CASE("jobs: posted results are applied on the draining thread, in order, with progress and wake-ups") {
  std::atomic<int> wakes{0};
  Jobs jobs([&] { ++wakes; });
  std::vector<int> seen;  // touched only by the thread that drains
  const auto ui_thread = std::this_thread::get_id();
  bool applied_on_ui_thread = true;
  const Jobs::Id id = jobs.start("count", [&](JobControl& job) {
    for (int i = 0; i < 50; ++i) {
      job.progress((i + 1) / 50.0, "item " + std::to_string(i + 1));
      job.post([&, i] {
        applied_on_ui_thread = applied_on_ui_thread && std::this_thread::get_id() == ui_thread;
        seen.push_back(i);
      });
    }
  });
  drain_until_done(jobs, id);
  const JobView* view = jobs.view(id);
  REQUIRE(view);
  CHECK(view->status == JobStatus::finished);
  CHECK(view->fraction == 1.0);
  CHECK(view->detail == "item 50");
  REQUIRE(seen.size() == 50);
  for (int i = 0; i < 50; ++i) CHECK(seen[static_cast<size_t>(i)] == i);
  CHECK(applied_on_ui_thread);
  CHECK(wakes.load() >= 100);  // every progress report and every post wakes the loop
  CHECK_FALSE(jobs.any_running());
  CHECK(jobs.view(id + 1) == nullptr);
}

TEST_CASE("jobs: an exception fails the job with its message; cancel stops a job that checks the flag") {
  Jobs jobs;
  const Jobs::Id bad = jobs.start("bad", [](JobControl&) { throw std::runtime_error("disk full"); });
  drain_until_done(jobs, bad);
  CHECK(jobs.view(bad)->status == JobStatus::failed);
  CHECK(jobs.view(bad)->error == "disk full");

  const Jobs::Id slow = jobs.start("slow", [](JobControl& job) {
    while (!job.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  jobs.drain();
  CHECK(jobs.view(slow)->status == JobStatus::running);
  jobs.cancel(slow);
  drain_until_done(jobs, slow);
  CHECK(jobs.view(slow)->status == JobStatus::cancelled);
}

TEST_CASE("jobs: quitting cancels what runs and waits for it") {
  std::atomic<bool> finished{false}, saw_cancel{false};
  {
    Jobs jobs;
    jobs.start("endless", [&](JobControl& job) {
      while (!job.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      saw_cancel = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // cleaning up takes a moment
      finished = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }  // ~Jobs
  CHECK(saw_cancel.load());
  CHECK(finished.load());  // joined: nothing runs after the owner is gone
}
