#include "ddp/rendezvous.h"

#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "common/input_error.h"
#include "common/text.h"
#include "ddp/c10d_compat.h"
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
  if (const char* file = env("GRADAUDIT_STORE_FILE")) r.store_file = file;
  return r;
}

namespace {

std::string rank_key(int rank) { return "gradaudit/joined/" + std::to_string(rank); }

// Every rank announces itself, then waits for all the others: a rank that
// never comes is named, instead of a bare timeout inside Gloo's mesh set-up.
void wait_for_every_rank(c10d::Store& store, const Rendezvous& where, std::chrono::milliseconds timeout) {
  store.set(rank_key(where.rank), std::vector<uint8_t>{1});
  std::vector<std::string> keys;
  for (int r = 0; r < where.world_size; ++r) keys.push_back(rank_key(r));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!store.check(keys)) {
    if (std::chrono::steady_clock::now() > deadline) {
      std::string missing;
      int count = 0;
      for (int r = 0; r < where.world_size; ++r) {
        if (store.check({rank_key(r)})) continue;
        missing += (count++ ? ", " : "") + std::to_string(r);
      }
      const std::string place = where.store_file.empty()
                                    ? fmt::format("{}:{}", where.master_addr, where.master_port)
                                    : where.store_file;
      throw RendezvousError(fmt::format("rendezvous at {}: rank{} {} did not join within {} s ({} of {} joined)",
                                        place, count > 1 ? "s" : "", missing,
                                        timeout.count() / 1000, where.world_size - count, where.world_size));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

c10::intrusive_ptr<c10d::Store> open_store(const Rendezvous& where, std::chrono::milliseconds timeout) {
  // One machine: a file in the launcher's private folder. A TCPStore would
  // listen on every interface (LibTorch binds its server to all of them,
  // whatever MASTER_ADDR says), open to anyone on the network.
  if (!where.store_file.empty()) {
    try {
      auto store = c10::make_intrusive<c10d::FileStore>(where.store_file, where.world_size);
      store->setTimeout(timeout);
      return store;
    } catch (const std::exception& e) {
      throw RendezvousError(fmt::format("rendezvous: rank {} cannot open the store file {}: {}", where.rank,
                                        where.store_file, first_line(e.what())));
    }
  }
  c10d::TCPStoreOptions options;
  options.port = static_cast<std::uint16_t>(where.master_port);
  options.isServer = where.rank == 0;
  options.numWorkers = static_cast<std::size_t>(where.world_size);
  options.waitWorkers = false;  // wait_for_every_rank waits, and names who is missing
  options.timeout = timeout;
  compat::use_classic_store_server(options);
  try {
    return c10::make_intrusive<c10d::TCPStore>(where.master_addr, options);
  } catch (const std::exception& e) {
    throw RendezvousError(where.rank == 0
                              ? fmt::format("rendezvous: rank 0 cannot serve the store on port {}: {}",
                                            where.master_port, first_line(e.what()))
                              : fmt::format("rendezvous: rank {} cannot reach rank 0's store at {}:{} within {} s: {}",
                                            where.rank, where.master_addr, where.master_port,
                                            timeout.count() / 1000, first_line(e.what())));
  }
}

}  // namespace

c10::intrusive_ptr<c10d::ProcessGroup> make_process_group(const Rendezvous& where, Backend backend,
                                                          std::chrono::milliseconds timeout) {
  quiet_native_logging();
  auto store = open_store(where, timeout);
  wait_for_every_rank(*store, where, timeout);
  try {
    if (backend == Backend::kNccl) {
#ifdef GRADAUDIT_WITH_NCCL
      return compat::nccl_process_group(store, where.rank, where.world_size, timeout);
#else
      throw InputError("backend nccl: this build's LibTorch has no NCCL (CPU-only); use gloo");
#endif
    }
    // The loopback device for single-machine runs, the hostname's otherwise
    // (the default device depends on how the hostname resolves).
    const bool loopback = where.master_addr == "127.0.0.1" || where.master_addr == "localhost";
    return compat::gloo_process_group(store, where.rank, where.world_size,
                                      {timeout, loopback ? "127.0.0.1" : "", /*threads=*/2});
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw RendezvousError(fmt::format("rendezvous: rank {} could not connect to the other ranks: {}", where.rank,
                                      first_line(e.what())));
  }
}

}  // namespace gradaudit::ddp
