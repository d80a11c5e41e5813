// Goal: parse_ern reads the real ERN samples exactly. Method: parse each
// shared sample (3.4.1 Sony album, 4.3 NewRelease in UTF-16BE, 4.3 Purge,
// the non-DDEX UpdateReleaseMessage) and the synthetic 3.8 fixture, and
// assert every field Fermata uses, every finding with its line and path, and
// every refusal with its reason.
#include <gtest/gtest.h>

#include <algorithm>

#include "fermata/ingest/ern/ern.h"
#include "fermata/ingest/ern/ern_test_util.h"

namespace fermata {
namespace {

using ern_test::ern_dir;
using ern_test::testdata_dir;
using Strings = std::vector<std::string>;

TEST(ErnSample341, HeaderAndRelease) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ern341-album-130295703.xml");
  const ErnMessage m = parse_ern(bytes, "album.xml");
  ASSERT_TRUE(m.errors.empty()) << m.errors.front().to_string();
  EXPECT_TRUE(m.warnings.empty()) << m.warnings.front().to_string();
  EXPECT_EQ(m.kind, ErnMessageKind::kNewRelease);
  EXPECT_EQ(m.ern_version, "341");
  EXPECT_EQ(m.ern_major, 3);
  EXPECT_EQ(m.schema_version, "/ern/341");
  EXPECT_EQ(m.message_id, "130295703");
  EXPECT_EQ(m.message_thread_id, "G010003856408H_7HD");
  EXPECT_EQ(m.sender.dpid.value, "PADPIDA2007040502I");
  EXPECT_TRUE(m.sender.dpid.valid);
  EXPECT_EQ(m.sender.name, "Sony Music Entertainment");
  EXPECT_EQ(m.recipient.dpid.value, "PADPIDA2011021601H");
  EXPECT_EQ(m.recipient.name, "7 Digital HD");
  EXPECT_EQ(m.created, "2017-12-05T03:32:27.584+01:00");
  EXPECT_EQ(m.control_type, "LiveMessage");
  EXPECT_EQ(m.update_indicator, "OriginalMessage");
  EXPECT_TRUE(m.parties.empty());
  ASSERT_EQ(m.releases.size(), 16u);
  const ErnRelease& album = m.releases[0];
  EXPECT_EQ(album.reference, "R0");
  EXPECT_EQ(album.release_type, "Album");
  EXPECT_FALSE(album.is_track_release);
  EXPECT_EQ(album.ids.icpn.raw, "886446899008");
  EXPECT_EQ(album.ids.icpn.value, "0886446899008");
  EXPECT_TRUE(album.ids.icpn.valid);
  EXPECT_EQ(album.ids.icpn_is_ean, std::optional<bool>(false));
  EXPECT_EQ(album.ids.icpn.line_number, 1406);
  EXPECT_EQ(album.ids.grid.value, "A10301A0003856408H");
  EXPECT_TRUE(album.ids.grid.valid);
  EXPECT_EQ(album.ids.catalog_number, "G010003856408H");
  EXPECT_EQ(album.ids.catalog_number_namespace, "DPID:PADPIDA2007040502I");
  EXPECT_EQ(album.title, "Encantados (Remasterizado)");
  EXPECT_EQ(album.display_artist, "Paloma San Basilio y Luis Cobos");
  EXPECT_EQ(album.label_name, "RCA Records Label");
  EXPECT_EQ(album.line_number, 1403);
  EXPECT_EQ(album.resource_references.size(), 16u);  // 15 recordings and the cover image.
  EXPECT_TRUE(album.identifiers_valid);
}

TEST(ErnSample341, RecordingsAndTracksInOrder) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ern341-album-130295703.xml");
  const ErnMessage m = parse_ern(bytes, "album.xml");
  const std::vector<std::int64_t> durations = {490, 279, 112, 125, 263, 222, 331, 188,
                                               227, 208, 281, 457, 261, 220, 343};
  ASSERT_EQ(m.recordings.size(), 15u);
  const ErnRelease& album = m.releases[0];
  ASSERT_EQ(album.tracks.size(), 15u);
  for (std::size_t i = 0; i < 15; ++i) {
    const std::string isrc = "ES50217026" + std::to_string(74 + i);
    const ErnSoundRecording& r = m.recordings[i];
    EXPECT_EQ(r.reference, "A" + std::to_string(i + 1));
    EXPECT_EQ(r.isrc.value, isrc);
    EXPECT_TRUE(r.isrc.valid);
    EXPECT_EQ(r.duration_seconds, durations[i]) << r.duration_raw;
    EXPECT_EQ(r.display_artist, "Paloma San Basilio, Luis Cobos");
    EXPECT_EQ(album.tracks[i].sequence, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(album.tracks[i].resource_reference, r.reference);
    EXPECT_EQ(album.tracks[i].isrc, isrc);
    EXPECT_TRUE(album.tracks[i].isrc_valid);
    const ErnRelease& single = m.releases[i + 1];
    EXPECT_TRUE(single.is_track_release);
    EXPECT_EQ(single.ids.isrc.value, isrc);
    EXPECT_EQ(single.tracks.size(), 1u);
  }
  EXPECT_EQ(m.recordings[0].title, "Zarzuela (Remasterizado)");
  EXPECT_EQ(m.recordings[0].duration_raw, "PT0H8M10S");
  EXPECT_EQ(m.recordings[0].line_number, 23);
  EXPECT_EQ(m.recordings[0].isrc.line_number, 26);
  EXPECT_EQ(m.releases[1].ids.grid.value, "A10328E0008556568I");
}

TEST(ErnSample341, Deals) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ern341-album-130295703.xml");
  const ErnMessage m = parse_ern(bytes, "album.xml");
  ASSERT_EQ(m.deals.size(), 45u);
  const ErnDeal& first = m.deals[0];
  EXPECT_EQ(first.release_references, Strings{"R0"});
  EXPECT_EQ(first.release_icpns, Strings{"0886446899008"});
  EXPECT_EQ(first.commercial_models, Strings{"PayAsYouGoModel"});
  EXPECT_EQ(first.use_types, Strings{"PermanentDownload"});
  EXPECT_EQ(first.territories, Strings{"AE"});
  EXPECT_TRUE(first.excluded_territories.empty());
  EXPECT_EQ(first.valid_from, "2017-12-15");
  EXPECT_FALSE(first.valid_to.has_value());
  EXPECT_FALSE(first.takedown);
  EXPECT_EQ(first.price_tier, "B99");
  EXPECT_EQ(first.effective_date, "2017-12-05");
  EXPECT_EQ(first.line_number, 3484);
  EXPECT_EQ(m.deals[2].territories,
            (Strings{"AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT"}));
  const auto album_deals = std::count_if(m.deals.begin(), m.deals.end(), [](const ErnDeal& d) {
    return d.release_references == Strings{"R0"};
  });
  EXPECT_EQ(album_deals, 21);
  const ErnDeal& last = m.deals.back();
  EXPECT_EQ(last.release_references.size(), 15u);
  EXPECT_EQ(last.release_references[1], "R10");  // Document order, as written.
  EXPECT_TRUE(last.release_icpns.empty());       // Track releases carry ISRCs, not ICPNs.
  EXPECT_EQ(last.commercial_models, Strings{"SubscriptionModel"});
  EXPECT_EQ(last.use_types,
            (Strings{"ConditionalDownload", "NonInteractiveStream", "OnDemandStream"}));
  EXPECT_EQ(last.territories.size(), 31u);
  EXPECT_EQ(last.territories.front(), "AE");
  EXPECT_EQ(last.territories.back(), "ZA");
  EXPECT_EQ(last.price_tier, "");
  EXPECT_EQ(m.deals[21].price_tier, "T09");
}

