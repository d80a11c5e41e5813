// Canonical encodings and hashes of transactions (internal to ledger/).
//
// The byte layout is specified in docs/FORMATS.md, "Canonical transaction
// encoding", and is independent of any storage schema: an auditor can
// recompute every hash from an export with no access to Fermata's code.
#pragma once

#include <string>

#include "fermata/base/sha256.h"
#include "fermata/ledger/ledger.h"

namespace fermata::internal {

// The content encoding: what idempotency compares (no recorded time or actor).
std::string encode_content(const NewTransaction& txn);

// The chain encoding: prev hash, seq, recorded time, actor and content hash.
std::string encode_chain_link(const StoredTransaction& txn);

}  // namespace fermata::internal
