#include "fermata/royalty/records.h"

#include "fermata/agreement/agreement_toml.h"

namespace fermata {

Result<std::map<std::string, std::vector<AgreementVersion>>> load_agreements(Database& database) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<StoredAgreement> stored, database.agreements());
  std::map<std::string, std::vector<AgreementVersion>> out;
  for (const StoredAgreement& s : stored) {
    FERMATA_ASSIGN_OR_RETURN(AgreementVersion version, parse_agreement(s.text, s.file));
    out[s.id].push_back(std::move(version));
  }
  return out;
}

Result<std::map<std::string, Payee>> load_payees(Database& database) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<StoredPayee> stored, database.payees());
  std::map<std::string, Payee> out;
  for (const StoredPayee& s : stored) {
    FERMATA_ASSIGN_OR_RETURN(Payee payee, parse_payee(s.text, s.file));
    out.insert_or_assign(s.party, std::move(payee));
  }
  return out;
}

}  // namespace fermata
