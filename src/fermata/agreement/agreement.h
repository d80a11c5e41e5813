// Agreement: the terms between two parties, as data.
//
// A label and its distributor, an aggregator and a distributor, a label and
// an artist: each relationship that moves money is an agreement. It has an
// id and versions. A version applies from its effective date until the next
// version's: an amendment is a new version, and the old one stays exactly as
// it was, so a past period is always recomputed under the terms that held
// then. Every term that moves money names the clause it comes from, so the
// royalty run can record, for each posting, the agreement, version and
// clause that produced it.
//
// Rates, shares and amounts are exact decimals (money.h): "25%" is 0.25.
// The text format (TOML, docs/FORMATS.md §9) is read by parse_agreement()
// (agreement_toml.h), which also runs validate_agreement().
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/money/money.h"

namespace fermata {

// Which amount a percentage applies to: what the payer paid (gross
// receipts), the wholesale price of the units (PPD), or what is left after
// the fees upstream of this agreement (net).
enum class FeeBase { kGross, kPpd, kNet };
enum class StatementPeriod { kMonthly, kQuarterly, kSemiAnnual, kAnnual };
// A reserve is taken from the positive sales before or after the fee.
enum class ReserveBasis { kBeforeFee, kAfterFee };
// A royalty rate applies to a base (e.g. 18 % of PPD); a profit share to
// what the label keeps after fees and recouped costs (e.g. 50 % of net).
enum class SplitKind { kRoyaltyRate, kProfitShare };
enum class RecoupableKind { kAdvance, kCost };

std::string_view fee_base_name(FeeBase base);  // "gross", "ppd", "net".
std::string_view statement_period_name(StatementPeriod period);
std::string_view reserve_basis_name(ReserveBasis basis);
std::string_view split_kind_name(SplitKind kind);
std::string_view recoupable_kind_name(RecoupableKind kind);
// How many months a statement period spans (1, 3, 6, 12).
int months_of(StatementPeriod period);

// A party and its role in the agreement: "licensor" (the label), "distributor",
// "aggregator", "artist", "producer"... Exactly one licensor and one party
// that accounts to it ("distributor" or "aggregator") for a distribution
// agreement; a split agreement's payees are its artists and producers.
struct AgreementParty {
  std::string role;
  std::string party_id;  // Catalog party id.
  friend bool operator==(const AgreementParty&, const AgreementParty&) = default;
};

struct Term {
  std::string start;               // ISO date, first day.
  std::optional<std::string> end;  // ISO date, last day; absent = until notice.
  int renewal_months = 0;          // Automatic renewal by this many months; 0 = none.
  int notice_days = 0;             // Notice needed to end it (or to stop a renewal).
  friend bool operator==(const Term&, const Term&) = default;
};

// ISO 3166-1 alpha-2 codes (and XK) or "Worldwide", minus exclusions. Empty
// `include` in a rule = every territory of the agreement.
struct Territories {
  std::vector<std::string> include, exclude;
  bool covers(std::string_view territory) const;
  friend bool operator==(const Territories&, const Territories&) = default;
};

// What the agreement covers: everything of the licensor, or named labels,
// releases or products (catalog ids).
struct Scope {
  bool all = false;
  std::vector<std::string> labels, releases, products;
  friend bool operator==(const Scope&, const Scope&) = default;
};

// The distributor's (or aggregator's) fee: a percentage of a base. Rules are
// tried in order; the first whose channel, territory, format and dates fit
// a sale applies. A version must have a rule for every sale it covers (a
// last rule without conditions is the usual way).
struct FeeRule {
  std::string clause;
  Decimal rate;  // 0.25 = 25 %.
  FeeBase base = FeeBase::kGross;
  std::vector<std::string> channels;  // "physical", "download", "stream", "ugc"; empty = all.
  Territories territories;            // Empty include = all of the agreement's.
  std::vector<std::string> formats;   // Product formats ("CD", "LP"...); empty = all.
  std::string from, to;               // ISO dates within the version; empty = open.
  friend bool operator==(const FeeRule&, const FeeRule&) = default;
};

// VAT/GST charged on the fee, shown on the statement as a self-billing line.
struct FeeTax {
  std::string clause;
  std::string name;  // "VAT", "GST".
  Decimal rate;
  friend bool operator==(const FeeTax&, const FeeTax&) = default;
};

// A reserve against returns, held from positive sales only (never from
// returns) on the named channels, and released in the following statement
// periods by the schedule's shares, which sum to exactly 100 %.
// What a reserve against returns is taken on. kSales: the licensor's positive
// sales on the reserve's channels, whatever reported them (the basis before
// Fermata tracked units). kInvoices: the distributor's invoiced shipments
// only (stock files, FORMATS.md §14); a return of invoiced units is then
// charged to the reserve still held, oldest first, before the licensor's
// balance (docs/INVENTORY.md).
enum class ReserveOn { kSales, kInvoices };

struct ReserveRule {
  std::string clause;
  Decimal rate;
  ReserveBasis basis = ReserveBasis::kAfterFee;
  ReserveOn on = ReserveOn::kSales;
  std::vector<std::string> channels;  // Default {"physical"}.
  std::vector<Decimal> release_schedule;
  // `release_periods = N`: released in N equal shares (each 1/N at 12
  // places in release_schedule; allocate() splits what was held exactly).
  int release_periods = 0;
  friend bool operator==(const ReserveRule&, const ReserveRule&) = default;
};

// Who holds title to the licensor's physical stock at the distributor, and
// whether its stock may go negative (a movement taking more units than the
// books hold is otherwise refused).
enum class StockTitle {
  kConsignment,  // Title stays with the licensor until sold (and paid for).
  kPurchase,     // The distributor buys the stock: title passes on purchase.
};

struct StockTerms {
  std::string clause;  // The clause that says so, quoted on reclaim statements.
  StockTitle title = StockTitle::kConsignment;
  bool negative_stock = false;
  friend bool operator==(const StockTerms&, const StockTerms&) = default;
};

// When and how the licensor is accounted to and paid.
struct PaymentTerms {
  std::string clause;
  StatementPeriod period = StatementPeriod::kQuarterly;
  int days_after_period = 0;  // Payment due this many days after the period ends.
  std::string currency;       // Payout currency (ISO 4217).
  Decimal threshold;          // Below it the balance rolls forward; 0 = none.
  int objection_days = 0;     // Audit clause: statements are final after this many days.
  friend bool operator==(const PaymentTerms&, const PaymentTerms&) = default;
};

// A share of the licensor's income paid on to an artist or producer.
struct Split {
  std::string clause;
  std::string payee;  // Party id; one of the agreement's parties.
  SplitKind kind = SplitKind::kRoyaltyRate;
  Decimal share;
  FeeBase base = FeeBase::kNet;  // For royalty rates: what the rate applies to.
  Scope scope;                   // Default: the agreement's scope.
  std::string pool;              // Recoupment pool its recoupables are recovered from.
  friend bool operator==(const Split&, const Split&) = default;
};

// An advance or recoupable cost, recovered only from the payee's share,
// through its pool (a pool may span releases and agreements: that is
// cross-collateralisation). An unrecouped balance is not a debt.
struct Recoupable {
  std::string clause;
  std::string id;     // Unique within the agreement.
  std::string payee;  // Party id.
  RecoupableKind kind = RecoupableKind::kAdvance;
  Decimal amount;
  std::string currency;
  std::string date;  // ISO date it was paid or incurred.
  std::string pool;
  friend bool operator==(const Recoupable&, const Recoupable&) = default;
};

struct AgreementVersion {
  std::string id;  // e.g. "AGR-0497-DIST".
  int version = 1;
  std::string effective_from;  // ISO date: this version applies from this day.
  std::string title;
  std::vector<AgreementParty> parties;
  Term term;
  Territories territories;
  Scope scope;
  std::vector<FeeRule> fees;
  std::optional<FeeTax> fee_tax;
  std::optional<ReserveRule> reserve;
  std::optional<StockTerms> stock;  // Physical distribution terms, from [stock].
  PaymentTerms payment;
  std::vector<Split> splits;
  std::vector<Recoupable> recoupables;
  // The role that bears the difference between the exchange rate when income
  // is recognised and when it is paid ("licensor" or the accounting party).
  std::string exchange_borne_by = "licensor";
  // The version has an [exchange] table: the royalty run converts every
  // other currency into the payout currency (royalty/convert.h). Without
  // one, each currency is accounted and paid as held.
  bool exchange_terms = false;
  friend bool operator==(const AgreementVersion&, const AgreementVersion&) = default;

