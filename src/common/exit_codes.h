// The exit codes every gradaudit and tft command returns (docs/user-guide.md).
#pragma once

namespace gradaudit {

enum ExitCode : int {
  kExitOk = 0,         // success: nothing at or above the failing severity
  kExitFindings = 1,   // findings, a failed check, a failed training run
  kExitInput = 2,      // usage or input error: one line names the file, key or flag
  kExitInternal = 3,   // anything else: a bug, a failed collective, a full disk
};

}  // namespace gradaudit
