// generate_dsr: deterministic input for the DSR ingestion benchmark.
//
// Writes, into --out DIR:
//   ern/RNNNNNN.xml          one DDEX ERN 4.3 NewReleaseMessage per release (ERN 4.3 allows one
//                            main Release per message), validating against
//                            release-notification.xsd (see validate_ern.sh)
//   catalog/01-parties.csv … 06-relations.csv   the same catalog as Fermata catalog CSV tables
//   catalog_isrc_owner.csv   isrc,owner for the competitor runners
//   DSR_<recipient>_<sender>_<service>_<YYYY-MM>_multi_1of1_<created>.tsv
//                            DDEX DSR Basic Audio 1.2 flat file with exactly --lines SU01/SU02
//                            lines
//   expected_totals.csv      owner,currency,revenue: the exact answer, computed here in integers
//   manifest.txt             parameters and counts
//
// Build: g++ -std=c++20 -O2 -o generate_dsr generate_dsr.cc
// Usage: generate_dsr --out DIR [--lines N] [--recordings M] [--labels L] [--seed S] [--no-ern]
//
// Design notes (see README.md):
// - Popularity is Zipf (exponent 0.9) over recordings, in a random rank order; ~1% of blocks
//   are releases whose ISRCs are not in the catalog (owner "_unmatched" in the totals).
// - A block is RE01, then per sold resource AS01.01 + MW01.01 (the Basic Audio 1.2 XSD requires
//   at least one MW01.01 after each AS01.01), then SU01 (downloads) / SU02 (streams) lines
//   pointing at the resources through TransactedResource.
// - Every price has at most 6 decimals, so every amount is an integer number of 10^-6 units.
// - SY02.02 NetRevenue is the exact sum of its lines' gross amounts (price x (usages - returns),
//   price x streams), written at the price scale. If that sum would end in a 0 at the price
//   scale, the first line of the summary gets one more unit: a reader that allocates NetRevenue
//   at the precision of its value then still reproduces every line's gross amount exactly.
// - No cell contains TAB, '|', '\\', '"', '#' or ',': naive splitting is correct for this file.
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

