#include "fermata/royalty/pool_book.h"

namespace fermata {

std::string recoupment_pool(const RoyaltyLine& line) {
  constexpr std::string_view kPrefix = "pool ";
  if (!line.detail.starts_with(kPrefix)) return "";
  const std::size_t end = line.detail.find(';');
  return line.detail.substr(kPrefix.size(),
                            end == std::string::npos ? std::string::npos : end - kPrefix.size());
}

Result<PoolBook> PoolBook::read(
    Database& database, const std::map<std::string, std::vector<AgreementVersion>>& agreements) {
  PoolBook book;
  for (const auto& [id, versions] : agreements) {
    const AgreementVersion& latest = versions.back();
    if (latest.recoupables.empty() && latest.splits.empty()) continue;
    book.recoupables_.insert(book.recoupables_.end(), latest.recoupables.begin(),
                             latest.recoupables.end());
    FERMATA_ASSIGN_OR_RETURN(std::vector<RoyaltyLine> lines, database.royalty_register().lines(id));
    for (const RoyaltyLine& line : lines) book.posted(line);
  }
  return book;
}

std::map<PoolKey, Decimal> PoolBook::outstanding(const std::string& day) const {
  std::map<PoolKey, Decimal> out;
  for (const Recoupable& r : recoupables_) {
    if (r.date <= day) out[{r.pool, r.payee, r.currency}] += r.amount;
  }
  for (const auto& [key, amount] : recouped_) out[key] -= amount;
  return out;
}

void PoolBook::posted(const RoyaltyLine& line) {
  if (line.kind != "recoupment") return;
  recouped_[{recoupment_pool(line), line.counterparty, line.currency}] += line.amount;
}

}  // namespace fermata
