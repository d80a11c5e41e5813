// generate_royalty: deterministic input for the royalty run and statements benchmark.
//
// Writes, into --out DIR:
//   catalog/01-parties.csv … 06-relations.csv   Fermata catalog CSV tables: --payees label
//                            parties (L00001…), the distributor BENCHDIST, --stores stores;
//                            releases (EAN-13, GS1 prefix 2: restricted circulation), their
//                            recordings (ISRC CC-XXX-YY-NNNNN, registrant = the label's number
//                            in base 36), digital products, owner and distributor relations
//   agreements/AGR-<label>.toml  one distribution agreement per label (FORMATS.md §9): fee
//                            15 % on streams, 20 % on downloads, VAT 20 % on the fee, reserve
//                            10 % of downloads after fee released 50 %/50 %, quarterly
//   DSR_*.tsv                DDEX DSR Basic Audio 1.2 flat files, one per store and month of
//                            2026-Q1 (--months, from January), each line ONE aggregate: every
//                            recording is sold once per summary (5 territories: US and CA in
//                            USD, GB in GBP, DE and FR in EUR; x {stream, download}) in every
//                            file, so the import's aggregation (owner x
//                            release x ISRC x store x channel x territory x sale period x
//                            currency) yields exactly one earning per sales line
//   expected.csv             owner,currency,channel,amount: the exact sums, 10^-6 units
//   manifest.txt             parameters and counts (aggregates = earning rows expected)
//
// Build: g++ -std=c++20 -O2 -o generate_royalty generate_royalty.cc
// Usage: generate_royalty --out DIR [--payees N] [--aggregates M] [--stores S] [--months K]
//                         [--seed X]
//
// The identifier helpers (xoshiro256**, GS1 and ISO 7064 check characters, DSR layout) are
// those of bench/ingest/generate_dsr.cc, which allows at most 1,296 labels (2-character
// registrants); this one gives every label a 3-character registrant (up to 46,656 labels).
// Sizes: recordings = ceil(M / (territories x 2 channels x months x stores)), spread evenly
// over the labels (each gets floor or ceil of the mean) in releases of 1–4 tracks.
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

// ---------------------------------------------------------------- random (xoshiro256**)
struct Rng {
  std::uint64_t s[4];
  explicit Rng(std::uint64_t seed) {
    for (auto& x : s) {  // splitmix64
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      x = z ^ (z >> 31);
    }
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0,1)
  std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>(uniform() * n); }
  std::int64_t range(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double normal() {  // Box-Muller, one value
    double u1 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * uniform());
  }
};

// ---------------------------------------------------------------- identifiers
char gs1_check(std::string_view digits) {  // digits without the check digit
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 3 ? 1 : 3;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

constexpr std::string_view kAlnum36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// ISO 7064 Mod 37,36 check character (DPID), as python-stdnum computes it.
char mod37_36_check(std::string_view prefix) {
  int c = 18;
  for (char ch : prefix) {
    const int idx = static_cast<int>(kAlnum36.find(ch));
    c = (((c == 0 ? 36 : c) * 2) % 37 + idx) % 36;
  }
  return kAlnum36[((1 - ((c == 0 ? 36 : c) * 2) % 37) % 36 + 36) % 36];
}

std::string dpid(std::string_view body) {
  std::string s = "PADPIDA" + std::string(body);
  s.push_back(mod37_36_check(s));
  return s;
}

std::string base36(std::uint64_t v, int width) {
  std::string s(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    s[static_cast<std::size_t>(i)] = kAlnum36[v % 36];
    v /= 36;
  }
  return s;
}

std::string pad(std::uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(v));
  return buf;
}

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Exact decimal text of `units` x 10^-scale.
std::string fixed(std::int64_t units, int scale) {
  const bool neg = units < 0;
  const std::uint64_t u =
      neg ? static_cast<std::uint64_t>(-units) : static_cast<std::uint64_t>(units);
  const auto p = static_cast<std::uint64_t>(pow10(scale));
  std::string s = (neg ? "-" : "") + std::to_string(u / p);
  if (scale > 0) s += "." + pad(u % p, scale);
  return s;
}

