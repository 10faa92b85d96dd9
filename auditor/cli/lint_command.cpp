// gradaudit lint [-p BUILD_DIR] FILE... [-- COMPILER_ARGS]: the static pass.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/source_root.h"
#include "common/exit_codes.h"
#include "common/input_error.h"
#include "lint/analysis.h"
#include "lint/driver.h"
#include "lint/suppressions.h"
#include "common/atomic_write.h"
#include "report/lint_report.h"

namespace gradaudit::cli {
namespace {

struct LintFlags {
  lint::DriverOptions driver;
  std::string format = "text", output = "-", export_fixes, config, fail_on = "warning", srcroot;
  bool fix = false, warnings_as_errors = false;
};

std::string read_for_fix(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (!in.is_open() || in.bad()) throw InputError(file + ": cannot read the file to apply --fix");
  return text;
}

// Applies fix-its file by file, last offset first, each file written
// atomically once every file was read; returns one line per change.
std::vector<std::string> apply_fixes(const std::vector<rules::StaticFinding>& findings) {
  std::map<std::string, std::vector<const rules::StaticFinding*>> by_file;
  for (const auto& f : findings)
    if (f.fix) by_file[f.fix->file].push_back(&f);
  std::map<std::string, std::string> contents;
  for (auto& [file, fixes] : by_file) {
    std::string text = read_for_fix(file);
    std::sort(fixes.begin(), fixes.end(), [](const auto* a, const auto* b) { return a->fix->offset > b->fix->offset; });
    for (const auto* f : fixes) {
      if (f->fix->offset + f->fix->length > text.size())
        throw InputError(fmt::format("{}:{}:{}: the file changed since it was analysed; --fix not applied", file,
                                     f->at.line, f->at.column));
      text.replace(f->fix->offset, f->fix->length, f->fix->replacement);
    }
    contents[file] = std::move(text);
  }
  std::vector<std::string> changes;
  for (const auto& [file, fixes] : by_file) {
    write_output(file, contents[file]);
    for (auto it = fixes.rbegin(); it != fixes.rend(); ++it)
      changes.push_back(fmt::format("{}:{}:{}: fixed: inserted '{}' [{}]", file, (*it)->at.line, (*it)->at.column,
                                    (*it)->fix->replacement, (*it)->rule->tag()));
  }
  return changes;
}

// What the tool could not check, so that a clean report can be trusted.
void add_coverage(const lint::TuFacts& facts, report::LintRun& run) {
  for (const auto& c : lint::census(facts)) {
    ++run.module_classes;
    run.registrations += c.registrations;
    if (c.registrations == 0 && c.untracked.empty())
      run.notes.push_back({c.at, fmt::format(c.constructor_unseen
                                                 ? "module class '{}': its constructor is in none of the analysed "
                                                   "files; nothing in it was checked"
                                                 : "module class '{}': no registration recognised; nothing in it "
                                                   "was checked",
                                             c.name)});
    for (const auto& at : c.untracked)
      run.notes.push_back({at, fmt::format("registration in '{}' not stored in a member gradaudit can follow; "
                                           "its uses were not checked",
                                           c.name)});
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

  // Flags are checked before the (slow) parse.
  const rules::Severity threshold = rules::parse_severity(f.fail_on, "lint: --fail-on");
  report::LintRun run;
  if (f.format == "sarif") run.srcroot = source_root(f.srcroot, "lint");
  const lint::DriverResult driven = lint::run_driver(options);
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
  add_coverage(driven.facts, run);
  std::sort(run.findings.begin(), run.findings.end(), [](const auto& a, const auto& b) {
    return std::tie(a.at.file, a.at.line, a.at.column) < std::tie(b.at.file, b.at.line, b.at.column);
  });
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // Clang's own diagnostics are errors, not findings: stderr, as a compiler
  // prints them (JSON and SARIF carry them in the document).
  if (f.format == "text")
    for (const auto& e : run.errors) std::cerr << e.diagnostics;
  std::string text = f.format == "json" ? report::lint_json(run)
                     : f.format == "sarif" ? report::lint_sarif(run)
                                           : report::lint_text(run);
  write_output(f.output, text);
  if (!f.export_fixes.empty()) write_output(f.export_fixes, report::lint_export_fixes(run));
  if (f.fix) {
    // A file that did not parse may hide a finding the fixes would collide with.
    if (!run.errors.empty())
      std::cerr << fmt::format("--fix: nothing applied: {} file(s) did not parse\n", run.errors.size());
    else
      for (const auto& change : apply_fixes(run.findings)) std::cerr << change << "\n";
  }
  // A file that did not parse is an input error, whatever else was found:
  // 2 takes precedence over the findings' 1 (the summary counts both).
  if (!run.errors.empty()) return kExitInput;
  return report::lint_fails(run, threshold) ? kExitFindings : kExitOk;
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
  cmd->add_flag("--warnings-as-errors", f->warnings_as_errors, "report warnings as errors (every format)");
  cmd->add_option("--srcroot", f->srcroot,
                  "SARIF locations are relative to this folder (default: the git work tree, else the current folder)");
  cmd->add_option("--fail-on", f->fail_on, "lowest severity that makes the exit code 1: error, warning or note")
      ->capture_default_str();
  cmd->callback([f, &exit_code, &extra_args] { exit_code = run_lint(*f, extra_args); });
}

}  // namespace gradaudit::cli
