// Conversion of a computed period into the agreement's payout currency.
//
// An agreement converts when its version in force on the period's last day
// has an `[exchange]` table (its exchange terms: who bears differences);
// without one each currency is accounted and paid as held, as agreements
// written before currencies were converted expect. After compute_period(),
// the licensor's movement of the period in each
// currency other than the payout currency (`[payment] currency` of the
// version in force on the period's last day) is converted into the payout
// currency at the rate for that last day (fx/fx.h: a daily rate for the day,
// or a period rate covering it, such as the month's average). The period's
// end is the day its figures are stated as of: the statement is dated from
// it and the licensor's balance is due from it, so it is the day the income
// is recognised in the payout currency. The movement is what the statement
// shows for the currency: every earning the period took (including
// prior-period adjustments) less fees, tax on fees and reserves held, plus
// reserves released. It converts exactly and is rounded once, half up, to
// the payout currency's minor unit.
//
// Each conversion is its own balanced transaction, dated the period's last
// day, key "royalty:<agreement>:<period>:convert:<from>:<to>" (L the
// licensor, D the accounting party, which converts):
//   L:trust:<from> -x, L:exchange:<from>/D +x, L:exchange:<to>/D -y,
//   L:trust:<to> +y
// with a register line of kind "conversion": base x in `base_currency`
// <from>, rate, amount y in <to>, detail the rate's source and day. An
// agreement whose movement is all in its payout currency needs no rates.
//
// Thread safety: as Database.
#pragma once

#include "fermata/base/result.h"
#include "fermata/royalty/compute.h"
#include "fermata/storage/storage.h"

namespace fermata {

// Appends the period's conversions to `result.amounts` (posted with the
// rest by the run). Reads the rates on file only when a conversion is due.
// Errors: rate_missing naming the pair, the day and the agreement's period
// (the run then commits nothing), currency_unknown, decimal_overflow.
// On error `result` is unchanged.
Status convert_period(Database& database, const PeriodInput& input, PeriodResult& result);

}  // namespace fermata
