// What `tft train` is asked to do: which run (a new spec or a folder to
// resume), and how to execute it (threads, devices, precision, ranks).
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "ddp/rendezvous.h"
#include "train/precision.h"
#include "train/progress.h"
#include "train/run_spec.h"

namespace gradaudit::train {

// How the run executes; none of it changes what a step computes, so a run
// may be resumed with other values (another world size, another device).
struct ExecutionOptions {
  std::string devices = "auto";  // cpu, cuda, auto (cuda when there is a GPU)
  Precision precision = Precision::k32;
  bool find_unused_parameters = false;  // DDP searches the graph for parameters without gradient
  int64_t check_sync_every = 0;         // steps between cross-rank parameter checksums; 0: never
  std::chrono::milliseconds timeout = std::chrono::minutes(10);  // rendezvous and each collective
  // Set when this process is one rank of several (read from the launcher's,
  // torchrun's, Slurm's or Open MPI's environment).
  std::optional<ddp::Rendezvous> rendezvous;
};

struct TrainRequest {
  RunSpec spec;            // ignored when resuming: the folder's own is used
  std::string run_dir;
  bool resume = false;
  bool preflight = true;
  int threads = 0;         // intra-op threads (and OpenBLAS's pool); 0: LibTorch's default
  ProgressStyle progress = ProgressStyle::kLines;
  std::FILE* out = stderr;
  ExecutionOptions execution;
};

}  // namespace gradaudit::train
