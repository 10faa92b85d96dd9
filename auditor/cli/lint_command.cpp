// gradaudit lint [-p BUILD_DIR] FILE... [-- COMPILER_ARGS]: the static pass.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "common/input_error.h"
#include "lint/analysis.h"
#include "lint/driver.h"
#include "lint/suppressions.h"
#include "report/atomic_write.h"
#include "report/lint_report.h"

namespace gradaudit::cli {
namespace {

struct LintFlags {
  lint::DriverOptions driver;
  std::string format = "text", output = "-", export_fixes, config;
  bool fix = false, warnings_as_errors = false;
};

// Applies fix-its file by file, last offset first, each file written atomically.
void apply_fixes(const std::vector<rules::StaticFinding>& findings) {
  std::map<std::string, std::vector<rules::FixIt>> by_file;
  for (const auto& f : findings)
    if (f.fix) by_file[f.fix->file].push_back(*f.fix);
  for (auto& [file, fixes] : by_file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string contents = text.str();
    std::sort(fixes.begin(), fixes.end(), [](const auto& a, const auto& b) { return a.offset > b.offset; });
    for (const auto& fix : fixes) contents.replace(fix.offset, fix.length, fix.replacement);
    report::write_output(file, contents);
  }
}

int run_lint(const LintFlags& f, const std::vector<std::string>& extra_args) {
  const auto start = std::chrono::steady_clock::now();
  if (f.driver.files.empty()) throw InputError("lint: no input files");
  lint::DriverOptions options = f.driver;
  options.extra_args = extra_args;
  if (options.build_dir.empty() && extra_args.empty())
    throw InputError("lint: give -p BUILD_DIR (with compile_commands.json) or the compiler arguments after --");
  std::string config_path = f.config;
  if (config_path.empty() && std::filesystem::exists(".gradaudit.yaml")) config_path = ".gradaudit.yaml";
  const lint::LintConfig config = config_path.empty() ? lint::LintConfig{} : lint::read_lint_config(config_path);

  const lint::DriverResult driven = lint::run_driver(options);
  report::LintRun run;
  run.files = options.files.size();
  run.warnings_as_errors = f.warnings_as_errors;
  for (const auto& unit : driven.units)
    if (!unit.ok) run.errors.push_back({unit.file, unit.diagnostics});
  for (const auto& finding : lint::analyze(driven.facts)) {
    if (lint::suppressed_by_config(finding, config) || lint::suppressed_by_comment(finding)) {
      ++run.suppressed;
      continue;
    }
    run.findings.push_back(finding);
  }
  std::sort(run.findings.begin(), run.findings.end(), [](const auto& a, const auto& b) {
    return std::tie(a.at.file, a.at.line, a.at.column) < std::tie(b.at.file, b.at.line, b.at.column);
  });
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::string text = f.format == "json" ? report::lint_json(run)
                     : f.format == "sarif" ? report::lint_sarif(run)
                                           : report::lint_text(run);
  report::write_output(f.output, text);
  if (!f.export_fixes.empty()) report::write_output(f.export_fixes, report::lint_export_fixes(run));
  if (f.fix) apply_fixes(run.findings);
  // A file that did not parse is an input error, whatever else was found.
  if (!run.errors.empty()) return 2;
  return run.findings.empty() ? 0 : 1;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code, const std::vector<std::string>& extra_args) {
  auto f = std::make_shared<LintFlags>();
  CLI::App* cmd = app.add_subcommand("lint", "static check of C++ model sources (Clang LibTooling)");
  cmd->add_option("files", f->driver.files, "translation units to analyse");
  cmd->add_option("-p", f->driver.build_dir, "build folder with compile_commands.json");
  cmd->add_option("-j,--jobs", f->driver.jobs, "translation units analysed in parallel (0: one per core)")
      ->capture_default_str();
  cmd->add_option("--resource-dir", f->driver.resource_dir, "clang's resource directory (builtin headers)");
  cmd->add_option("--format", f->format, "text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", f->output, "write the report here (atomically); - for stdout")->capture_default_str();
  cmd->add_option("--export-fixes", f->export_fixes, "write fix-its as clang-tidy's YAML");
  cmd->add_option("--config", f->config, "configuration file (default: .gradaudit.yaml if present)");
  cmd->add_flag("--fix", f->fix, "apply the fix-its to the sources");
  cmd->add_flag("--warnings-as-errors", f->warnings_as_errors, "print findings as errors");
  cmd->callback([f, &exit_code, &extra_args] { exit_code = run_lint(*f, extra_args); });
}

}  // namespace gradaudit::cli
