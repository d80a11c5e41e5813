// Test helpers: the shared DSR samples, and the Basic Audio fixture the DSR
// tests share.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace fermata::dsr_test {

// FERMATA_SHARED_DIR, else "<FERMATA_SOURCE_DIR>/../shared" (the samples live
// beside the repository, not in it).
inline std::filesystem::path shared_dir() {
  if (const char* dir = std::getenv("FERMATA_SHARED_DIR")) return dir;
  const char* source = std::getenv("FERMATA_SOURCE_DIR");
  return std::filesystem::path(source != nullptr ? source : ".") / ".." / "shared";
}

inline std::filesystem::path dsr_dir() {
  return shared_dir() / "samples" / "ddex-dsr";
}

inline std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The HEAD of the Basic Audio 1.2 fixtures: Streamy (PADPIDA2014111801Y) to
// North Dist (PADPIDA2013020802I), 2015-10..2015-12.
#define FERMATA_DSR_TEST_BASIC_AUDIO_HEAD                                                     \
  "HEAD\tdsrf/30\tBasicAudioProfile\t1.2\tM1\t2016-01-21T15:09:26Z\t1\t1\t2015-10\t2015-12\t" \
  "PADPIDA2014111801Y\tStreamy\tStreamy Premium\tPADPIDA2013020802I\tNorth Dist\n"

inline constexpr char kBasicAudioHead[] = FERMATA_DSR_TEST_BASIC_AUDIO_HEAD;

// Basic Audio 1.2. Summary 1 (downloads, US, 2.97 USD) is allocated over
// SU01 lines 7, 12 and 13 by gross 2.97 : 0.99 : 0.99, i.e. 1.782, 0.594,
// 0.594; in cents 1.78 + 0.59 + 0.59 = 2.96 and the last cent goes to the
// first of the two tied remainders (.4): 1.78, 0.60, 0.59. Summary 2 (streams,
// GB, 0.40 GBP) has the single SU02 line 8.
inline constexpr char kBasicAudioReport[] = FERMATA_DSR_TEST_BASIC_AUDIO_HEAD
    "SY01.01\t1\t\t\tPayAsYouGoModel\tPermanentDownload\tUS\t\t5\t\tUSD\t2.97\n"
    "SY02.02\t2\t\t\tSubscriptionModel\tOnDemandStream\tGB\tPremium\t100\t\tGBP\t0.40"
    "\t\t\t\t\t\t\tMusic\n"
    "RE01\t1\tRL1\tDR1\t\tABC-001\t0036000291452\tThe Band\t\tAlbum One\n"
    "AS01.01\t1\tRES1\tDSP-T1\tusrc17607839\tSong One\t\tThe Band\t\tPT3M0S\tSoundRecording\n"
    "AS01.01\t1\tRES2\tDSP-T2\tGB-AYE-00-00001\tSong Two\t\tThe Band\t\tPT3M0S\tSoundRecording\n"
    "SU01\t1\t1\tT1\tRL1\tRES2\ttrue\tfalse\t3\t0\t0.99\n"
    "SU02\t1\t2\tT2\t\tRES1\ttrue\t100\n"
    "RE01\t2\tRL2\tDR2\t\tABC-002\t4012345000016\tOther Artist\t\tAlbum Two\n"
    "RE01\t2\tRL3\tDR3\t\tABC-003\t4012345000023\tOther Artist\t\tAlbum Three\n"
    "AS01.01\t2\tRES3\tDSP-T3\tFRZZZ1500001\tSong Three\t\tOther Artist\t\tPT2M0S\tSoundRecording\n"
    "SU01\t2\t1\tT3\tRL3\tRES3\ttrue\tfalse\t2\t1\t0.99\n"
    "SU01\t2\t1\tT4\t\tRES3\ttrue\tfalse\t1\t0\t0.99\n"
    "FOOT\t14\t14\t2\t2\t2\n";

}  // namespace fermata::dsr_test

// Reads a sample into `var` or skips the test with the reason.
#define FERMATA_READ_SAMPLE_OR_SKIP(var, relative)                                          \
  const std::filesystem::path var##_path = ::fermata::dsr_test::dsr_dir() / (relative);     \
  const std::optional<std::string> var##_text = ::fermata::dsr_test::read_text(var##_path); \
  if (!var##_text)                                                                          \
    GTEST_SKIP() << "DSR sample absent: " << var##_path                                     \
                 << " (set FERMATA_SHARED_DIR to the shared folder)";                       \
  const std::string& var = *var##_text
