// The tft command line: parses, dispatches, and maps errors to exit codes.
#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/tft_app.h"
#include "common/input_error.h"

namespace {

// c10 errors carry a C++ backtrace after the first line; users need the first.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

namespace gradaudit::cli {

int run_tft(int argc, const char* const* argv) {
  CLI::App app("tft: the Temporal Fusion Transformer (NeuralForecast-compatible) in LibTorch", "tft");
  app.require_subcommand(1);
  int exit_code = 0;
  add_params_command(app, exit_code);
  add_check_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "tft: error: " << e.what() << "\n";
    return 2;
  } catch (const gradaudit::InputError& e) {
    std::cerr << "tft: error: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "tft: error: " << e.what() << "\n";
    return 2;
  } catch (const c10::Error& e) {
    std::cerr << "tft: error: " << first_line(e.what_without_backtrace()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tft: error: " << first_line(e.what()) << "\n";
    return 2;
  }
  return exit_code;
}

}  // namespace gradaudit::cli
