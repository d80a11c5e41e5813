// Reserves against returns (internal to royalty/): what is held, what
// returns take from it, and what is released on schedule.
//
//  - Held: the version's rate on the positive earnings of its channels
//    (before or after the fee), per (version, currency), rounded toward zero.
//    Under `on = "invoices"` only earnings of invoiced shipments (imports of
//    stock files) count: the reserve is re-based from sales to shipments.
//  - Applied (`on = "invoices"` only): a return of invoiced units costs the
//    licensor the return less the fee it no longer bears; that loss, rounded
//    toward zero, is charged to the reserves held in earlier periods, oldest
//    first, up to what each still holds; the rest reaches the licensor's
//    balance (a debit on the statement when nothing else covers it).
//  - Released: each held reserve's schedule, split with allocate(); a
//    release pays what the schedule has made due so far less what was
//    applied to that reserve and released before, never below zero. With
//    nothing applied this is exactly the schedule's share; what was applied
//    is taken from the earliest releases first.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "fermata/royalty/compute.h"
#include "fermata/royalty/poster.h"

namespace fermata {

struct ReserveSums {
  // (version index, currency) -> base of the reserve held this period.
  std::map<std::pair<std::size_t, std::string>, Decimal> held_base;
  // (version index, currency) -> the licensor's loss on invoiced returns (> 0).
  std::map<std::pair<std::size_t, std::string>, Decimal> returned_loss;
};

// Adds earning `e` (under version `vi`, whose fee rate on it is `fee_rate`)
// to the reserve sums when the version's reserve takes it.
Status add_to_reserve(const PeriodInput& in, std::size_t vi, const EarningRecord& e,
                      Decimal fee_rate, ReserveSums& sums);

// Posts the reserves held, the returns applied to earlier reserves, and the
// releases due, in that order.
Status post_reserve_lines(const PeriodInput& in, const ReserveSums& sums, Poster& poster);

}  // namespace fermata
