// Stores: pure parsers for the sales reports labels get from stores and
// distributors outside DDEX, and for remittance (payment) advices.
//
// Each parse_* function turns the text of one file (already decoded to UTF-8
// upstream; DistroKid is Latin-1 on disk) into the common SalesReport of
// ingest/sales/sales.h: one SaleLine per data row that carries units or
// money, with returns negative whatever the file's own convention. They touch
// no database and know nothing of the catalog. Column sets, sign rules,
// period mapping and identities are documented per format in docs/FORMATS.md §7
// (merged into docs/FORMATS.md); the short version is on each function.
//
// Errors are values. Every rejected row produces one Error per problem, each
// naming file, 1-based line, field (the column name) and raw value, with the
// row's text at the same index in rejected_text. Every error of a file is
// collected; a report is importable only when errors is empty. A file whose
// header cannot be found has a single field_missing error at line 1.
//
// Thread safety: pure functions over plain values.
//
//   std::string_view kind = detect_store_format(text);  // "apple"
//   SalesReport report = parse_apple_report(text, "80012345_0126_EU.txt");
//   if (!report.ok()) for (const Error& e : report.errors) Print(e.to_string());
#pragma once

#include <string>
#include <string_view>

#include "fermata/ingest/sales/sales.h"

namespace fermata {

// Apple iTunes / Apple Music content-provider Financial Report (TSV, no
// quoting). Lines before the header row (found by its column set) are the
// preamble: "Key: value" lines give the vendor ("Vendor ID", else
// "Provider"). Data rows run until the first line that is neither a row of
// the header's width nor starts with a MM/DD/YYYY date; the rest is the
// per-country summary and is skipped, except "Total_Rows<TAB>N", which must
// equal the data rows read. amount = Extended Partner Share, which must equal
// Quantity x Partner Share exactly (field_invalid otherwise). Sales or
// Return "R" requires a negative quantity. The reporting period is the
// calendar month of the Apple fiscal month named by the rows' Start/End Date
// (table in apple_calendar.cc; one month per file). Identity:
// "apple|<vendor>|<YYYY-MM>|<currencies joined by +>".
SalesReport parse_apple_report(std::string_view text, std::string_view file_name);

// Bandcamp sales report CSV. amount = net amount in the row's currency;
// units = quantity (negated when the net amount is negative: a refund).
// item type album/track/bundle → download, package → physical, merch →
// channel other with no identifiers (it lands in suspense). Dates in any of
// "M/D/YY h:mmam", "M/D/YYYY HH:MM", "YYYY-MM-DD[ HH:MM[:SS]]". Identity:
// "bandcamp|<paid to>|<first sale date>|<last sale date>".
SalesReport parse_bandcamp_sales(std::string_view text, std::string_view file_name);

// The same Bandcamp CSV with buyer personal data blanked, byte for byte
// otherwise (quotes, line breaks and other fields untouched): every column
// whose header starts with "buyer" or "ship to", plus "city", "region/state",
// "postal code" and "address" (case-insensitive). Text without such a header
// on its first record is returned unchanged. Used before archiving the file.
std::string redact_bandcamp(std::string_view text);

// DistroKid "Excruciating Detail" TSV, current and older headers. amount =
// Earnings (USD); units = Quantity (may be negative); ISRC normalised
// (hyphens dropped); sale period = Sale Month. Reporting period = first and
// last Reporting Date. Identity: "distrokid|<first>|<last>".
SalesReport parse_distrokid(std::string_view text, std::string_view file_name);

// Physical sell-through CSV (Fermata's own layout; see docs/FORMATS.md §7):
// store,upc,units_sold,units_returned,ppd,currency,period and optional
// payer,catalog_number,title,artist,territory. units = sold - returned,
// amount = ppd x units, channel physical, period YYYY-MM. The payer is the
// payer column, else the store; a file must name one payer. Identity:
// "physical|<payer>|<first period>|<last period>".
SalesReport parse_physical_sellthrough(std::string_view text, std::string_view file_name);

// Remittance advice CSV: payer,date,amount,currency,pays,bank_reference.
// amount must be positive; pays is a ';'-separated list of report identities
// (containing '|'), "import:<id>", or periods YYYY / YYYY-MM / YYYY-Qn.
Remittance parse_remittance(std::string_view text, std::string_view file_name);

// "apple", "bandcamp", "distrokid", "physical", "remittance" or "" from the
// header set of the first 64 lines (never the file name).
std::string_view detect_store_format(std::string_view text);

}  // namespace fermata
