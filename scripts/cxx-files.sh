#!/usr/bin/env bash
# Lists the project's C++ files, one per line: tracked files plus new files git does not
# ignore, so a check run before `git add` sees them too. In CI (a clean clone) this is
# exactly `git ls-files`. Deleted-but-tracked files are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' '*.cpp' '*.hpp' |
  sort -u | while IFS= read -r f; do [[ -f $f ]] && printf '%s\n' "$f"; done
