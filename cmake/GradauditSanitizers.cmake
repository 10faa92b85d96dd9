# GRADAUDIT_SANITIZE: every target of the build (libraries, executables,
# tests) compiled and linked with AddressSanitizer and UndefinedBehaviorSanitizer.
# Halts on the first report: a UBSan finding is a failure, not a log line.
# Build it into its own folder (tests/sanitizers/run.sh): the flags change
# every object file.
option(GRADAUDIT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(GRADAUDIT_SANITIZE)
  set(_gradaudit_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${_gradaudit_sanitize_flags} -g1)
  add_link_options(${_gradaudit_sanitize_flags})
endif()
