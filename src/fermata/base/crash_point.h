// Deterministic crash points for the crash-safety tests.
//
// When the environment variable FERMATA_CRASH_AT names a point, the process
// kills itself with SIGKILL on reaching it, exactly as a power cut or an
// OOM kill would stop it: no destructors, no flushes. Points used:
//   before_commit  every row of the unit of work written, COMMIT not issued;
//   mid_commit     FERMATA_CRASH_AFTER_TXNS transactions (default 1000) of
//                  the unit written, the rest not;
//   after_commit   COMMIT returned, success not yet reported.
// Unset in production; reading the variable costs one getenv per unit.
#pragma once

#include <string_view>

namespace fermata {

// Kills the process if FERMATA_CRASH_AT == point.
void maybe_crash_at(std::string_view point);

// The transaction count at which mid_commit fires, or -1 when it is not armed.
long crash_after_transactions();

}  // namespace fermata
