// fermata count import|show|approve: stock counts (inventory/count.h,
// docs/FORMATS.md §14.2). The discrepancies are never stored: they are
// rebuilt from the count's lines and the ledger at the cut-off each time.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/base/sha256.h"
#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"
#include "fermata/inventory/count.h"
#include "fermata/inventory/count_csv.h"
#include "fermata/storage/archive.h"

namespace fermata::cli {
namespace {

struct CountArgs {
  std::string file;
  std::string id;
  std::string reason;
  std::vector<std::string> skus;  // approve --sku; empty = every open discrepancy.
};

// Everything show and approve need about a recorded count.
struct CountState {
  CountRecord record;
  Count count;
  std::vector<CountApprovalRecord> approvals;
  std::vector<AccountBalance> counted;             // The counted accounts at the cut-off.
  std::map<std::int64_t, std::int64_t> voided_by;  // Approval txn -> its reversal.
  std::vector<Discrepancy> rows;
};

// The counted accounts at `location` as of `as_of` (every owner).
Result<std::vector<AccountBalance>> counted_at(Ledger& ledger, const std::string& location,
                                               const std::string& as_of) {
  std::vector<AccountBalance> out;
  for (AccountKind kind : {AccountKind::kInventory, AccountKind::kAllocated}) {
    FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> balances,
                             ledger.balances({.party = "", .kind = kind, .as_of = as_of}));
    std::vector<AccountBalance> here = counted_accounts(balances, location);
    out.insert(out.end(), here.begin(), here.end());
  }
  return out;
}

CountCatalog count_catalog(const CatalogSnapshot& snapshot) {
  CountCatalog catalog;
  for (const Product& product : snapshot.products) {
    if (product.kind == ProductKind::kPhysical) catalog.physical_skus.insert(product.sku);
  }
  for (const Party& party : snapshot.parties) catalog.parties.insert(party.id);
  return catalog;
}

// What the count's adjustments still add to the counted accounts at the
// cut-off, read from the ledger: each one's postings there, unless it was
// reversed (an `import void` of the count) on or before the cut-off.
Result<std::map<OwnerSku, Decimal>> adjusted_in_ledger(Books& books, CountState& state) {
  std::map<OwnerSku, Decimal> adjusted;
  for (const CountApprovalRecord& a : state.approvals) {
    FERMATA_ASSIGN_OR_RETURN(StoredTransaction txn, books.ledger->get(a.txn_seq));
    FERMATA_ASSERT(txn.seq == a.txn_seq);
    FERMATA_ASSIGN_OR_RETURN(
        std::optional<StoredTransaction> reversal,
        books.database->ledger_storage().find_by_key("void:" + std::to_string(a.txn_seq)));
    if (reversal) state.voided_by[a.txn_seq] = reversal->seq;
    if (reversal && reversal->content.effective_date <= state.record.cutoff_date) continue;
    std::vector<AccountBalance> effect;
    for (const Posting& p : txn.content.postings) effect.push_back({p.account, p.amount});
    for (const auto& [key, units] :
         expected_units(counted_accounts(effect, state.record.location))) {
      adjusted[key] += units;
    }
  }
  return adjusted;
}

const CountApprovalRecord* approval_of(const CountState& state, const Discrepancy& d) {
  for (const CountApprovalRecord& a : state.approvals) {
    if (a.owner == d.owner && a.sku == d.sku) return &a;
  }
  return nullptr;
}

Result<CountState> load_count(Books& books, const std::string& id) {
  CountRegister& counts = books.database->count_register();
  FERMATA_ASSIGN_OR_RETURN(std::optional<CountRecord> record, counts.find_count(id));
  if (!record) {
    return make_error(ErrorCode::kUsage, "no count '" + id + "' on file (fermata count import)",
                      {"", 0, "count", id});
  }
  CountState state;
  state.record = *record;
  state.count = Count{record->id, record->location, record->cutoff, record->cutoff_date, {}};
  FERMATA_ASSIGN_OR_RETURN(std::vector<CountLineRecord> lines, counts.count_lines(id));
  for (const CountLineRecord& l : lines) {
    state.count.lines.push_back({l.line, l.sku, l.owner, l.owner_given, l.units, l.bin});
  }
  FERMATA_ASSIGN_OR_RETURN(state.approvals, counts.approvals(id));
  FERMATA_ASSIGN_OR_RETURN(state.counted,
                           counted_at(*books.ledger, record->location, record->cutoff_date));
  FERMATA_ASSIGN_OR_RETURN(auto adjusted, adjusted_in_ledger(books, state));
  state.rows = compare_count(state.count, expected_units(state.counted), adjusted);
  return state;
}

// ok, open, approved #seq, approved #seq with what still differs.
std::string status_of(const CountState& state, const Discrepancy& d) {
  const CountApprovalRecord* approval = approval_of(state, d);
  if (approval == nullptr) return d.outstanding().is_zero() ? "ok" : "open";
  std::string status = "approved #" + std::to_string(approval->txn_seq);
  auto voided = state.voided_by.find(approval->txn_seq);
  if (voided != state.voided_by.end()) {
    status += ", voided by #" + std::to_string(voided->second);
  } else if (!d.outstanding().is_zero()) {
    status += ", still off by " + d.outstanding().to_string() + " (movements recorded since)";
  }
  return status;
}

std::string bins_of(const Discrepancy& d) {
  if (!d.listed()) return "(not counted)";
  std::string out;
  for (const std::string& bin : d.bins) out += (out.empty() ? "" : " ") + bin;
  return out;
}

nlohmann::json state_json(const CountState& state) {
  const CountRecord& r = state.record;
  nlohmann::json rows = nlohmann::json::array();
  for (const Discrepancy& d : state.rows) {
    rows.push_back({{"owner", d.owner},
                    {"sku", d.sku},
                    {"listed", d.listed()},
                    {"lines", d.lines},
                    {"bins", d.bins},
                    {"expected", d.expected.to_string()},
                    {"counted", d.counted.to_string()},
                    {"difference", d.difference.to_string()},
                    {"adjusted", d.adjusted.to_string()},
                    {"outstanding", d.outstanding().to_string()},
                    {"status", status_of(state, d)}});
  }
  nlohmann::json approvals = nlohmann::json::array();
  for (const CountApprovalRecord& a : state.approvals) {
    approvals.push_back({{"owner", a.owner},
                         {"sku", a.sku},
                         {"expected", a.expected.to_string()},
                         {"counted", a.counted.to_string()},
                         {"units", a.units.to_string()},
                         {"reason", a.reason},
                         {"txn", a.txn_seq},
                         {"recorded_at", a.recorded_at},
                         {"actor", a.actor}});
  }
  return {{"count", r.id},         {"location", r.location},
          {"cutoff", r.cutoff},    {"as_of", r.cutoff_date},
          {"file", r.file},        {"sha256", r.sha256},
          {"import", r.import_id}, {"recorded_at", r.recorded_at},
          {"actor", r.actor},      {"rows", rows},
          {"approvals", approvals}};
}

void print_state(const CountState& state) {
  const CountRecord& r = state.record;
  std::size_t open = 0;
  Table table{{"owner", "sku", "bins", "expected", "counted", "difference", "status"},
              {false, false, false, true, true, true, false},
              {}};
  for (const Discrepancy& d : state.rows) {
    if (status_of(state, d) == "open") ++open;
    if (d.difference.is_zero() && d.adjusted.is_zero()) continue;
    table.rows.push_back({d.owner, d.sku, bins_of(d), d.expected.to_string(), d.counted.to_string(),
                          d.difference.to_string(), status_of(state, d)});
  }
  std::cout << "count " << r.id << " at " << r.location << ", cut-off " << r.cutoff
            << " (movements dated on or before " << r.cutoff_date
            << "): " << state.count.lines.size() << " line(s), "
            << state.rows.size() - table.rows.size() << " owner x SKU agree with the books, "
            << table.rows.size() << " differ";
  if (!state.approvals.empty()) std::cout << " (" << state.approvals.size() << " approved)";
  std::cout << "\n";
  if (table.rows.empty()) return;
  print_table(table, std::cout);
  if (open > 0) {
    std::cout << open << " open: fermata count approve " << r.id
              << " --reason TEXT [--sku SKU ...]\n";
  }
}

int print_errors(const std::vector<Error>& errors, const std::string& file) {
  for (const Error& error : errors) std::cerr << "fermata: " << error.to_string() << "\n";
  std::cerr << "fermata: " << file << ": NOT recorded, nothing written (" << errors.size()
            << " error(s))\n";
  return exit_code_for(errors.front().code);
}

// Checks the parsed count against the catalog and the books, then records
// it, its import and its archived bytes. Returns the errors that refuse it
// (none when recorded). REQUIRES: inside the unit of work.
Result<std::vector<Error>> record_count(const Context& ctx, Books& books, CountFile& parsed,
                                        const std::string& text, const std::string& sha256,
                                        const std::string& path) {
  Database& db = *books.database;
  Count& count = parsed.count;
  const std::int64_t first_line = count.lines.front().line_number;
  FERMATA_ASSIGN_OR_RETURN(std::optional<CountRecord> same_id,
                           db.count_register().find_count(count.id));
  if (same_id) {
    return std::vector<Error>{make_error(ErrorCode::kExistsWithDifferentContent,
                                         "count '" + count.id + "' is on file from another file (" +
                                             same_id->file + "): give this count a new id",
                                         {path, first_line, "count", count.id})};
  }
  FERMATA_ASSIGN_OR_RETURN(std::optional<ImportRecord> same_bytes, db.find_import(sha256));
  if (same_bytes) {
    return std::vector<Error>{make_error(ErrorCode::kExistsWithDifferentContent,
                                         "these bytes were imported as " + same_bytes->format +
                                             " (import " + std::to_string(same_bytes->id) + ")",
                                         {path, 0, "", ""})};
  }
  FERMATA_ASSIGN_OR_RETURN(CatalogSnapshot snapshot, db.catalog_snapshot());
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> counted,
                           counted_at(*books.ledger, count.location, count.cutoff_date));
  std::vector<Error> errors =
      resolve_count(count, count_catalog(snapshot), expected_units(counted), path);
  if (!errors.empty()) return errors;
  const std::string now = utc_now_micros();
  const std::string& actor = books.ledger->actor();
  FERMATA_ASSIGN_OR_RETURN(
      std::int64_t import_id,
      db.record_import(ImportRecord{0, sha256, path, "count", now, actor, parsed.rows, 0, sha256}));
  FERMATA_RETURN_IF_ERROR(SourceArchive::for_database(ctx.db_path).put(sha256, text));
  const CountRecord record{
      count.id, import_id, count.location, count.cutoff, count.cutoff_date, path,
      sha256,   now,       actor};
  std::vector<CountLineRecord> lines;
  for (const CountLine& l : count.lines) {
    lines.push_back({l.line_number, l.sku, l.owner, l.owner_given, l.units, l.bin});
  }
  FERMATA_RETURN_IF_ERROR(db.count_register().put_count(record, lines));
  return errors;
}

