#include "cli/gradaudit_app.h"

#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>

#include <iostream>

#include "cli/commands.h"
#include "common/input_error.h"

namespace gradaudit::cli {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

int fail(const std::string& message) {
  std::cerr << "gradaudit: error: " << first_line(message) << "\n";
  return 2;
}

}  // namespace

int run_gradaudit(int argc, const char* const* argv) {
  CLI::App app("gradaudit: find the parameters that make DistributedDataParallel fail, before the launch",
               "gradaudit");
  app.require_subcommand(1);
  int exit_code = 0;
  add_trace_command(app, exit_code);
  add_rules_command(app, exit_code);
  add_ddp_run_command(app, exit_code);
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
  } catch (const InputError& e) {
    return fail(e.what());
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  } catch (const c10::Error& e) {
    return fail(e.what_without_backtrace());
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return exit_code;
}

}  // namespace gradaudit::cli
