// Poster: turns the amounts of one agreement's period into register lines
// and the balanced transactions that post them (shared by compute.cc and
// split.cc; internal to royalty/).
//
// Every transaction is keyed "royalty:<agreement>:<period>:<key>" and dated
// the period's last day, so running a period again finds it posted.
#pragma once

#include <string>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/royalty/compute.h"

namespace fermata {

class Poster {
 public:
  Poster(const std::string& agreement_id, const AccountingPeriod& period, PeriodResult& out)
      : agreement_id_(agreement_id), period_(period), out_(out) {}

  // Appends a line and its transaction; postings with a zero amount are left
  // out, and so is a line whose transaction would move nothing.
  void add(RoyaltyLine line, const std::string& key, const std::string& memo,
           std::vector<Posting> postings);

  // "<agreement> v<version> §<clause> <period>: <what>".
  std::string memo(const AgreementVersion& v, const std::string& clause,
                   const std::string& what) const;
  // "<agreement> <period>: <what>".
  std::string period_memo(const std::string& what) const;

 private:
  const std::string& agreement_id_;
  const AccountingPeriod& period_;
  PeriodResult& out_;
};

// A money account of `party`.
AccountRef royalty_account(const std::string& party, AccountKind kind, const std::string& currency,
                           const std::string& counterparty = "");

// The currency's minor digits (2 for USD). Errors: currency_unknown.
Result<int> minor_digits(const std::string& currency);

}  // namespace fermata