int print_count(const Context& ctx, const CountState& state) {
  if (ctx.json) {
    std::cout << state_json(state).dump(2) << "\n";
  } else {
    print_state(state);
  }
  return 0;
}

int run_count_import(Context& ctx, const CountArgs& args) {
  Result<std::string> text = read_text_file(args.file);
  if (!text) return fail(text.error());
  CountFile parsed = parse_count_csv(*text, args.file);
  if (!parsed.ok()) return print_errors(parsed.errors, args.file);
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  if (Status begun = books->ledger->begin_write(); !begun) return fail(begun.error());
  const std::string sha256 = sha256_hex(*text);
  Result<std::optional<CountRecord>> seen =
      books->database->count_register().find_count_of_file(sha256);
  Result<std::vector<Error>> refused =
      seen && !*seen ? record_count(ctx, *books, parsed, *text, sha256, args.file)
                     : Result<std::vector<Error>>(std::vector<Error>{});
  if (!seen || !refused || !refused->empty()) {
    books->ledger->rollback();  // All or nothing.
    if (!seen) return fail(seen.error());
    if (!refused) return fail(refused.error());
    return print_errors(*refused, args.file);
  }
  const std::string id = *seen ? (*seen)->id : parsed.count.id;
  Result<CountState> state = load_count(*books, id);
  if (!state) {
    books->ledger->rollback();
    return fail(state.error());
  }
  if (*seen) {
    books->ledger->rollback();  // Nothing was written.
    (ctx.json ? std::cerr : std::cout)
        << args.file << ": already imported as count " << id << " (import " << (*seen)->import_id
        << ", same SHA-256); nothing changed\n";
  } else if (Status committed = books->ledger->commit(); !committed) {
    return fail(committed.error());
  }
  return print_count(ctx, *state);
}

