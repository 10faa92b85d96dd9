// One trial of a search and how it ended, and the two files that list them:
// DIR/trials.jsonl (one JSON record per finished trial: what `--resume`
// reads) and DIR/trials.csv (trial, every searched key, best validation
// loss, steps, status, seconds: for people and spreadsheets). Both are
// rewritten whole, atomically, each time a trial ends.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "config/configuration.h"

namespace gradaudit::search {

enum class TrialStatus { kFinished, kStoppedEarly, kPruned, kFailed };

struct TrialRecord {
  int id = 0;
  std::vector<nlohmann::ordered_json> point;  // one value per searched key, in the space's order
  double best_valid_loss = std::numeric_limits<double>::quiet_NaN();
  int64_t steps = 0;
  TrialStatus status = TrialStatus::kFinished;
  double seconds = 0;
  std::string error;  // why a failed trial failed (its last error line)

  // Finished, stopped early or pruned with a validation loss: it informs the
  // sampler and may be the best.
  bool has_loss() const;
};

std::string status_name(TrialStatus status);

// Throws InputError naming the file for a damaged record.
std::vector<TrialRecord> read_trials(const std::string& dir);
void write_trials(const std::string& dir, const std::vector<std::string>& keys, std::vector<TrialRecord> records);

}  // namespace gradaudit::search
