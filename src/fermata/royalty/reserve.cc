#include "fermata/royalty/reserve.h"

#include <algorithm>

#include "fermata/base/date.h"
#include "fermata/money/money.h"

namespace fermata {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Status post_held(const PeriodInput& in, const ReserveSums& sums, Poster& poster) {
  for (const auto& [key, base] : sums.held_base) {
    const auto& [vi, currency] = key;
    const AgreementVersion& v = in.versions[vi];
    const ReserveRule& rule = *v.reserve;
    const std::string& lic = v.party_id("licensor");
    const std::string& acc = v.accounting_party();
    FERMATA_ASSIGN_OR_RETURN(int places, minor_digits(currency));
    FERMATA_ASSIGN_OR_RETURN(Decimal exact, base.checked_mul(rule.rate));
    FERMATA_ASSIGN_OR_RETURN(Decimal amount, exact.round_to(places, RoundingMode::kDown));
    if (amount.is_zero()) continue;
    const std::string what =
        rule.on == ReserveOn::kInvoices ? "invoiced shipments" : "positive sales";
    RoyaltyLine line{0,         "",
                     v.version, rule.clause,
                     "reserve", "",
                     "",        lic,
                     acc,       currency,
                     base,      rule.rate,
                     amount,    std::string(reserve_basis_name(rule.basis)),
                     0};
    poster.add(std::move(line),
               "reserve:" + rule.clause + ":v" + std::to_string(v.version) + ":" + currency,
               poster.memo(v, rule.clause,
                           "reserve " + percent_text(rule.rate) + " of " + what + " " +
                               std::string(reserve_basis_name(rule.basis)) + " " +
                               money_text(base, currency) + " " + currency),
               {{royalty_account(lic, AccountKind::kReserve, currency, acc), amount},
                {royalty_account(lic, AccountKind::kTrust, currency), -amount}});
  }
  return ok_status();
}

const AgreementVersion* version_numbered(const PeriodInput& in, std::int64_t number) {
  for (const AgreementVersion& v : in.versions) {
    if (v.version == number) return &v;
  }
  return nullptr;
}

// A reserve held in an earlier period and what has left it since.
struct HeldReserve {
  const RoyaltyLine* line = nullptr;
  const AgreementVersion* version = nullptr;
  std::string from;  // The period it was held in, e.g. "2026-Q1".
  Decimal applied, released;
  std::string key() const {
    return line->clause + ":v" + std::to_string(line->version) + ":" + line->currency +
           ":from:" + from;
  }
};

// Every reserve held before this period, oldest first, with the returns
// applied to it and the releases paid from it so far.
std::vector<HeldReserve> held_reserves(const PeriodInput& in) {
  std::vector<HeldReserve> held;
  const AgreementVersion* now = version_on(in.versions, in.period.end);
  if (!now) return held;
  for (const RoyaltyLine& line : in.earlier_lines) {
    if (line.kind != "reserve") continue;
    const AgreementVersion* v = version_numbered(in, line.version);
    if (!v || !v->reserve) continue;
    held.push_back(
        {&line, v, period_containing(now->payment.period, line.period_end).name, {}, {}});
  }
  std::stable_sort(held.begin(), held.end(), [](const HeldReserve& a, const HeldReserve& b) {
    return a.line->period_end < b.line->period_end;
  });
  for (HeldReserve& h : held) {
    for (const RoyaltyLine& line : in.earlier_lines) {
      if (line.version != h.line->version || line.clause != h.line->clause ||
          line.currency != h.line->currency || line.detail != "held " + h.from) {
        continue;
      }
      if (line.kind == "reserve_applied") h.applied = h.applied + line.amount;
      if (line.kind == "reserve_release") h.released = h.released + line.amount;
    }
  }
  return held;
}

RoyaltyLine held_line(const HeldReserve& h, std::string kind, Decimal base, Decimal rate,
                      Decimal amount) {
  const RoyaltyLine& l = *h.line;
  return RoyaltyLine{0,    "",   l.version, l.clause,         std::move(kind),
                     "",   "",   l.party,   l.counterparty,   l.currency,
                     base, rate, amount,    "held " + h.from, 0};
}

// Moves `amount` out of a held reserve back to the licensor's trust account.
void post_from_held(Poster& poster, const HeldReserve& h, RoyaltyLine line,
                    const std::string& what) {
  const Decimal amount = line.amount;
  const RoyaltyLine& l = *h.line;
  const std::string key = line.kind + ":" + h.key();
  poster.add(
      std::move(line), key, poster.memo(*h.version, l.clause, what),
      {{royalty_account(l.party, AccountKind::kReserve, l.currency, l.counterparty), -amount},
       {royalty_account(l.party, AccountKind::kTrust, l.currency), amount}});
}

// Charges each currency's loss on invoiced returns to the held reserves, oldest first.
Status post_applied(const PeriodInput& in, const ReserveSums& sums, std::vector<HeldReserve>& held,
                    Poster& poster) {
  for (const auto& [key, loss] : sums.returned_loss) {
    const auto& [vi, currency] = key;
    FERMATA_ASSIGN_OR_RETURN(int places, minor_digits(currency));
    FERMATA_ASSIGN_OR_RETURN(Decimal left, loss.round_to(places, RoundingMode::kDown));
    for (HeldReserve& h : held) {
      if (left.is_zero()) break;
      if (h.line->currency != currency || h.line->version != in.versions[vi].version) continue;
      const Decimal outstanding = h.line->amount - h.applied - h.released;
      if (outstanding <= Decimal()) continue;
      const Decimal amount = std::min(left, outstanding);
      h.applied = h.applied + amount;
      left = left - amount;
      post_from_held(poster, h, held_line(h, "reserve_applied", loss, Decimal(), amount),
                     "returns of invoiced units " + money_text(loss, currency) + " " + currency +
                         " charged to the reserve held " + h.from);
    }
  }
  return ok_status();
}

Status post_releases(const PeriodInput& in, const std::vector<HeldReserve>& held, Poster& poster) {
  const AgreementVersion* now = version_on(in.versions, in.period.end);
  for (const HeldReserve& h : held) {
    const std::vector<AccountingPeriod> since =
        periods_through(now->payment.period, add_days(h.line->period_end, 1), in.period.end);
    const std::size_t k = since.size();
    const std::vector<Decimal>& schedule = h.version->reserve->release_schedule;
    if (k == 0 || k > schedule.size()) continue;
    FERMATA_ASSIGN_OR_RETURN(int places, minor_digits(h.line->currency));
    FERMATA_ASSIGN_OR_RETURN(std::vector<Decimal> parts,
                             allocate(h.line->amount, schedule, places));
    Decimal due;
    for (std::size_t i = 0; i < k; ++i) due = due + parts[i];
    const Decimal amount = due - h.applied - h.released;
    if (amount.is_negative() || amount.is_zero()) continue;
    const std::string& currency = h.line->currency;
    post_from_held(poster, h,
                   held_line(h, "reserve_release", h.line->amount, schedule[k - 1], amount),
                   "release " + std::to_string(k) + " of " + std::to_string(schedule.size()) +
                       " (" + percent_text(schedule[k - 1]) + ") of the reserve held " + h.from +
                       ", " + money_text(h.line->amount, currency) + " " + currency);
  }
  return ok_status();
}

}  // namespace

