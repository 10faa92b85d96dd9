// A cross-rank check that every replica holds the same parameters: DDP keeps
// them equal only as long as every rank applies the same update, so a rank
// that skipped a step, loaded other weights or drew other dropout into a
// buffer shows up here instead of as a silently wrong model.
#pragma once

#include <cstdint>

#include "ddp/distributed.h"
#include "ddp/world.h"

namespace gradaudit::ddp {

// Compares per-parameter checksums (sum and sum of squares, in double) across
// the world: two collectives of 2 * parameters doubles. Throws
// ReplicaDivergenceError naming the first parameter that differs and `step`.
void check_replicas_agree(const World& world, const NamedTensors& parameters, int64_t step);

}  // namespace gradaudit::ddp
