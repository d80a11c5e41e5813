#include "fermata/inventory/count.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "fermata/base/assert.h"

namespace fermata {
namespace {

using Postings = std::vector<Posting>;

constexpr std::string_view kSkuPrefix = "SKU:";

Error line_error(ErrorCode code, std::string message, std::string_view file, const CountLine& line,
                 std::string_view field, std::string value) {
  return make_error(code, std::move(message),
                    {std::string(file), line.line_number, std::string(field), std::move(value)});
}

// The owners holding units of `sku` at the location at the cut-off.
std::vector<std::string> holders_of(const std::map<OwnerSku, Decimal>& expected,
                                    const std::string& sku) {
  std::vector<std::string> owners;
  for (const auto& [key, units] : expected) {
    if (key.sku == sku && !units.is_zero()) owners.push_back(key.owner);
  }
  return owners;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

// Fills in a line's missing owner, or says why it cannot.
std::optional<Error> resolve_owner(const Count& count, CountLine& line,
                                   const std::map<OwnerSku, Decimal>& expected,
                                   std::string_view file) {
  const std::vector<std::string> owners = holders_of(expected, line.sku);
  if (owners.size() == 1) {
    line.owner = owners.front();
    return std::nullopt;
  }
  const std::string where = count.location + " at the " + count.cutoff_date + " cut-off";
  const std::string message = owners.empty() ? "no owner given and nobody holds " + line.sku +
                                                   " at " + where + ": say whose units these are"
                                             : "no owner given and " + line.sku + " is held for " +
                                                   joined(owners) + " at " + where +
                                                   ": say whose units these are";
  return line_error(ErrorCode::kFieldMissing, message, file, line, "owner", "");
}

void add_unique(std::vector<std::string>& values, const std::string& value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) {
    values.push_back(value);
  }
}

Decimal find_or_zero(const std::map<OwnerSku, Decimal>& units, const OwnerSku& key) {
  auto found = units.find(key);
  return found == units.end() ? Decimal() : found->second;
}

// Units missing at the location leave on hand first, then the allocations
// (by account name); a remainder (only when an account was negative) leaves
// on hand.
Postings take_missing(const Movement& m, std::vector<AccountBalance> sources,
                      const AccountRef& on_hand) {
  std::sort(sources.begin(), sources.end(), [&on_hand](const auto& a, const auto& b) {
    return std::pair(!(a.account == on_hand), a.account.name()) <
           std::pair(!(b.account == on_hand), b.account.name());
  });
  Decimal left = -m.units;
  Postings postings;
  for (const AccountBalance& source : sources) {
    const Decimal take = source.balance < left ? source.balance : left;
    if (take.is_negative() || take.is_zero()) continue;
    postings.push_back({source.account, -take});
    left -= take;
  }
  if (!left.is_zero()) {
    auto found = std::find_if(postings.begin(), postings.end(),
                              [&on_hand](const Posting& p) { return p.account == on_hand; });
    if (found == postings.end()) {
      postings.push_back({on_hand, -left});
    } else {
      found->amount -= left;
    }
  }
  postings.push_back({unit_account(m.owner, AccountKind::kExternal, m.sku), -m.units});
  return postings;
}

// The adjustment's postings: plan_movement's `adjust` when on hand covers
// it (or units were found), else take_missing().
Result<Postings> adjustment_postings(const Movement& m,
                                     const std::vector<AccountBalance>& counted) {
  UnitBook book;
  std::vector<AccountBalance> sources;
  const std::string commodity = std::string(kSkuPrefix) + m.sku;
  for (const AccountBalance& balance : counted) {
    if (balance.account.party != m.owner || balance.account.commodity != commodity) continue;
    book.add(balance.account, balance.balance);
    sources.push_back(balance);
  }
  const AccountRef on_hand = unit_account(m.owner, AccountKind::kInventory, m.sku, m.from);
  if (!m.units.is_negative() || book.units(on_hand) >= -m.units) return plan_movement(m, book);
  return take_missing(m, std::move(sources), on_hand);
}

std::string memo_of(const Count& count, const Discrepancy& d, const std::string& reason) {
  const Decimal books = d.expected + d.adjusted;
  return "adjust " + d.outstanding().to_string() + " " + d.sku + " from " + count.location +
         " doc " + count.id + " (count at the " + count.cutoff_date + " cut-off: books " +
         books.to_string() + ", counted " + d.counted.to_string() + "): " + reason;
}

}  // namespace

bool is_counted_kind(AccountKind kind) {
  return kind == AccountKind::kInventory || kind == AccountKind::kAllocated;
}

std::vector<AccountBalance> counted_accounts(const std::vector<AccountBalance>& balances,
                                             std::string_view location) {
  std::vector<AccountBalance> out;
  for (const AccountBalance& balance : balances) {
    const AccountRef& account = balance.account;
    if (!is_counted_kind(account.kind) || account.location != location) continue;
    if (!is_inventory_commodity(account.commodity)) continue;
    out.push_back(balance);
  }
  return out;
}

std::map<OwnerSku, Decimal> expected_units(const std::vector<AccountBalance>& counted) {
  std::map<OwnerSku, Decimal> units;
  for (const AccountBalance& balance : counted) {
    FERMATA_ASSERT(is_inventory_commodity(balance.account.commodity));
    Decimal& held = units[{balance.account.party, balance.account.commodity.substr(4)}];
    held += balance.balance;
  }
  return units;
}

std::vector<Error> resolve_count(Count& count, const CountCatalog& catalog,
                                 const std::map<OwnerSku, Decimal>& expected,
                                 std::string_view file) {
  std::vector<Error> errors;
  if (!count.lines.empty() && !catalog.parties.contains(count.location)) {
    errors.push_back(line_error(ErrorCode::kPartyUnknown,
                                "no party '" + count.location + "' in the catalog", file,
                                count.lines.front(), "location", count.location));
  }
  for (CountLine& line : count.lines) {
    if (!catalog.physical_skus.contains(line.sku)) {
      errors.push_back(line_error(ErrorCode::kFieldInvalid,
                                  "no physical product with SKU '" + line.sku + "' in the catalog",
                                  file, line, "sku", line.sku));
      continue;
    }
    if (line.owner_given) {
      if (catalog.parties.contains(line.owner)) continue;
      errors.push_back(line_error(ErrorCode::kPartyUnknown,
                                  "no party '" + line.owner + "' in the catalog", file, line,
                                  "owner", line.owner));
      continue;
    }
    if (std::optional<Error> error = resolve_owner(count, line, expected, file)) {
      errors.push_back(std::move(*error));
    }
  }
  return errors;
}

std::vector<Discrepancy> compare_count(const Count& count,
                                       const std::map<OwnerSku, Decimal>& expected,
                                       const std::map<OwnerSku, Decimal>& adjusted) {
  std::map<OwnerSku, Discrepancy> rows;
  for (const CountLine& line : count.lines) {
    FERMATA_ASSERT(!line.owner.empty());
    Discrepancy& row = rows[{line.owner, line.sku}];
    row.counted += line.units;
    row.lines.push_back(line.line_number);
    add_unique(row.bins, line.bin);
  }
  for (const auto* units : {&expected, &adjusted}) {
    for (const auto& [key, value] : *units) {
      if (!value.is_zero()) rows.try_emplace(key);
    }
  }
  std::vector<Discrepancy> out;
  for (auto& [key, row] : rows) {
    row.owner = key.owner;
    row.sku = key.sku;
    row.adjusted = find_or_zero(adjusted, key);
    row.expected = find_or_zero(expected, key) - row.adjusted;
    row.difference = row.counted - row.expected;
    out.push_back(std::move(row));
  }
  return out;
}

Result<CountAdjustment> plan_count_adjustment(const Count& count, const Discrepancy& d,
                                              const std::vector<AccountBalance>& counted,
                                              const std::string& count_sha256,
                                              const std::string& reason) {
  FERMATA_ASSERT(!d.outstanding().is_zero());
  FERMATA_ASSERT(!count_sha256.empty());
  if (reason.empty()) {
    return make_error(ErrorCode::kFieldMissing, "an adjustment needs a reason",
                      {"", 0, "reason", ""});
  }
  CountAdjustment out;
  Movement& m = out.movement;
  m.kind = MovementKind::kAdjust;
  m.line_number = d.listed() ? d.lines.front() : 0;
  m.date = count.cutoff_date;
  m.document = count.id;
  m.sku = d.sku;
  m.units = d.outstanding();
  m.owner = d.owner;
  m.from = count.location;
  m.reason = reason;
  FERMATA_ASSIGN_OR_RETURN(out.txn.postings, adjustment_postings(m, counted));
  std::vector<std::int64_t> lines = d.lines;
  if (lines.empty()) {
    for (const CountLine& line : count.lines) lines.push_back(line.line_number);
  }
  out.txn.idempotency_key = "count:" + count_sha256 + ":" + d.owner + ":" + d.sku;
  out.txn.effective_date = count.cutoff_date;
  out.txn.memo = memo_of(count, d, reason);
  out.txn.source = SourceLink{count_sha256, line_ranges(std::move(lines))};
  FERMATA_RETURN_IF_ERROR(validate_transaction(out.txn));
  return out;
}

std::string line_ranges(std::vector<std::int64_t> lines) {
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  std::string out;
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i;
    while (j + 1 < lines.size() && lines[j + 1] == lines[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(lines[i]);
    if (j > i) out += "-" + std::to_string(lines[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace fermata
