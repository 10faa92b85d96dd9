// A CSV file read whole into strings, with the line each row came from, so
// later checks can point at file:line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gradaudit::data {

struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;  // 1-based source line of each row

  // Index of a header column; throws InputError naming the file and column.
  size_t column(const std::string& name) const;
  bool has_column(const std::string& name) const;
  // Parses a finite double; throws InputError "path:line: column 'c': ...".
  double number(size_t row, size_t column) const;
};

// RFC 4180 CSV (libcsv): one header line, then rows of the same width.
// Throws InputError for an unreadable file, malformed quoting, an empty file,
// a duplicated header name or a row of the wrong width.
CsvTable read_csv(const std::string& path);

}  // namespace gradaudit::data
