#include "common/cli_app.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "common/exit_codes.h"
#include "common/input_error.h"
#include "common/text.h"

namespace gradaudit {

void leave_error_for_launcher(const std::string& line) {
  // A launcher (tft train --nproc-per-node) names the first failing rank's
  // error from this file; without one, nothing is written.
  const char* path = std::getenv("GRADAUDIT_ERROR_FILE");
  if (path == nullptr || *path == '\0') return;
  std::ofstream(path, std::ios::app) << line << "\n";
}

int run_cli_app(CLI::App& app, int argc, const char* const* argv, const int& exit_code) {
  auto fail = [&](const char* kind, const std::string& message, int code) {
    // c10 errors carry a C++ backtrace after their first line.
    const std::string line = app.get_name() + ": " + kind + ": " + first_line(message);
    std::cerr << line << "\n";
    leave_error_for_launcher(line);
    return code;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    return fail("error", e.what(), kExitInput);
  } catch (const InputError& e) {
    return fail("error", e.what(), kExitInput);
  } catch (const std::exception& e) {
    return fail("internal error", e.what(), kExitInternal);
  } catch (...) {
    return fail("internal error", "an exception that is not a std::exception", kExitInternal);
  }
  return exit_code;
}

}  // namespace gradaudit
