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
# The imported target adds -DUSE_C10D_GLOO / -DUSE_DISTRIBUTED where LibTorch
# was built with them; the c10d headers need both to declare ProcessGroupGloo.
target_compile_definitions(gradaudit_torch INTERFACE USE_C10D_GLOO USE_DISTRIBUTED)

set(GRADAUDIT_TORCH_COMPAT OFF)
if(_gradaudit_torch_headers AND NOT EXISTS
   "${_gradaudit_torch_headers}/torch/csrc/distributed/autograd/context/context.h")
  set(GRADAUDIT_TORCH_COMPAT ON)
  target_include_directories(gradaudit_torch SYSTEM INTERFACE
    ${PROJECT_SOURCE_DIR}/cmake/compat)
endif()

if(TORCH_CUDA_LIBRARIES OR TARGET torch_cuda)
  set(GRADAUDIT_TORCH_CUDA ON)
  # CUDA builds of LibTorch carry NCCL; ProcessGroupNCCL.hpp needs USE_C10D_NCCL.
  target_compile_definitions(gradaudit_torch INTERFACE GRADAUDIT_WITH_CUDA=1 GRADAUDIT_WITH_NCCL=1 USE_C10D_NCCL)
else()
  set(GRADAUDIT_TORCH_CUDA OFF)
endif()

message(STATUS "gradaudit: LibTorch ${Torch_VERSION} from ${Torch_DIR} "
               "(cuda: ${GRADAUDIT_TORCH_CUDA}, distributed-autograd compat header: ${GRADAUDIT_TORCH_COMPAT})")
