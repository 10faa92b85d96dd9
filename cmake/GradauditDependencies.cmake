# Third-party libraries, all from Debian 12 packages (see docs/dependencies.md).

find_package(fmt CONFIG REQUIRED)            # libfmt-dev: formatting
find_package(spdlog CONFIG REQUIRED)         # libspdlog-dev: logging
find_package(CLI11 CONFIG REQUIRED)          # libcli11-dev: command lines
find_package(nlohmann_json CONFIG REQUIRED)  # nlohmann-json3-dev: JSON

# libcsv-dev (RFC 4180 CSV parsing) ships no CMake config.
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(csv::csv UNKNOWN IMPORTED)
set_target_properties(csv::csv PROPERTIES
  IMPORTED_LOCATION "${CSV_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${CSV_INCLUDE_DIR}")
