#include "search/trial_record.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "common/atomic_write.h"
#include "common/input_error.h"

namespace gradaudit::search {
namespace {

using Json = nlohmann::ordered_json;

const char* const kStatusNames[] = {"finished", "stopped early", "pruned", "failed"};

TrialStatus status_from(const std::string& name, const std::string& where) {
  for (int i = 0; i < 4; ++i)
    if (name == kStatusNames[i]) return static_cast<TrialStatus>(i);
  throw InputError(where + ": unknown trial status '" + name + "'");
}

// A CSV field: quoted when it holds a comma, a quote or a newline.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

bool TrialRecord::has_loss() const { return status != TrialStatus::kFailed && std::isfinite(best_valid_loss); }

std::string status_name(TrialStatus status) { return kStatusNames[static_cast<int>(status)]; }

std::vector<TrialRecord> read_trials(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "trials.jsonl").string();
  std::ifstream in(path);
  std::vector<TrialRecord> records;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const std::string where = fmt::format("{}:{}", path, number);
    try {
      const Json j = Json::parse(line);
      TrialRecord r;
      r.id = j.at("trial").get<int>();
      r.point = j.at("point").get<std::vector<Json>>();
      r.best_valid_loss = j.at("best_valid_loss").is_null() ? std::nan("") : j.at("best_valid_loss").get<double>();
      r.steps = j.at("steps").get<int64_t>();
      r.status = status_from(j.at("status").get<std::string>(), where);
      r.seconds = j.at("seconds").get<double>();
      r.error = j.value("error", "");
      records.push_back(std::move(r));
    } catch (const Json::exception& e) {
      throw InputError(where + ": damaged trial record: " + e.what());
    }
  }
  return records;
}

void write_trials(const std::string& dir, const std::vector<std::string>& keys, std::vector<TrialRecord> records) {
  std::sort(records.begin(), records.end(), [](const TrialRecord& a, const TrialRecord& b) { return a.id < b.id; });
  std::string jsonl, csv = "trial";
  for (const auto& key : keys) csv += "," + csv_field(key);
  csv += ",best_valid_loss,steps,status,seconds\n";
  for (const auto& r : records) {
    const Json loss = std::isfinite(r.best_valid_loss) ? Json(r.best_valid_loss) : Json();
    Json j = {{"trial", r.id}, {"point", r.point}, {"best_valid_loss", loss}, {"steps", r.steps},
              {"status", status_name(r.status)}, {"seconds", r.seconds}};
    if (!r.error.empty()) j["error"] = r.error;
    jsonl += j.dump() + "\n";
    csv += std::to_string(r.id);
    for (const auto& v : r.point) csv += "," + csv_field(config::value_text(v));
    csv += fmt::format(",{},{},{},{:.2f}\n", std::isfinite(r.best_valid_loss) ? fmt::format("{:.9g}", r.best_valid_loss) : "",
                       r.steps, status_name(r.status), r.seconds);
  }
  write_output((std::filesystem::path(dir) / "trials.jsonl").string(), jsonl);
  write_output((std::filesystem::path(dir) / "trials.csv").string(), csv);
}

}  // namespace gradaudit::search
