# Finds the Clang/LLVM development files the linter builds against.
#
# GRADAUDIT_CLANG_VERSION picks a major version; empty takes the newest of
# 14..20 installed in Debian's layout (/usr/lib/llvm-N). Version differences
# in the LLVM APIs we call live in auditor/lint/llvm_compat.h.

set(GRADAUDIT_CLANG_VERSION "" CACHE STRING "Clang/LLVM major version for the linter (empty: the newest of 14..20 found)")
if(GRADAUDIT_CLANG_VERSION)
  set(_gradaudit_clang_versions ${GRADAUDIT_CLANG_VERSION})
else()
  set(_gradaudit_clang_versions 20 19 18 17 16 15 14)
endif()
foreach(_v IN LISTS _gradaudit_clang_versions)
  find_package(Clang CONFIG QUIET PATHS /usr/lib/llvm-${_v}/lib/cmake/clang NO_DEFAULT_PATH)
  if(Clang_FOUND)
    break()
  endif()
endforeach()
if(NOT Clang_FOUND)
  message(FATAL_ERROR "gradaudit: no Clang/LLVM development files found for versions ${_gradaudit_clang_versions} "
                      "(Debian: libclang-N-dev libclang-cppN-dev llvm-N-dev; or set GRADAUDIT_CLANG_VERSION; "
                      "or configure with -DGRADAUDIT_WITH_LINT=OFF to build without the linter)")
endif()
string(REGEX MATCH "^[0-9]+" GRADAUDIT_CLANG_MAJOR "${LLVM_PACKAGE_VERSION}")
message(STATUS "gradaudit: linting with Clang ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

# clang's builtin headers (stddef.h, ...): lib/clang/<full version> up to
# Clang 15, lib/clang/<major> from 16 on.
set(_gradaudit_resource_dir "${LLVM_LIBRARY_DIR}/clang/${LLVM_PACKAGE_VERSION}")
if(NOT EXISTS "${_gradaudit_resource_dir}")
  set(_gradaudit_resource_dir "${LLVM_LIBRARY_DIR}/clang/${GRADAUDIT_CLANG_MAJOR}")
endif()
set(GRADAUDIT_CLANG_RESOURCE_DIR "${_gradaudit_resource_dir}"
    CACHE PATH "clang's resource directory (builtin headers such as stddef.h)")
set(GRADAUDIT_CLANG_INCLUDE_DIRS ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})

# The clang-tidy whose plugin interface matches the Clang we build against.
find_program(GRADAUDIT_CLANG_TIDY NAMES clang-tidy-${GRADAUDIT_CLANG_MAJOR} clang-tidy
             PATHS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)
