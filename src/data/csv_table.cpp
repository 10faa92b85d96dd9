#include "data/csv_table.h"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>

#include "common/input_error.h"

namespace gradaudit::data {
namespace {

struct ParseState {
  std::vector<std::string> fields;
  std::vector<std::vector<std::string>> records;
  std::vector<size_t> lines;
  size_t line = 1;             // line being fed
  size_t last_record_line = 0;  // line that ended the last complete record
};

void on_field(void* text, size_t length, void* state) {
  static_cast<ParseState*>(state)->fields.emplace_back(static_cast<const char*>(text), length);
}

void on_record(int /*terminator*/, void* opaque) {
  auto* state = static_cast<ParseState*>(opaque);
  state->records.push_back(std::move(state->fields));
  state->lines.push_back(state->line);
  state->last_record_line = state->line;
  state->fields.clear();
}

}  // namespace

size_t CsvTable::column(const std::string& name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) throw InputError(fmt::format("{}:1: no column '{}' in the header", path, name));
  return static_cast<size_t>(it - header.begin());
}

bool CsvTable::has_column(const std::string& name) const {
  return std::find(header.begin(), header.end(), name) != header.end();
}

double CsvTable::number(size_t row, size_t col) const {
  const std::string& text = rows[row][col];
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value)) {
    throw InputError(fmt::format("{}:{}: column '{}': expected a finite number, got '{}'", path, lines[row],
                                 header[col], text));
  }
  return value;
}

CsvTable read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open file for reading", path));

  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::runtime_error("libcsv: csv_init failed");
  ParseState state;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    const size_t n = static_cast<size_t>(in.gcount());
    // Feed line by line so each record knows its source line.
    size_t start = 0;
    for (size_t i = 0; i < n; ++i) {
      if (buffer[i] != '\n') continue;
      if (csv_parse(&parser, buffer + start, i + 1 - start, on_field, on_record, &state) != i + 1 - start) {
        csv_free(&parser);
        throw InputError(fmt::format("{}:{}: malformed CSV ({})", path, state.line, csv_strerror(csv_error(&parser))));
      }
      ++state.line;
      start = i + 1;
    }
    if (start < n && csv_parse(&parser, buffer + start, n - start, on_field, on_record, &state) != n - start) {
      csv_free(&parser);
      throw InputError(fmt::format("{}:{}: malformed CSV ({})", path, state.line, csv_strerror(csv_error(&parser))));
    }
  }
  if (csv_fini(&parser, on_field, on_record, &state) != 0) {
    csv_free(&parser);
    // The quote opened on the line after the last complete record.
    throw InputError(
        fmt::format("{}:{}: malformed CSV (unterminated quoted field)", path, state.last_record_line + 1));
  }
  csv_free(&parser);

  if (state.records.empty()) throw InputError(fmt::format("{}:1: empty file, expected a header line", path));
  CsvTable table;
  table.path = path;
  table.header = std::move(state.records.front());
  std::set<std::string> seen;
  for (const auto& name : table.header)
    if (!seen.insert(name).second) throw InputError(fmt::format("{}:1: column '{}' appears twice", path, name));
  for (size_t r = 1; r < state.records.size(); ++r) {
    if (state.records[r].size() != table.header.size()) {
      throw InputError(fmt::format("{}:{}: expected {} fields as in the header, got {}", path, state.lines[r],
                                   table.header.size(), state.records[r].size()));
    }
    table.rows.push_back(std::move(state.records[r]));
    table.lines.push_back(state.lines[r]);
  }
  return table;
}

}  // namespace gradaudit::data
