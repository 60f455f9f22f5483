#pragma once
// Long lab work (live training, the experiments) shares the machine's two cores with the window.

namespace stride::ui {

// Lowers the calling thread and the kernel pool's workers to nice 10, so the frame gets a core the
// moment it needs one and never waits behind a convolution, while the work still has all the CPU
// the window leaves idle. On Linux the nice value is per thread (setpriority(2), NOTES), and
// threads inherit it from their creator (a pool rebuilt by this thread starts at 10 too). Call it
// on the job's thread, before the work. The pool also stops spinning between its sections
// (nn::ThreadPool::set_spin), for the rest of the process: the window's work yields at once.
void lower_worker_priority();

}  // namespace stride::ui