TEST(ErnSample43, NewReleaseInUtf16BigEndian) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ERN_NewReleaseMessage_example.xml");
  ASSERT_EQ(bytes.substr(0, 2), std::string("\xFE\xFF"));
  const ErnMessage m = parse_ern(bytes, "new.xml");
  ASSERT_TRUE(m.errors.empty()) << m.errors.front().to_string();
  EXPECT_EQ(m.kind, ErnMessageKind::kNewRelease);
  EXPECT_EQ(m.ern_version, "43");
  EXPECT_EQ(m.ern_major, 4);
  EXPECT_EQ(m.schema_version, "4.3");
  EXPECT_EQ(m.message_id, "MSG12345-01");
  EXPECT_EQ(m.sender.dpid.value, "PADPIDA2014021302H");
  EXPECT_TRUE(m.sender.dpid.valid);
  EXPECT_EQ(m.sender.name, "Example Sender");
  EXPECT_EQ(m.recipient.dpid.value, "PADPIDA2024072201A");
  EXPECT_EQ(m.recipient.name, "Original Works");
  EXPECT_EQ(m.created, "2024-09-24T14:57:25+01:00");
  EXPECT_EQ(m.update_indicator, "");
  ASSERT_EQ(m.parties.size(), 3u);
  const ErnParty& sender = m.parties[0];
  EXPECT_EQ(sender.reference, "PADPIDA2014021302H");
  EXPECT_EQ(sender.name, "");
  EXPECT_EQ(sender.dpid.value, "PADPIDA2014021302H");
  EXPECT_TRUE(sender.dpid.valid);
  EXPECT_EQ(sender.isni.raw, "0000000080549162");
  EXPECT_FALSE(sender.isni.valid);
  EXPECT_FALSE(sender.identifiers_valid);
  EXPECT_EQ(sender.line_number, 57);
  EXPECT_EQ(m.parties[1].reference, "PExampleReference1");
  EXPECT_EQ(m.parties[1].name, "Example Rights Holder");
  EXPECT_TRUE(m.parties[1].named_as_label);
  EXPECT_FALSE(m.parties[1].named_as_artist);
  EXPECT_EQ(m.parties[2].reference, "PExampleReference2");
  EXPECT_EQ(m.parties[2].name, "Artist Namer");
  EXPECT_TRUE(m.parties[2].named_as_artist);
  ASSERT_EQ(m.recordings.size(), 1u);
  const ErnSoundRecording& r = m.recordings[0];
  EXPECT_EQ(r.reference, "A1");
  EXPECT_EQ(r.isrc.value, "US1234567890");
  EXPECT_TRUE(r.isrc.valid);
  EXPECT_EQ(r.isrc.line_number, 110);
  EXPECT_EQ(r.title, "Example Sound Recording");
  EXPECT_EQ(r.display_artist, "Artist Namer");
  EXPECT_EQ(r.duration_seconds, 148);
}