  // The party with this role, or nullptr.
  const AgreementParty* party(std::string_view role) const;
  // The id of the party with this role; "" when there is none.
  const std::string& party_id(std::string_view role) const;
  // The party that accounts to the licensor: the distributor, else the
  // aggregator; "" for an agreement with neither (a split agreement).
  const std::string& accounting_party() const;
};

// Checks a version's own rules (that its parties exist is a rule across
// records, for the caller): ids and dates well formed, effective_from within
// the term, rates and shares between 0 and 100 %, territories known, each
// reserve schedule summing to exactly 100 %, every split payee and recoupable
// payee a party of the agreement, a payout currency known, recoupable ids
// unique. Errors: field_missing, field_invalid, identifier_invalid,
// date_invalid, with where.field naming the key (e.g. "fee[2].rate").
Status validate_agreement(const AgreementVersion& agreement);

// Whether `next` may be added to `stored` (the versions of its agreement
// already recorded): a version already stored passes (storage then decides
// whether its text is the same); otherwise it must be the next number and
// take effect after the version it follows. Errors: field_invalid naming
// "version" or "effective_from".
Status check_amendment(const AgreementVersion& next, const std::vector<AgreementVersion>& stored);

// The version of `versions` (one agreement's) in force on `date`: the one
// with the latest effective_from on or before it, or nullptr.
const AgreementVersion* version_on(const std::vector<AgreementVersion>& versions,
                                   std::string_view date);

}  // namespace fermata
