// What a training run is: which registered model, its configuration
// (NeuralForecast's keys: model options and training options) and the data it
// reads. A run folder records it, so `tft train --resume DIR`, `tft predict`
// and `tft cv` need nothing else.
#pragma once

#include <string>

#include "config/configuration.h"
#include "data/dataset.h"
#include "tft/loss.h"
#include "tft/options.h"
#include "train/training_options.h"

namespace gradaudit::train {

struct RunSpec {
  std::string model = "tft";
  config::Configuration config = config::Configuration::object();
  config::Origins origins;  // where each key was set, for errors
  data::DatasetSpec data;

  // The data schema's counts (stat_exog_size...) are set from the roles.
  tft::TFTOptions model_options() const;
  tft::Loss loss() const;
  tft::Loss valid_loss() const;
  TrainingOptions training() const;
  // The configuration with the schema's counts and the exog lists filled in.
  config::Configuration resolved_config() const;
};

// The column roles a configuration names (stat_exog_list, hist_exog_list,
// futr_exog_list: lists, or comma-separated names).
data::ColumnRoles roles_from_config(const config::Configuration& config, const config::Origins* origins = nullptr);

nlohmann::ordered_json spec_to_json(const RunSpec& spec);
// Throws InputError naming `where` (the run file) for a malformed record.
RunSpec spec_from_json(const nlohmann::ordered_json& json, const std::string& where);

}  // namespace gradaudit::train
