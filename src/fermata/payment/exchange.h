// Exchange differences at payment (internal to payment/).
//
// The royalty run recognises a conversion at the rate of its period's last
// day (royalty/convert.h). The payer buys the payout currency when it pays,
// at the rate of the payment's value date. When a payment in an agreement's
// payout currency is recorded, every conversion into that currency of the
// periods up to the paid statement's, not settled before, is settled: the
// base converts again at the value date's rate (half up to the minor unit),
// and the difference from what was recognised is posted on the value date,
// key "pay:<batch>:<line>:exchange:<conversion line>" (C the payout
// currency, L the licensor, D the payer, d the difference, + a gain):
//   borne by the licensor:          L:trust:C +d, L:exchange_gain_loss:C/D -d
//   borne by the accounting party:  D:cash:C +d, D:exchange_gain_loss:C/L -d
// The licensor's difference is its money: it shows on the statement of the
// period the value date falls in and is paid with the next payment. The
// accounting party's is its own gain or loss; the licensor is paid what was
// recognised.
#pragma once

#include <string>
#include <vector>

#include "fermata/ledger/ledger.h"
#include "fermata/payment/batch_csv.h"
#include "fermata/storage/storage.h"

namespace fermata {

// Settles the conversions `line` pays (above) and records each difference;
// `payment_seq` is the payment's transaction. REQUIRES: inside
// Ledger::begin_write(). Errors: rate_missing naming the pair and the value
// date, with `file`, the line and field value_date; storage errors.
Result<std::vector<ExchangeDifferenceRecord>> settle_conversions(Database& database, Ledger& ledger,
                                                                 const BatchLine& line,
                                                                 const std::string& file,
                                                                 std::int64_t payment_seq,
                                                                 const std::string& recorded_at);

}  // namespace fermata
