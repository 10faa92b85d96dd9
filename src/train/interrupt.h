// Ctrl-C (SIGINT) or SIGTERM while training: the run saves a checkpoint at
// the next step and stops (on every rank at the same step: the ranks agree
// on it through a collective). A second SIGINT ends the process at once.
#pragma once

namespace gradaudit::train {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers for the life of a run
  ~InterruptGuard();  // restores the previous ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // A stop was asked since the guard was installed.
  static bool requested();
};

}  // namespace gradaudit::train
