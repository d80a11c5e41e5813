// fermata payee add|list: payee master data (agreement/payee.h).
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/base/sha256.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/royalty/records.h"

namespace fermata::cli {
namespace {

struct PayeeArgs {
  std::vector<std::string> files;
  std::string on;
};

// Adds one file's record; prints what happened.
Status add_payee(Books& books, const std::string& path, bool json, nlohmann::json& report) {
  FERMATA_ASSIGN_OR_RETURN(std::string text, read_text_file(path));
  FERMATA_ASSIGN_OR_RETURN(Payee payee, parse_payee(text, path));
  FERMATA_ASSIGN_OR_RETURN(std::optional<Party> party, books.database->find_party(payee.party));
  if (!party) {
    return make_error(ErrorCode::kPartyUnknown,
                      "names party '" + payee.party + "', which the catalog does not have",
                      {path, 0, "party", payee.party});
  }
  const StoredPayee stored{0,
                           payee.party,
                           std::filesystem::path(path).filename().string(),
                           sha256_hex(text),
                           text,
                           utc_now_micros(),
                           books.ledger->actor()};
  FERMATA_ASSIGN_OR_RETURN(PutStatus status, books.database->put_payee(stored));
  const bool added = status == PutStatus::kInserted;
  if (json) {
    report.push_back({{"file", path},
                      {"party", payee.party},
                      {"sha256", stored.sha256},
                      {"status", added ? "added" : "unchanged"}});
  } else {
    std::cout << (added ? "added payee " : "unchanged (already on file) payee ") << payee.party
              << ", " << payee.legal_name << "  (" << path << ")\n";
  }
  return ok_status();
}

int run_payee_add(Context& ctx, const PayeeArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  if (Status begun = books->ledger->begin_write(); !begun) return fail(begun.error());
  nlohmann::json report = nlohmann::json::array();
  for (const std::string& file : args.files) {
    // All files or none: a bad file leaves the books as they were.
    if (Status added = add_payee(*books, file, ctx.json, report); !added) {
      books->ledger->rollback();
      return fail(added.error());
    }
  }
  if (Status committed = books->ledger->commit(); !committed) return fail(committed.error());
  if (ctx.json) std::cout << report.dump(2) << "\n";
  return 0;
}

// "GB82 WEST ... 5432" style: enough to recognise an account, not to use it.
std::string masked_account(const Payee& p) {
  if (!p.bank) return "none on file";
  const std::string& number = p.bank->iban.empty() ? p.bank->account : p.bank->iban;
  const std::string tail = number.substr(number.size() - 4);
  return p.bank->iban.empty() ? "acct ..." + tail + " routing " + p.bank->routing
                              : number.substr(0, 4) + " ..." + tail + " " + p.bank->bic;
}

int run_payee_list(Context& ctx, const PayeeArgs& args) {
  const std::string on = args.on.empty() ? utc_now_micros().substr(0, 10) : args.on;
  if (!is_iso_date(on)) {
    return fail(
        make_error(ErrorCode::kDateInvalid, "--on needs a date YYYY-MM-DD", {"", 0, "--on", on}));
  }
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::map<std::string, Payee>> payees = load_payees(*books->database);
  if (!payees) return fail(payees.error());
  nlohmann::json all = nlohmann::json::array();
  Table table{{"party", "legal name", "country", "bank", "tax form", "withholding", "note"}, {}};
  for (const auto& [party, p] : *payees) {
    const Withholding w = withholding_on(p, on);
    const std::string form =
        p.tax_form ? std::string(tax_form_name(p.tax_form->kind)) + " " + p.tax_form->received
                   : "none";
    if (ctx.json) {
      all.push_back({{"party", party},
                     {"legal_name", p.legal_name},
                     {"country", p.country},
                     {"bank", masked_account(p)},
                     {"tax_form", form},
                     {"withholding_rate", w.rate.to_string()},
                     {"withholding_reason", w.reason},
                     {"flagged", w.flagged}});
    } else {
      table.rows.push_back({party, p.legal_name, p.country, masked_account(p), form,
                            percent_text(w.rate), w.flagged ? "FLAG: " + w.reason : w.reason});
    }
  }
  if (ctx.json) {
    std::cout << all.dump(2) << "\n";
  } else {
    std::cout << "payees on file, withholding as of " << on << "\n";
    print_table(table, std::cout);
  }
  return 0;
}

}  // namespace

void add_payee_commands(CLI::App& app, Context& ctx) {
  CLI::App* payee = app.add_subcommand("payee", "Payee master data: bank details, tax forms");
  payee->require_subcommand(1);
  auto args = std::make_shared<PayeeArgs>();
  CLI::App* add = payee->add_subcommand(
      "add", "Add payee records from TOML files (docs/FORMATS.md §10); all or none");
  add->add_option("files", args->files, "Payee files")->required()->check(CLI::ExistingFile);
  add->add_flag("--json", ctx.json, "Machine-readable output");
  add->callback([&ctx, args] { ctx.exit_code = run_payee_add(ctx, *args); });
  CLI::App* list = payee->add_subcommand("list", "Every payee, with the withholding that applies");
  list->add_option("--on", args->on, "Day the withholding applies (YYYY-MM-DD; default today)");
  list->add_flag("--json", ctx.json, "Machine-readable output");
  list->callback([&ctx, args] { ctx.exit_code = run_payee_list(ctx, *args); });
}

}  // namespace fermata::cli
