// Balances as of a date: the latest checkpoint at or before the date plus
// the postings dated after it.
//
// A checkpoint row holds an account's balance over postings with effective
// date <= its date and seq <= its through_seq. Backdated postings append a
// corrected row in their own unit of work (ledger.cc), so the latest row per
// account at a date is always complete for every seq up to its own. With an
// "as known at" bound, rows and postings beyond the bound's seq are ignored,
// which reproduces exactly what the books said then.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>

#include "fermata/base/date.h"
#include "fermata/ledger/ledger.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {
namespace {

// Below this many accounts, looking each up costs less than reading all of
// the party's (a millisecond).
constexpr std::size_t kScanAccountsMin = 64;

// Rearranges `items` so that items[i] becomes the old items[order[i]],
// following each cycle of the permutation. Consumes `order`.
template <typename T>
void apply_order(std::vector<T>& items, std::vector<std::uint32_t>& order) {
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    T held = std::move(items[start]);
    std::uint32_t at = start;
    while (order[at] != start) {
      const std::uint32_t from = order[at];
      items[at] = std::move(items[from]);
      order[at] = at;
      at = from;
    }
    items[at] = std::move(held);
    order[at] = at;
  }
}

}  // namespace

Result<std::vector<AccountBalance>> Ledger::balances(const BalanceQuery& query) {
  // Bounds compare as text, so a malformed one would silently select all or
  // nothing; refuse it instead.
  if (!query.as_of.empty() && !is_iso_date(query.as_of)) {
    return make_error(ErrorCode::kDateInvalid, "as-of must be a real YYYY-MM-DD day",
                      {"", 0, "as-of", query.as_of});
  }
  if (!query.as_known_at.empty() && !is_iso_time_prefix(query.as_known_at)) {
    return make_error(ErrorCode::kDateInvalid,
                      "as-known-at must be a UTC time or its prefix, e.g. 2026-11-25 or "
                      "2026-11-25T10:00:00Z",
                      {"", 0, "as-known-at", query.as_known_at});
  }
  std::int64_t seq_bound = INT64_MAX;
  if (!query.as_known_at.empty()) {
    FERMATA_ASSIGN_OR_RETURN(seq_bound, storage_.seq_known_at(query.as_known_at));
  }
  const std::string as_of = query.as_of.empty() ? "9999-12-31" : query.as_of;
  FERMATA_ASSIGN_OR_RETURN(auto by_account, balances_by_id(query.party, as_of, seq_bound));
  std::vector<AccountBalance> balances;
  if (by_account.size() >= kScanAccountsMin) {
    FERMATA_ASSIGN_OR_RETURN(balances, named_by_scan(query, by_account));
  } else {
    for (const auto& [account_id, balance] : by_account) {
      if (balance.is_zero()) continue;
      FERMATA_ASSIGN_OR_RETURN(AccountRef ref, storage_.account_by_id(account_id));
      if (query.kind && ref.kind != *query.kind) continue;
      balances.push_back(AccountBalance{std::move(ref), balance});
    }
  }
  // By name, computed from the fields: an order of indices is sorted, then
  // applied in place (no strings copied, no second vector).
  std::vector<std::uint32_t> order(balances.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&balances](std::uint32_t a, std::uint32_t b) {
    return balances[a].account.name_before(balances[b].account);
  });
  apply_order(balances, order);
  return balances;
}

// The nonzero balances of `by_account` with their accounts, read in one scan
// of the party's accounts instead of a lookup each.
Result<std::vector<AccountBalance>> Ledger::named_by_scan(
    const BalanceQuery& query, const std::vector<std::pair<std::int64_t, Decimal>>& by_account) {
  std::vector<AccountBalance> balances;
  std::size_t nonzero = 0;
  for (const auto& entry : by_account) nonzero += entry.second.is_zero() ? 0 : 1;
  balances.reserve(nonzero);
  std::size_t found = 0;
  FERMATA_RETURN_IF_ERROR(
      storage_.scan_accounts(query.party, [&](std::int64_t id, AccountRef& account) -> Status {
        auto it =
            std::lower_bound(by_account.begin(), by_account.end(), id,
                             [](const auto& entry, std::int64_t key) { return entry.first < key; });
        if (it == by_account.end() || it->first != id || it->second.is_zero()) return ok_status();
        ++found;
        if (query.kind && account.kind != *query.kind) return ok_status();
        balances.push_back(AccountBalance{std::move(account), it->second});
        return ok_status();
      }));
  if (found != nonzero) {
    return make_error(ErrorCode::kStorageError,
                      "postings or checkpoint rows of '" + query.party + "' refer to " +
                          std::to_string(nonzero - found) + " accounts not on file");
  }
  return balances;
}