int run_count_show(Context& ctx, const CountArgs& args) {
  Result<Books> books = open_books_to_read(ctx);
  if (!books) return fail(books.error());
  Result<CountState> state = load_count(*books, args.id);
  if (!state) return fail(state.error());
  return print_count(ctx, *state);
}

// What approve does to the rows it was asked about.
struct Approval {
  std::vector<Discrepancy> to_post;
  std::vector<Discrepancy> already;  // Approved before: left alone.
};

bool wanted(const std::vector<std::string>& skus, const std::string& sku) {
  return skus.empty() || std::find(skus.begin(), skus.end(), sku) != skus.end();
}

// Errors: usage for an --sku the count found no discrepancy for.
Result<Approval> select_rows(const CountState& state, const std::vector<std::string>& skus) {
  for (const std::string& sku : skus) {
    const bool differs = std::any_of(state.rows.begin(), state.rows.end(), [&](const auto& d) {
      return d.sku == sku && (!d.outstanding().is_zero() || approval_of(state, d) != nullptr);
    });
    if (differs) continue;
    return make_error(ErrorCode::kUsage,
                      "count " + state.record.id + " found no discrepancy for SKU '" + sku + "'",
                      {"", 0, "sku", sku});
  }
  Approval approval;
  for (const Discrepancy& d : state.rows) {
    if (!wanted(skus, d.sku)) continue;
    if (approval_of(state, d) != nullptr) {
      approval.already.push_back(d);
    } else if (!d.outstanding().is_zero()) {
      approval.to_post.push_back(d);
    }
  }
  return approval;
}

