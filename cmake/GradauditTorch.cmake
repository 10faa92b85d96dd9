# Finds LibTorch and exposes it as the target gradaudit::torch.
#
# Looked for, in order:
#   1. wherever CMAKE_PREFIX_PATH / Torch_DIR point (an official LibTorch zip);
#   2. the system (Debian's libtorch-dev);
#   3. the LibTorch inside a pip `torch`, asked from python3.
# The distributed-autograd compat directory is added only when LibTorch's own
# copy of that header is missing (Debian ships reducer.hpp without it).

find_package(Torch CONFIG QUIET)

if(NOT Torch_FOUND)
  find_program(GRADAUDIT_PYTHON NAMES python3 python)
  if(GRADAUDIT_PYTHON)
    execute_process(
      COMMAND ${GRADAUDIT_PYTHON} -c "import torch.utils; print(torch.utils.cmake_prefix_path)"
      OUTPUT_VARIABLE _gradaudit_torch_prefix
      OUTPUT_STRIP_TRAILING_WHITESPACE
      ERROR_QUIET
      RESULT_VARIABLE _gradaudit_python_rc)
    if(_gradaudit_python_rc EQUAL 0 AND EXISTS "${_gradaudit_torch_prefix}")
      message(STATUS "gradaudit: using the LibTorch of the pip torch at ${_gradaudit_torch_prefix}")
      find_package(Torch CONFIG QUIET PATHS "${_gradaudit_torch_prefix}" NO_DEFAULT_PATH)
    endif()
  endif()
endif()

if(NOT Torch_FOUND)
  message(FATAL_ERROR
    "gradaudit: LibTorch not found. Install Debian's libtorch-dev, pass "
    "-DCMAKE_PREFIX_PATH=/path/to/libtorch, or install the pip package torch.")
endif()

# Which header set we got decides the compat directory.
set(_gradaudit_torch_headers "")
foreach(_dir IN LISTS TORCH_INCLUDE_DIRS)
  if(EXISTS "${_dir}/torch/csrc/distributed/c10d/reducer.hpp")
    set(_gradaudit_torch_headers "${_dir}")
  endif()
endforeach()

add_library(gradaudit_torch INTERFACE)
add_library(gradaudit::torch ALIAS gradaudit_torch)
target_link_libraries(gradaudit_torch INTERFACE ${TORCH_LIBRARIES})

# What LibTorch was built with, as its imported targets say: torch_cpu
# carries USE_DISTRIBUTED / USE_C10D_GLOO, torch_cuda USE_C10D_NCCL. The c10d
# headers declare ProcessGroupGloo / ProcessGroupNCCL only under them, so they
# are never defined here by hand.
set(_gradaudit_torch_definitions "")
foreach(_target torch torch_cpu torch_cuda)
  if(TARGET ${_target})
    get_target_property(_defs ${_target} INTERFACE_COMPILE_DEFINITIONS)
    if(_defs)
      list(APPEND _gradaudit_torch_definitions ${_defs})
    endif()
  endif()
endforeach()
if(NOT "USE_C10D_GLOO" IN_LIST _gradaudit_torch_definitions OR
   NOT "USE_DISTRIBUTED" IN_LIST _gradaudit_torch_definitions)
  message(FATAL_ERROR
    "gradaudit: the LibTorch at ${Torch_DIR} was built without distributed support or Gloo "
    "(its targets do not define USE_DISTRIBUTED and USE_C10D_GLOO); the DDP layer needs both. "
    "Use Debian's libtorch-dev, an official LibTorch archive, or a pip torch.")
endif()

# The C++ ABI: Debian's fmt, spdlog, GoogleTest and LLVM use libstdc++'s
# C++11 ABI, so a LibTorch built with _GLIBCXX_USE_CXX11_ABI=0 (the
# "pre-cxx11" archives, pip torch before 2.7) cannot be linked with them.
set(GRADAUDIT_TORCH_CXX11_ABI ON)
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
  set(GRADAUDIT_TORCH_CXX11_ABI OFF)
endif()
if(NOT GRADAUDIT_TORCH_CXX11_ABI)
  message(FATAL_ERROR
    "gradaudit: the LibTorch at ${Torch_DIR} uses the old C++ ABI (_GLIBCXX_USE_CXX11_ABI=0), but the "
    "system's fmt, spdlog, yaml-cpp and GoogleTest use the C++11 ABI and cannot be linked with it. "
    "Use a cxx11-ABI LibTorch (the 'cxx11 ABI' archive, or pip torch 2.7 or newer).")
endif()

set(GRADAUDIT_TORCH_COMPAT OFF)
if(_gradaudit_torch_headers AND NOT EXISTS
   "${_gradaudit_torch_headers}/torch/csrc/distributed/autograd/context/context.h")
  set(GRADAUDIT_TORCH_COMPAT ON)
  target_include_directories(gradaudit_torch SYSTEM INTERFACE
    ${PROJECT_SOURCE_DIR}/cmake/compat)
endif()

set(GRADAUDIT_TORCH_CUDA OFF)
set(GRADAUDIT_TORCH_NCCL OFF)
if(TORCH_CUDA_LIBRARIES OR TARGET torch_cuda)
  set(GRADAUDIT_TORCH_CUDA ON)
  target_compile_definitions(gradaudit_torch INTERFACE GRADAUDIT_WITH_CUDA=1)
  if("USE_C10D_NCCL" IN_LIST _gradaudit_torch_definitions)
    set(GRADAUDIT_TORCH_NCCL ON)
    target_compile_definitions(gradaudit_torch INTERFACE GRADAUDIT_WITH_NCCL=1)
  else()
    message(WARNING "gradaudit: this CUDA LibTorch was built without NCCL (no USE_C10D_NCCL on its "
                    "targets); GPU runs will be refused with --backend nccl")
  endif()
endif()

message(STATUS "gradaudit: LibTorch ${Torch_VERSION} from ${Torch_DIR} (cuda: ${GRADAUDIT_TORCH_CUDA}, "
               "nccl: ${GRADAUDIT_TORCH_NCCL}, cxx11 abi: ${GRADAUDIT_TORCH_CXX11_ABI}, "
               "distributed-autograd compat header: ${GRADAUDIT_TORCH_COMPAT})")
