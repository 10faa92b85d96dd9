#include "ddp/rendezvous.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef GRADAUDIT_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <cstdlib>
#include <stdexcept>

#include "common/input_error.h"
#include "ddp/distributed.h"

namespace gradaudit::ddp {
namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

int integer_env(const char* name, int fallback) {
  const char* v = env(name);
  if (!v) return fallback;
  char* end = nullptr;
  const long value = std::strtol(v, &end, 10);
  if (*end != '\0' || value < 0 || value > 1 << 20)
    throw InputError(std::string("environment ") + name + ": expected a whole number >= 0, got '" + v + "'");
  return static_cast<int>(value);
}

}  // namespace

std::optional<Rendezvous> rendezvous_from_environment() {
  Rendezvous r;
  if (env("RANK")) {
    r.rank = integer_env("RANK", 0);
    r.world_size = integer_env("WORLD_SIZE", 1);
    r.local_rank = integer_env("LOCAL_RANK", r.rank);
  } else if (env("SLURM_PROCID")) {
    r.rank = integer_env("SLURM_PROCID", 0);
    r.world_size = integer_env("SLURM_NTASKS", 1);
    r.local_rank = integer_env("SLURM_LOCALID", 0);
  } else if (env("OMPI_COMM_WORLD_RANK")) {
    r.rank = integer_env("OMPI_COMM_WORLD_RANK", 0);
    r.world_size = integer_env("OMPI_COMM_WORLD_SIZE", 1);
    r.local_rank = integer_env("OMPI_COMM_WORLD_LOCAL_RANK", 0);
  } else {
    return std::nullopt;
  }
  if (r.world_size < 1 || r.rank >= r.world_size)
    throw InputError("environment: rank " + std::to_string(r.rank) + " is outside world size " +
                     std::to_string(r.world_size));
  if (const char* addr = env("MASTER_ADDR")) r.master_addr = addr;
  r.master_port = integer_env("MASTER_PORT", 29500);
  if (r.master_port < 1 || r.master_port > 65535)
    throw InputError("environment MASTER_PORT: expected a port in 1..65535, got " + std::to_string(r.master_port));
  return r;
}

c10::intrusive_ptr<c10d::ProcessGroup> make_process_group(const Rendezvous& where, Backend backend,
                                                          std::chrono::milliseconds timeout) {
  quiet_native_logging();
  c10d::TCPStoreOptions options;
  options.port = static_cast<std::uint16_t>(where.master_port);
  options.isServer = where.rank == 0;
  options.numWorkers = static_cast<std::size_t>(where.world_size);
  options.timeout = timeout;
  auto store = c10::make_intrusive<c10d::TCPStore>(where.master_addr, options);
  if (backend == Backend::kNccl) {
#ifdef GRADAUDIT_WITH_NCCL
    auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
    nccl_options->timeout = timeout;
    return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, where.rank, where.world_size, nccl_options);
#else
    throw InputError("backend nccl: this build's LibTorch has no NCCL (CPU-only); use gloo");
#endif
  }
  auto gloo = c10d::ProcessGroupGloo::Options::create(timeout);
  // The loopback device for single-machine runs, the hostname's otherwise
  // (createDefaultDevice depends on how the hostname resolves).
  gloo->devices.push_back(where.master_addr == "127.0.0.1" || where.master_addr == "localhost"
                              ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                              : c10d::ProcessGroupGloo::createDefaultDevice());
  gloo->threads = 2;
  return c10::make_intrusive<c10d::ProcessGroupGloo>(store, where.rank, where.world_size, gloo);
}

}  // namespace gradaudit::ddp
