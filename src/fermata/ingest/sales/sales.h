// Sales: the one shape every sales report and remittance takes before it
// reaches the books.
//
// Each format's parser (dsr/, stores/, mapped/) turns bytes into a SalesReport:
// who owes the money (payer), for which reporting period, and one SaleLine per
// source line that carries units or money. Parsers are pure: they know nothing
// of the catalog or the ledger. The importer (sales_import.h) matches lines to
// the catalog, aggregates them and posts balanced transactions.
//
// Sign convention, for every format: units and amount are what the line adds
// to the recipient's claim on the payer. A return is a negative line (units
// and amount both negative), whatever the file's own convention was.
//
// Dates are ISO "YYYY-MM-DD"; a period is [start, end], both inclusive.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/money/money.h"

namespace fermata {

// How the music reached the buyer; the royalty run prices fees by channel.
enum class SalesChannel { kStream, kDownload, kPhysical, kUgc, kOther };

// "stream", "download", "physical", "ugc", "other".
std::string_view sales_channel_name(SalesChannel channel);

// One source line (or a few lines that form one sale) that carries units or
// money. Identifiers are normalised when the parser can (ISRC upper case
// without hyphens, ICPN/UPC digits only); matching tries them in the order
// isrc, icpn, catalog_number, proprietary_id.
struct SaleLine {
  std::int64_t line_number = 0;  // 1-based physical line in the source text.
  std::string isrc;
  std::string icpn;  // UPC-A or EAN-13 digits as written (12-14 digits).
  std::string catalog_number;
  std::string proprietary_id;
  std::string title;   // For people reading unmatched listings.
  std::string artist;  // Same.
  std::string store;   // The shop or service that sold, e.g. "Apple Music", "YouTube".
  SalesChannel channel = SalesChannel::kOther;
  std::string territory;             // ISO 3166 alpha-2, "Worldwide" or "" when unknown.
  std::string sale_start, sale_end;  // When the sale happened (may differ from the report period).
  std::string currency;              // ISO 4217.
  Decimal units;                     // Net units; negative for returns.
  Decimal amount;                    // Owed to the recipient; negative for returns.
  bool has_amount = true;            // False: a usage-only line, no money.
  // A grouped report's line stands for `line_count` source lines (see
  // SalesReport::grouped); line_number is the first of them, and
  // group_lines lists them all when the reader was asked to keep them.
  std::int64_t line_count = 1;
  std::vector<std::int64_t> group_lines;
};

// A grouped report (SalesReport::grouped) keeps its lines as groups that
// point into small tables instead of one SaleLine each: a monthly DSR has
// millions of lines but a catalog's worth of groups, and the importer
// matches and sums them by number.
struct SaleResource {
  std::string isrc, proprietary_id, title, artist;
};
struct SaleRelease {
  std::string icpn, catalog_number, title;
};
struct SaleContext {  // Everything but the identifiers and the period.
  std::string store;
  SalesChannel channel = SalesChannel::kOther;
  std::string territory, currency;
};
struct SalePeriod {
  std::string start, end;  // ISO dates; end may be "" (the report's period end applies).
};
struct SaleGroup {
  std::uint32_t resource = 0, release = 0, context = 0, period = 0;  // Table indices.
  std::int64_t first_line = 0, line_count = 0;
  Decimal units, amount;
  bool has_amount = true;
  std::vector<std::int64_t> lines;  // Every line, when the reader was asked to keep them.
};
struct SaleGroups {
  std::vector<SaleResource> resources;
  std::vector<SaleRelease> releases;
  std::vector<SaleContext> contexts;
  std::vector<SalePeriod> periods;
  std::vector<SaleGroup> groups;
};

// The group as one SaleLine (line_count and group_lines set).
SaleLine sale_line_of(const SaleGroups& groups, const SaleGroup& group);

// Where in the chain of agreements a report's amounts stand.
struct ChainPosition {
  // Empty: gross as the store reports it. Otherwise the party (id or name)
  // whose fee is already deducted, e.g. an aggregator's statement to the
  // distributor is net of the aggregator's fee.
  std::string net_of;
};

struct SalesReport {
  std::string format;      // "dsr", "apple", "bandcamp", "distrokid", "physical", "mapped".
  std::string payer;       // Who owes the money, as the file names it (DPID, store name...).
  std::string payer_name;  // Human name when the file has one.
  std::string recipient;   // To whom, as the file names it; "" when the file does not say.
  std::string service;     // The store or service the report covers; "" when mixed.
  std::string period_start, period_end;          // The reporting period.
  std::string territory;                         // "" when mixed.
  std::int64_t part_number = 1, part_count = 1;  // x and y of a multi-file report.
  // Formats that count their parts (DSR FOOT): this file's physical lines and
  // blocks, and what it says the whole report holds (0 = not said). The
  // importer checks the sums across parts once every part is present.
  std::int64_t file_lines = 0, file_blocks = 0;
  std::int64_t declared_report_lines = 0, declared_report_blocks = 0;
  std::int64_t footer_line = 0;
  // The report's identity, independent of file bytes, message id and
  // creation time: same identity + other content is a correction.
  std::string identity;
  ChainPosition chain;
  // True when the lines are in `groups` (the DSR streaming reader,
  // dsr_stream.h) and `lines` is empty: each group is source lines with the
  // same identifiers, store, channel, territory, sale period and currency.
  // Postings then name their lines by those identifiers (a line selector)
  // instead of line ranges.
  bool grouped = false;
  SaleGroups groups;
  std::vector<SaleLine> lines;
  std::int64_t rows = 0;        // Data rows read (lines with and without money).
  std::vector<Error> errors;    // Every rejected row; import only when empty (or quarantine).
  std::vector<Error> warnings;  // Accepted quirks.
  // The raw text of every rejected row, parallel to `errors` where known
  // (empty string when a row's text is not available), for the rejects table.
  std::vector<std::string> rejected_text;
  bool ok() const { return errors.empty(); }
};

// A payment advice: money that actually arrived.
struct RemittanceLine {
  std::int64_t line_number = 0;
  std::string payer;  // As in the reports it pays (DPID, store name or party id).
  std::string date;   // Value date, ISO.
  std::string currency;
  Decimal amount;  // Positive: received.
  // What it pays: report identities, import ids written "import:<id>", or
  // reporting periods "YYYY-MM" / "YYYY-Qn" / "YYYY". Empty: oldest first.
  std::vector<std::string> pays;
  std::string bank_reference;
};

struct Remittance {
  std::vector<RemittanceLine> lines;
  std::int64_t rows = 0;
  std::vector<Error> errors;
  std::vector<std::string> rejected_text;
  bool ok() const { return errors.empty(); }
};

}  // namespace fermata
