// The long-format CSV of `tft train --data`: CSV parsing, then the data set's
// checks, with every column after unique_id, ds and y given a role (historic
// and future in turn), as --hist-exog and --futr-exog would name them.
#include "data/csv_table.h"
#include "data/dataset.h"
#include "reader_harness.h"

namespace {

void read(const std::string& path) {
  using namespace gradaudit::data;
  const CsvTable table = read_csv(path);
  DatasetSpec spec;
  spec.data = path;
  bool historic = true;
  for (const auto& column : table.header) {
    if (column == "unique_id" || column == "ds" || column == "y") continue;
    (historic ? spec.roles.hist : spec.roles.futr).push_back(column);
    historic = !historic;
  }
  load_dataset(spec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "series.csv", read);
}