TEST(ErnSample43, ReleasesDealsAndFindings) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ERN_NewReleaseMessage_example.xml");
  const ErnMessage m = parse_ern(bytes, "new.xml");
  ASSERT_EQ(m.releases.size(), 3u);
  const ErnRelease& album = m.releases[0];
  EXPECT_EQ(album.reference, "R0");
  EXPECT_EQ(album.release_type, "Album");
  EXPECT_EQ(album.ids.icpn.raw, "1234567890123");
  EXPECT_FALSE(album.ids.icpn.valid);
  EXPECT_FALSE(album.ids.grid.valid);
  EXPECT_FALSE(album.identifiers_valid);
  EXPECT_EQ(album.title, "Title");  // DisplayTitleText wins over DisplayTitle.
  EXPECT_EQ(album.display_artist, "Saeko Shu");
  EXPECT_EQ(album.label_party_reference, "PExampleReference1");
  EXPECT_EQ(album.label_name, "Example Rights Holder");
  EXPECT_EQ(album.resource_references, (Strings{"A1", "A2"}));
  ASSERT_EQ(album.tracks.size(), 1u);  // A2 is the cover image.
  EXPECT_EQ(album.tracks[0].isrc, "US1234567890");
  for (std::size_t i = 1; i <= 2; ++i) {
    const ErnRelease& track = m.releases[i];
    EXPECT_EQ(track.reference, "R" + std::to_string(i));
    EXPECT_TRUE(track.is_track_release);
    EXPECT_EQ(track.release_type, "TrackRelease");
    EXPECT_EQ(track.label_name, "Artist Namer");
    ASSERT_EQ(track.ids.proprietary_ids.size(), 1u);
    EXPECT_EQ(track.ids.proprietary_ids[0].name_space, "PADPIDA2013042401U");
  }
  EXPECT_EQ(m.releases[1].ids.proprietary_ids[0].value, "00094631432057_JPTO09404900_R1");
  EXPECT_EQ(m.releases[1].tracks.size(), 1u);
  EXPECT_EQ(m.releases[2].resource_references, Strings{"A2"});
  EXPECT_TRUE(m.releases[2].tracks.empty());
  ASSERT_EQ(m.deals.size(), 1u);
  const ErnDeal& deal = m.deals[0];
  EXPECT_EQ(deal.release_references, Strings{"R0"});
  EXPECT_TRUE(deal.release_icpns.empty());  // R0's ICPN failed its check.
  EXPECT_EQ(deal.territories, Strings{"Worldwide"});
  EXPECT_EQ(deal.valid_from, "2024-01-01");
  EXPECT_EQ(deal.valid_to, std::optional<std::string>("2024-01-02"));
  EXPECT_TRUE(deal.commercial_models.empty());
  EXPECT_TRUE(deal.use_types.empty());
  EXPECT_FALSE(deal.takedown);
  ASSERT_EQ(m.warnings.size(), 3u);
  const auto expect_finding = [&](const Error& e, std::int64_t line, const std::string& path,
                                  const std::string& value) {
    EXPECT_EQ(e.code, ErrorCode::kIdentifierInvalid);
    EXPECT_EQ(e.where.file, "new.xml");
    EXPECT_EQ(e.where.line_number, line);
    EXPECT_EQ(e.where.field, path);
    EXPECT_EQ(e.where.value, value);
  };
  expect_finding(m.warnings[0], 62, "/NewReleaseMessage/PartyList/Party[1]/PartyId/ISNI",
                 "0000000080549162");
  expect_finding(m.warnings[1], 260, "/NewReleaseMessage/ReleaseList/Release/ReleaseId/ICPN",
                 "1234567890123");
  EXPECT_EQ(m.warnings[1].message, "ICPN: check digit is 3, expected 8");
  expect_finding(m.warnings[2], 259, "/NewReleaseMessage/ReleaseList/Release/ReleaseId/GRid",
                 "G123456789012345678");
}

