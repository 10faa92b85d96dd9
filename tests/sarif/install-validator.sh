#!/usr/bin/env bash
# Installs Microsoft's SARIF validator (Sarif.Multitool) with npm into
# tests/sarif/node_modules, where tests/lint_sarif_validator_test.cpp looks
# for it. Needs npm (Debian: apt-get install npm) and the npm registry.
#   bash tests/sarif/install-validator.sh
# Run it with: DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
#   tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool validate FILE.sarif
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v npm >/dev/null || { echo "install-validator.sh: npm not found (apt-get install npm)" >&2; exit 2; }
cd "$here"
npm install --no-save --no-audit --no-fund --prefix "$here" @microsoft/sarif-multitool-linux
# npm may skip the package's postinstall (chmod u+x Sarif.Multitool).
chmod u+x "$here"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
echo "installed: $here/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
