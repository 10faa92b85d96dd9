// A manifest of TorchScript models (format in trace/torchscript.h), read and
// checked without loading any model: what `gradaudit trace --manifest` reads.
#pragma once

#include <string>
#include <vector>

#include "config/configuration.h"
#include "trace/input_spec.h"

namespace gradaudit::trace {

struct ManifestEntry {
  std::string name;
  std::string model_path;  // relative paths resolved against the manifest's folder
  std::string spec_path;
  config::Configuration config = config::Configuration::object();
  InputSpec spec;
};

// Throws InputError naming the manifest, the entry and the key; each entry's
// model must be readable and its input spec valid.
std::vector<ManifestEntry> read_manifest(const std::string& manifest_path);

}  // namespace gradaudit::trace
