// Goal: the streaming DSR reader (dsr_stream.h) says what parse_dsr() +
// dsr_to_sales() say about every file it reads: the same errors and
// warnings, the same report fields, and per identifiers x context x period
// the same units, line counts and money (NetRevenue rounded once per group
// instead of once per line, which is equal when lines and groups coincide or
// the summary is exactly its gross); whatever the pieces it is fed in.
// Method: hand-written Basic Audio and AudioVisual texts with the features
// that matter (escapes, `|` counts, returns, validity dates, CRLF, errors of
// every kind) and a few hundred generated reports, each read both ways.
#include "fermata/ingest/dsr/dsr_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_sales.h"
#include "fermata/ingest/dsr/dsr_test_util.h"

namespace fermata {
namespace {

Decimal dec(const char* text) {
  return *Decimal::parse(text);
}

constexpr char kName[] = "DSR_PADPIDA2013020802I_PADPIDA2014111801Y_Streamy_2015-Q4_US_1of1_x.tsv";

constexpr const char* kHead = dsr_test::kBasicAudioHead;

// Summary 1 (downloads, US, 2.97 USD) over three SU01 lines; summary 2
// (streams, GB, 0.40 GBP) over one SU02 line; block 2 has two releases.
const std::string kBasic = dsr_test::kBasicAudioReport;

// Everything that decides money, per identifiers x context x period.
struct Sums {
  Decimal units, amount;
  std::int64_t lines = 0;
  bool operator==(const Sums&) const = default;
};
using Totals = std::map<std::string, Sums>;

std::string key_of(const SaleLine& l) {
  return l.isrc + "|" + l.icpn + "|" + l.catalog_number + "|" + l.proprietary_id + "|" + l.store +
         "|" + std::string(sales_channel_name(l.channel)) + "|" + l.territory + "|" + l.sale_start +
         "|" + l.sale_end + "|" + l.currency + "|" + (l.has_amount ? "$" : "-");
}

Totals totals_of(const std::vector<SaleLine>& lines) {
  Totals totals;
  for (const SaleLine& l : lines) {
    Sums& s = totals[key_of(l)];
    s.units = s.units + l.units;
    s.amount = s.amount + l.amount;
    s.lines += l.line_count;
  }
  return totals;
}

std::vector<SaleLine> lines_of(const SalesReport& report) {
  if (!report.grouped) return report.lines;
  std::vector<SaleLine> lines;
  for (const SaleGroup& g : report.groups.groups) lines.push_back(sale_line_of(report.groups, g));
  return lines;
}

std::vector<std::string> texts(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) out.push_back(e.to_string());
  std::sort(out.begin(), out.end());
  return out;
}

// The whole-file reading, in the shape the importer uses.
SalesReport whole(const std::string& text) {
  const DsrReport dsr = parse_dsr(text, kName);
  SalesReport out;
  if (dsr.ok()) out = dsr_to_sales(dsr);
  out.errors = dsr.errors;
  out.warnings = dsr.warnings;
  return out;
}

// Reads `text` both ways and compares; `exact_money` = amounts must agree
// per key (false when a summary's rounding differs between lines and groups).
void expect_same(const std::string& text, bool exact_money, const std::string& what) {
  SCOPED_TRACE(what);
  const SalesReport expected = whole(text);
  const std::optional<SalesReport> streamed = stream_dsr_sales(text, kName);
  ASSERT_TRUE(streamed.has_value());
  EXPECT_TRUE(streamed->grouped);
  EXPECT_EQ(texts(streamed->errors), texts(expected.errors));
  EXPECT_EQ(texts(streamed->warnings), texts(expected.warnings));
  if (!expected.ok()) return;
  EXPECT_EQ(streamed->identity, expected.identity);
  EXPECT_EQ(streamed->payer, expected.payer);
  EXPECT_EQ(streamed->recipient, expected.recipient);
  EXPECT_EQ(streamed->period_start, expected.period_start);
  EXPECT_EQ(streamed->period_end, expected.period_end);
  EXPECT_EQ(streamed->file_lines, expected.file_lines);
  EXPECT_EQ(streamed->file_blocks, expected.file_blocks);
  EXPECT_EQ(streamed->declared_report_lines, expected.declared_report_lines);
  EXPECT_EQ(streamed->rows, expected.rows);
  Totals want = totals_of(expected.lines);
  Totals got = totals_of(lines_of(*streamed));
  // Per currency the money is the same either way: every summary is split exactly.
  std::map<std::string, Decimal> want_currency, got_currency;
  for (const SaleLine& l : expected.lines) want_currency[l.currency] += l.amount;
  for (const SaleLine& l : lines_of(*streamed)) got_currency[l.currency] += l.amount;
  EXPECT_EQ(got_currency, want_currency);
  if (!exact_money) {
    for (Totals* t : {&want, &got}) {
      for (auto& [key, sums] : *t) sums.amount = Decimal();
    }
  }
  EXPECT_EQ(got, want);
}

TEST(DsrStream, ReadsBasicAudioAsParseDsrDoes) {
  expect_same(kBasic, true, "basic");
  const std::optional<SalesReport> r = stream_dsr_sales(kBasic, kName);
  ASSERT_TRUE(r && r->ok());
  // 4 lines in 4 groups: summary 1's 2.97 USD keeps its per-line split.
  ASSERT_EQ(r->groups.groups.size(), 4u);
  EXPECT_EQ(r->groups.groups[0].amount, dec("1.78"));
  EXPECT_EQ(r->groups.groups[1].amount, dec("0.40"));
  EXPECT_EQ(r->groups.groups[2].amount, dec("0.60"));
  EXPECT_EQ(r->groups.groups[3].amount, dec("0.59"));
  EXPECT_EQ(r->groups.resources[r->groups.groups[0].resource].isrc, "GBAYE0000001");
}

TEST(DsrStream, AnyPieceSizeGivesTheSameReport) {
  const std::optional<SalesReport> one = stream_dsr_sales(kBasic, kName);
  ASSERT_TRUE(one.has_value());
  for (std::size_t piece = 1; piece <= 64; ++piece) {
    DsrStreamReader reader(kName);
    for (std::size_t at = 0; at < kBasic.size(); at += piece) {
      reader.feed(std::string_view(kBasic).substr(at, piece));
    }
    const SalesReport r = *reader.finish();
    EXPECT_EQ(totals_of(lines_of(r)), totals_of(lines_of(*one))) << "piece " << piece;
    EXPECT_EQ(texts(r.errors), texts(one->errors)) << "piece " << piece;
    EXPECT_EQ(reader.lines_read(), 14);
    EXPECT_EQ(reader.sales_lines_read(), 4);
  }
}

// Lines of one summary naming the same resource and release are one group:
// 1.00 over gross 1 : 1 : 1 (lines T1 and T3 name R1, T2 names R2) is
// 0.67 : 0.33 by group (rounded once each).
TEST(DsrStream, AllocatesNetRevenueOncePerGroup) {
  const std::string text =
      std::string(kHead) +
      "SY01.01\t1\t\t\tPayAsYouGoModel\tPermanentDownload\tUS\t\t3\t\tUSD\t1.00\n"
      "RE01\t1\tRL1\tDR1\t\tC1\t0036000291452\tA\t\tAlbum\n"
      "AS01.01\t1\tR1\tD1\tUSRC17607839\tOne\t\tA\t\tPT3M0S\tSoundRecording\n"
      "AS01.01\t1\tR2\tD2\tUSRC17607840\tTwo\t\tA\t\tPT3M0S\tSoundRecording\n"
      "SU01\t1\t1\tT1\tRL1\tR1\ttrue\tfalse\t1\t0\t1\n"
      "SU01\t1\t1\tT2\tRL1\tR2\ttrue\tfalse\t1\t0\t1\n"
      "SU01\t1\t1\tT3\tRL1\tR1\ttrue\tfalse\t1\t0\t1\n"
      "FOOT\t9\t9\t1\t1\t1\n";
  const std::optional<SalesReport> r = stream_dsr_sales(text, kName);
  ASSERT_TRUE(r && r->ok());
  ASSERT_EQ(r->groups.groups.size(), 2u);
  EXPECT_EQ(r->groups.groups[0].amount, dec("0.67"));
  EXPECT_EQ(r->groups.groups[0].line_count, 2);
  EXPECT_EQ(r->groups.groups[1].amount, dec("0.33"));
  expect_same(text, false, "by group");
}

TEST(DsrStream, ReportsTheSameErrorsAsParseDsr) {
  const std::string body =
      "SY01.01\t1\t\t\tPayAsYouGoModel\tPermanentDownload\tUS\t\t5\t\tUSD\t2.97\n"
      "RE01\t1\tRL1\tDR1\t\tABC-001\t0036000291452\tThe Band\t\tAlbum One\n"
      "AS01.01\t1\tRES1\tDSP-T1\tUSRC17607839\tSong\t\tThe Band\t\tPT3M0S\tSoundRecording\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"FOOT count", body + "SU01\t1\t1\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\n"
                            "FOOT\t99\t99\t1\t1\t1\n"},
      {"bad decimal", body + "SU01\t1\t1\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0,99\n"
                             "FOOT\t6\t6\t1\t1\t1\n"},
      {"unknown summary", body + "SU01\t1\t9\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\n"
                                 "FOOT\t6\t6\t1\t1\t1\n"},
      {"missing required", body + "SU01\t1\t1\t\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\n"
                                  "FOOT\t6\t6\t1\t1\t1\n"},
      {"too many cells", body + "SU01\t1\t1\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\tx\ty\n"
                                "FOOT\t6\t6\t1\t1\t1\n"},
      {"block repeats", body +
                            "SU01\t1\t1\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\n"
                            "AS01.01\t2\tRES1\tD\tUSRC17607839\tS\t\tB\t\tPT3M0S\tSoundRecording\n"
                            "SU01\t1\t1\tT2\tRL1\tRES1\ttrue\tfalse\t1\t0\t0.99\n"
                            "FOOT\t8\t8\t1\t3\t3\n"},
      {"summary after block",
       body + "SY01.01\t2\t\t\tPayAsYouGoModel\tPermanentDownload\tGB\t\t5\t\tGBP\t1\n"
              "FOOT\t6\t6\t2\t1\t1\n"},
      {"no FOOT", body + "SU01\t1\t1\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\n"},
      {"FOOT in the middle", body + "FOOT\t6\t6\t1\t1\t1\n"
                                    "SU01\t1\t1\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\n"},
      {"blank line", body + "\nSU01\t1\t1\tT1\tRL1\tRES1\ttrue\tfalse\t3\t0\t0.99\n"
                            "FOOT\t7\t7\t1\t1\t1\n"},
      {"unknown currency",
       "SY01.01\t1\t\t\tPayAsYouGoModel\tPermanentDownload\tUS\t\t5\t\tXXY\t2.97\n" +
           body.substr(body.find("RE01")) + "FOOT\t5\t5\t1\t1\t0\n"},
  };
  for (const auto& [what, text] : cases) expect_same(kHead + text, true, what);
  const SalesReport foot = *stream_dsr_sales(kHead + cases[0].second, kName);
  ASSERT_FALSE(foot.ok());
  EXPECT_EQ(foot.errors[0].message,
            "FOOT NumberOfLinesInFile says 99 but the file has 6 lines (line 6)");
}

