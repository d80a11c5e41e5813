#include "fermata/royalty/poster.h"

namespace fermata {

void Poster::add(RoyaltyLine line, const std::string& key, const std::string& memo,
                 std::vector<Posting> postings) {
  NewTransaction txn;
  txn.idempotency_key = "royalty:" + agreement_id_ + ":" + period_.name + ":" + key;
  txn.effective_date = period_.end;
  txn.memo = memo;
  for (Posting& p : postings) {
    if (!p.amount.is_zero()) txn.postings.push_back(std::move(p));
  }
  if (txn.postings.size() < 2) return;  // Nothing moves (e.g. sales and returns cancel).
  line.agreement_id = agreement_id_;
  line.period_start = period_.start;
  line.period_end = period_.end;
  out_.amounts.push_back(RoyaltyAmount{std::move(line), std::move(txn)});
}

std::string Poster::memo(const AgreementVersion& v, const std::string& clause,
                         const std::string& what) const {
  return agreement_id_ + " v" + std::to_string(v.version) + " §" + clause + " " + period_.name +
         ": " + what;
}

std::string Poster::period_memo(const std::string& what) const {
  return agreement_id_ + " " + period_.name + ": " + what;
}

AccountRef royalty_account(const std::string& party, AccountKind kind, const std::string& currency,
                           const std::string& counterparty) {
  return AccountRef{party, kind, currency, "", counterparty};
}

Result<int> minor_digits(const std::string& currency) {
  FERMATA_ASSIGN_OR_RETURN(Currency c, lookup_currency(currency));
  return c.minor_digits;
}

}  // namespace fermata
