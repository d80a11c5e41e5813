// The terms on file: agreement versions and payee records as storage keeps
// them (their text), read again with agreement/'s parsers. The stored text is
// the record, so these are the only way the run, statements and payments see
// agreements and payees.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fermata/agreement/agreement.h"
#include "fermata/agreement/payee.h"
#include "fermata/storage/storage.h"

namespace fermata {

// Every stored agreement's versions, by id, each list by version.
// Errors: as parse_agreement.
Result<std::map<std::string, std::vector<AgreementVersion>>> load_agreements(Database& database);

// Each party's current payee record (its latest). Errors: as parse_payee.
Result<std::map<std::string, Payee>> load_payees(Database& database);

}  // namespace fermata
