// The pre-flight of a whole search: before any trial runs, every distinct
// structural configuration the search could train is audited in-process
// with the trace engine. Choices count with all their values, numeric
// structural keys at both ends of their range; training-only keys do not
// change what is built, so they are not enumerated. The data schema comes
// from the exogenous lists, searched or given.
#pragma once

#include <vector>

#include "config/configuration.h"
#include "data/dataset.h"
#include "search/search_space.h"

namespace gradaudit::search {

// Lists of exogenous columns in `config` override `data_roles` (the columns
// the data set gives the run).
data::ColumnRoles roles_of(const config::Configuration& config, const data::ColumnRoles& data_roles);

// Every structural combination, with the schema's counts filled in; at most
// `limit` (drawn evenly at random past it, with `seed`).
std::vector<config::Configuration> structural_configurations(const SearchSpace& space,
                                                             const data::ColumnRoles& data_roles,
                                                             size_t limit = 512, uint64_t seed = 1);

}  // namespace gradaudit::search
