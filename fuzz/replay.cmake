# Regression tests of the normal build (tests/CMakeLists.txt includes this):
# each fuzz target built with fuzz/replay_main.cpp instead of libFuzzer,
# replaying its seeds and the inputs it once failed on. No clang needed.
set(_fuzz_dir ${PROJECT_SOURCE_DIR}/fuzz)
set(_replay_libs gradaudit::data gradaudit::config gradaudit::tft gradaudit::train gradaudit::trace gradaudit::common)
set(_replay_targets csv_long_frame static_table future_table space run_config input_spec manifest allow_list
    checkpoint archive_version)
if(GRADAUDIT_WITH_LINT)  # the lint config reader lives in the linter's library
  list(APPEND _replay_targets lint_config)
  list(APPEND _replay_libs gradaudit::lint)
endif()
foreach(_name IN LISTS _replay_targets)
  add_executable(${_name}_replay ${_fuzz_dir}/${_name}_fuzzer.cpp ${_fuzz_dir}/reader_harness.cpp
                                 ${_fuzz_dir}/replay_main.cpp)
  target_include_directories(${_name}_replay PRIVATE ${_fuzz_dir} ${PROJECT_SOURCE_DIR}/auditor)
  target_compile_definitions(${_name}_replay PRIVATE GRADAUDIT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(${_name}_replay PRIVATE ${_replay_libs})
  gradaudit_warnings(${_name}_replay)
  # A target that never failed has no regressions folder (git keeps no empty ones).
  set(_inputs ${_fuzz_dir}/seeds/${_name})
  if(EXISTS ${_fuzz_dir}/regressions/${_name})
    list(APPEND _inputs ${_fuzz_dir}/regressions/${_name})
  endif()
  add_test(NAME FuzzRegressions.${_name} COMMAND ${_name}_replay ${_inputs})
endforeach()
