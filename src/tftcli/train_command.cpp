// tft train: train a registered model on a data set into a run folder, or
// continue one (--resume). Everything but flag parsing lives in src/train.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common/exit_codes.h"
#include "common/input_error.h"
#include "tftcli/commands.h"
#include "tftcli/run_flags.h"

namespace gradaudit::tftcli {
namespace {

struct TrainFlags {
  RunFlags run;
  std::string output, resume;
};

int run_train(const TrainFlags& f, const forecasters::ModelRegistry& registry) {
  train::TrainRequest request = train_request_from(f.run);
  if (!f.resume.empty()) {
    if (!f.output.empty() && f.output != f.resume) throw InputError("--resume continues RUN_DIR in place; drop -o");
    request.resume = true;
    request.run_dir = f.resume;
  } else {
    if (f.output.empty()) throw InputError("-o: required (the run folder to write)");
    request.spec = run_spec_from(f.run);
    request.run_dir = f.output;
  }
  const train::TrainResult r = train::train(registry, request);
  using Outcome = train::TrainResult::Outcome;
  if (r.outcome == Outcome::kRefused) {
    std::cerr << "tft train: refused: the pre-flight audit found parameters that would get no gradient\n"
              << r.preflight_report;
    return kExitFindings;
  }
  const std::string best =
      r.best_valid_loss >= 0 ? fmt::format(", best valid_loss {:.6g} at step {}", r.best_valid_loss, r.best_step) : "";
  if (r.outcome == Outcome::kInterrupted) {
    std::cerr << fmt::format("tft train: interrupted at step {}; checkpoint saved; continue with: tft train --resume {}\n",
                             r.steps, request.run_dir);
    return 130;  // as a shell reports a Ctrl-C
  }
  if (!f.run.quiet) {
    std::cerr << fmt::format("tft train: {} at step {}{} ({:.1f} s, {:.0f} windows/s); run folder {}\n",
                             r.outcome == Outcome::kStoppedEarly ? "stopped early" : "finished", r.steps, best,
                             r.seconds, r.windows_per_second, request.run_dir);
  }
  return kExitOk;
}

}  // namespace

void add_train_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<TrainFlags>();
  CLI::App* cmd = app.add_subcommand("train", "train the TFT on a data set into a run folder (or --resume one)");
  add_run_flags(*cmd, f->run);
  cmd->add_option("-o,--output", f->output, "run folder to write (checkpoint, metrics.csv)");
  cmd->add_option("--resume", f->resume, "continue the run in this folder with everything it recorded");
  cmd->callback([f, &exit_code, &registry] { exit_code = run_train(*f, registry); });
}

}  // namespace gradaudit::tftcli
