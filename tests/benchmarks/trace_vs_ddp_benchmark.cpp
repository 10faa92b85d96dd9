// How much cheaper is predicting a DDP failure than discovering it?
//
//   TraceOneConfiguration   gradaudit's dry run of one configuration (3 batches)
//   TraceDefaultSpace       the whole AutoTFT default space (80 configurations), per run
//   DdpThreads              the --confirm-ddp check: 2 ranks as threads over Gloo
//   DdpProcesses            a real 2-process DDP job (gradaudit ddp-run), launch included
//
// All on the fixture variant without static inputs (NeuralForecast's bug),
// h=12, input_size=24, hidden_size=64, n_head=4. Run:
//   build/bin/trace_vs_ddp_benchmark --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "forecasters/audit_targets.h"
#include "models/register.h"
#include "trace/audit.h"
#include "trace/confirm_ddp.h"

namespace {

using namespace gradaudit;

const forecasters::ModelEntry& fixture() {
  static const forecasters::ModelRegistry registry = [] {
    forecasters::ModelRegistry r;
    fixtures::register_fixture_models(r);
    return r;
  }();
  return *registry.find("tft-unconditional-static");
}

const config::Configuration kConfig = {{"h", 12}, {"input_size", 24}, {"hidden_size", 64}, {"n_head", 4},
                                       {"stat_exog_size", 0}};

trace::AuditTarget fixture_target() { return forecasters::audit_targets(fixture(), {kConfig}).front(); }

void TraceOneConfiguration(benchmark::State& state) {
  for (auto _ : state) {
    auto r = trace::run_audit({fixture_target()}, {3, 1});
    benchmark::DoNotOptimize(r.findings.size());
  }
}
BENCHMARK(TraceOneConfiguration)->Unit(benchmark::kMillisecond);

void TraceDefaultSpace(benchmark::State& state) {
  const auto configs = forecasters::default_configurations(fixture());
  for (auto _ : state) {
    auto r = trace::run_audit(forecasters::audit_targets(fixture(), configs), {3, 0});
    benchmark::DoNotOptimize(r.groups.size());
  }
  state.counters["configurations"] = static_cast<double>(configs.size());
}
BENCHMARK(TraceDefaultSpace)->Unit(benchmark::kMillisecond)->UseRealTime();

void DdpThreads(benchmark::State& state) {
  const trace::AuditTarget target = fixture_target();
  const trace::ProbeResult probe = trace::probe(target.make_subject, target.model_config, 2);
  for (auto _ : state) {
    auto check = trace::run_ddp_check(target, probe, 0, 2);
    if (!check.failed) state.SkipWithError("the DDP run did not fail");
  }
}
BENCHMARK(DdpThreads)->Unit(benchmark::kMillisecond)->UseRealTime();

void DdpProcesses(benchmark::State& state) {
  const std::string command = std::string(GRADAUDIT_EXE) +
                              " ddp-run --nproc 2 --model tft-unconditional-static --config "
                              "h=12,input_size=24,hidden_size=64,n_head=4,stat_exog_size=0 >/dev/null 2>&1";
  for (auto _ : state) {
    const int status = std::system(command.c_str());
    if (WEXITSTATUS(status) != 1) state.SkipWithError("the DDP job did not fail as expected");
  }
}
BENCHMARK(DdpProcesses)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