// Sampling from a discrete distribution by inverse CDF (binary search).
struct Discrete {
  std::vector<double> cdf;
  explicit Discrete(const std::vector<double>& weights) {
    double acc = 0;
    for (double w : weights) cdf.push_back(acc += w);
    for (double& c : cdf) c /= acc;
  }
  std::size_t draw(Rng& rng) const {
    const double u = rng.uniform();
    const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
    return std::min<std::size_t>(static_cast<std::size_t>(it - cdf.begin()), cdf.size() - 1);
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

// ISO 7064 Mod 37,36 check character (DPID, GRid), as python-stdnum computes it.
char mod37_36_check(std::string_view prefix) {
  int c = 18;
  for (char ch : prefix) {
    const int idx = static_cast<int>(kAlnum36.find(ch));
    c = (((c == 0 ? 36 : c) * 2) % 37 + idx) % 36;
  }
  return kAlnum36[((1 - ((c == 0 ? 36 : c) * 2) % 37) % 36 + 36) % 36];
}

std::string dpid(std::string_view body) {  // body: "2026010101"
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

// Exact decimal text of `units` x 10^-scale.
std::string fixed(std::int64_t units, int scale) {
  const bool neg = units < 0;
  std::uint64_t u = neg ? static_cast<std::uint64_t>(-units) : static_cast<std::uint64_t>(units);
  std::uint64_t p = 1;
  for (int i = 0; i < scale; ++i) p *= 10;
  std::string s = (neg ? "-" : "") + std::to_string(u / p);
  if (scale > 0) s += "." + pad(u % p, scale);
  return s;
}

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
  std::size_t label = 0;
  std::size_t first_recording = 0, tracks = 0;
  int year = 2000;
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

Catalog make_catalog(std::size_t n_recordings, std::size_t n_labels, Rng& rng) {
  Catalog c;
  for (std::size_t i = 0; i < n_labels; ++i) {
    c.labels.push_back({"L" + pad(i + 1, 4), two_words(rng) + " Records " + pad(i + 1, 4),
                        std::string(kCountries[i % kCountries.size()])});
  }
  // Label sizes are skewed too: Zipf 0.8 over labels in a random order.
  std::vector<double> label_w(n_labels);
  for (std::size_t i = 0; i < n_labels; ++i)
    label_w[i] = 1.0 / std::pow(static_cast<double>(i + 1), 0.8);
  std::vector<std::size_t> label_perm(n_labels);
  for (std::size_t i = 0; i < n_labels; ++i) label_perm[i] = i;
  for (std::size_t i = n_labels; i > 1; --i) std::swap(label_perm[i - 1], label_perm[rng.below(i)]);
  const Discrete label_pick(label_w);
  std::map<std::pair<std::size_t, int>, int> isrc_serial;  // (label, year) -> next designation
  std::vector<int> label_releases(n_labels, 0);
  while (c.recordings.size() < n_recordings) {
    Release r;
    r.label = label_perm[label_pick.draw(rng)];
    const double kind = rng.uniform();
    std::size_t tracks;
    if (kind < 0.35) {
      r.type = "Single";
      tracks = static_cast<std::size_t>(rng.range(1, 3));
    } else if (kind < 0.6) {
      r.type = "EP";
      tracks = static_cast<std::size_t>(rng.range(4, 6));
    } else {
      r.type = "Album";
      tracks = static_cast<std::size_t>(rng.range(8, 16));
    }
    tracks = std::min(tracks, n_recordings - c.recordings.size());
    const std::size_t index = c.releases.size();
    r.id = "R" + pad(index + 1, 6);
    // EAN-13 with GS1 prefix 2xx (restricted circulation): never a real product, never the
    // demo world's 020-029 UPC-A range.
    const std::string body = "2" + pad(r.label + 1, 4) + pad(index + 1, 7);
    r.icpn = body + gs1_check(body);
    r.title = two_words(rng);
    r.artist = "The " + two_words(rng) + " " + pad(rng.range(1, 999), 3);
    r.year = static_cast<int>(rng.range(2000, 2025));
    r.date =
        std::to_string(r.year) + "-" + pad(rng.range(1, 12), 2) + "-" + pad(rng.range(1, 28), 2);
    r.catalog_number = "BN" + pad(r.label + 1, 4) + "-" + pad(++label_releases[r.label], 4);
    r.first_recording = c.recordings.size();
    r.tracks = tracks;
    for (std::size_t t = 0; t < tracks; ++t) {
      Recording rec;
      const int yy = r.year % 100;
      const int serial = ++isrc_serial[{r.label, yy}];
      rec.isrc = c.labels[r.label].country + "B" + base36(r.label, 2) + pad(yy, 2) + pad(serial, 5);
      rec.title = r.title + " - Part " + std::to_string(t + 1);
      rec.release = index;
      rec.duration = static_cast<int>(rng.range(90, 600));
      rec.sequence = static_cast<int>(t + 1);
      c.recordings.push_back(rec);
    }
    c.releases.push_back(r);
  }
  return c;
}

// ---------------------------------------------------------------- output helpers
struct Out {
  std::FILE* f = nullptr;
  std::string buf;
  explicit Out(const std::filesystem::path& path) {
    f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      std::fprintf(stderr, "generate_dsr: cannot write %s: %s\n", path.c_str(),
                   std::strerror(errno));
      std::exit(1);
    }
    buf.reserve(1 << 20);
  }
  ~Out() {
    flush();
    std::fclose(f);
  }
  void flush() {
    if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
      std::fprintf(stderr, "generate_dsr: write failed\n");
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

const std::string kDistributorDpid = dpid("2026010102");
const std::string kStoreDpid = dpid("2026010101");

void write_catalog_csv(const Catalog& c, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "catalog");
  {
    Out o(dir / "catalog" / "01-parties.csv");
    o << "id,name,kind,ddex_party_id\n";
    o << "BENCHDIST,Fermata Bench Distribution,distributor," << kDistributorDpid << "\n";
    o << "BENCHSTORE,Fermata Bench Streams,store," << kStoreDpid << "\n";
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
  {
    Out o(dir / "catalog_isrc_owner.csv");
    o << "isrc,owner\n";
    for (const Recording& r : c.recordings)
      o << r.isrc << "," << c.labels[c.releases[r.release].label].id << "\n";
  }
}

std::string duration_text(int seconds) {
  return "PT" + std::to_string(seconds / 3600) + "H" + std::to_string(seconds / 60 % 60) + "M" +
         std::to_string(seconds % 60) + "S";
}

void write_ern_head(Out& o, const Release& r, const Label& label) {
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<ern:NewReleaseMessage xmlns:ern=\"http://ddex.net/xml/ern/43\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://ddex.net/xml/ern/43 "
       "http://service.ddex.net/xml/ern/43/release-notification.xsd\" "
       "LanguageAndScriptCode=\"en\" AvsVersionId=\"4.3\">\n"
       "  <MessageHeader>\n"
    << "    <MessageThreadId>BENCH-" << r.id << "</MessageThreadId>\n"
    << "    <MessageId>BENCH-" << r.id << "-1</MessageId>\n"
    << "    <MessageSender><PartyId>" << kDistributorDpid
    << "</PartyId><PartyName><FullName>Fermata Bench Distribution</FullName></PartyName>"
       "</MessageSender>\n"
    << "    <MessageRecipient><PartyId>" << kStoreDpid
    << "</PartyId><PartyName><FullName>Fermata Bench Streams</FullName></PartyName>"
       "</MessageRecipient>\n"
    << "    <MessageCreatedDateTime>2026-01-15T12:00:00Z</MessageCreatedDateTime>\n"
    << "    <MessageControlType>TestMessage</MessageControlType>\n"
    << "  </MessageHeader>\n"
    << "  <PartyList>\n"
    << "    <Party><PartyReference>P" << label.id << "</PartyReference><PartyName><FullName>"
    << label.name << "</FullName></PartyName><PartyId><ProprietaryId Namespace=\""
    << kDistributorDpid << "\">" << label.id << "</ProprietaryId></PartyId></Party>\n"
    << "    <Party><PartyReference>PARTIST</PartyReference><PartyName><FullName>" << r.artist
    << "</FullName></PartyName></Party>\n"
    << "  </PartyList>\n";
}

void write_ern_recording(Out& o, const Release& r, const Label& label, const Recording& rec,
                         std::size_t t) {
  const std::string year = std::to_string(r.year);
  o << "    <SoundRecording>\n"
    << "      <ResourceReference>A" << std::to_string(t + 1) << "</ResourceReference>\n"
    << "      <Type>MusicalWorkSoundRecording</Type>\n"
    << "      <SoundRecordingEdition><ResourceId><ISRC>" << rec.isrc << "</ISRC></ResourceId>"
    << "<PLine><Year>" << year << "</Year><PLineText>" << year << " " << label.name
    << "</PLineText></PLine></SoundRecordingEdition>\n"
    << "      <DisplayTitleText>" << rec.title << "</DisplayTitleText>\n"
    << "      <DisplayTitle><TitleText>" << rec.title << "</TitleText></DisplayTitle>\n"
    << "      <DisplayArtistName>" << r.artist << "</DisplayArtistName>\n"
    << "      <DisplayArtist><ArtistPartyReference>PARTIST</ArtistPartyReference>"
       "<DisplayArtistRole>MainArtist</DisplayArtistRole></DisplayArtist>\n"
    << "      <Duration>" << duration_text(rec.duration) << "</Duration>\n"
    << "      <ParentalWarningType>NotExplicit</ParentalWarningType>\n"
    << "    </SoundRecording>\n";
}

void write_ern_release(Out& o, const Release& r, const Label& label) {
  const std::string year = std::to_string(r.year);
  o << "  <ReleaseList>\n"
    << "    <Release>\n"
    << "      <ReleaseReference>R0</ReleaseReference>\n"
    << "      <ReleaseType>" << r.type << "</ReleaseType>\n"
    << "      <ReleaseId><ICPN>" << r.icpn << "</ICPN><CatalogNumber Namespace=\""
    << kDistributorDpid << "\">" << r.catalog_number
    << "</CatalogNumber><ProprietaryId Namespace=\"" << kDistributorDpid << "\">" << r.id
    << "</ProprietaryId></ReleaseId>\n"
    << "      <DisplayTitleText>" << r.title << "</DisplayTitleText>\n"
    << "      <DisplayTitle><TitleText>" << r.title << "</TitleText></DisplayTitle>\n"
    << "      <DisplayArtistName>" << r.artist << "</DisplayArtistName>\n"
    << "      <DisplayArtist SequenceNumber=\"1\"><ArtistPartyReference>PARTIST"
       "</ArtistPartyReference><DisplayArtistRole>MainArtist</DisplayArtistRole>"
       "</DisplayArtist>\n"
    << "      <ReleaseLabelReference>P" << label.id << "</ReleaseLabelReference>\n"
    << "      <PLine><Year>" << year << "</Year><PLineText>" << year << " " << label.name
    << "</PLineText></PLine>\n"
    << "      <Genre><GenreText>Alternative</GenreText></Genre>\n"
    << "      <ReleaseDate>" << r.date << "</ReleaseDate>\n"
    << "      <ParentalWarningType>NotExplicit</ParentalWarningType>\n"
    << "      <ResourceGroup>\n";
  for (std::size_t t = 0; t < r.tracks; ++t) {
    o << "        <ResourceGroupContentItem><SequenceNumber>" << std::to_string(t + 1)
      << "</SequenceNumber><ReleaseResourceReference>A" << std::to_string(t + 1)
      << "</ReleaseResourceReference></ResourceGroupContentItem>\n";
  }
  o << "      </ResourceGroup>\n"
    << "    </Release>\n"
    << "  </ReleaseList>\n";
}

// One NewReleaseMessage per release: ERN 4.3 allows at most one main Release per message.
void write_ern(const Catalog& c, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "ern");
  for (const Release& r : c.releases) {
    const Label& label = c.labels[r.label];
    Out o(dir / "ern" / (r.id + ".xml"));
    write_ern_head(o, r, label);
    o << "  <ResourceList>\n";
    for (std::size_t t = 0; t < r.tracks; ++t) {
      write_ern_recording(o, r, label, c.recordings[r.first_recording + t], t);
    }
    o << "  </ResourceList>\n";
    write_ern_release(o, r, label);
    o << "</ern:NewReleaseMessage>\n";
  }
}

// ---------------------------------------------------------------- DSR
struct Summary {
  std::string id, model, use_type, territory, currency;
  bool download = false;
  // Prices in 10^-6 units and the number of decimals they are written with.
  std::int64_t price_a = 0, price_b = 0;
  int scale = 6;
  int minor_digits = 2;  // the currency's minor unit (ISO 4217)
  double weight = 1;
  // Filled by the dry pass.
  std::int64_t usages = 0;
  std::int64_t revenue = 0;  // 10^-6 units
  std::int64_t first_line = -1;
};

std::vector<Summary> make_summaries() {
  struct T {
    const char* territory;
    const char* currency;
    double weight;
    std::int64_t sub, ad, dl_a, dl_b;  // 10^-6 units
    int stream_scale, dl_scale, minor;
  };
  // Stream prices end in an odd digit other than 5, so one extra stream changes the last
  // decimal of the summary total (see the NetRevenue note at the top).
  const T territories[] = {
      {"US", "USD", 0.40, 4113, 1237, 990000, 1290000, 6, 2, 2},
      {"GB", "GBP", 0.15, 3271, 983, 790000, 990000, 6, 2, 2},
      {"DE", "EUR", 0.20, 3689, 1091, 990000, 1290000, 6, 2, 2},
      {"FR", "EUR", 0.12, 3717, 1063, 990000, 1190000, 6, 2, 2},
      {"JP", "JPY", 0.13, 457300, 129100, 255000000, 204000000, 4, 0, 0},
  };
  std::vector<Summary> out;
  int id = 0;
  for (const T& t : territories) {
    const struct {
      const char* model;
      const char* use;
      bool download;
      double share;
    } models[] = {{"SubscriptionModel", "OnDemandStream", false, 0.50},
                  {"AdvertisementSupportedModel", "OnDemandStream", false, 0.35},
                  {"PayAsYouGoModel", "PermanentDownload", true, 0.15}};
    for (const auto& m : models) {
      Summary s;
      s.id = std::to_string(++id);
      s.model = m.model;
      s.use_type = m.use;
      s.territory = t.territory;
      s.currency = t.currency;
      s.download = m.download;
      s.weight = t.weight * m.share;
      s.minor_digits = t.minor;
      if (m.download) {
        s.price_a = t.dl_a;
        s.price_b = t.dl_b;
        s.scale = t.dl_scale;
      } else {
        s.price_a = s.price_b = std::string_view(m.model) == "SubscriptionModel" ? t.sub : t.ad;
        s.scale = t.stream_scale;
      }
      out.push_back(s);
    }
  }
  return out;
}

struct Params {
  std::filesystem::path out;
  std::int64_t lines = 10'000'000;
  std::size_t recordings = 50'000, labels = 500;
  std::uint64_t seed = 20260101;
  bool ern = true;
};

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// One block's resources: catalog recordings, or (unknown block) ISRCs not in the catalog.
struct Block {
  std::string id;
  bool unknown = false;
  const Release* rel = nullptr;
  std::vector<std::size_t> resources;  // recording indices (known) or 0..n-1 (unknown)
  std::vector<std::string> unknown_isrc;
};

// One pass over the sales. With `o` == nullptr it only fills the summaries' totals; the
// second pass draws the same random numbers and writes.
struct DsrPass {
  const Catalog& cat;
  std::vector<Summary>& sums;
  const Params& p;
  Out* o;
  std::map<std::int64_t, int> bumps;  // sale line index -> extra units
  // (owner, currency) -> 10^-6 units; filled when not null.
  std::map<std::pair<std::string, std::string>, std::int64_t>* totals = nullptr;
  std::int64_t blocks = 0, physical_lines = 0;
  std::int64_t line_index = 0;
  std::uint64_t unknown_serial = 0;

  void line_end() {
    ++physical_lines;
    if (o != nullptr) *o << '\n';
  }

  void draw_block(Rng& rng, const Discrete& rank_pick, const std::vector<std::size_t>& perm,
                  Block* b) {
    b->id = std::to_string(++blocks);
    b->unknown = rng.uniform() < 0.01;
    b->resources.clear();
    b->unknown_isrc.clear();
    const std::size_t first = perm[rank_pick.draw(rng)];
    std::size_t extra = 0;
    while (extra < 3 && rng.uniform() < 0.3) ++extra;
    b->rel = b->unknown ? nullptr : &cat.releases[cat.recordings[first].release];
    if (b->unknown) {
      for (std::size_t k = 0; k <= extra; ++k) {
        // Not in the catalog: registrant "UNK" is never generated for a label.
        b->unknown_isrc.push_back("GBUNK25" + pad(unknown_serial++ % 2000 + 1, 5));
        b->resources.push_back(k);
      }
      return;
    }
    b->resources.push_back(first);
    for (std::size_t k = 0; k < extra && k + 1 < b->rel->tracks; ++k) {
      const std::size_t cand = b->rel->first_recording + rng.below(b->rel->tracks);
      if (std::find(b->resources.begin(), b->resources.end(), cand) == b->resources.end()) {
        b->resources.push_back(cand);
      }
    }
  }

  // RE01, then AS01.01 + MW01.01 per resource.
  void write_block_records(const Block& b) {
    if (o != nullptr) {
      if (b.unknown) {
        *o << "RE01\t" << b.id << "\tRL1\tUNKREL" << b.id
           << "\t\t\t\tUnknown Artist\t\tUnknown Release\t\tSingle";
      } else {
        const Release& rel = *b.rel;
        *o << "RE01\t" << b.id << "\tRL1\tA" << rel.id << "\t\t" << rel.catalog_number << "\t"
           << rel.icpn << "\t" << rel.artist << "\t\t" << rel.title << "\t\t" << rel.type << "\t"
           << cat.labels[rel.label].name;
      }
    }
    line_end();
    for (std::size_t k = 0; k < b.resources.size(); ++k) {
      if (o != nullptr) {
        const std::string ref = "RES" + std::to_string(k + 1);
        if (b.unknown) {
          *o << "AS01.01\t" << b.id << "\t" << ref << "\tU" << b.unknown_isrc[k] << "\t"
             << b.unknown_isrc[k]
             << "\tUnknown Track\t\tUnknown Artist\t\tPT0H3M0S\tSoundRecording";
        } else {
          const Recording& rec = cat.recordings[b.resources[k]];
          *o << "AS01.01\t" << b.id << "\t" << ref << "\tT";
          o->num(static_cast<std::int64_t>(b.resources[k]) + 1)
              << "\t" << rec.isrc << "\t" << rec.title << "\t\t" << b.rel->artist << "\t\t"
              << duration_text(rec.duration) << "\tSoundRecording";
        }
      }
      line_end();
      if (o != nullptr) {
        *o << "MW01.01\t" << b.id << "\tW" << b.id << "-" << std::to_string(k + 1) << "\t\t"
           << (b.unknown ? std::string("Unknown Work") : cat.recordings[b.resources[k]].title);
      }
      line_end();
    }
  }

  // One SU01 (download) or SU02 (stream) line of resource k on summary s_index.
  void sale_line(Rng& rng, const Block& b, std::size_t k, std::size_t s_index) {
    Summary& s = sums[s_index];
    std::int64_t usages = 0, returns = 0, price = 0;
    if (s.download) {
      const double u = rng.uniform();
      usages = u < 0.8 ? 1 : (u < 0.95 ? 2 : 3);
      if (rng.uniform() < 0.03) returns = 1;
      price = rng.uniform() < 0.7 ? s.price_a : s.price_b;
    } else {
      usages = 1 + static_cast<std::int64_t>(std::exp(2.5 + 1.5 * rng.normal()));
      usages = std::min<std::int64_t>(usages, 1'000'000);
      price = s.price_a;
    }
    if (auto it = bumps.find(line_index); it != bumps.end()) usages += it->second;
    if (s.first_line < 0) s.first_line = line_index;
    const std::int64_t amount = price * (usages - returns);
    if (o == nullptr) {
      s.usages += usages;
      s.revenue += amount;
    }
    if (totals != nullptr) {
      const std::string owner = b.unknown ? "_unmatched" : cat.labels[b.rel->label].id;
      (*totals)[{owner, s.currency}] += amount;
    }
    if (o != nullptr) {
      *o << (s.download ? "SU01\t" : "SU02\t") << b.id << "\t" << s.id << "\tS";
      o->num(line_index + 1) << "\t\tRES" << std::to_string(k + 1) << "\ttrue\t";
      if (s.download) {
        *o << "false\t";
        o->num(usages) << "\t";
        o->num(returns) << "\t";
      } else {
        o->num(usages) << "\t";
      }
      *o << fixed(price / pow10(6 - s.scale), s.scale);
    }
    line_end();
    ++line_index;
  }

  void run() {
    Rng rng(p.seed ^ 0xD5EULL);
    const std::size_t m = cat.recordings.size();
    std::vector<double> w(m);
    for (std::size_t i = 0; i < m; ++i) w[i] = 1.0 / std::pow(static_cast<double>(i + 1), 0.9);
    const Discrete rank_pick(w);
    std::vector<std::size_t> perm(m);  // rank -> recording
    for (std::size_t i = 0; i < m; ++i) perm[i] = i;
    for (std::size_t i = m; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
    std::vector<double> sw;
    for (const Summary& s : sums) sw.push_back(s.weight);
    const Discrete summary_pick(sw);
    Block b;
    while (line_index < p.lines) {
      draw_block(rng, rank_pick, perm, &b);
      write_block_records(b);
      // Sale lines: per resource, 1..6 distinct summaries.
      for (std::size_t k = 0; k < b.resources.size() && line_index < p.lines; ++k) {
        std::size_t n = 1;
        while (n < 6 && rng.uniform() < 0.65) ++n;
        std::vector<std::size_t> chosen;
        for (std::size_t tries = 0; chosen.size() < n && tries < 40; ++tries) {
          const std::size_t s = summary_pick.draw(rng);
          if (std::find(chosen.begin(), chosen.end(), s) == chosen.end()) chosen.push_back(s);
        }
        std::sort(chosen.begin(), chosen.end());
        for (std::size_t s_index : chosen) {
          if (line_index >= p.lines) break;
          sale_line(rng, b, k, s_index);
        }
      }
    }
  }
};

constexpr const char* kComments[] = {
    "#HEAD\tMessageVersion\tProfile\tProfileVersion\tMessageId\tMessageCreatedDateTime\tFileNumber"
    "\tNumberOfFiles\t"
    "UsageStartDate\tUsageEndDate\tSenderPartyId\tSenderName\tServiceDescription\tRecipientPartyId"
    "\tRecipientName\t"
    "RepresentedRepertoire",
    "#SY02."
    "02\tSummaryRecordId\tDistributionChannel\tDistributionChannelDPID\tCommercialModel\tUseType\tT"
    "erritory\t"
    "ServiceDescription\tUsages\tUsers\tCurrencyOfReporting\tNetRevenue\tRightsController\tRightsCo"
    "ntrollerPartyId\t"
    "AllocatedUsages\tAllocatedRevenue\tAllocatedNetRevenue\tRightsType\tContentCategory\tCurrencyO"
    "fTransaction\t"
    "ExchangeRate\tRightsTypePercentage",
    "#RE01\tBlockId\tReleaseReference\tDspReleaseId\tProprietaryReleaseId\tCatalogNumber\tICPN\tDis"
    "playArtistName\t"
    "DisplayArtistPartyId\tTitle\tSubTitle\tReleaseType\tLabel\tPLine\tDataProvider",
    "#AS01."
    "01\tBlockId\tResourceReference\tDspResourceId\tISRC\tTitle\tSubTitle\tDisplayArtistName\t"
    "DisplayArtistPartyId\tDuration\tResourceType\tIsMasterRecording",
    "#MW01."
    "01\tBlockId\tDspWorkId\tISWC\tTitle\tSubTitle\tComposerAuthor\tComposerAuthorPartyId\tArranger"
    "\t"
    "ArrangerPartyId\tMusicPublisher\tMusicPublisherPartyId\tWorkContributor\tWorkContributorPartyI"
    "d\tDataProvider\t"
    "ProprietaryWorkId",
    "#SU01\tBlockId\tSummaryRecordId\tSalesTransactionId\tTransactedRelease\tTransactedResource\tIs"
    "RoyaltyBearing\t"
    "SalesUpgrade\tUsages\tReturns\tPriceConsumerPaidExcSalesTax\tPromotionalActivity",
    "#SU02\tBlockId\tSummaryRecordId\tSalesTransactionId\tTransactedRelease\tTransactedResource\tIs"
    "RoyaltyBearing\t"
    "NumberOfStreams\tPriceConsumerPaidExcSalesTax\tPromotionalActivity",
    "#FOOT\tNumberOfLinesInFile\tNumberOfLinesInReport\tNumberOfSummaryRecords\tNumberOfBlocksInFil"
    "e\t"
    "NumberOfBlocksInReport",
};

std::string write_dsr(const Catalog& cat, const Params& p) {
  std::vector<Summary> sums = make_summaries();
  // Pass 1: totals per summary.
  DsrPass dry{cat, sums, p, nullptr, {}, nullptr};
  dry.run();
  std::map<std::int64_t, int> bumps;
  for (Summary& s : sums) {
    if (s.first_line < 0) continue;
    const std::int64_t unit = pow10(6 - s.scale);  // 10^-6 units per last written decimal
    if (s.scale > s.minor_digits && (s.revenue / unit) % 10 == 0) {
      bumps[s.first_line] = 1;
      s.usages += 1;
      s.revenue += s.price_a;  // streams: one more at the summary's price
    }
  }
  const std::string created = "20260203T040506";
  const std::string name = "DSR_" + kDistributorDpid + "_" + kStoreDpid +
                           "_BenchStreams_2026-01_multi_1of1_" + created + ".tsv";
  std::map<std::pair<std::string, std::string>, std::int64_t> totals;
  std::int64_t blocks = 0, body_lines = 0;
  {
    Out o(p.out / name);
    o << "HEAD\tdsrf/30\tBasicAudioProfile\t1.2\tBENCH-" << std::to_string(p.seed) << "-"
      << std::to_string(p.lines) << "\t2026-02-03T04:05:06Z\t1\t1\t2026-01-01\t2026-01-31\t"
      << kStoreDpid << "\tFermata Bench Streams\tBenchStreams\t" << kDistributorDpid
      << "\tFermata Bench Distribution\n";
    for (const char* c : kComments) o << c << "\n";
    for (const Summary& s : sums) {
      o << "SY02.02\t" << s.id << "\t\t\t" << s.model << "\t" << s.use_type << "\t" << s.territory
        << "\tBenchStreams\t";
      o.num(s.usages) << "\t\t" << s.currency << "\t"
                      << fixed(s.revenue / pow10(6 - s.scale), s.scale) << "\t\t\t\t\t\t\tMusic\n";
    }
    DsrPass wet{cat, sums, p, &o, bumps, &totals};
    wet.run();
    blocks = wet.blocks;
    body_lines = wet.physical_lines;
    const std::int64_t total_lines = 1 + static_cast<std::int64_t>(std::size(kComments)) +
                                     static_cast<std::int64_t>(sums.size()) + body_lines + 1;
    o << "FOOT\t";
    o.num(total_lines) << "\t";
    o.num(total_lines) << "\t";
    o.num(static_cast<std::int64_t>(sums.size())) << "\t";
    o.num(blocks) << "\t";
    o.num(blocks) << "\n";
  }
  {
    Out o(p.out / "expected_totals.csv");
    o << "owner,currency,revenue\n";
    for (const auto& [key, units] : totals)
      o << key.first << "," << key.second << "," << fixed(units, 6) << "\n";
  }
  {
    Out o(p.out / "manifest.txt");
    o << "dsr_file=" << name << "\nsales_lines=" << std::to_string(p.lines)
      << "\nblocks=" << std::to_string(blocks) << "\nphysical_lines="
      << std::to_string(1 + std::size(kComments) + sums.size() + body_lines + 1)
      << "\nrecordings=" << std::to_string(cat.recordings.size())
      << "\nreleases=" << std::to_string(cat.releases.size())
      << "\nlabels=" << std::to_string(cat.labels.size()) << "\nseed=" << std::to_string(p.seed)
      << "\nnetrevenue_bumps=" << std::to_string(bumps.size()) << "\n";
  }
  return name;
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: generate_dsr --out DIR [--lines N] [--recordings M] [--labels L] [--seed S] "
               "[--no-ern]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
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
    else if (a == "--lines")
      p.lines = static_cast<std::int64_t>(integer());
    else if (a == "--recordings")
      p.recordings = integer();
    else if (a == "--labels")
      p.labels = integer();
    else if (a == "--seed")
      p.seed = integer();
    else if (a == "--no-ern")
      p.ern = false;
    else
      usage();
  }
  if (p.out.empty() || p.lines < 1 || p.recordings < 1 || p.labels < 1 || p.labels > 1296) usage();
  std::filesystem::create_directories(p.out);
  Rng rng(p.seed);
  const Catalog cat = make_catalog(p.recordings, p.labels, rng);
  write_catalog_csv(cat, p.out);
  if (p.ern) write_ern(cat, p.out);
  const std::string name = write_dsr(cat, p);
  std::printf("%s\n", (p.out / name).c_str());
  return 0;
}
