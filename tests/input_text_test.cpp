// The text checks every reader relies on: InputError's one line, and UTF-8.
#include <gtest/gtest.h>

#include <string>

#include "common/input_error.h"
#include "common/utf8_text.h"
#include "temp_dir.h"

namespace {

using gradaudit::InputError;
using gradaudit::require_utf8;

std::string refusal(const std::string& text) {
  try {
    require_utf8(text, "in.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(InputText, AnInputErrorShowsControlCharactersAsEscapes) {
  EXPECT_STREQ(InputError("a:1: unknown escape character: \n").what(), "a:1: unknown escape character: \\n");
  EXPECT_STREQ(InputError("key 'a\r\tb\x01'").what(), "key 'a\\r\\tb\\x01'");
  EXPECT_STREQ(InputError("caf\xc3\xa9 \xe2\x82\xac").what(), "caf\xc3\xa9 \xe2\x82\xac");  // UTF-8 stays as it is
}

TEST(InputText, WellFormedUtf8Passes) {
  EXPECT_EQ(refusal(""), "");
  EXPECT_EQ(refusal("h: 12\nname: caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\n"), "");
}

TEST(InputText, MalformedUtf8IsRefusedAtItsLineAndColumn) {
  EXPECT_EQ(refusal("h: 12\nx: ab\xff"), "in.yaml:2:6: not UTF-8 text (byte 0xFF)");
  EXPECT_EQ(refusal("\x80"), "in.yaml:1:1: not UTF-8 text (byte 0x80)");                 // a lone continuation
  EXPECT_EQ(refusal("\xc0\xaf"), "in.yaml:1:1: not UTF-8 text (byte 0xC0)");             // overlong '/'
  EXPECT_EQ(refusal("\xed\xa0\x80"), "in.yaml:1:1: not UTF-8 text (byte 0xED)");         // a surrogate
  EXPECT_EQ(refusal("\xf4\x90\x80\x80"), "in.yaml:1:1: not UTF-8 text (byte 0xF4)");     // above U+10FFFF
  EXPECT_EQ(refusal("\xc3\xa9\xe2\x82"), "in.yaml:1:2: not UTF-8 text (byte 0xE2)");     // cut short at the end
}

TEST(InputText, AFileIsReadWholeAndChecked) {
  gradaudit::testing::TempDir dir;
  EXPECT_EQ(gradaudit::read_utf8_file(dir.write("ok.yaml", "h: 12\n"), "run file"), "h: 12\n");
  EXPECT_THROW(gradaudit::read_utf8_file(dir.write("bad.yaml", "h: \xad\n"), "run file"), InputError);
  try {
    gradaudit::read_utf8_file(dir.path("missing.yaml"), "run file");
    ADD_FAILURE() << "a missing file was read";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir.path("missing.yaml") + ": cannot open run file for reading");
  }
}

}  // namespace
