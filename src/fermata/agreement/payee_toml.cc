// parse_payee: the TOML of docs/FORMATS.md §10 to a Payee, each table
// through a TomlReader that refuses keys it does not know.
#include "fermata/agreement/payee.h"
#include "fermata/agreement/toml_reader.h"

namespace fermata {
namespace {

using agreement_internal::parse_toml;
using agreement_internal::TomlReader;

constexpr std::int64_t kPayeeFormat = 1;

Status read_bank(TomlReader& top, Payee& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("bank"));
  if (!r) return ok_status();
  BankAccount bank;
  FERMATA_ASSIGN_OR_RETURN(bank.iban, r->text("iban", false));
  FERMATA_ASSIGN_OR_RETURN(bank.bic, r->text("bic", false));
  FERMATA_ASSIGN_OR_RETURN(bank.account, r->text("account", false));
  FERMATA_ASSIGN_OR_RETURN(bank.routing, r->text("routing", false));
  FERMATA_ASSIGN_OR_RETURN(bank.bank_name, r->text("name", false));
  FERMATA_RETURN_IF_ERROR(r->finish());
  out.bank = std::move(bank);
  return ok_status();
}

Status read_tax_form(TomlReader& top, Payee& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("tax_form"));
  if (!r) return ok_status();
  TaxForm form;
  FERMATA_ASSIGN_OR_RETURN(int kind, r->choice("kind", {"W-9", "W-8BEN", "W-8BEN-E"}, -1));
  if (kind < 0) return r->error(ErrorCode::kFieldMissing, "kind", "is required");
  form.kind = static_cast<TaxFormKind>(kind);
  FERMATA_ASSIGN_OR_RETURN(form.received, r->date("received", true));
  FERMATA_ASSIGN_OR_RETURN(form.expires, r->date("expires", false));
  if (r->has("treaty_rate")) {
    FERMATA_ASSIGN_OR_RETURN(Decimal rate, r->decimal("treaty_rate", true, true));
    form.treaty_rate = rate;
  }
  FERMATA_RETURN_IF_ERROR(r->finish());
  out.tax_form = std::move(form);
  return ok_status();
}

Status read_statements(TomlReader& top, Payee& out) {
  FERMATA_ASSIGN_OR_RETURN(std::optional<TomlReader> r, top.table("statements"));
  if (!r) return ok_status();
  FERMATA_ASSIGN_OR_RETURN(out.statement_email, r->text("email", false));
  FERMATA_ASSIGN_OR_RETURN(out.statement_address, r->texts("address"));
  return r->finish();
}

}  // namespace

Result<Payee> parse_payee(std::string_view text, std::string_view file_name) {
  const std::string file(file_name);
  FERMATA_ASSIGN_OR_RETURN(toml::table table, parse_toml(text, file));
  TomlReader top(table, "", file, "payee");
  FERMATA_RETURN_IF_ERROR(top.format_version("fermata_payee", kPayeeFormat));
  Payee out;
  FERMATA_ASSIGN_OR_RETURN(out.party, top.text("party", true));
  FERMATA_ASSIGN_OR_RETURN(out.legal_name, top.text("legal_name", true));
  FERMATA_ASSIGN_OR_RETURN(out.address, top.texts("address"));
  FERMATA_ASSIGN_OR_RETURN(out.country, top.text("country", true));
  FERMATA_RETURN_IF_ERROR(read_statements(top, out));
  FERMATA_RETURN_IF_ERROR(read_bank(top, out));
  FERMATA_RETURN_IF_ERROR(read_tax_form(top, out));
  FERMATA_RETURN_IF_ERROR(top.finish());
  FERMATA_RETURN_IF_ERROR(top.located(validate_payee(out)));
  return out;
}

}  // namespace fermata
