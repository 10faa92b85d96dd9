// Long-format series and static tables: the bundled data read back, and the
// ordering and schema errors users make.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "data/long_frame.h"
#include "temp_file.h"
#include "test_paths.h"

namespace gradaudit::testing {
namespace {

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(LongFrame, ReadsTheBundledPanelAndItsStaticTable) {
  auto frame = data::read_long_frame(source_path("fixtures/data/seatbelts_panel.csv"), {"law", "kms"});
  ASSERT_EQ(frame.series.size(), 3u);
  EXPECT_EQ(frame.rows(), 576u);
  EXPECT_EQ(frame.series[0].id, "drivers");
  EXPECT_EQ(frame.series[0].y.front(), 1687.0);
  EXPECT_EQ(frame.series[0].ds.front(), "1969-01-01");
  EXPECT_EQ(frame.series[2].exog[frame.exog_index("kms")].front(), 9059.0);
  EXPECT_EQ(frame.series[0].exog[frame.exog_index("law")].back(), 1.0);

  data::attach_static(frame, source_path("fixtures/data/seatbelts_static.csv"));
  EXPECT_EQ(frame.stat_columns, (std::vector<std::string>{"is_drivers", "is_front", "is_rear"}));
  EXPECT_EQ(frame.series[1].stat, (std::vector<double>{0, 1, 0}));
}

TEST(LongFrame, AllExogenousColumnsOnRequest) {
  const auto frame = data::read_long_frame(source_path("fixtures/data/seatbelts.csv"), {}, /*all_exog=*/true);
  EXPECT_EQ(frame.exog_columns, (std::vector<std::string>{"kms", "PetrolPrice", "law"}));
}

TEST(LongFrame, RejectsUnsortedAndMalformedFrames) {
  TempFile interleaved("unique_id,ds,y\na,2000-01-01,1\nb,2000-01-01,2\na,2000-02-01,3\n");
  EXPECT_EQ(error_of([&] { data::read_long_frame(interleaved.path(), {}); }),
            interleaved.path() + ":4: rows of series 'a' are not contiguous (it started on line 2); sort by unique_id, then ds");
  TempFile unsorted("unique_id,ds,y\na,2000-02-01,1\na,2000-01-01,2\n");
  EXPECT_NE(error_of([&] { data::read_long_frame(unsorted.path(), {}); }).find(":3: column 'ds': '2000-01-01' does not come after"),
            std::string::npos);
  TempFile no_y("unique_id,ds,value\na,2000-01-01,1\n");
  EXPECT_EQ(error_of([&] { data::read_long_frame(no_y.path(), {}); }), no_y.path() + ":1: no column 'y' in the header");
  TempFile header_only("unique_id,ds,y\n");
  EXPECT_NE(error_of([&] { data::read_long_frame(header_only.path(), {}); }).find("no data rows"), std::string::npos);
}

TEST(LongFrame, StaticTableNeedsExactlyOneRowPerSeries) {
  auto frame = data::read_long_frame(source_path("fixtures/data/uk_lung_deaths.csv"), {});
  TempFile missing("unique_id,female\nfemale,1\n");
  EXPECT_EQ(error_of([&] { data::attach_static(frame, missing.path()); }),
            missing.path() + ": no static row for series 'male'");
  TempFile twice("unique_id,female\nfemale,1\nmale,0\nmale,0\n");
  EXPECT_EQ(error_of([&] { data::attach_static(frame, twice.path()); }),
            twice.path() + ":4: series 'male' has a second static row");
}

}  // namespace
}  // namespace gradaudit::testing
