// The format-version check `gradaudit trace --torchscript` makes on a
// TorchScript archive's bytes before LibTorch reads it.
#include <caffe2/serialize/versions.h>

#include <fstream>
#include <iterator>

#include "common/archive_version.h"
#include "reader_harness.h"

namespace {

void read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gradaudit::check_archive_format_version(bytes, path, caffe2::serialize::kMinSupportedFileFormatVersion,
                                          caffe2::serialize::kMaxSupportedFileFormatVersion);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "model.pt", read);
}
