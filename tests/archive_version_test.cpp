// The version check made on a PyTorch archive's bytes before LibTorch reads
// it (common/archive_version.h), on zips built here entry by entry: every
// way LibTorch's reader would fail after opening the zip is refused with one
// line, and what the bytes cannot tell is left to LibTorch.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/archive_version.h"
#include "common/input_error.h"

namespace {

using gradaudit::archive_format_version;
using gradaudit::check_archive_format_version;
using gradaudit::InputError;

void put(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

struct Entry {
  std::string name, data;
  uint16_t method = 0;  // 0 stored; 8 claims deflate
};

// A zip of `entries` (no compression, no CRCs: the check reads neither).
std::string zip_of(const std::vector<Entry>& entries) {
  std::string body, directory;
  for (const auto& e : entries) {
    const size_t local = body.size();
    body += std::string("PK\x03\x04", 4);
    put(body, 20, 2);
    put(body, 0, 2);
    put(body, e.method, 2);
    put(body, 0, 4);  // time, date
    put(body, 0, 4);  // crc
    put(body, e.data.size(), 4);
    put(body, e.data.size(), 4);
    put(body, e.name.size(), 2);
    put(body, 0, 2);
    body += e.name + e.data;
    directory += std::string("PK\x01\x02", 4);
    put(directory, 20, 2);
    put(directory, 20, 2);
    put(directory, 0, 2);
    put(directory, e.method, 2);
    put(directory, 0, 4);
    put(directory, 0, 4);
    put(directory, e.data.size(), 4);
    put(directory, e.data.size(), 4);
    put(directory, e.name.size(), 2);
    put(directory, 0, 2);  // extra
    put(directory, 0, 2);  // comment
    put(directory, 0, 2);  // disk
    put(directory, 0, 2);
    put(directory, 0, 4);
    put(directory, local, 4);
    directory += e.name;
  }
  std::string zip = body + directory;
  zip += std::string("PK\x05\x06", 4);
  put(zip, 0, 4);
  put(zip, entries.size(), 2);
  put(zip, entries.size(), 2);
  put(zip, directory.size(), 4);
  put(zip, body.size(), 4);
  put(zip, 0, 2);
  return zip;
}

std::string archive_with_version(const std::string& version) {
  return zip_of({{"archive/data.pkl", "\x80\x02}q\x00.", 0}, {"archive/version", version, 0}});
}

// The message check_archive_format_version throws, or "" when it accepts.
std::string refusal(const std::string& zip) {
  try {
    check_archive_format_version(zip, "m.pt", 1, 10);
    return "";
  } catch (const InputError& e) {
    return e.what();
  }
}

TEST(ArchiveVersion, ReadsTheRecordAsLibTorchsStoullDoes) {
  EXPECT_EQ(archive_format_version(archive_with_version("3\n")), 3u);
  EXPECT_EQ(archive_format_version(archive_with_version(" \t+7")), 7u);
  EXPECT_EQ(archive_format_version(archive_with_version("10abc")), 10u);  // stoull stops at the first non-digit
  EXPECT_EQ(archive_format_version(archive_with_version("-1")), UINT64_MAX);  // and wraps a minus around
  EXPECT_EQ(archive_format_version(archive_with_version("18446744073709551615")), UINT64_MAX);
  EXPECT_FALSE(archive_format_version(archive_with_version("18446744073709551616")).has_value());  // out_of_range
  EXPECT_FALSE(archive_format_version(archive_with_version("v3")).has_value());
  EXPECT_FALSE(archive_format_version(archive_with_version("")).has_value());
}

TEST(ArchiveVersion, TheDataVersionRecordWinsAndOnlyTheFirstEntrysFolderCounts) {
  EXPECT_EQ(archive_format_version(zip_of({{"a/data.pkl", "x"}, {"a/version", "2"}, {"a/.data/version", "5"}})), 5u);
  EXPECT_EQ(archive_format_version(zip_of({{"a/data.pkl", "x"}, {"a/.data/version", "5"}, {"a/version", "2"}})), 5u);
  EXPECT_FALSE(archive_format_version(zip_of({{"a/data.pkl", "x"}, {"b/version", "3"}})).has_value());
  EXPECT_FALSE(archive_format_version(zip_of({{"a/data.pkl", "x"}, {"a/sub/version", "3"}})).has_value());
}

TEST(ArchiveVersion, WhatLibTorchWouldFailOnAfterOpeningTheZipIsRefusedInOneLine) {
  EXPECT_EQ(refusal(archive_with_version("3\n")), "");
  EXPECT_EQ(refusal(archive_with_version("99\n")),
            "m.pt: archive format version 99, but this LibTorch reads 1 to 10: the file comes from a newer PyTorch; "
            "use a gradaudit built against a newer LibTorch");
  EXPECT_EQ(refusal(archive_with_version("0")), "m.pt: archive format version 0, but this LibTorch reads 1 to 10");
  EXPECT_EQ(refusal(archive_with_version(" 99")).rfind("m.pt: archive format version 99, but", 0), 0u);
  EXPECT_EQ(refusal(archive_with_version("-1")).rfind("m.pt: archive format version 18446744073709551615, but", 0),
            0u);
  EXPECT_EQ(refusal(archive_with_version("99999999999999999999")).rfind("m.pt: archive format version over 2^64", 0),
            0u);
  EXPECT_EQ(refusal(archive_with_version("three")), "m.pt: the archive's version record is not a number");
  const std::string missing = "m.pt: not a PyTorch archive (its zip has no version record in a top folder)";
  EXPECT_EQ(refusal(zip_of({{"archive/data.pkl", "x"}})), missing);
  EXPECT_EQ(refusal(zip_of({})), missing);
  EXPECT_EQ(refusal(zip_of({{"version", "3"}})), missing);  // no top folder
}

TEST(ArchiveVersion, WhatTheBytesCannotTellIsLeftToLibTorch) {
  EXPECT_EQ(refusal("not a zip"), "");
  EXPECT_EQ(refusal(""), "");
  EXPECT_EQ(refusal(zip_of({{"archive/data.pkl", "x"}, {"archive/version", "99", 8}})), "");  // compressed record
  std::string zip64 = archive_with_version("99");
  zip64.replace(zip64.size() - 12, 2, "\xff\xff");  // entry count 0xFFFF: ZIP64
  EXPECT_EQ(refusal(zip64), "");
  const std::string good = archive_with_version("99");
  for (size_t length = 0; length < good.size(); ++length) {
    const std::string cut = good.substr(0, length);
    EXPECT_NO_THROW(archive_format_version(cut)) << length;
    // A cut zip has lost its directory: nothing can be told, LibTorch decides.
    EXPECT_EQ(refusal(cut), "") << length;
  }
}

}  // namespace
