#include "train/run_spec.h"

#include "common/input_error.h"
#include "tft/config.h"

namespace gradaudit::train {

config::Configuration RunSpec::resolved_config() const {
  config::Configuration c = config;
  c["stat_exog_size"] = data.roles.stat.size();
  c["hist_exog_size"] = data.roles.hist.size();
  c["futr_exog_size"] = data.roles.futr.size();
  c["stat_exog_list"] = data.roles.stat;
  c["hist_exog_list"] = data.roles.hist;
  c["futr_exog_list"] = data.roles.futr;
  return c;
}

tft::TFTOptions RunSpec::model_options() const { return tft::options_from_config(resolved_config(), &origins); }
tft::Loss RunSpec::loss() const { return tft::loss_from_config(config, &origins); }

tft::Loss RunSpec::valid_loss() const {
  const std::string name = config::Reader(config, &origins).text("valid_loss", "");
  if (name.empty()) return loss();
  config::Configuration c = config;
  c["loss"] = name;
  return tft::loss_from_config(c, &origins);
}

TrainingOptions RunSpec::training() const { return training_options_from_config(config, &origins); }

data::ColumnRoles roles_from_config(const config::Configuration& config, const config::Origins* origins) {
  const config::Reader read(config, origins);
  return {read.texts("stat_exog_list", {}), read.texts("hist_exog_list", {}), read.texts("futr_exog_list", {})};
}

nlohmann::ordered_json spec_to_json(const RunSpec& spec) {
  return {{"model", spec.model},
          {"config", spec.resolved_config()},
          {"data",
           {{"path", spec.data.data},
            {"static", spec.data.static_data},
            {"freq", spec.data.freq},
            {"stat_exog_list", spec.data.roles.stat},
            {"hist_exog_list", spec.data.roles.hist},
            {"futr_exog_list", spec.data.roles.futr}}}};
}

RunSpec spec_from_json(const nlohmann::ordered_json& json, const std::string& where) {
  try {
    RunSpec spec;
    spec.model = json.at("model").get<std::string>();
    spec.config = json.at("config");
    if (!spec.config.is_object()) throw InputError(where + ": config: expected an object of key: value");
    const auto& d = json.at("data");
    spec.data.data = d.at("path").get<std::string>();
    spec.data.static_data = d.at("static").get<std::string>();
    spec.data.freq = d.at("freq").get<std::string>();
    spec.data.roles.stat = d.at("stat_exog_list").get<std::vector<std::string>>();
    spec.data.roles.hist = d.at("hist_exog_list").get<std::vector<std::string>>();
    spec.data.roles.futr = d.at("futr_exog_list").get<std::vector<std::string>>();
    return spec;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": not a run record this version wrote (" + e.what() + ")");
  }
}

}  // namespace gradaudit::train
