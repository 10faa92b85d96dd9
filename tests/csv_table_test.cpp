// CSV reading: rows, source lines, and one clear error per kind of bad file.
#include <gtest/gtest.h>

#include "data/csv_table.h"
#include "common/input_error.h"
#include "temp_file.h"

namespace gradaudit::testing {
namespace {

std::string error_of(const std::string& contents, std::string* path = nullptr) {
  TempFile file(contents);
  if (path) *path = file.path();
  try {
    data::read_csv(file.path());
  } catch (const InputError& e) {
    return std::string(e.what()).substr(file.path().size());  // drop the temp path
  }
  return "";
}

TEST(CsvTable, ReadsRowsWithTheirLines) {
  TempFile file("a,b\n1,\"x,y\"\n\n3,4\r\n");
  const auto table = data::read_csv(file.path());
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0][1], "x,y");
  EXPECT_EQ(table.lines, (std::vector<size_t>{2, 4}));
  EXPECT_EQ(table.number(1, 1), 4.0);
  EXPECT_EQ(table.column("b"), 1u);
}

TEST(CsvTable, BadFilesGiveOneLineNamingFileAndLine) {
  EXPECT_EQ(error_of(""), ":1: empty file, expected a header line");
  EXPECT_EQ(error_of("a,b\n1,2\n3\n"), ":3: expected 2 fields as in the header, got 1");
  EXPECT_EQ(error_of("a,a\n1,2\n"), ":1: column 'a' appears twice");
  EXPECT_EQ(error_of("a,b\n1,\"2\n"), ":2: malformed CSV (unterminated quoted field)");
  EXPECT_NE(error_of("a,b\n1,\"2\"x\n").find(":2: malformed CSV"), std::string::npos);
  EXPECT_THROW(data::read_csv("/nonexistent/file.csv"), InputError);
}

TEST(CsvTable, NumbersMustBeFinite) {
  TempFile file("y\n1.5\nabc\nnan\n1e999\n\n");
  const auto table = data::read_csv(file.path());
  EXPECT_EQ(table.number(0, 0), 1.5);
  for (size_t row : {1u, 2u, 3u}) {
    try {
      table.number(row, 0);
      ADD_FAILURE() << "row " << row << " parsed";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(":" + std::to_string(row + 2) + ": column 'y': expected a finite number"),
                std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace gradaudit::testing
