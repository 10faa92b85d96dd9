// Where a rank is and whom it meets: read from the environment that torchrun,
// our own launcher, Slurm (srun) and Open MPI (mpirun) set, then turned into a
// process group (Gloo on CPU, NCCL for CUDA tensors when LibTorch has it).
#pragma once

#include <c10/util/intrusive_ptr.h>

#include <chrono>
#include <optional>
#include <string>

namespace c10d {
class ProcessGroup;
}

namespace gradaudit::ddp {

struct Rendezvous {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  // A file every rank can open (GRADAUDIT_STORE_FILE, set by our launcher
  // for one-machine runs): the ranks meet through it and no TCP port is
  // served. Empty: rank 0 serves a TCPStore on master_port.
  std::string store_file;
};

// torchrun/our launcher: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT.
// Slurm: SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID; Open MPI:
// OMPI_COMM_WORLD_RANK, _SIZE, _LOCAL_RANK (MASTER_ADDR/PORT still needed).
// nullopt when no launcher set a rank. Throws InputError on malformed values.
std::optional<Rendezvous> rendezvous_from_environment();

enum class Backend { kGloo, kNccl };

// Meets the other ranks through a TCPStore served by rank 0.
c10::intrusive_ptr<c10d::ProcessGroup> make_process_group(const Rendezvous& where, Backend backend,
                                                          std::chrono::milliseconds timeout);

}  // namespace gradaudit::ddp
