// Goal: the PDF statement prints the rows' figures exactly as their text
// (summary amounts, the identity, detail rows), paginates with a correct
// "Page N of M", keeps long text inside the page, reads the same every
// time it is rendered, and reports an unwritable path as io_error.
// Method: synthetic rows (two currencies, four periods of earnings
// history, 70 detail rows) written to a temporary directory and read back
// with poppler's pdftotext (a declared dependency), as text and as word
// boxes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "fermata/statement/royalty_statement.h"
#include "fermata/storage/sqlite/test_db.h"

// Under `make asan`: pango keeps the patterns fontconfig matched in its
// per-thread font map for the life of the process, and LeakSanitizer reports
// them at exit. They are a fixed cache (1 or 40 renderings leave the same
// ~100 KB), not a leak per statement.
extern "C" const char* __lsan_default_suppressions() {  // NOLINT(readability-identifier-naming)
  return "leak:libfontconfig.so\n";
}

namespace fermata {
namespace {

using testing::TempDir;

StatementRow row(std::string section, std::string item, std::string currency, std::string text,
                 std::string detail = "") {
  std::optional<Decimal> amount;
  if (!text.empty()) amount = *Decimal::parse(text);
  return StatementRow{std::move(section), std::move(item),  std::move(currency), amount,
                      std::move(text),    std::move(detail)};
}

const char kIdentity[] = "opening + earnings - fees - tax - reserves held + released";
const char kLongDetail[] =
    "a very long explanation of how this fee was computed, which goes on and on across the "
    "whole width of the page and further, naming the clause, the base, the rate, the "
    "transaction and a great deal more than any column could hold on one line, so it must "
    "wrap and then be shortened rather than run off the edge of the paper";

void add_summary(std::vector<StatementRow>& rows, const std::string& currency,
                 const std::vector<std::string>& texts) {
  const char* items[] = {"opening",       "earnings",          "fees",   "tax_on_fees",
                         "reserves_held", "reserves_released", "closing"};
  for (std::size_t i = 0; i < 7; ++i)
    rows.push_back(row("summary", items[i], currency, texts[i], i == 6 ? kIdentity : ""));
}

std::vector<StatementRow> sample_rows() {
  std::vector<StatementRow> rows = {
      row("statement", "agreement", "", "", "AGR-L1-D1"),
      row("statement", "period", "", "", "2026-Q1 2026-01-01..2026-03-31"),
      row("statement", "licensor", "", "", "L1"),
      row("statement", "accounting_party", "", "", "D1"),
      row("statement", "number", "", "", "ST-000042"),
      row("statement", "date", "", "", "2026-06-29"),
      row("statement", "objection_deadline", "", "", "2028-06-28"),
  };
  add_summary(rows, "EUR", {"10.00", "185.426", "-46.36", "-9.27", "-27.82", "0.00", "111.976"});
  add_summary(rows, "USD", {"0.00", "900.00", "-225.00", "-45.00", "-135.00", "0.00", "495.00"});
  const char* periods[] = {"2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"};
  const char* eur[] = {"120.50", "98.00", "-12.25", "185.426"};
  const char* usd[] = {"610.00", "0.00", "455.10", "900.00"};
  for (std::size_t i = 0; i < 4; ++i)
    rows.push_back(row("earnings_history", periods[i], "EUR", eur[i]));
  for (std::size_t i = 0; i < 4; ++i)
    rows.push_back(row("earnings_history", periods[i], "USD", usd[i]));
  for (int i = 0; i < 64; ++i) {
    rows.push_back(row("earnings_by_store", "Store " + std::to_string(i), i % 2 ? "EUR" : "USD",
                       std::to_string(i) + ".25"));
  }
  rows.push_back(row("fee", "v1 §5.1", "USD", "-1234.5678", kLongDetail));
  rows.push_back(row("fee_tax", "v1 §5.3", "USD", "-45.00", "20% of 225.00 (VAT); txn 7"));
  rows.push_back(row("reserve_release", "v1 §6.1", "USD", "67.50", "50% of 135.00; txn 9"));
  return rows;
}

// What `command` prints on stdout.
std::string output_of(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

std::string pdf_text(const std::string& path) {
  return output_of("pdftotext -layout '" + path + "' -");
}

std::string written(const std::vector<StatementRow>& rows, const std::string& path) {
  Status status = write_statement_pdf(rows, path);
  EXPECT_TRUE(status) << status.error().to_string();
  return pdf_text(path);
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(RoyaltyStatementPdf, PrintsEveryFigureAsItsText) {
  TempDir dir;
  const std::vector<StatementRow> rows = sample_rows();
  const std::string text = written(rows, dir.file("statement.pdf"));
  ASSERT_FALSE(text.empty()) << "pdftotext (poppler-utils) read nothing";
  EXPECT_NE(text.find("Royalty statement ST-000042"), std::string::npos) << text;
  EXPECT_NE(text.find("Accounting party"), std::string::npos);
  EXPECT_NE(text.find("2028-06-28"), std::string::npos);
  for (const StatementRow& r : rows) {
    if (r.section == "summary") {
      EXPECT_NE(text.find(r.text), std::string::npos) << r.text;
    }
  }
  EXPECT_NE(text.find("Summary, EUR"), std::string::npos);
  EXPECT_NE(text.find("Summary, USD"), std::string::npos);
  EXPECT_NE(text.find(std::string("Closing = ") + kIdentity), std::string::npos);
  EXPECT_NE(text.find("Earnings by period, EUR"), std::string::npos);
  EXPECT_NE(text.find("2025-Q3"), std::string::npos);
  EXPECT_NE(text.find("-12.25"), std::string::npos) << "a negative bar keeps its label";
  EXPECT_NE(text.find("Earnings by store"), std::string::npos);
  EXPECT_NE(text.find("Earnings by store (continued)"), std::string::npos);
  EXPECT_NE(text.find("Store 63"), std::string::npos);
  EXPECT_NE(text.find("-1234.5678"), std::string::npos) << "a detail row's exact amount";
  EXPECT_NE(text.find("Reserves released"), std::string::npos);
  EXPECT_NE(text.find("20% of 225.00 (VAT); txn 7"), std::string::npos);
}

TEST(RoyaltyStatementPdf, NumbersItsPages) {
  TempDir dir;
  const std::string text = written(sample_rows(), dir.file("statement.pdf"));
  // (No std::regex here: GCC 12 warns inside <regex> under the sanitizer build.)
  const std::size_t at = text.find("Page 1 of ");
  ASSERT_NE(at, std::string::npos) << text;
  const int pages = std::stoi(text.substr(at + 10));
  EXPECT_GE(pages, 2);
  // pdftotext ends every page with a form feed.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\f'), pages);
  for (int n = 1; n <= pages; ++n) {
    EXPECT_NE(text.find("Page " + std::to_string(n) + " of " + std::to_string(pages)),
              std::string::npos);
  }
  EXPECT_NE(text.find("ST-000042 \u00b7 AGR-L1-D1 \u00b7 2026-Q1 2026-01-01..2026-03-31"),
            std::string::npos);
}

TEST(RoyaltyStatementPdf, KeepsLongTextInsideThePage) {
  TempDir dir;
  const std::string path = dir.file("statement.pdf");
  const std::string text = written(sample_rows(), path);
  // Wrapped: the detail's first line ends well before its text does.
  const std::size_t start = text.find("a very long explanation");
  ASSERT_NE(start, std::string::npos);
  EXPECT_EQ(text.substr(start, text.find('\n', start) - start).find("computed"), std::string::npos);
  // Ellipsized on its third line; the ellipsis carries the text it stands for
  // (cairo maps the glyph to the omitted characters), so the text is whole.
  EXPECT_NE(text.find("edge of the paper"), std::string::npos);
  const std::string boxes = output_of("pdftotext -bbox '" + path + "' -");
  const std::string x_max = "xMax=\"";
  int words = 0;
  for (std::size_t at = boxes.find(x_max); at != std::string::npos;
       at = boxes.find(x_max, at + 1), ++words) {
    EXPECT_LE(std::stod(boxes.substr(at + x_max.size())), 595.28 - 48 + 0.5)
        << "a word past the right margin";
  }
  EXPECT_GT(words, 200);
}

TEST(RoyaltyStatementPdf, SameRowsSameText) {
  TempDir dir;
  const std::vector<StatementRow> rows = sample_rows();
  const std::string first = written(rows, dir.file("first.pdf"));
  const std::string second = written(rows, dir.file("second.pdf"));
  EXPECT_EQ(first, second);
  EXPECT_EQ(bytes_of(dir.file("first.pdf")), bytes_of(dir.file("second.pdf")));
}

TEST(RoyaltyStatementPdf, OmitsTheChartWithoutHistory) {
  TempDir dir;
  std::vector<StatementRow> rows = sample_rows();
  std::erase_if(rows, [](const StatementRow& r) { return r.section == "earnings_history"; });
  const std::string text = written(rows, dir.file("statement.pdf"));
  EXPECT_EQ(text.find("Earnings by period"), std::string::npos);
  EXPECT_NE(text.find("495.00"), std::string::npos);
}

TEST(RoyaltyStatementPdf, UnwritablePathIsAnIoError) {
  TempDir dir;
  const std::string path = dir.file("missing/statement.pdf");
  Status status = write_statement_pdf(sample_rows(), path);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kIoError);
  EXPECT_EQ(status.error().message, "cannot create '" + path + "': No such file or directory");
  EXPECT_EQ(status.error().where.file, path);
}

}  // namespace
}  // namespace fermata
