// Rates on file: loading them into a RateTable and importing a rates file.
#include <filesystem>

#include "fermata/fx/fx.h"

namespace fermata {

Result<RateTable> load_rate_table(Database& database) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<StoredFxRate> stored, database.fx_rates());
  RateTable table;
  for (const StoredFxRate& s : stored) {
    FERMATA_RETURN_IF_ERROR(table.add(FxRate{s.base, s.quote, s.from, s.to, s.rate, s.source, 0}));
  }
  return table;
}

Result<RatesImport> import_rates(Database& database, std::string_view text,
                                 const std::string& file_name, const std::string& recorded_at,
                                 const std::string& actor) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<FxRate> rates, parse_rates_csv(text, file_name));
  FERMATA_ASSIGN_OR_RETURN(RateTable table, load_rate_table(database));
  RatesImport out;
  const std::string name = std::filesystem::path(file_name).filename().string();
  for (const FxRate& rate : rates) {
    Result<bool> added = table.add(rate);
    if (!added) {
      Error error = added.error();
      error.where.file = file_name;
      return error;
    }
    if (!*added) {
      out.unchanged.push_back(rate);
      continue;
    }
    const StoredFxRate stored{rate.base,   rate.quote, rate.from,   rate.to, rate.rate,
                              rate.source, name,       recorded_at, actor};
    FERMATA_ASSIGN_OR_RETURN(PutStatus status, database.put_fx_rate(stored));
    if (status == PutStatus::kUnchanged) {
      out.unchanged.push_back(rate);
    } else {
      out.added.push_back(rate);
    }
  }
  return out;
}

}  // namespace fermata
