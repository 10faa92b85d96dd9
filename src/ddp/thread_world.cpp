#include "ddp/thread_world.h"

#include <torch/csrc/distributed/c10d/HashStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

#include <atomic>
#include <thread>

#include "common/text.h"
#include "ddp/c10d_compat.h"
#include "ddp/distributed.h"

namespace gradaudit::ddp {

std::vector<RankOutcome> run_threads(int world_size,
                                     const std::function<void(int, c10::intrusive_ptr<c10d::ProcessGroup>)>& body,
                                     std::chrono::milliseconds timeout) {
  quiet_native_logging();
  // A fresh prefix per world, so repeated worlds in one process never share keys.
  static std::atomic<int> generation{0};
  auto store = c10::make_intrusive<c10d::PrefixStore>("world" + std::to_string(generation++),
                                                      c10::make_intrusive<c10d::HashStore>());
  store->setTimeout(timeout);
  std::vector<RankOutcome> outcomes(world_size);
  std::vector<std::thread> threads;
  for (int rank = 0; rank < world_size; ++rank) {
    threads.emplace_back([&, rank] {
      RankOutcome& outcome = outcomes[rank];
      try {
        body(rank, compat::gloo_process_group(store, rank, world_size, {timeout, "127.0.0.1", /*threads=*/1}));
      } catch (const UnusedParametersError& e) {
        outcome = {false, e.what(), e.parameters};
      } catch (const c10::Error& e) {
        outcome = {false, first_line(e.what_without_backtrace()), {}};
      } catch (const std::exception& e) {
        outcome = {false, first_line(e.what()), {}};
      }
    });
  }
  for (auto& t : threads) t.join();
  return outcomes;
}

}  // namespace gradaudit::ddp
