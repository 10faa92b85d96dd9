#include "train/interrupt.h"

#include <signal.h>

#include <atomic>

namespace gradaudit::train {
namespace {

std::atomic<bool> g_requested{false};
struct sigaction g_previous_int {}, g_previous_term {};

extern "C" void on_stop_signal(int signal) {
  g_requested = true;
  if (signal == SIGINT) {
    // A second Ctrl-C ends the process at once.
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    ::sigaction(SIGINT, &default_action, nullptr);
  }
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_requested = false;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &g_previous_int);
  ::sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
}

bool InterruptGuard::requested() { return g_requested; }

}  // namespace gradaudit::train
