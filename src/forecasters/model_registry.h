// Forecasting models known by name: `tft train --model NAME`,
// `gradaudit trace --model NAME`, `gradaudit ddp-run --model NAME`. Each
// executable's main() registers what it offers (the TFT; the fixture variants
// only in our own executables), so no library a user links carries a buggy
// fixture.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tft/batch.h"
#include "tft/options.h"

namespace torch::nn {
class Module;
}

namespace gradaudit::forecasters {

// A built model: the module (parameters, train/eval mode, serialisation) and
// its forward pass. Every registered model reads and returns the TFT's
// inputs and outputs, so the trainer and the auditor drive them alike.
struct ForecastModel {
  std::shared_ptr<torch::nn::Module> module;
  std::function<tft::TFTOutputs(const tft::TFTInputs&)> forward;
};

struct ModelEntry {
  std::string name;
  std::string description;
  std::string default_space;  // YAML: what `gradaudit trace --model NAME` audits without --space
  // Builds the model for validated options (tft::options_from_config).
  std::function<ForecastModel(const tft::TFTOptions&)> build;
};

class ModelRegistry {
 public:
  // Throws std::logic_error for a name registered twice.
  void add(ModelEntry entry);
  const ModelEntry* find(const std::string& name) const;
  // Throws InputError "<what>: unknown model 'x' (known: tft, ...)".
  const ModelEntry& require(const std::string& name, const std::string& what) const;
  const std::vector<ModelEntry>& entries() const { return entries_; }

 private:
  std::vector<ModelEntry> entries_;
};

// "tft": the Temporal Fusion Transformer of src/tft, built per data schema.
void register_tft(ModelRegistry& registry);
// NeuralForecast's AutoTFT space crossed with every data schema of up to two
// variables per kind: the TFT's default audit space.
extern const char* const kAutoTftSchemasSpace;

}  // namespace gradaudit::forecasters