// ---------------------------------------------------------------- output
struct Out {
  std::FILE* f = nullptr;
  std::string buf;
  explicit Out(const std::filesystem::path& path) {
    f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      std::fprintf(stderr, "generate_royalty: cannot write %s: %s\n", path.c_str(),
                   std::strerror(errno));
      std::exit(1);
    }
    buf.reserve(1 << 20);
  }
  ~Out() {
    flush();
    std::fclose(f);
  }
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;
  void flush() {
    if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
      std::fprintf(stderr, "generate_royalty: write failed\n");
      std::exit(1);
    }
    buf.clear();
  }
  Out& operator<<(std::string_view s) {
    buf.append(s);
    if (buf.size() > (1 << 20)) flush();
    return *this;
  }
  Out& operator<<(char ch) {
    buf.push_back(ch);
    return *this;
  }
  Out& num(std::int64_t v) {
    char tmp[24];
    auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf.append(tmp, static_cast<std::size_t>(res.ptr - tmp));
    return *this;
  }
};

// ---------------------------------------------------------------- catalog
constexpr std::array<std::string_view, 8> kCountries = {"US", "GB", "DE", "FR",
                                                        "SE", "NL", "CA", "AU"};
constexpr std::array<std::string_view, 24> kWordsA = {
    "Amber", "Blue", "Copper", "Distant", "Electric", "Faded",    "Golden", "Hollow",
    "Iron",  "Jade", "Kind",   "Lunar",   "Midnight", "Northern", "Open",   "Paper",
    "Quiet", "Rust", "Silver", "Tidal",   "Velvet",   "Winter",   "Young",  "Zero"};
constexpr std::array<std::string_view, 24> kWordsB = {
    "Anchor", "Bridge",   "Canyon",  "Dawn",    "Echo",   "Field", "Garden",  "Harbor",
    "Island", "Junction", "Kingdom", "Lantern", "Meadow", "Night", "Orchard", "Parade",
    "Quarry", "River",    "Signal",  "Tower",   "Valley", "Wave",  "Yard",    "Zephyr"};

std::string two_words(Rng& rng) {
  return std::string(kWordsA[rng.below(kWordsA.size())]) + " " +
         std::string(kWordsB[rng.below(kWordsB.size())]);
}

struct Label {
  std::string id, name, country;
};
struct Release {
  std::string id, icpn, title, artist, type, date, catalog_number;
  std::size_t label = 0, first_recording = 0, tracks = 0;
};
struct Recording {
  std::string isrc, title;
  std::size_t release = 0;
  int duration = 0, sequence = 0;
};
struct Catalog {
  std::vector<Label> labels;
  std::vector<Release> releases;
  std::vector<Recording> recordings;
};

// Every label gets floor or ceil of recordings / labels, in releases of 1–4 tracks.
Catalog make_catalog(std::size_t n_recordings, std::size_t n_labels, Rng& rng) {
  Catalog c;
  for (std::size_t i = 0; i < n_labels; ++i) {
    c.labels.push_back({"L" + pad(i + 1, 5), two_words(rng) + " Records " + pad(i + 1, 5),
                        std::string(kCountries[i % kCountries.size()])});
  }
  for (std::size_t l = 0; l < n_labels; ++l) {
    std::size_t left = n_recordings / n_labels + (l < n_recordings % n_labels ? 1 : 0);
    int serial = 0, label_releases = 0;
    while (left > 0) {
      Release r;
      r.label = l;
      const std::size_t tracks =
          std::min<std::size_t>(left, static_cast<std::size_t>(rng.range(1, 4)));
      r.type = tracks == 1 ? "Single" : "EP";
      const std::size_t index = c.releases.size();
      r.id = "R" + pad(index + 1, 7);
      const std::string body = "2" + pad(index + 1, 11);  // EAN-13, GS1 prefix 2xx
      r.icpn = body + gs1_check(body);
      r.title = two_words(rng);
      r.artist =
          "The " + two_words(rng) + " " + pad(static_cast<std::uint64_t>(rng.range(1, 999)), 3);
      const int year = static_cast<int>(rng.range(2000, 2025));
      r.date = std::to_string(year) + "-" + pad(static_cast<std::uint64_t>(rng.range(1, 12)), 2) +
               "-" + pad(static_cast<std::uint64_t>(rng.range(1, 28)), 2);
      r.catalog_number =
          "BN" + pad(l + 1, 5) + "-" + pad(static_cast<std::uint64_t>(++label_releases), 3);
      r.first_recording = c.recordings.size();
      r.tracks = tracks;
      for (std::size_t t = 0; t < tracks; ++t) {
        Recording rec;
        rec.isrc = c.labels[l].country + base36(l, 3) +
                   pad(static_cast<std::uint64_t>(year % 100), 2) +
                   pad(static_cast<std::uint64_t>(++serial), 5);
        rec.title = r.title + " - Part " + std::to_string(t + 1);
        rec.release = index;
        rec.duration = static_cast<int>(rng.range(90, 600));
        rec.sequence = static_cast<int>(t + 1);
        c.recordings.push_back(rec);
      }
      c.releases.push_back(r);
      left -= tracks;
    }
  }
  return c;
}

