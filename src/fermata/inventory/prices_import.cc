// import_prices, import_insurance: a price or insurance file checked against
// the catalog and the register, then recorded whole or not at all.
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "fermata/catalog/catalog.h"
#include "fermata/inventory/prices_csv.h"

namespace fermata {
namespace {

std::string base_name(const std::string& file_name) {
  return std::filesystem::path(file_name).filename().string();
}

Error line_error(ErrorCode code, std::string message, const std::string& file,
                 std::int64_t line_number, std::string_view field, std::string_view value) {
  return make_error(code, std::move(message),
                    {file, line_number, std::string(field), std::string(value)});
}

// Where a key was first seen: on file (line 0) or on a line of this file.
std::string seen_where(std::int64_t line_number) {
  return line_number == 0 ? "is on file" : "is on line " + std::to_string(line_number);
}

using PriceKey = std::tuple<std::string, std::string, std::string, std::string>;
struct SeenPrice {
  Decimal amount;
  std::int64_t line_number = 0;  // 0: on file before this import.
};

// Sorts each parsed price into added, unchanged or an error.
void judge_prices(const std::vector<PriceLine>& lines, const std::set<std::string>& physical,
                  std::map<PriceKey, SeenPrice>& seen, FileImport<PriceLine>& out) {
  for (const PriceLine& line : lines) {
    const PriceRecord& p = line.price;
    if (!physical.contains(p.sku)) {
      out.errors.push_back(line_error(ErrorCode::kFieldInvalid,
                                      "no physical product with SKU '" + p.sku + "' in the catalog",
                                      p.file, line.line_number, "sku", p.sku));
      continue;
    }
    const PriceKey key{p.sku, p.kind, p.currency, p.from};
    auto [it, inserted] = seen.try_emplace(key, SeenPrice{p.amount, line.line_number});
    if (inserted) {
      out.added.push_back(line);
    } else if (it->second.amount == p.amount) {
      out.unchanged.push_back(line);
    } else {
      out.errors.push_back(line_error(
          ErrorCode::kExistsWithDifferentContent,
          "the " + p.kind + " of " + p.sku + " in " + p.currency + " from " + p.from + " " +
              seen_where(it->second.line_number) + " at " + it->second.amount.to_string() +
              "; a price on file is never changed (add one from a later day)",
          p.file, line.line_number, "amount", line.amount_text));
    }
  }
}

struct SeenInsurance {
  InsuranceRecord record;
  std::int64_t line_number = 0;  // 0: on file before this import.
};

bool same_terms(const InsuranceRecord& a, const InsuranceRecord& b) {
  return a.basis == b.basis && a.currency == b.currency && a.sum_insured == b.sum_insured;
}

std::string terms_text(const InsuranceRecord& r) {
  return r.basis + " basis, " +
         (r.sum_insured.is_zero() ? "no sum insured"
                                  : "sum insured " + r.sum_insured.to_string() + " " + r.currency);
}

void judge_insurance(const std::vector<InsuranceLine>& lines, const std::set<std::string>& parties,
                     std::map<std::pair<std::string, std::string>, SeenInsurance>& seen,
                     FileImport<InsuranceLine>& out) {
  for (const InsuranceLine& line : lines) {
    const InsuranceRecord& r = line.insurance;
    if (!parties.contains(r.location)) {
      out.errors.push_back(line_error(ErrorCode::kPartyUnknown,
                                      "no party '" + r.location + "' in the catalog", r.file,
                                      line.line_number, "location", r.location));
      continue;
    }
    auto [it, inserted] =
        seen.try_emplace({r.location, r.from}, SeenInsurance{r, line.line_number});
    if (inserted) {
      out.added.push_back(line);
    } else if (same_terms(it->second.record, r)) {
      out.unchanged.push_back(line);
    } else {
      out.errors.push_back(line_error(ErrorCode::kExistsWithDifferentContent,
                                      "the insurance of " + r.location + " from " + r.from + " " +
                                          seen_where(it->second.line_number) + " with " +
                                          terms_text(it->second.record) + ", not " + terms_text(r) +
                                          "; add one from a later day",
                                      r.file, line.line_number, "location", r.location));
    }
  }
}

}  // namespace

Result<FileImport<PriceLine>> import_prices(Database& database, std::string_view text,
                                            const std::string& file_name,
                                            const std::string& recorded_at,
                                            const std::string& actor) {
  ParsedFile<PriceLine> parsed = parse_prices_csv(text, file_name);
  FileImport<PriceLine> out;
  out.errors = std::move(parsed.errors);
  FERMATA_ASSIGN_OR_RETURN(CatalogSnapshot catalog, database.catalog_snapshot());
  std::set<std::string> physical;
  for (const Product& product : catalog.products) {
    if (product.kind == ProductKind::kPhysical) physical.insert(product.sku);
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<PriceRecord> on_file, database.stock_register().prices());
  std::map<PriceKey, SeenPrice> seen;
  for (const PriceRecord& p : on_file) {
    seen.try_emplace({p.sku, p.kind, p.currency, p.from}, SeenPrice{p.amount, 0});
  }
  judge_prices(parsed.lines, physical, seen, out);
  if (!out.errors.empty()) return out;
  for (PriceLine& line : out.added) {
    line.price.file = base_name(file_name);
    line.price.recorded_at = recorded_at;
    line.price.actor = actor;
    FERMATA_RETURN_IF_ERROR(database.stock_register().put_price(line.price));
  }
  return out;
}

Result<FileImport<InsuranceLine>> import_insurance(Database& database, std::string_view text,
                                                   const std::string& file_name,
                                                   const std::string& recorded_at,
                                                   const std::string& actor) {
  ParsedFile<InsuranceLine> parsed = parse_insurance_csv(text, file_name);
  FileImport<InsuranceLine> out;
  out.errors = std::move(parsed.errors);
  FERMATA_ASSIGN_OR_RETURN(CatalogSnapshot catalog, database.catalog_snapshot());
  std::set<std::string> parties;
  for (const Party& party : catalog.parties) parties.insert(party.id);
  FERMATA_ASSIGN_OR_RETURN(std::vector<InsuranceRecord> on_file,
                           database.stock_register().insurance());
  std::map<std::pair<std::string, std::string>, SeenInsurance> seen;
  for (const InsuranceRecord& r : on_file)
    seen.try_emplace({r.location, r.from}, SeenInsurance{r, 0});
  judge_insurance(parsed.lines, parties, seen, out);
  if (!out.errors.empty()) return out;
  for (InsuranceLine& line : out.added) {
    line.insurance.file = base_name(file_name);
    line.insurance.recorded_at = recorded_at;
    line.insurance.actor = actor;
    FERMATA_RETURN_IF_ERROR(database.stock_register().put_insurance(line.insurance));
  }
  return out;
}

}  // namespace fermata
