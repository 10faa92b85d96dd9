# Third-party libraries, all from Debian packages (see docs/dependencies.md),
# each found through its own CMake config (or, for libcsv, by hand) and used
# through a target, never by bare name.

find_package(fmt CONFIG REQUIRED)            # libfmt-dev: formatting
find_package(spdlog CONFIG REQUIRED)         # libspdlog-dev: logging
find_package(CLI11 CONFIG REQUIRED)          # libcli11-dev: command lines
find_package(nlohmann_json CONFIG REQUIRED)  # nlohmann-json3-dev: JSON
find_package(yaml-cpp CONFIG REQUIRED)       # libyaml-cpp-dev: YAML

# yaml-cpp 0.7 (Debian 12) exports `yaml-cpp`, 0.8 (Debian 13) `yaml-cpp::yaml-cpp`.
add_library(gradaudit_yaml INTERFACE)
add_library(gradaudit::yaml ALIAS gradaudit_yaml)
if(TARGET yaml-cpp::yaml-cpp)
  target_link_libraries(gradaudit_yaml INTERFACE yaml-cpp::yaml-cpp)
else()
  target_link_libraries(gradaudit_yaml INTERFACE yaml-cpp)
endif()

# libcsv-dev (RFC 4180 CSV parsing) ships no CMake config.
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(csv::csv UNKNOWN IMPORTED)
set_target_properties(csv::csv PROPERTIES
  IMPORTED_LOCATION "${CSV_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${CSV_INCLUDE_DIR}")

# libplplot-dev + plplot-driver-cairo: plots (PNG, SVG, PDF), through pkg-config
# (PLplot's own CMake config imports every binding, installed or not).
find_package(PkgConfig REQUIRED)
pkg_check_modules(PLPLOT REQUIRED IMPORTED_TARGET plplot-c++)

# Debian's LibTorch logs through glog (libgoogle-glog-dev); a pip LibTorch
# has its own logger and no glog to route.
find_package(glog CONFIG QUIET)