const std::string kDistributorDpid = dpid("2026010102");

struct Store {
  std::string id, name, service, dpid;
};

std::vector<Store> make_stores(std::size_t n) {
  std::vector<Store> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back({"BENCHSTORE" + std::to_string(i + 1),
                   "Fermata Bench Store " + std::to_string(i + 1),
                   "BenchService" + std::to_string(i + 1), dpid("20260102" + pad(i + 1, 2))});
  }
  return out;
}

void write_catalog(const Catalog& c, const std::vector<Store>& stores,
                   const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "catalog");
  {
    Out o(dir / "catalog" / "01-parties.csv");
    o << "id,name,kind,ddex_party_id\n";
    o << "BENCHDIST,Fermata Bench Distribution,distributor," << kDistributorDpid << "\n";
    for (const Store& s : stores) o << s.id << "," << s.name << ",store," << s.dpid << "\n";
    for (const Label& l : c.labels) o << l.id << "," << l.name << ",label,\n";
  }
  {
    Out o(dir / "catalog" / "02-releases.csv");
    o << "id,title,icpn\n";
    for (const Release& r : c.releases) o << r.id << "," << r.title << "," << r.icpn << "\n";
  }
  {
    Out o(dir / "catalog" / "03-recordings.csv");
    o << "isrc,title,artist,duration_seconds\n";
    for (const Recording& r : c.recordings) {
      o << r.isrc << "," << r.title << "," << c.releases[r.release].artist << ",";
      o.num(r.duration) << "\n";
    }
  }
  {
    Out o(dir / "catalog" / "04-release_tracks.csv");
    o << "release_id,sequence,isrc\n";
    for (const Recording& r : c.recordings) {
      o << c.releases[r.release].id << ",";
      o.num(r.sequence) << "," << r.isrc << "\n";
    }
  }
  {
    Out o(dir / "catalog" / "05-products.csv");
    o << "sku,kind,format,release_id,catalog_number,upc\n";
    for (const Release& r : c.releases) {
      o << "DIG-" << r.id << ",digital,digital_release," << r.id << "," << r.catalog_number << ","
        << r.icpn << "\n";
    }
  }
  {
    Out o(dir / "catalog" / "06-relations.csv");
    o << "kind,release_id,party_id,valid_from,valid_to\n";
    for (const Release& r : c.releases) {
      o << "owner," << r.id << "," << c.labels[r.label].id << "," << r.date << ",\n";
      o << "distributor," << r.id << ",BENCHDIST," << r.date << ",\n";
    }
  }
}