// A HEAD with an invalid period is rejected like parse_dsr() rejects it; the
// report carries no dates derived from it (found by the differential fuzzer:
// deriving them asserted).
TEST(DsrStream, RejectsAnInvalidHeadPeriodWithoutDerivingDates) {
  std::string text = kBasic;
  text.replace(text.find("2015-10\t2015-12"), 15, "2015-13\t2015-1x");
  expect_same(text, true, "bad HEAD dates");
  const SalesReport r = *stream_dsr_sales(text, kName);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.period_start, "");
  EXPECT_TRUE(r.groups.groups.empty());
  EXPECT_EQ(r.identity, "dsr|PADPIDA2014111801Y|PADPIDA2013020802I|Streamy|2015-Q4|US|1");
}

TEST(DsrStream, ReadsEscapesBarsCrlfAndValidityDates) {
  // SU02 of AudioVisual carries no dates; Basic Audio SU lines neither, so
  // dates come from the HEAD. Escaped TAB in a title, `|` in a repeatable
  // artist, CRLF line ends and no final newline.
  std::string text =
      std::string(kHead) +
      "SY02.02\t1\t\t\tSubscriptionModel\tOnDemandStream\tDE\tP\t30\t\tEUR\t0.30"
      "\t\t\t\t\t\t\tMusic\n"
      "RE01\t7\tRL1\tDR1\t\tC\\\t1\t0036000291452\tA|B\t\tAl\\\\bum\n"
      "AS01.01\t7\tR1\tD1\tUS-RC1-76-07839\tSo\\\tng\t\tA|B\t\tPT3M0S\tSoundRecording\n"
      "SU02\t7\t1\tT1\tRL1\tR1\ttrue\t10\t0.01\n"
      "SU02\t7\t1\tT2\tRL1\tR1\ttrue\t20\t0.01\n"
      "FOOT\t7\t7\t1\t1\t1";
  expect_same(text, true, "escapes");
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  expect_same(crlf, true, "crlf");
  const SalesReport r = *stream_dsr_sales(text, kName);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.groups.groups.size(), 1u);
  EXPECT_EQ(r.groups.releases[0].catalog_number, "C\t1");
  EXPECT_EQ(r.groups.resources[0].isrc, "USRC17607839");
  EXPECT_EQ(r.groups.groups[0].amount, dec("0.30"));
  EXPECT_EQ(r.groups.groups[0].units, dec("30"));
}

