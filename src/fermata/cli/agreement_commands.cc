// fermata agreement add|list|show: agreement versions as data (agreement/).
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "fermata/agreement/agreement_toml.h"
#include "fermata/base/date.h"
#include "fermata/base/sha256.h"
#include "fermata/cli/cli.h"
#include "fermata/royalty/records.h"

namespace fermata::cli {
namespace {

struct AgreementArgs {
  std::vector<std::string> files;
  std::string id;
  std::string on;
};

using VersionsById = std::map<std::string, std::vector<AgreementVersion>>;

Status check_parties_known(Database& db, const AgreementVersion& a, const std::string& file,
                           std::string_view text) {
  for (const AgreementParty& p : a.parties) {
    FERMATA_ASSIGN_OR_RETURN(std::optional<Party> party, db.find_party(p.party_id));
    if (!party) {
      return make_error(
          ErrorCode::kPartyUnknown,
          "names party '" + p.party_id + "', which the catalog does not have",
          {file, agreement_key_line(text, "parties." + p.role), "parties." + p.role, p.party_id});
    }
  }
  return ok_status();
}

// Adds one file's version; prints what happened.
Status add_one(Books& books, VersionsById& versions, const std::string& path, bool json,
               nlohmann::json& report) {
  FERMATA_ASSIGN_OR_RETURN(std::string text, read_text_file(path));
  FERMATA_ASSIGN_OR_RETURN(AgreementVersion a, parse_agreement(text, path));
  FERMATA_RETURN_IF_ERROR(check_parties_known(*books.database, a, path, text));
  if (Status ok = check_amendment(a, versions[a.id]); !ok) {
    Error error = ok.error();
    error.where.file = path;
    error.where.line_number = agreement_key_line(text, error.where.field);
    return error;
  }
  const StoredAgreement stored{a.id,
                               a.version,
                               a.effective_from,
                               std::filesystem::path(path).filename().string(),
                               sha256_hex(text),
                               text,
                               utc_now_micros(),
                               books.ledger->actor()};
  FERMATA_ASSIGN_OR_RETURN(PutStatus status, books.database->put_agreement(stored));
  const bool added = status == PutStatus::kInserted;
  if (added) versions[a.id].push_back(a);
  if (json) {
    report.push_back({{"file", path},
                      {"id", a.id},
                      {"version", a.version},
                      {"effective_from", a.effective_from},
                      {"sha256", stored.sha256},
                      {"status", added ? "added" : "unchanged"}});
  } else {
    std::cout << (added ? "added " : "unchanged (already recorded) ") << a.id << " version "
              << a.version << ", in force from " << a.effective_from << "  (" << path << ")\n";
  }
  return ok_status();
}

int run_agreement_add(Context& ctx, const AgreementArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<VersionsById> versions = load_agreements(*books->database);
  if (!versions) return fail(versions.error());
  if (Status begun = books->ledger->begin_write(); !begun) return fail(begun.error());
  nlohmann::json report = nlohmann::json::array();
  for (const std::string& file : args.files) {
    // All files or none: a bad file leaves the books as they were.
    if (Status added = add_one(*books, *versions, file, ctx.json, report); !added) {
      books->ledger->rollback();
      return fail(added.error());
    }
  }
  if (Status committed = books->ledger->commit(); !committed) return fail(committed.error());
  if (ctx.json) std::cout << report.dump(2) << "\n";
  return 0;
}

int run_agreement_list(Context& ctx) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<StoredAgreement>> stored = books->database->agreements();
  if (!stored) return fail(stored.error());
  nlohmann::json all = nlohmann::json::array();
  for (const StoredAgreement& s : *stored) {
    Result<AgreementVersion> a = parse_agreement(s.text, s.file);
    if (!a) return fail(a.error());
    const std::string& accounting = a->accounting_party();
    if (ctx.json) {
      all.push_back({{"id", s.id},
                     {"version", s.version},
                     {"effective_from", s.effective_from},
                     {"licensor", a->party_id("licensor")},
                     {"accounting_party", accounting},
                     {"period", statement_period_name(a->payment.period)},
                     {"currency", a->payment.currency},
                     {"file", s.file},
                     {"sha256", s.sha256},
                     {"recorded_at", s.recorded_at},
                     {"actor", s.actor}});
    } else {
      std::cout << s.id << "  v" << s.version << "  from " << s.effective_from << "  licensor "
                << a->party_id("licensor") << (accounting.empty() ? "" : ", accounted by ")
                << accounting << "  " << statement_period_name(a->payment.period) << " "
                << a->payment.currency << "  " << s.file << "  " << s.sha256.substr(0, 12) << "\n";
    }
  }
  if (ctx.json) std::cout << all.dump(2) << "\n";
  return 0;
}

}  // namespace

int run_agreement_show(Context& ctx, const std::string& id, const std::string& on);

void add_agreement_commands(CLI::App& app, Context& ctx) {
  CLI::App* agreement = app.add_subcommand("agreement", "Agreements as data: add, list, show");
  agreement->require_subcommand(1);
  auto args = std::make_shared<AgreementArgs>();
  CLI::App* add = agreement->add_subcommand(
      "add", "Add agreement versions from TOML files (docs/FORMATS.md §9); all or none");
  add->add_option("files", args->files, "Agreement files")->required()->check(CLI::ExistingFile);
  add->add_flag("--json", ctx.json, "Machine-readable output");
  add->callback([&ctx, args] { ctx.exit_code = run_agreement_add(ctx, *args); });
  CLI::App* list = agreement->add_subcommand("list", "Every agreement version recorded");
  list->add_flag("--json", ctx.json, "Machine-readable output");
  list->callback([&ctx] { ctx.exit_code = run_agreement_list(ctx); });
  CLI::App* show = agreement->add_subcommand("show", "The terms of an agreement in force on a day");
  show->add_option("id", args->id, "Agreement id")->required();
  show->add_option("--on", args->on, "Day (YYYY-MM-DD; default today)");
  show->add_flag("--json", ctx.json, "Machine-readable output");
  show->callback([&ctx, args] { ctx.exit_code = run_agreement_show(ctx, args->id, args->on); });
}

}  // namespace fermata::cli