void write_agreements(const Catalog& c, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "agreements");
  for (const Label& l : c.labels) {
    Out o(dir / "agreements" / ("AGR-" + l.id + ".toml"));
    o << "# Synthetic distribution agreement (bench/royalty/generate_royalty.cc).\n"
         "fermata_agreement = 1\n"
      << "id = \"AGR-" << l.id << "\"\n"
      << "version = 1\n"
         "effective_from = 2026-01-01\n"
      << "title = \"Distribution, " << l.name << "\"\n\n"
      << "[parties]\nlicensor = \"" << l.id << "\"\ndistributor = \"BENCHDIST\"\n\n"
      << "[term]\nstart = 2026-01-01\nrenewal_months = 12\nnotice_days = 90\n\n"
         "[territories]\ninclude = [\"Worldwide\"]\n\n"
         "[scope]\nall = true\n\n"
         "[[fee]]\nclause = \"5.1\"\nrate = \"15%\"\nbase = \"gross\"\nchannels = [\"stream\"]\n\n"
         "[[fee]]\nclause = \"5.2\"\nrate = \"20%\"\nbase = \"gross\"\n\n"
         "[fee_tax]\nclause = \"5.3\"\nname = \"VAT\"\nrate = \"20%\"\n\n"
         "[reserve]\nclause = \"6.1\"\nrate = \"10%\"\nbasis = \"after_fee\"\n"
         "channels = [\"download\"]\nrelease = [\"50%\", \"50%\"]\n\n"
         "[payment]\nclause = \"7\"\nperiod = \"quarterly\"\ndays_after_period = 90\n"
         "currency = \"USD\"\nobjection_days = 730\n";
  }
}

// ---------------------------------------------------------------- DSR
struct Summary {
  std::string id, model, use_type, territory, currency;
  bool download = false;
  std::int64_t price_a = 0, price_b = 0;  // 10^-6 units
  int scale = 6;                          // decimals the prices are written with
  int minor_digits = 2;
  std::int64_t usages = 0, revenue = 0;  // revenue in 10^-6 units
  std::int64_t first_line = -1;
};

// Per territory a subscription stream summary and a download summary (the two channels).
std::vector<Summary> make_summaries() {
  struct T {
    const char* territory;
    const char* currency;
    std::int64_t sub, dl_a, dl_b;
    int stream_scale, dl_scale, minor;
  };
  // Stream prices end in an odd digit other than 5 (see the NetRevenue note in generate_dsr).
  const T territories[] = {
      {"US", "USD", 4113, 990000, 1290000, 6, 2, 2}, {"GB", "GBP", 3271, 790000, 990000, 6, 2, 2},
      {"DE", "EUR", 3689, 990000, 1290000, 6, 2, 2}, {"FR", "EUR", 3717, 990000, 1190000, 6, 2, 2},
      {"CA", "USD", 3911, 990000, 1290000, 6, 2, 2},  // a Canadian store reporting in USD
  };
  std::vector<Summary> out;
  int id = 0;
  for (const T& t : territories) {
    for (const bool download : {false, true}) {
      Summary s;
      s.id = std::to_string(++id);
      s.model = download ? "PayAsYouGoModel" : "SubscriptionModel";
      s.use_type = download ? "PermanentDownload" : "OnDemandStream";
      s.territory = t.territory;
      s.currency = t.currency;
      s.download = download;
      s.minor_digits = t.minor;
      if (download) {
        s.price_a = t.dl_a;
        s.price_b = t.dl_b;
        s.scale = t.dl_scale;
      } else {
        s.price_a = s.price_b = t.sub;
        s.scale = t.stream_scale;
      }
      out.push_back(s);
    }
  }
  return out;
}

