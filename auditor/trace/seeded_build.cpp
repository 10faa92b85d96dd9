#include "trace/seeded_build.h"

#include <ATen/Context.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace gradaudit::trace {
namespace {

std::mutex& generator_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

uint64_t configuration_seed(const config::Configuration& model_config) {
  // Canonical text: keys sorted, so the order a space lists them in does not matter.
  const std::string text = nlohmann::json(model_config).dump();
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

AuditSubject build_subject(const SubjectFactory& make_subject, const config::Configuration& model_config, bool seeded) {
  if (!seeded) return make_subject(model_config);
  std::lock_guard<std::mutex> alone(generator_mutex());
  at::manual_seed(configuration_seed(model_config));
  return make_subject(model_config);
}

ForwardResult seeded_forward(const AuditSubject& subject, uint64_t subject_seed, uint64_t batch) {
  if (!subject.draws_random_numbers) return subject.forward(batch);
  std::lock_guard<std::mutex> alone(generator_mutex());
  at::manual_seed(subject_seed ^ (0x9E3779B97F4A7C15ull * (batch + 1)));
  return subject.forward(batch);
}

}  // namespace gradaudit::trace