TEST(ErnSample43, PurgeNamesTheReleaseToRetire) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ERN_PurgeReleaseMessage_example.xml");
  const ErnMessage m = parse_ern(bytes, "purge.xml");
  ASSERT_TRUE(m.errors.empty()) << m.errors.front().to_string();
  EXPECT_EQ(m.kind, ErnMessageKind::kPurgeRelease);
  EXPECT_EQ(m.message_id, "MSG12345-01");
  ASSERT_EQ(m.purged_releases.size(), 1u);
  EXPECT_EQ(m.purged_releases[0].grid.raw, "G123456789012345");
  EXPECT_FALSE(m.purged_releases[0].grid.valid);
  EXPECT_EQ(m.purged_releases[0].grid.line_number, 34);
  ASSERT_EQ(m.warnings.size(), 2u);
  EXPECT_EQ(m.warnings[0].where.value, "PADPIDA2014120301");  // Sender DPID lacks its check.
  EXPECT_EQ(m.warnings[0].where.line_number, 17);
  EXPECT_EQ(m.warnings[1].where.field, "/PurgeReleaseMessage/PurgedRelease/ReleaseId/GRid");
  EXPECT_TRUE(m.releases.empty());
}

TEST(ErnSample43, UpdateReleaseMessageIsRefused) {
  FERMATA_READ_ERN_OR_SKIP(bytes, ern_dir(), "ERN_UpdateReleaseMessage_register_deals.xml");
  const ErnMessage m = parse_ern(bytes, "update.xml");
  EXPECT_EQ(m.kind, ErnMessageKind::kRefused);
  ASSERT_EQ(m.errors.size(), 1u);
  const Error& e = m.errors[0];
  EXPECT_EQ(e.code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(e.where.file, "update.xml");
  EXPECT_EQ(e.where.line_number, 6);
  EXPECT_EQ(e.where.value, "UpdateReleaseMessage");
  EXPECT_NE(e.message.find("UpdateReleaseMessage is not a DDEX ERN message"), std::string::npos)
      << e.message;
  EXPECT_TRUE(m.releases.empty());
}

TEST(ErnFixture38, SingleWithFindings) {
  FERMATA_READ_ERN_OR_SKIP(bytes, testdata_dir(), "ern38_single.xml");
  const ErnMessage m = parse_ern(bytes, "ern38.xml");
  ASSERT_TRUE(m.errors.empty()) << m.errors.front().to_string();
  EXPECT_EQ(m.ern_version, "38");
  EXPECT_EQ(m.update_indicator, "UpdateMessage");
  EXPECT_EQ(m.control_type, "TestMessage");
  ASSERT_EQ(m.recordings.size(), 3u);
  EXPECT_EQ(m.recordings[0].isrc.value, "GBAAA2400001");     // Normalised from gb-aaa-24-00001.
  EXPECT_EQ(m.recordings[0].duration_seconds, 201);          // PT3M20.5S rounds half up.
  EXPECT_EQ(m.recordings[0].display_artist, "Ann Example");  // MainArtist only.
  EXPECT_EQ(m.recordings[1].duration_seconds, 3600);         // PT1H0M0.4S rounds down.
  EXPECT_EQ(m.recordings[1].title, "Second Song (Live)");
  EXPECT_EQ(m.recordings[1].display_artist, "Ann Example & Friends");
  EXPECT_FALSE(m.recordings[2].isrc.valid);
  EXPECT_FALSE(m.recordings[2].identifiers_valid);
  EXPECT_FALSE(m.recordings[2].duration_seconds.has_value());
  const ErnRelease& single = m.releases[0];
  EXPECT_EQ(single.ids.icpn.value, "0036000291452");
  EXPECT_EQ(single.label_name, "Synth Label");
  ASSERT_EQ(single.tracks.size(), 3u);  // ResourceGroup order, not the list order.
  EXPECT_EQ(single.tracks[0].isrc, "GBAAA2400002");
  EXPECT_EQ(single.tracks[1].isrc, "GBAAA2400001");
  EXPECT_EQ(single.tracks[2].isrc, "XXBAD");
  EXPECT_FALSE(single.tracks[2].isrc_valid);
  EXPECT_EQ(m.releases[1].ids.grid.value, "A12425GABC1234002M");
  ASSERT_EQ(m.deals.size(), 3u);
  EXPECT_EQ(m.deals[0].excluded_territories, (Strings{"US", "UK"}));
  EXPECT_EQ(m.deals[0].valid_to, std::optional<std::string>("2024-12-31"));
  EXPECT_EQ(m.deals[0].price_tier, "T09");
  EXPECT_TRUE(m.deals[1].takedown);
  EXPECT_EQ(m.deals[1].valid_from, "2025-01-01");  // Date part of StartDateTime.
  EXPECT_EQ(m.deals[2].valid_from, "2024-02-30");  // Kept as written, with a finding.
  ASSERT_EQ(m.warnings.size(), 4u);
  EXPECT_EQ(m.warnings[0].where.line_number, 49);  // Duration P1M.
  EXPECT_EQ(m.warnings[1].where.value, "UK");
  EXPECT_EQ(m.warnings[1].where.line_number, 103);
  EXPECT_EQ(m.warnings[2].code, ErrorCode::kDateInvalid);
  EXPECT_EQ(m.warnings[2].where.line_number, 127);
  EXPECT_EQ(m.warnings[3].where.value, "XXBAD");
  EXPECT_EQ(m.warnings[3].where.line_number, 46);
}

}  // namespace
}  // namespace fermata