constexpr const char* kComments[] = {
    "#HEAD\tMessageVersion\tProfile\tProfileVersion\tMessageId\tMessageCreatedDateTime\tFileNumber"
    "\tNumberOfFiles\tUsageStartDate\tUsageEndDate\tSenderPartyId\tSenderName\tServiceDescription"
    "\tRecipientPartyId\tRecipientName\tRepresentedRepertoire",
    "#SY02.02\tSummaryRecordId\tDistributionChannel\tDistributionChannelDPID\tCommercialModel\t"
    "UseType\tTerritory\tServiceDescription\tUsages\tUsers\tCurrencyOfReporting\tNetRevenue\t"
    "RightsController\tRightsControllerPartyId\tAllocatedUsages\tAllocatedRevenue\t"
    "AllocatedNetRevenue\tRightsType\tContentCategory\tCurrencyOfTransaction\tExchangeRate\t"
    "RightsTypePercentage",
    "#RE01\tBlockId\tReleaseReference\tDspReleaseId\tProprietaryReleaseId\tCatalogNumber\tICPN\t"
    "DisplayArtistName\tDisplayArtistPartyId\tTitle\tSubTitle\tReleaseType\tLabel\tPLine\t"
    "DataProvider",
    "#AS01.01\tBlockId\tResourceReference\tDspResourceId\tISRC\tTitle\tSubTitle\tDisplayArtistName"
    "\tDisplayArtistPartyId\tDuration\tResourceType\tIsMasterRecording",
    "#MW01.01\tBlockId\tDspWorkId\tISWC\tTitle\tSubTitle\tComposerAuthor\tComposerAuthorPartyId\t"
    "Arranger\tArrangerPartyId\tMusicPublisher\tMusicPublisherPartyId\tWorkContributor\t"
    "WorkContributorPartyId\tDataProvider\tProprietaryWorkId",
    "#SU01\tBlockId\tSummaryRecordId\tSalesTransactionId\tTransactedRelease\tTransactedResource\t"
    "IsRoyaltyBearing\tSalesUpgrade\tUsages\tReturns\tPriceConsumerPaidExcSalesTax\t"
    "PromotionalActivity",
    "#SU02\tBlockId\tSummaryRecordId\tSalesTransactionId\tTransactedRelease\tTransactedResource\t"
    "IsRoyaltyBearing\tNumberOfStreams\tPriceConsumerPaidExcSalesTax\tPromotionalActivity",
    "#FOOT\tNumberOfLinesInFile\tNumberOfLinesInReport\tNumberOfSummaryRecords\t"
    "NumberOfBlocksInFile\tNumberOfBlocksInReport",
};

std::string duration_text(int seconds) {
  return "PT" + std::to_string(seconds / 3600) + "H" + std::to_string(seconds / 60 % 60) + "M" +
         std::to_string(seconds % 60) + "S";
}

struct Sale {  // one sales line, drawn before writing (NetRevenue needs the sums first)
  std::int64_t usages, returns, price;
};

// (owner, currency, channel) -> 10^-6 units
using Expected = std::map<std::tuple<std::string, std::string, std::string>, std::int64_t>;

// Every line of one report, drawn in file order (per release, per resource, per summary),
// with the summaries' totals. NetRevenue is written at the price scale: if its last written
// decimal would be 0, the summary's first line gets one more stream, so an allocating reader
// reproduces every line.
std::vector<Sale> draw_sales(const Catalog& cat, std::vector<Summary>& sums, Rng& rng) {
  std::vector<Sale> sales;
  sales.reserve(cat.recordings.size() * sums.size());
  for (const Release& r : cat.releases) {
    for (std::size_t t = 0; t < r.tracks; ++t) {
      for (Summary& s : sums) {
        Sale x{0, 0, 0};
        if (s.download) {
          const double u = rng.uniform();
          x.usages = u < 0.8 ? 1 : (u < 0.95 ? 2 : 3);
          // A return only beside a sale: every line is a non-zero aggregate (the import posts
          // no transaction, so records no earning, for an aggregate summing to zero).
          if (x.usages > 1 && rng.uniform() < 0.15) x.returns = 1;
          x.price = rng.uniform() < 0.7 ? s.price_a : s.price_b;
        } else {
          x.usages = std::min<std::int64_t>(
              1 + static_cast<std::int64_t>(std::exp(2.5 + 1.5 * rng.normal())), 1'000'000);
          x.price = s.price_a;
        }
        if (s.first_line < 0) s.first_line = static_cast<std::int64_t>(sales.size());
        s.usages += x.usages;
        s.revenue += x.price * (x.usages - x.returns);
        sales.push_back(x);
      }
    }
  }
  for (Summary& s : sums) {
    if (s.first_line < 0) continue;
    const std::int64_t unit = pow10(6 - s.scale);
    if (!s.download && s.scale > s.minor_digits && (s.revenue / unit) % 10 == 0) {
      sales[static_cast<std::size_t>(s.first_line)].usages += 1;
      s.usages += 1;
      s.revenue += s.price_a;
    }
  }
  return sales;
}