Result<std::vector<std::pair<std::int64_t, Decimal>>> Ledger::balances_by_id(
    const std::string& party, const std::string& as_of, std::int64_t seq_bound) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<std::string> checkpoint_date,
                           storage_.latest_checkpoint_date(as_of, seq_bound));
  // The checkpoint's rows arrive in account order, one per account; the
  // postings after it, in posting order, are summed per account and merged.
  std::vector<std::pair<std::int64_t, Decimal>> at_checkpoint;
  if (checkpoint_date) {
    FERMATA_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows,
                             storage_.checkpoint_rows(party, *checkpoint_date, seq_bound));
    at_checkpoint.reserve(rows.size());
    for (const CheckpointRow& row : rows) at_checkpoint.emplace_back(row.account_id, row.balance);
  }
  FERMATA_ASSIGN_OR_RETURN(
      std::vector<PostingRow> postings,
      storage_.postings_between(party, checkpoint_date.value_or(""), as_of, seq_bound));
  std::vector<std::pair<std::int64_t, Decimal>> moved;
  moved.reserve(postings.size());
  for (const PostingRow& posting : postings) moved.emplace_back(posting.account_id, posting.amount);
  std::stable_sort(moved.begin(), moved.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::int64_t, Decimal>> by_account;
  by_account.reserve(at_checkpoint.size() + moved.size());
  auto next = moved.begin();
  auto add_moved_before = [&](std::int64_t bound) -> Status {
    for (; next != moved.end() && next->first < bound; ++next) {
      if (by_account.empty() || by_account.back().first != next->first) {
        by_account.emplace_back(next->first, Decimal());
      }
      FERMATA_ASSIGN_OR_RETURN(by_account.back().second,
                               by_account.back().second.checked_add(next->second));
    }
    return ok_status();
  };
  for (const auto& [account_id, balance] : at_checkpoint) {
    FERMATA_RETURN_IF_ERROR(add_moved_before(account_id));
    by_account.emplace_back(account_id, balance);
    FERMATA_RETURN_IF_ERROR(add_moved_before(account_id + 1));
  }
  FERMATA_RETURN_IF_ERROR(add_moved_before(INT64_MAX));
  return by_account;
}

Result<std::vector<DatedAmount>> Ledger::postings_after(const AccountRef& account,
                                                        const std::string& date) {
  FERMATA_ASSIGN_OR_RETURN(std::int64_t id, storage_.resolve_account(account, false));
  std::vector<DatedAmount> out;
  if (id == 0) return out;  // No such account yet: nothing was posted to it.
  FERMATA_ASSIGN_OR_RETURN(std::vector<PostingRow> rows,
                           storage_.account_postings_after(account.party, id, date));
  out.reserve(rows.size());
  for (PostingRow& row : rows) out.push_back({std::move(row.effective_date), row.amount});
  return out;
}

Result<std::string> Ledger::newest_effective_date() {
  return storage_.max_effective_date();
}

Result<std::vector<CommodityTotals>> trial_balance(const std::vector<AccountBalance>& balances) {
  std::map<std::string, CommodityTotals> by_commodity;
  for (const AccountBalance& b : balances) {
    CommodityTotals& totals = by_commodity[b.account.commodity];
    totals.commodity = b.account.commodity;
    if (b.balance.is_negative()) {
      FERMATA_ASSIGN_OR_RETURN(totals.credits, totals.credits.checked_sub(b.balance));
    } else {
      FERMATA_ASSIGN_OR_RETURN(totals.debits, totals.debits.checked_add(b.balance));
    }
  }
  std::vector<CommodityTotals> out;
  for (auto& [commodity, totals] : by_commodity) {
    FERMATA_ASSIGN_OR_RETURN(totals.net, totals.debits.checked_sub(totals.credits));
    out.push_back(std::move(totals));
  }
  return out;
}

}  // namespace fermata
