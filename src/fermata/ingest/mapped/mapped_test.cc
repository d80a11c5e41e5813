// Goal: parse_mapping accepts the documented keys and names the line and key
// of every kind of mistake; parse_mapped reads the ';'/decimal-comma CSV and
// the .xlsx of the same statement to identical lines, applies each returns
// convention, and names every bad cell. Method: the SYNTHETIC fixtures in
// tests/data/stores/ (klangvertrieb_*; the xlsx is written by make_xlsx.py)
// and small inline mappings.
#include <gtest/gtest.h>

#include <map>

#include "fermata/ingest/mapped/mapped.h"
#include "fermata/ingest/stores/stores_test_util.h"

namespace fermata {
namespace {

using stores_test::error_list;
using stores_test::read_fixture;
using stores_test::totals_by_currency;

Mapping klang_mapping() {
  Result<Mapping> mapping =
      parse_mapping(read_fixture("klangvertrieb.mapping"), "klangvertrieb.mapping");
  EXPECT_TRUE(mapping.has_value()) << (mapping ? "" : mapping.error().to_string());
  return mapping ? *mapping : Mapping();
}

TEST(Mapping, ParsesFixture) {
  const Mapping m = klang_mapping();
  EXPECT_EQ(m.payer, "Klangvertrieb GmbH");
  EXPECT_EQ(m.payer_name, "Klangvertrieb GmbH");
  EXPECT_EQ(m.delimiter, ';');
  EXPECT_EQ(m.header_row, 3);
  EXPECT_EQ(m.footer_rows, 1);
  EXPECT_EQ(m.decimal_separator, ',');
  EXPECT_EQ(m.thousands_separator, '.');
  EXPECT_EQ(m.channel, SalesChannel::kStream);
  EXPECT_EQ(m.returns, ReturnsConvention::kColumn);
  EXPECT_EQ(m.columns.icpn, "EAN");
  EXPECT_EQ(m.columns.artist, "Künstler");
  EXPECT_EQ(m.encoding, "windows-1252");
}

Error mapping_error(const std::string& text) {
  Result<Mapping> m = parse_mapping(text, "m.map");
  EXPECT_FALSE(m.has_value()) << text;
  return m ? Error{} : m.error();
}

TEST(Mapping, ErrorsNameLineAndKey) {
  const std::string base = "payer = P\ncolumn.amount = A\ncurrency = EUR\nperiod = 2026-01\n";
  struct Case {
    std::string text;
    std::int64_t line;
    std::string key;
    ErrorCode code;
  };
  const std::vector<Case> cases = {
      {base + "delimiter = :\n", 5, "delimiter", ErrorCode::kFieldInvalid},
      {base + "# comment\n\nnonsense\n", 7, "", ErrorCode::kParseError},
      {base + "colour = red\n", 5, "colour", ErrorCode::kParseError},
      {base + "payer = Q\n", 5, "payer", ErrorCode::kParseError},
      {base + "date_format = %d/%Q\n", 5, "date_format", ErrorCode::kFieldInvalid},
      {base + "header_row = 0\n", 5, "header_row", ErrorCode::kFieldInvalid},
      {base + "thousands_separator = .\ndecimal_separator = .\n", 5, "thousands_separator",
       ErrorCode::kFieldInvalid},
      {"payer = P\ncolumn.amount = A\ncurrency = EURO\n", 3, "currency", ErrorCode::kFieldInvalid},
      {"column.amount = A\ncurrency = EUR\nperiod = 2026-01\n", 0, "payer",
       ErrorCode::kFieldMissing},
      {base + "column.price = P\n", 5, "column.amount", ErrorCode::kFieldMissing},
      {base + "returns = column\n", 5, "column.returns", ErrorCode::kFieldMissing},
      {"payer = P\ncolumn.amount = A\ncurrency = EUR\n", 0, "column.date",
       ErrorCode::kFieldMissing},
  };
  for (const Case& c : cases) {
    const Error e = mapping_error(c.text);
    EXPECT_EQ(e.where.file, "m.map") << c.text;
    EXPECT_EQ(e.where.line_number, c.line) << c.text;
    EXPECT_EQ(e.where.field, c.key) << c.text;
    EXPECT_EQ(e.code, c.code) << c.text << e.to_string();
  }
}

TEST(Mapped, ReadsSemicolonDecimalCommaCsv) {
  const SalesReport report =
      parse_mapped(read_fixture("klangvertrieb_2026-01.csv"), klang_mapping(), "k.csv");
  EXPECT_TRUE(report.ok()) << (report.errors.empty() ? "" : report.errors[0].to_string());
  EXPECT_EQ(report.format, "mapped");
  EXPECT_EQ(report.payer, "Klangvertrieb GmbH");
  EXPECT_EQ(report.rows, 6);
  ASSERT_EQ(report.lines.size(), 6u);
  EXPECT_EQ(report.period_start, "2026-01-03");
  EXPECT_EQ(report.period_end, "2026-01-31");
  EXPECT_EQ(report.identity, "mapped|Klangvertrieb GmbH|2026-01-03|2026-01-31");
  EXPECT_EQ(totals_by_currency(report),
            (std::map<std::string, std::string>{{"EUR", "1311.551234"}, {"GBP", "-8.99"}}));
  const SaleLine& first = report.lines[0];
  EXPECT_EQ(first.line_number, 4);
  EXPECT_EQ(first.store, "Amazon Music");
  EXPECT_EQ(first.territory, "DE");
  EXPECT_EQ(first.icpn, "198765000011");
  EXPECT_EQ(first.isrc, "DEXY72600001");
  EXPECT_EQ(first.artist, "Polarkreis");
  EXPECT_EQ(first.sale_start, "2026-01-03");
  EXPECT_EQ(first.units.to_string(), "1204");
  EXPECT_EQ(first.amount.to_string(), "3.61");
  EXPECT_EQ(first.channel, SalesChannel::kStream);
  EXPECT_EQ(report.lines[2].units.to_string(), "9");  // 12 sold - 3 returned.
  EXPECT_EQ(report.lines[4].units.to_string(), "412345");
  EXPECT_EQ(report.lines[5].title, "Polar Night; Deluxe");
  EXPECT_EQ(report.lines[5].units.to_string(), "-1");
}

// The xlsx holds the same statement (numbers as numbers, dates as serials,
// one amount as 1.234E-3): every line must equal its CSV twin field by field.
TEST(Mapped, XlsxEqualsCsv) {
  const Mapping mapping = klang_mapping();
  const SalesReport csv = parse_mapped(read_fixture("klangvertrieb_2026-01.csv"), mapping, "k");
  const SalesReport xlsx = parse_mapped(read_fixture("klangvertrieb_2026-01.xlsx"), mapping, "k");
  EXPECT_TRUE(xlsx.ok()) << (xlsx.errors.empty() ? "" : xlsx.errors[0].to_string());
  ASSERT_EQ(xlsx.lines.size(), csv.lines.size());
  for (size_t i = 0; i < csv.lines.size(); ++i) {
    const SaleLine& a = csv.lines[i];
    const SaleLine& b = xlsx.lines[i];
    EXPECT_EQ(a.line_number, b.line_number);
    EXPECT_EQ(a.isrc, b.isrc);
    EXPECT_EQ(a.icpn, b.icpn);
    EXPECT_EQ(a.catalog_number, b.catalog_number);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.artist, b.artist);
    EXPECT_EQ(a.store, b.store);
    EXPECT_EQ(a.territory, b.territory);
    EXPECT_EQ(a.sale_start, b.sale_start);
    EXPECT_EQ(a.sale_end, b.sale_end);
    EXPECT_EQ(a.currency, b.currency);
    EXPECT_EQ(a.units, b.units) << i;
    EXPECT_EQ(a.amount, b.amount) << i;
  }
  EXPECT_EQ(xlsx.identity, csv.identity);
  EXPECT_EQ(xlsx.rows, csv.rows);
}

TEST(Mapped, CollectsEveryBadCell) {
  const SalesReport report =
      parse_mapped(read_fixture("klangvertrieb_bad.csv"), klang_mapping(), "kb.csv");
  EXPECT_EQ(report.rows, 5);
  ASSERT_EQ(report.lines.size(), 1u);
  EXPECT_EQ(report.lines[0].line_number, 8);
  EXPECT_EQ(error_list(report.errors), (std::vector<std::string>{
                                           "kb.csv:4 Datum='31.02.2026' date_invalid",
                                           "kb.csv:5 Menge='1,5' units_not_whole",
                                           "kb.csv:5 Betrag='3.61' decimal_syntax",
                                           "kb.csv:6 ISRC='DEXY7260001' identifier_invalid",
                                           "kb.csv:6 Land='UK' field_invalid",
                                           "kb.csv:6 Währung='Euro' currency_unknown",
                                           "kb.csv:7 Datum='2026-02-01' date_invalid",
                                       }));
  EXPECT_EQ(report.rejected_text[0].substr(0, 13), "Amazon Music;");
}

TEST(Mapped, MissingColumnsAreNamed) {
  Result<Mapping> m = parse_mapping(
      "payer = P\ncolumn.amount = Amount\ncolumn.units = Qty\ncurrency = USD\nperiod = 2026-01\n",
      "m.map");
  ASSERT_TRUE(m.has_value());
  const SalesReport r = parse_mapped("Total,Count\n1,2\n", *m, "x.csv");
  EXPECT_EQ(error_list(r.errors), (std::vector<std::string>{"x.csv:1 Qty='' field_missing",
                                                            "x.csv:1 Amount='' field_missing"}));
}

TEST(Mapped, FlagAndPriceAndTabAndFixedPeriod) {
  Result<Mapping> m = parse_mapping(
      "payer = P\ndelimiter = tab\nquote = none\ncolumn.price = Price\ncolumn.units = Qty\n"
      "currency = USD\nperiod = 2026-02\nreturns = flag\ncolumn.return_flag = Type\n"
      "return_flag_value = R\nstore = Shop X\nterritory = us\ndate_format = %b %Y\n",
      "m.map");
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  const SalesReport r =
      parse_mapped("Type\tQty\tPrice\nS\t3\t0.333\nR\t2\t0.333\n\"S\"\t1\t1\n", *m, "t.tsv");
  EXPECT_EQ(error_list(r.errors), std::vector<std::string>{});
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[0].amount.to_string(), "0.999");
  EXPECT_EQ(r.lines[1].units.to_string(), "-2");
  EXPECT_EQ(r.lines[1].amount.to_string(), "-0.666");
  EXPECT_EQ(r.lines[2].units.to_string(), "1");  // "\"S\"" is not R; quotes are literal.
  EXPECT_EQ(r.lines[0].store, "Shop X");
  EXPECT_EQ(r.lines[0].territory, "US");
  EXPECT_EQ(r.lines[0].sale_start, "2026-02-01");
  EXPECT_EQ(r.lines[0].sale_end, "2026-02-28");
  EXPECT_EQ(r.period_start, "2026-02-01");
  EXPECT_EQ(r.period_end, "2026-02-28");
  EXPECT_EQ(r.service, "Shop X");
}

TEST(Mapped, MonthDateFormat) {
  Result<Mapping> m = parse_mapping(
      "payer = P\ncolumn.amount = A\ncolumn.date = Month\ncurrency = EUR\ndate_format = %Y-%m\n",
      "m.map");
  ASSERT_TRUE(m.has_value());
  const SalesReport r = parse_mapped("Month,A\n2024-02,1.5\n2024-03,2\n", *m, "x.csv");
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].sale_start, "2024-02-01");
  EXPECT_EQ(r.lines[0].sale_end, "2024-02-29");
  EXPECT_EQ(r.period_start, "2024-02-01");
  EXPECT_EQ(r.period_end, "2024-03-31");
}

}  // namespace
}  // namespace fermata