// HEAD, the comment lines and the summaries of `store`'s report of `ym`.
void write_dsr_head(Out& o, const Store& store, int month, const std::vector<Summary>& sums) {
  const std::string ym = "2026-" + pad(static_cast<std::uint64_t>(month), 2);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const std::string last = ym + "-" + std::to_string(kDays[month - 1]);
  o << "HEAD\tdsrf/30\tBasicAudioProfile\t1.2\tBENCH-" << store.id << "-" << ym << "\t2026-"
    << pad(static_cast<std::uint64_t>(month + 1), 2) << "-03T04:05:06Z\t1\t1\t" << ym << "-01\t"
    << last << "\t" << store.dpid << "\t" << store.name << "\t" << store.service << "\t"
    << kDistributorDpid << "\tFermata Bench Distribution\n";
  for (const char* c : kComments) o << c << "\n";
  for (const Summary& s : sums) {
    o << "SY02.02\t" << s.id << "\t\t\t" << s.model << "\t" << s.use_type << "\t" << s.territory
      << "\t" << store.service << "\t";
    o.num(s.usages) << "\t\t" << s.currency << "\t"
                    << fixed(s.revenue / pow10(6 - s.scale), s.scale) << "\t\t\t\t\t\t\tMusic\n";
  }
}

// One release's block: RE01, AS01.01 + MW01.01 per resource, then its sales lines from
// `sales[*line]` on (advanced). Returns the physical lines written.
std::int64_t write_block(Out& o, const Catalog& cat, const Release& r, const std::string& block,
                         const std::vector<Summary>& sums, const std::vector<Sale>& sales,
                         std::int64_t* line, Expected& expected) {
  const Label& label = cat.labels[r.label];
  o << "RE01\t" << block << "\tRL1\tA" << r.id << "\t\t" << r.catalog_number << "\t" << r.icpn
    << "\t" << r.artist << "\t\t" << r.title << "\t\t" << r.type << "\t" << label.name << "\n";
  std::int64_t physical = 1;
  for (std::size_t t = 0; t < r.tracks; ++t) {
    const Recording& rec = cat.recordings[r.first_recording + t];
    o << "AS01.01\t" << block << "\tRES" << std::to_string(t + 1) << "\tT";
    o.num(static_cast<std::int64_t>(r.first_recording + t) + 1)
        << "\t" << rec.isrc << "\t" << rec.title << "\t\t" << r.artist << "\t\t"
        << duration_text(rec.duration) << "\tSoundRecording\n";
    o << "MW01.01\t" << block << "\tW" << block << "-" << std::to_string(t + 1) << "\t\t"
      << rec.title << "\n";
    physical += 2;
  }
  for (std::size_t t = 0; t < r.tracks; ++t) {
    for (const Summary& s : sums) {
      const Sale& x = sales[static_cast<std::size_t>(*line)];
      o << (s.download ? "SU01\t" : "SU02\t") << block << "\t" << s.id << "\tS";
      o.num(*line + 1) << "\t\tRES" << std::to_string(t + 1) << "\ttrue\t";
      if (s.download) {
        o << "false\t";
        o.num(x.usages) << "\t";
        o.num(x.returns) << "\t";
      } else {
        o.num(x.usages) << "\t";
      }
      o << fixed(x.price / pow10(6 - s.scale), s.scale) << "\n";
      expected[{label.id, s.currency, s.download ? "download" : "stream"}] +=
          x.price * (x.usages - x.returns);
      ++physical;
      ++*line;
    }
  }
  return physical;
}

// One store's report of one month: every recording of the catalog, once per summary.
// Returns the file name and adds to `expected`.
std::string write_dsr(const Catalog& cat, const Store& store, std::uint64_t store_index, int month,
                      std::uint64_t seed, const std::filesystem::path& dir, Expected& expected,
                      std::int64_t* lines_out) {
  std::vector<Summary> sums = make_summaries();
  Rng rng(seed ^ (static_cast<std::uint64_t>(month) << 32) ^ (store_index << 40));
  const std::vector<Sale> sales = draw_sales(cat, sums, rng);
  const std::string ym = "2026-" + pad(static_cast<std::uint64_t>(month), 2);
  const std::string created = "2026" + pad(static_cast<std::uint64_t>(month + 1), 2) + "03T040506";
  const std::string name = "DSR_" + kDistributorDpid + "_" + store.dpid + "_" + store.service +
                           "_" + ym + "_multi_1of1_" + created + ".tsv";
  Out o(dir / name);
  write_dsr_head(o, store, month, sums);
  std::int64_t physical = 1 + static_cast<std::int64_t>(std::size(kComments) + sums.size());
  std::int64_t blocks = 0, line = 0;
  for (const Release& r : cat.releases) {
    physical += write_block(o, cat, r, std::to_string(++blocks), sums, sales, &line, expected);
  }
  ++physical;  // FOOT
  o << "FOOT\t";
  o.num(physical) << "\t";
  o.num(physical) << "\t";
  o.num(static_cast<std::int64_t>(sums.size())) << "\t";
  o.num(blocks) << "\t";
  o.num(blocks) << "\n";
  *lines_out = line;
  return name;
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: generate_royalty --out DIR [--payees N] [--aggregates M] [--stores S] "
               "[--months K] [--seed X]\n");
  std::exit(2);
}

