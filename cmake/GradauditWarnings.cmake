# Warning flags for our own targets only (third-party headers are SYSTEM).
function(gradaudit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
  if(GRADAUDIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# gradaudit_library(<name> SOURCES ... [PUBLIC libs] [PRIVATE libs]
#                   [INCLUDE dir] [NO_TORCH_PCH])
# A shared library gradaudit_<name> (alias gradaudit::<name>) with our
# warnings and, unless NO_TORCH_PCH, the shared LibTorch precompiled header.
function(gradaudit_library name)
  cmake_parse_arguments(ARG "NO_TORCH_PCH" "INCLUDE" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  set(target gradaudit_${name})
  add_library(${target} SHARED ${ARG_SOURCES})
  add_library(gradaudit::${name} ALIAS ${target})
  if(NOT ARG_INCLUDE)
    set(ARG_INCLUDE ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  target_include_directories(${target} PUBLIC ${ARG_INCLUDE})
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  if(NOT ARG_NO_TORCH_PCH)
    target_precompile_headers(${target} REUSE_FROM gradaudit_torch_pch)
  endif()
  gradaudit_warnings(${target})
endfunction()
