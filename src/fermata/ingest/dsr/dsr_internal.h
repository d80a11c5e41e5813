// Internal pieces of the DSR parser shared by its .cc files; not a public API.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fermata/base/error.h"
#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/sales/sales.h"

namespace fermata::dsr_internal {

// Profile bits for RecordSpec::profiles.
inline constexpr unsigned kProfileBasicAudio = 1;
inline constexpr unsigned kProfileUgc = 2;
inline constexpr unsigned kProfileAudioVisual = 4;
inline constexpr unsigned kProfileFinancialSrb = 8;
inline constexpr unsigned kProfileLegacy = 16;
inline constexpr unsigned kProfileAll = 31;

struct RecordSpec {
  std::string_view type;
  unsigned profiles;
  std::string_view versions;  // "" = any version; else a comma list "1.0,1.1".
  std::span<const DsrCellSpec> cells;
};

// One physical line without its line end; comments and blank lines included.
struct PhysicalLine {
  std::int64_t number = 0;  // 1-based.
  std::string_view text;
};
std::vector<PhysicalLine> split_physical_lines(std::string_view bytes);

// Splits on `sep` not preceded by an escaping backslash; escapes are kept.
std::vector<std::string_view> split_unescaped(std::string_view text, char sep);
// Removes escapes: "\x" becomes "x"; a trailing lone backslash is kept.
std::string unescape(std::string_view text);

unsigned profile_bit(DsrProfile profile);
DsrProfile profile_from_name(std::string_view name);
// The best spec for the type: exact version match, then any-version, then a
// spec of another profile (*in_profile = false). nullptr when unknown.
const RecordSpec* find_spec(std::string_view type, DsrProfile profile, std::string_view version,
                            bool* in_profile);
// The legacy short HEAD (MessageId, Profile, ProfileVersion, FileNumber?,
// NumberOfFiles?) of the tokenizer fixtures.
const RecordSpec& legacy_head_spec();

Error dsr_error(ErrorCode code, std::string message, std::string_view file, std::int64_t line,
                std::string_view field = {}, std::string_view value = {});

// Lexes one record line into named cells per the spec (raw when spec is null).
DsrRecord lex_record(std::string_view line, std::int64_t line_number, const RecordSpec* spec);

// Checks cell count and required cells; appends to errors.
void check_record_cells(const DsrRecord& record, const RecordSpec& spec, std::string_view file,
                        bool allow_extra, std::vector<Error>* errors);

// Parses an optional decimal cell; records an error naming the cell on failure.
std::optional<Decimal> decimal_cell(const DsrRecord& record, std::string_view name,
                                    std::string_view file, std::vector<Error>* errors);
// Sums the `|`-separated values of a (possibly repeatable) decimal cell.
Decimal decimal_sum_cell(const DsrRecord& record, std::string_view name, std::string_view file,
                         std::vector<Error>* errors);

void read_summaries(DsrReport* report);
// FOOT counts against the file: `blocks` = the blocks the file has.
void check_footer(DsrReport* report, std::int64_t blocks);

bool is_head_type(std::string_view type);
bool is_foot_type(std::string_view type);
// The spec for HEAD, decided from its own cells (standard or legacy short HEAD).
const RecordSpec* head_spec(std::string_view line, std::string_view type);
// Fills report->header from the HEAD record; errors for an unknown profile and bad dates.
void read_head(const DsrRecord& head, DsrReport* report);
// True when the HEAD names a profile version newer than the tables, whose
// records may carry appended cells.
bool newer_version(const DsrHeader& header);

// Priced lines whose amount comes from the summary: SU01, SU02, SU04.01, SR01, SR02.
bool is_allocatable(std::string_view type);
// SU*, LI*, RU*, SR* except SRFO.
bool is_sale_type(std::string_view type);
// Fractional digits needed to write `value` exactly (0..12).
int places_of(Decimal value);

// ISRC upper case without hyphens and spaces.
std::string normalized_isrc(std::string_view text);
// Download, stream or other from the summary's UseType; every UGC line is ugc.
SalesChannel channel_of(DsrProfile profile, const DsrSummary* summary);
// The report-level fields of dsr_to_sales(): payer, recipient, service,
// period, parts, identity, FOOT counts (`blocks` = the file's blocks), warnings.
void fill_sales_header(const DsrReport& report, std::int64_t blocks, SalesReport* out);
void read_sale_lines(DsrReport* report);
void compute_amounts(DsrReport* report);
void reconcile(DsrReport* report);

// A whole non-negative count ("0", "35"), or nothing for anything else.
std::optional<std::int64_t> parse_count(std::string_view text);

// A count cell of `record` (FOOT counts, usages): empty is "absent"; a
// non-empty value that is not a whole non-negative count is an error.
std::optional<std::int64_t> count_cell(const DsrRecord& record, std::string_view name,
                                       DsrReport* report);

}  // namespace fermata::dsr_internal
