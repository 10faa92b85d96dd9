// gradaudit trace: dry forward/backward passes over a configuration space.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/source_root.h"
#include "common/input_error.h"
#include "common/log.h"
#include "common/atomic_write.h"
#include "report/trace_report.h"
#include "config/space.h"
#include "forecasters/audit_targets.h"
#include "tft/config.h"
#include "trace/allow_list.h"
#include "trace/audit.h"
#include "trace/torchscript.h"

namespace gradaudit::cli {
namespace {

struct TraceFlags {
  std::string model, torchscript, input_spec, manifest, space, allow_file;
  std::string format = "text", output = "-", fail_on = "error", srcroot;
  int batches = 3, jobs = 0;
  bool confirm_ddp = false, list_models = false, verbose = false;
};

int run_trace(const TraceFlags& f, const forecasters::ModelRegistry& registry) {
  if (f.verbose) set_log_level("debug");
  if (f.list_models) {
    for (const auto& e : registry.entries()) std::cout << fmt::format("{:<26} {}\n", e.name, e.description);
    return 0;
  }
  const int sources = !f.model.empty() + !f.torchscript.empty() + !f.manifest.empty();
  if (sources != 1) throw InputError("trace: give exactly one of --model, --torchscript or --manifest");
  if (!f.torchscript.empty() && f.input_spec.empty())
    throw InputError("trace: --torchscript needs --input-spec (the shapes of forward()'s arguments)");
  if (!f.space.empty() && f.model.empty()) throw InputError("trace: --space goes with --model");
  if (f.batches < 1) throw InputError("trace: --batches: expected at least 1");
  const rules::Severity threshold = rules::parse_severity(f.fail_on, "trace: --fail-on");
  const trace::AllowList allow = f.allow_file.empty() ? trace::AllowList{} : trace::read_allow_list(f.allow_file);

  std::vector<trace::AuditTarget> targets;
  report::TraceReportContext ctx;
  ctx.batches = f.batches;
  trace::AuditOptions options;
  options.batches = f.batches;
  options.jobs = f.jobs;
  options.confirm_ddp = f.confirm_ddp;
  if (!f.model.empty()) {
    const forecasters::ModelEntry& entry = registry.require(f.model, "trace: --model");
    const auto configs = f.space.empty() ? forecasters::default_configurations(entry)
                                         : config::load_space(f.space, tft::config_keys(), entry.name);
    targets = forecasters::audit_targets(entry, configs);
    for (const auto& key : tft::config_keys())
      if (key.structural) options.explain_keys.push_back(key.name);
    ctx.subject = entry.name;
    ctx.source = f.space;
  } else if (!f.torchscript.empty()) {
    targets.push_back(trace::torchscript_target(f.torchscript, f.input_spec));
    ctx.subject = f.torchscript;
    ctx.source = f.torchscript;
  } else {
    targets = trace::manifest_targets(f.manifest);
    ctx.subject = f.manifest;
    ctx.source = f.manifest;
    ctx.details_by_configuration = true;
  }

  const trace::AuditResult result = trace::run_audit(std::move(targets), options, allow);
  if (!f.torchscript.empty()) trace::require_forward_runs(result, f.torchscript, f.input_spec);
  std::string text;
  if (f.format == "json") {
    text = report::trace_json(result, ctx);
  } else if (f.format == "sarif") {
    ctx.srcroot = source_root(f.srcroot, "trace");
    text = report::trace_sarif(result, ctx);
  } else {
    text = report::trace_text(result, ctx);
  }
  write_output(f.output, text);
  return report::trace_fails(result, threshold) ? 1 : 0;
}

}  // namespace

void add_trace_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<TraceFlags>();
  CLI::App* cmd = app.add_subcommand("trace", "dry forward/backward passes: find parameters without gradient");
  cmd->add_option("--model", f->model, "a registered model (see --list-models)");
  cmd->add_option("--space", f->space, "configuration space, YAML or JSON (default: the model's own)");
  cmd->add_option("--torchscript", f->torchscript, "a TorchScript file saved from Python");
  cmd->add_option("--input-spec", f->input_spec, "JSON: shapes and dtypes of forward()'s arguments");
  cmd->add_option("--manifest", f->manifest, "JSON list of TorchScript files with input specs and configurations");
  cmd->add_option("--batches", f->batches, "synthetic batches per configuration")->capture_default_str();
  cmd->add_option("-j,--jobs", f->jobs, "configurations probed in parallel (0: one per core)")->capture_default_str();
  cmd->add_option("--srcroot", f->srcroot,
                  "SARIF: URIs relative to this folder (default: the git work tree, or the current folder)");
  cmd->add_option("--format", f->format, "text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", f->output, "write the report here (atomically); - for stdout")->capture_default_str();
  cmd->add_option("--fail-on", f->fail_on, "lowest severity that makes the exit code 1: error, warning or note")
      ->capture_default_str();
  cmd->add_option("--allow", f->allow_file, "allow-list file: 'RULE PARAMETER-GLOB' per line");
  cmd->add_flag("--confirm-ddp", f->confirm_ddp,
                "confirm each finding pattern with a real 2-rank DDP run (threads over Gloo)");
  cmd->add_flag("--list-models", f->list_models, "list the registered models and exit");
  cmd->add_flag("-v,--verbose", f->verbose, "log each build's time (and LibTorch's own messages) to stderr");
  cmd->callback([f, &exit_code, &registry] { exit_code = run_trace(*f, registry); });
}

}  // namespace gradaudit::cli
