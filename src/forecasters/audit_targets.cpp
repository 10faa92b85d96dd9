#include "forecasters/audit_targets.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/module.h>

#include "config/space.h"
#include "tft/config.h"
#include "trace/module_audit.h"

namespace gradaudit::forecasters {
namespace {

trace::SubjectFactory subject_factory(const ModelEntry& entry) {
  return [build = entry.build](const config::Configuration& config) {
    const tft::TFTOptions options = tft::options_from_config(config);
    const tft::Loss loss = tft::loss_from_config(config);
    const ForecastModel model = build(options);
    model.module->train();
    return trace::module_subject(model.module, [model, options, loss](uint64_t seed) {
      const tft::TrainingBatch batch = synthetic_batch(options, seed);
      const tft::TFTOutputs out = model.forward(batch.inputs);
      trace::ForwardResult r;
      r.loss = loss(out.y_hat, batch.outsample_y, batch.outsample_mask);
      r.outputs = {out.y_hat, out.history_weights, out.future_weights, out.attention_weights};
      if (out.static_weights.defined()) r.outputs.push_back(out.static_weights);
      return r;
    });
  };
}

}  // namespace

std::vector<config::Configuration> default_configurations(const ModelEntry& entry) {
  return config::parse_space(entry.default_space, "default space of " + entry.name, tft::config_keys(), entry.name);
}

std::vector<trace::AuditTarget> audit_targets(const ModelEntry& entry, const std::vector<config::Configuration>& configs) {
  return trace::targets_for(configs, tft::config_keys(), subject_factory(entry));
}

tft::TrainingBatch synthetic_batch(const tft::TFTOptions& o, uint64_t seed, int64_t batch) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  tft::TrainingBatch b;
  b.inputs.insample_y = at::randn({batch, o.input_size(), o.tgt_size()}, gen);
  if (o.futr_exog_size() > 0) b.inputs.futr_exog = at::randn({batch, o.example_length(), o.futr_exog_size()}, gen);
  if (o.hist_exog_size() > 0) b.inputs.hist_exog = at::randn({batch, o.input_size(), o.hist_exog_size()}, gen);
  if (o.stat_exog_size() > 0) b.inputs.stat_exog = at::randn({batch, o.stat_exog_size()}, gen);
  b.outsample_y = at::randn({batch, o.h()}, gen);
  b.outsample_mask = at::ones_like(b.outsample_y);
  return b;
}

}  // namespace gradaudit::forecasters
