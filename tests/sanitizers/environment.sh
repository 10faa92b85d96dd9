# Sourced by tests/sanitizers/run.sh: how the sanitizers report. Every test
# process and every child it starts (tft, gradaudit, ranks) inherits this.
# Each setting that hides something says why (docs/reliability.md).
here_sanitizers="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# abort_on_error: a report ends the process with SIGABRT, which the tests and
# the launcher see as a crash (exit code 1 could pass for "findings").
export ASAN_OPTIONS="abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=0:${GRADAUDIT_ASAN_EXTRA:-}"
export UBSAN_OPTIONS="abort_on_error=1:halt_on_error=1:print_stacktrace=1:suppressions=$here_sanitizers/ubsan.supp"
export LSAN_OPTIONS="suppressions=$here_sanitizers/lsan.supp:print_suppressions=0"