struct Params {
  std::filesystem::path out;
  std::uint64_t payees = 10'000, aggregates = 5'000'000, stores = 2, months = 3, seed = 20260401;
};

Params parse_args(int argc, char** argv) {
  Params p;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    auto integer = [&]() -> std::uint64_t {
      const std::string_view v = value();
      std::uint64_t x = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      if (ec != std::errc() || ptr != v.data() + v.size()) usage();
      return x;
    };
    if (a == "--out")
      p.out = std::string(value());
    else if (a == "--payees")
      p.payees = integer();
    else if (a == "--aggregates")
      p.aggregates = integer();
    else if (a == "--stores")
      p.stores = integer();
    else if (a == "--months")
      p.months = integer();
    else if (a == "--seed")
      p.seed = integer();
    else
      usage();
  }
  if (p.out.empty() || p.payees < 1 || p.payees > 46'656 || p.aggregates < 1 || p.stores < 1 ||
      p.stores > 99 || p.months < 1 || p.months > 3)
    usage();
  return p;
}

void write_expected(const Expected& expected, const std::filesystem::path& out) {
  Out o(out / "expected.csv");
  o << "owner,currency,channel,amount\n";
  for (const auto& [key, units] : expected) {
    o << std::get<0>(key) << "," << std::get<1>(key) << "," << std::get<2>(key) << ","
      << fixed(units, 6) << "\n";
  }
}

void write_manifest(const Params& p, const Catalog& cat, std::int64_t total_lines,
                    const std::vector<std::string>& files) {
  Out o(p.out / "manifest.txt");
  o << "payees=" << std::to_string(p.payees) << "\nreleases=" << std::to_string(cat.releases.size())
    << "\nrecordings=" << std::to_string(cat.recordings.size())
    << "\nstores=" << std::to_string(p.stores) << "\nmonths=" << std::to_string(p.months)
    << "\nsummaries_per_file=" << std::to_string(make_summaries().size())
    << "\nsales_lines=" << std::to_string(total_lines)
    << "\naggregates=" << std::to_string(total_lines) << "\nseed=" << std::to_string(p.seed)
    << "\n";
  for (const std::string& f : files) o << "dsr_file=" << f << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Params p = parse_args(argc, argv);
  const std::uint64_t per_recording = make_summaries().size() * p.months * p.stores;
  const std::uint64_t recordings =
      std::max(p.payees, (p.aggregates + per_recording - 1) / per_recording);
  std::filesystem::create_directories(p.out);
  Rng rng(p.seed);
  const Catalog cat = make_catalog(recordings, p.payees, rng);
  const std::vector<Store> store_list = make_stores(p.stores);
  write_catalog(cat, store_list, p.out);
  write_agreements(cat, p.out);
  Expected expected;
  std::int64_t total_lines = 0;
  std::vector<std::string> files;
  for (std::size_t si = 0; si < store_list.size(); ++si) {
    for (int m = 1; m <= static_cast<int>(p.months); ++m) {
      std::int64_t lines = 0;
      files.push_back(write_dsr(cat, store_list[si], si + 1, m, p.seed, p.out, expected, &lines));
      total_lines += lines;
    }
  }
  write_expected(expected, p.out);
  write_manifest(p, cat, total_lines, files);
  std::printf("%s: %lld sales lines (= aggregates) in %zu files, %zu recordings, %zu releases\n",
              p.out.c_str(), static_cast<long long>(total_lines), files.size(),
              cat.recordings.size(), cat.releases.size());
  return 0;
}