Status add_to_reserve(const PeriodInput& in, std::size_t vi, const EarningRecord& e,
                      Decimal fee_rate, ReserveSums& sums) {
  const AgreementVersion& v = in.versions[vi];
  if (!v.reserve || !contains(v.reserve->channels, e.channel) || e.amount.is_zero()) {
    return ok_status();
  }
  const bool invoices = v.reserve->on == ReserveOn::kInvoices;
  const bool invoiced = in.invoice_imports && in.invoice_imports->contains(e.import_id);
  if (invoices && !invoiced) return ok_status();
  const bool after_fee = v.reserve->basis == ReserveBasis::kAfterFee;
  FERMATA_ASSIGN_OR_RETURN(Decimal fee, e.amount.checked_mul(fee_rate));
  FERMATA_ASSIGN_OR_RETURN(Decimal net, e.amount.checked_sub(fee));
  if (!e.amount.is_negative()) {
    Decimal& base = sums.held_base[{vi, e.currency}];
    FERMATA_ASSIGN_OR_RETURN(base, base.checked_add(after_fee ? net : e.amount));
  } else if (invoices) {
    Decimal& loss = sums.returned_loss[{vi, e.currency}];
    FERMATA_ASSIGN_OR_RETURN(loss, loss.checked_sub(net));
  }
  return ok_status();
}

Status post_reserve_lines(const PeriodInput& in, const ReserveSums& sums, Poster& poster) {
  FERMATA_RETURN_IF_ERROR(post_held(in, sums, poster));
  std::vector<HeldReserve> held = held_reserves(in);
  FERMATA_RETURN_IF_ERROR(post_applied(in, sums, held, poster));
  return post_releases(in, held, poster);
}

}  // namespace fermata
