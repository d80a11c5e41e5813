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
#include <map>

#include "fermata/base/date.h"
#include "fermata/ledger/ledger.h"
#include "fermata/ledger/ledger_storage.h"

namespace fermata {
namespace {

// Below this many accounts, looking each up costs less than a millisecond.
constexpr std::size_t kPrefetchAccountsMin = 64;

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
  // A party's stock spreads over thousands of accounts (SKU x location x
  // status): reading them in one pass beats a lookup each, 4,400 of them
  // ~60 ms (bench/inventory/README.md).
  if (by_account.size() >= kPrefetchAccountsMin) {
    FERMATA_RETURN_IF_ERROR(storage_.prefetch_accounts(query.party));
  }
  // Sorted by name, each name computed once.
  std::vector<std::pair<std::string, AccountBalance>> named;
  named.reserve(by_account.size());
  for (const auto& [account_id, balance] : by_account) {
    if (balance.is_zero()) continue;
    FERMATA_ASSIGN_OR_RETURN(AccountRef ref, storage_.account_by_id(account_id));
    if (query.kind && ref.kind != *query.kind) continue;
    std::string name = ref.name();
    named.emplace_back(std::move(name), AccountBalance{std::move(ref), balance});
  }
  std::sort(named.begin(), named.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<AccountBalance> balances;
  balances.reserve(named.size());
  for (auto& entry : named) balances.push_back(std::move(entry.second));
  return balances;
}

Result<std::map<std::int64_t, Decimal>> Ledger::balances_by_id(const std::string& party,
                                                               const std::string& as_of,
                                                               std::int64_t seq_bound) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<std::string> checkpoint_date,
                           storage_.latest_checkpoint_date(as_of, seq_bound));
  std::map<std::int64_t, Decimal> by_account;
  if (checkpoint_date) {
    FERMATA_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows,
                             storage_.checkpoint_rows(party, *checkpoint_date, seq_bound));
    for (const CheckpointRow& row : rows) by_account[row.account_id] = row.balance;
  }
  FERMATA_ASSIGN_OR_RETURN(
      std::vector<PostingRow> postings,
      storage_.postings_between(party, checkpoint_date.value_or(""), as_of, seq_bound));
  for (const PostingRow& posting : postings) {
    FERMATA_ASSIGN_OR_RETURN(by_account[posting.account_id],
                             by_account[posting.account_id].checked_add(posting.amount));
  }
  return by_account;
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
