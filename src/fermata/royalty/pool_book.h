// PoolBook: what each recoupment pool still has outstanding, across every
// agreement that shares it (cross-collateralisation), kept up to date as a
// run recoups.
//
// Outstanding for (pool, payee, currency) on a day = every recoupable of the
// pool on file (each agreement's recoupables, by id, as its latest version
// lists them) dated on or before that day, less everything recouped from it
// (the register's "recoupment" lines, whose detail starts "pool <id>;").
//
// Thread safety: a plain value, used by the run's one thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/royalty/split.h"
#include "fermata/storage/storage.h"

namespace fermata {

class PoolBook {
 public:
  // Reads what the split agreements among `agreements` recouped so far.
  static Result<PoolBook> read(
      Database& database, const std::map<std::string, std::vector<AgreementVersion>>& agreements);

  // Every pool's outstanding balance on `day` (ISO date), zero ones included.
  std::map<PoolKey, Decimal> outstanding(const std::string& day) const;

  // Takes in a line just posted (only "recoupment" lines count).
  void posted(const RoyaltyLine& line);

 private:
  std::vector<Recoupable> recoupables_;
  std::map<PoolKey, Decimal> recouped_;
};

// The pool a "recoupment" line recovered, from its detail ("pool P; ...").
std::string recoupment_pool(const RoyaltyLine& line);

}  // namespace fermata