// Posts one adjustment with its stock register row and its approval.
// Returns the transaction's seq. REQUIRES: inside the unit of work.
Result<std::int64_t> post_adjustment(Books& books, const CountState& state, const Discrepancy& d,
                                     const std::string& reason) {
  FERMATA_ASSIGN_OR_RETURN(
      CountAdjustment adjustment,
      plan_count_adjustment(state.count, d, state.counted, state.record.sha256, reason));
  FERMATA_ASSIGN_OR_RETURN(AppendOutcome outcome, books.ledger->append(adjustment.txn));
  const Movement& m = adjustment.movement;
  StockMovementRecord row;
  row.import_id = state.record.import_id;
  row.line = m.line_number;
  row.txn_seq = outcome.seq;
  row.kind = std::string(movement_kind_name(m.kind));
  row.date = m.date;
  row.document = m.document;
  row.sku = m.sku;
  row.owner = m.owner;
  row.from = m.from;
  row.reason = m.reason;
  row.units = m.units;
  FERMATA_RETURN_IF_ERROR(books.database->stock_register().put_movement(row));
  FERMATA_RETURN_IF_ERROR(books.database->count_register().put_approval(
      {state.record.id, d.owner, d.sku, d.expected + d.adjusted, d.counted, d.outstanding(), reason,
       outcome.seq, utc_now_micros(), books.ledger->actor()}));
  return outcome.seq;
}

// Counted accounts of the adjusted owner × SKUs that hold fewer than 0
// units today: movements dated after the cut-off took units the count did
// not find.
Result<std::vector<std::string>> shortfalls(Books& books, const CountState& state,
                                            const std::vector<Discrepancy>& posted) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<AccountBalance> today,
                           counted_at(*books.ledger, state.record.location, ""));
  std::vector<std::string> warnings;
  for (const AccountBalance& b : today) {
    if (!b.balance.is_negative()) continue;
    const bool touched = std::any_of(posted.begin(), posted.end(), [&](const Discrepancy& d) {
      return d.owner == b.account.party && "SKU:" + d.sku == b.account.commodity;
    });
    if (!touched) continue;
    warnings.push_back(b.account.name() + " holds " + b.balance.to_string() +
                       " today: movements dated after the " + state.record.cutoff_date +
                       " cut-off took units the count did not find");
  }
  return warnings;
}

