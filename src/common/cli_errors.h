// One way for every command line to turn exceptions into the documented
// exit codes: a single "program: error: ..." line on stderr and 2.
#pragma once

#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>

#include <iostream>
#include <string>

#include "common/input_error.h"
#include "common/text.h"

namespace gradaudit {

// Parses and runs `app`; returns `exit_code` (set by the subcommand that ran),
// 0 for --help, 2 for any usage or input error.
inline int run_cli_app(CLI::App& app, int argc, const char* const* argv, const int& exit_code) {
  auto fail = [&](const std::string& message) {
    std::cerr << app.get_name() << ": error: " << first_line(message) << "\n";
    return 2;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ParseError& e) {
    return fail(e.what());
  } catch (const c10::Error& e) {
    return fail(e.what_without_backtrace());
  } catch (const std::exception& e) {  // InputError, std::invalid_argument, ...
    return fail(e.what());
  }
  return exit_code;
}

}  // namespace gradaudit
