// tft auto: the AutoTFT hyperparameter search, every structural
// configuration audited before the first trial. Everything but flag parsing
// lives in src/search.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common/exit_codes.h"
#include "common/input_error.h"
#include "common/log.h"
#include "search/search.h"
#include "tftcli/commands.h"
#include "tftcli/run_flags.h"

namespace gradaudit::tftcli {
namespace {

struct AutoFlags {
  RunFlags run;
  search::SearchRequest request;
  std::string resume;
};

int report(const search::SearchResult& r, const std::string& dir, bool quiet) {
  using Outcome = search::SearchResult::Outcome;
  switch (r.outcome) {
    case Outcome::kRefused:
      std::cerr << "tft auto: refused before any trial: the pre-flight audit of the space found parameters that "
                   "would get no gradient\n"
                << r.preflight_report;
      return kExitFindings;
    case Outcome::kPreflightPassed:
      std::cerr << "tft auto: " << r.preflight_report;
      return kExitOk;
    case Outcome::kInterrupted:
      std::cerr << fmt::format("tft auto: interrupted after {} trial(s); continue with: tft auto --resume {}\n", r.trials,
                               dir);
      return 130;
    case Outcome::kFinished: break;
  }
  if (r.best_trial < 0) {
    std::cerr << fmt::format("tft auto: none of the {} trial(s) gave a validation loss ({} failed); see {}/trials.csv\n",
                             r.trials, r.failed, dir);
    return kExitFindings;
  }
  if (!quiet)
    std::cerr << fmt::format("tft auto: {} trial(s), {} failed; best valid_loss {:.6g} (trial {}); its run: {}/best "
                             "(tft predict --model {}/best)\n",
                             r.trials, r.failed, r.best_valid_loss, r.best_trial, dir, dir);
  return kExitOk;
}

int run_auto(AutoFlags& f, const forecasters::ModelRegistry& registry) {
  if (f.run.verbose) set_log_level("debug");
  if (!f.resume.empty()) {
    if (!f.request.dir.empty() && f.request.dir != f.resume) throw InputError("--resume continues DIR in place; drop -o");
    return report(search::resume_search(registry, f.resume, f.request.parallel, f.run.quiet), f.resume, f.run.quiet);
  }
  search::SearchRequest request = f.request;
  request.base = run_spec_from(f.run);
  request.preflight = !f.run.no_preflight;
  request.quiet = f.run.quiet;
  return report(search::run_search(registry, request), request.dir, f.run.quiet);
}

}  // namespace

void add_auto_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<AutoFlags>();
  CLI::App* cmd = app.add_subcommand("auto", "search hyperparameters (AutoTFT): random or TPE, ASHA, parallel trials, "
                                             "the space audited first");
  add_run_flags(*cmd, f->run);
  search::SearchRequest& r = f->request;
  cmd->add_option("--space", r.space_path, "space file (YAML/JSON, as gradaudit trace --space); default: AutoTFT's");
  cmd->add_option("--num-samples", r.num_samples, "trials (default: the space's random.samples, 10)");
  cmd->add_option("--seed", r.seed, "seed of the search (default: the space's random.seed, 1)");
  cmd->add_option("--search", r.sampler, "random or tpe")->capture_default_str();
  cmd->add_option("--tpe-startup-trials", r.tpe_startup_trials, "random trials before TPE models the losses")
      ->capture_default_str();
  cmd->add_option("--scheduler", r.scheduler, "none or asha (stop poor trials at rungs)")->capture_default_str();
  cmd->add_option("--grace-period", r.grace_period, "ASHA: steps before the first rung")->capture_default_str();
  cmd->add_option("--reduction-factor", r.reduction_factor, "ASHA: keep the best 1/factor at each rung")
      ->capture_default_str();
  CLI::Option* parallel =
      cmd->add_option("--parallel", r.parallel, "trials at once (CPU threads split evenly; one GPU each) (default 1)");
  cmd->add_option("--devices", r.devices, "cpu, cuda, or auto (cuda when there is a GPU)")->capture_default_str();
  cmd->add_flag("--preflight-only", r.preflight_only, "audit the whole space, and stop");
  cmd->add_option("-o,--output", r.dir, "search folder (trials, trials.csv, best/, search.png)");
  cmd->add_option("--resume", f->resume, "continue the search in this folder without rerunning finished trials");
  cmd->callback([f, parallel, &exit_code, &registry] {
    // Not given: 1 for a new search, the recorded number for a resumed one.
    if (parallel->count() == 0) f->request.parallel = f->resume.empty() ? 1 : 0;
    else if (f->request.parallel < 1) throw InputError("--parallel: expected at least 1 trial at a time");
    exit_code = run_auto(*f, registry);
  });
}

}  // namespace gradaudit::tftcli
