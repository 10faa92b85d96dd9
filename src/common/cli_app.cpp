#include "common/cli_app.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "common/exit_codes.h"
#include "common/input_error.h"
#include "common/text.h"

namespace gradaudit {

int run_cli_app(CLI::App& app, int argc, const char* const* argv, const int& exit_code) {
  auto fail = [&](const char* kind, const std::string& message, int code) {
    // c10 errors carry a C++ backtrace after their first line.
    std::cerr << app.get_name() << ": " << kind << ": " << first_line(message) << "\n";
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
