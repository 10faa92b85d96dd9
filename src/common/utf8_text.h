// Text files users give us (run files, spaces, lint configurations) must be
// UTF-8: yaml-cpp passes any bytes through, and a value that is not UTF-8
// makes nlohmann::json throw its own error when the value is printed or
// saved later, far from the file and the line that held it.
#pragma once

#include <string>

namespace gradaudit {

// Throws InputError "source:LINE:COL: not UTF-8 text (byte 0xAD)" at the
// first byte that does not belong to a well-formed UTF-8 sequence.
void require_utf8(const std::string& text, const std::string& source);

// The file's bytes, unchecked (for readers that check the text themselves).
// Throws InputError "path: cannot open <what> for reading".
std::string read_text_file(const std::string& path, const std::string& what);

// The file's text, checked as above. Throws InputError
// "path: cannot open <what> for reading" when it cannot be read.
std::string read_utf8_file(const std::string& path, const std::string& what);

}  // namespace gradaudit