TEST(DsrStream, LeavesOtherProfilesAndRecordsToParseDsr) {
  const std::string ugc =
      "HEAD\tdsrf/30\tUGCProfile\t1.0\tM2\t2016-01-21T15:09:26Z\t1\t1\t2015-10-01\t2015-12-31\t"
      "PADPIDA2013020802I\tYouTube\nFOOT\t2\t2\t0\t0\t0\n";
  DsrStreamReader reader(kName);
  reader.feed(ugc);
  EXPECT_EQ(reader.unsupported(), "profile UGCProfile is read whole");
  const std::string sr =
      std::string(kHead) +
      "SY01.01\t1\t\t\tPayAsYouGoModel\tPermanentDownload\tUS\t\t5\t\tUSD\t2.97\n"
      "SR01\t1\tD1\t\tT\t\tA\t\t\tSoundRecording\n";
  DsrStreamReader other(kName);
  other.feed(sr);
  EXPECT_EQ(other.unsupported(), "SR01 at line 3 (single-record-block, LI or RU rows)");
  EXPECT_FALSE(stream_dsr_sales(sr, kName).has_value());
}

// Generated reports: summaries in three currencies, blocks with one or two
// releases and resources (artists with `|`), SU01 with returns and SU02
// across summaries, prices with up to 6 decimals; every tenth report's
// NetRevenue is the exact gross (money must agree exactly), the others a
// rounded share (units and lines must agree).
std::string generated(std::mt19937& rng, bool exact) {
  std::uniform_int_distribution<int> small(1, 4), count(1, 40), cents(1, 999999);
  const int summaries = small(rng) + 1;
  struct Line {
    int summary;
    std::string text;
    long long gross_micros;
  };
  std::vector<Line> lines;
  std::string body;
  int physical = 1 + summaries + 1;
  const int blocks = small(rng) * 3;
  std::vector<long long> gross(static_cast<std::size_t>(summaries) + 1, 0);
  for (int b = 1; b <= blocks; ++b) {
    const std::string id = std::to_string(b);
    const int releases = small(rng) > 3 ? 2 : 1;
    for (int r = 1; r <= releases; ++r) {
      body += "RE01\t" + id + "\tRL" + std::to_string(r) + "\tDR\t\tCAT" + std::to_string(b % 3) +
              "\t\tArtist\t\tAlbum\n";
      ++physical;
    }
    const int resources = small(rng) > 2 ? 2 : 1;
    for (int r = 1; r <= resources; ++r) {
      body += "AS01.01\t" + id + "\tR" + std::to_string(r) + "\tD" + std::to_string(r) +
              "\tUSRC1700" + std::to_string(1000 + (b * 7 + r) % 9) +
              "\tTitle\t\tArtist|Guest\t\t" + "PT3M0S\tSoundRecording\n";
      ++physical;
    }
    for (int n = small(rng); n > 0; --n) {
      const int s = 1 + static_cast<int>(rng() % static_cast<unsigned>(summaries));
      const std::string res = "R" + std::to_string(1 + rng() % resources);
      const std::string rel = releases == 1 || rng() % 2 == 0 ? "RL1" : "";
      const int price = cents(rng);
      const std::string price_text = std::to_string(price / 1000000) + "." +
                                     std::string(6 - std::to_string(price % 1000000).size(), '0') +
                                     std::to_string(price % 1000000);
      if (rng() % 2 == 0) {
        const int u = count(rng), ret = u > 1 && rng() % 4 == 0 ? 1 : 0;
        body += "SU01\t" + id + "\t" + std::to_string(s) + "\tT\t" + rel + "\t" + res +
                "\ttrue\tfalse\t" + std::to_string(u) + "\t" + std::to_string(ret) + "\t" +
                price_text + "\n";
        gross[static_cast<std::size_t>(s)] += static_cast<long long>(u - ret) * price;
      } else {
        const int a = count(rng);
        body += "SU02\t" + id + "\t" + std::to_string(s) + "\tT\t" + rel + "\t" + res + "\ttrue\t" +
                std::to_string(a) + "\t" + price_text + "\n";
        gross[static_cast<std::size_t>(s)] += static_cast<long long>(a) * price;
      }
      ++physical;
    }
  }
  std::string head = kHead;
  const char* currencies[] = {"USD", "EUR", "JPY"};
  for (int s = 1; s <= summaries; ++s) {
    const long long g = gross[static_cast<std::size_t>(s)];
    const std::string net = exact ? Decimal::from_raw(Int128{g} * 1000000).to_string()
                                  : std::to_string(g / 1000000 / 2 + 1) + ".5";
    head += "SY02.02\t" + std::to_string(s) + "\t\t\tSubscriptionModel\tOnDemandStream\tUS\tP\t1" +
            "\t\t" + currencies[s % 3] + "\t" + net + "\t\t\t\t\t\t\tMusic\n";
  }
  const std::string n = std::to_string(physical);
  return head + body + "FOOT\t" + n + "\t" + n + "\t" + std::to_string(summaries) + "\t" +
         std::to_string(blocks) + "\t" + std::to_string(blocks) + "\n";
}

TEST(DsrStream, GeneratedReportsAgreeWithParseDsr) {
  std::mt19937 rng(20261126);
  for (int i = 0; i < 300; ++i) {
    const bool exact = i % 10 == 0;
    const std::string text = generated(rng, exact);
    expect_same(text, exact, "report " + std::to_string(i));
    const std::optional<SalesReport> r = stream_dsr_sales(text, kName);
    ASSERT_TRUE(r && r->ok()) << text;
  }
}

}  // namespace
}  // namespace fermata