void print_approval(const CountState& state, const Approval& approval,
                    const std::vector<std::int64_t>& seqs, const std::vector<std::string>& warnings,
                    const std::string& reason) {
  const std::string& id = state.record.id;
  for (const Discrepancy& d : approval.already) {
    std::cout << "already approved: " << d.owner << " " << d.sku << " (" << status_of(state, d)
              << ")\n";
  }
  if (approval.to_post.empty()) {
    std::cout << "nothing changed: count " << id
              << (approval.already.empty() ? " has nothing to approve"
                                           : " has no other open discrepancy")
              << "\n";
    return;
  }
  std::cout << "count " << id << ": " << approval.to_post.size() << " adjustment(s) posted, dated "
            << state.record.cutoff_date << ", reason: " << reason << "\n";
  Table table{{"owner", "sku", "expected", "counted", "adjust", "txn"},
              {false, false, true, true, true, true},
              {}};
  for (std::size_t i = 0; i < approval.to_post.size(); ++i) {
    const Discrepancy& d = approval.to_post[i];
    table.rows.push_back({d.owner, d.sku, d.expected.to_string(), d.counted.to_string(),
                          d.outstanding().to_string(), std::to_string(seqs[i])});
  }
  print_table(table, std::cout);
  for (const std::string& warning : warnings) std::cerr << "warning: " << warning << "\n";
}

int run_count_approve(Context& ctx, const CountArgs& args) {
  if (args.reason.empty()) {
    return fail(make_error(ErrorCode::kUsage, "--reason must not be empty", {"", 0, "reason", ""}));
  }
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  if (Status begun = books->ledger->begin_write(); !begun) return fail(begun.error());
  const auto abort = [&books](const Error& error) {
    books->ledger->rollback();  // All or nothing.
    return fail(error);
  };
  Result<CountState> state = load_count(*books, args.id);
  if (!state) return abort(state.error());
  Result<Approval> approval = select_rows(*state, args.skus);
  if (!approval) return abort(approval.error());
  std::vector<std::int64_t> seqs;
  for (const Discrepancy& d : approval->to_post) {
    Result<std::int64_t> seq = post_adjustment(*books, *state, d, args.reason);
    if (!seq) return abort(seq.error());
    seqs.push_back(*seq);
  }
  Result<std::vector<std::string>> warnings = shortfalls(*books, *state, approval->to_post);
  if (!warnings) return abort(warnings.error());
  if (approval->to_post.empty()) {
    books->ledger->rollback();  // Nothing was written.
  } else if (Status committed = books->ledger->commit(); !committed) {
    return fail(committed.error());
  }
  print_approval(*state, *approval, seqs, *warnings, args.reason);
  return 0;
}

}  // namespace

void add_count_commands(CLI::App& app, Context& ctx) {
  CLI::App* count = app.add_subcommand(
      "count", "Stock counts: discrepancies with the books at a cut-off, approved adjustments");
  count->require_subcommand(1);
  auto args = std::make_shared<CountArgs>();
  CLI::App* import = count->add_subcommand(
      "import", "Record a count file (docs/FORMATS.md §14.2) and list its discrepancies");
  import->add_option("file", args->file, "Count file")->required()->check(CLI::ExistingFile);
  import->add_flag("--json", ctx.json, "Machine-readable output");
  import->callback([&ctx, args] { ctx.exit_code = run_count_import(ctx, *args);
});
CLI::App* show =
    count->add_subcommand("show", "A count's discrepancies with the books at its cut-off");
show->add_option("id", args->id, "Count id")->required();
show->add_flag("--json", ctx.json, "Machine-readable output");
show->callback([&ctx, args] { ctx.exit_code = run_count_show(ctx, *args); });
CLI::App* approve = count->add_subcommand(
    "approve", "Post an adjust movement per open discrepancy, dated the cut-off; all or none");
approve->add_option("id", args->id, "Count id")->required();
approve->add_option("--reason", args->reason, "Why the books are adjusted (kept in the memo)")
    ->required();
approve->add_option("--sku", args->skus, "Only these SKUs (repeatable); default: every one");
approve->callback([&ctx, args] { ctx.exit_code = run_count_approve(ctx, *args); });
}  // namespace fermata::cli

}  // namespace fermata::cli
