// Cell tables of the DSR record types, keyed by (record type, profile, version).
//
// kXsdRecords and the k*Cells arrays before it are generated from the XSD
// xs:sequence of each RecordType-* complexType in samples/ddex-dsr/schemas
// (BasicAudioProfile 1.2, UgcProfile 1.2, AudioVisualProfile 1.1,
// FinancialReportingToRecordCompaniesProfileSRB 1.0; one layout per record type,
// identical in every profile that has it). Required = no minOccurs="0";
// repeatable = maxOccurs="unbounded". dsr_tables_test.cc re-reads the XSDs and
// checks every entry. kOlderRecords are the UGC 1.0/1.1 layouts of the YouTube
// samples (formats.md 1.6) and the legacy tokenizer records of the ddexnet/dsrf
// fixtures (samples/ddex-dsr/blocks/*.txt).
#include <string_view>
#include <vector>

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/dsr/dsr_internal.h"

namespace fermata::dsr_internal {
namespace {

// clang-format off
constexpr DsrCellSpec kAS03V01Cells[] = {
    {"BlockId", true, false},
    {"ResourceReference", true, false},
    {"DspResourceId", true, false},
    {"ISAN", false, false},
    {"EIDR", false, false},
    {"ProprietaryId", false, true},
    {"VideoType", true, true},
    {"Title", true, false},
    {"SubTitle", false, false},
    {"OriginalTitle", false, false},
    {"SeasonNumber", false, false},
    {"EpisodeNumber", false, true},
    {"Genre", false, false},
    {"Duration", true, false},
    {"ProducerName", false, true},
    {"ProducerPartyId", false, true},
    {"DirectorName", false, true},
    {"DirectorPartyId", false, true},
    {"ActorName", false, true},
    {"ActorPartyId", false, true},
    {"LanguageLocalizationType", false, false},
    {"HasCaptioning", false, false},
    {"HasAudioDescription", false, false},
    {"LanguageOfPerformance", false, false},
    {"LanguageOfDubbing", false, false},
    {"ProductionOrReleaseDate", false, false},
    {"CountryOfProduction", false, true},
    {"FirstVoDBroadcastDate", false, false},
};
constexpr DsrCellSpec kCU01Cells[] = {
    {"BlockId", true, false},
    {"CueResourceReference", true, false},
    {"CueStartTime", false, false},
    {"CueDuration", true, false},
    {"ReferencedCreationISRC", false, false},
    {"ReferencedCreationISWC", false, false},
    {"ReferencedCreationTitle", false, false},
    {"ReferencedCreationDisplayArtistName", false, true},
    {"ReferencedCreationDisplayArtistPartyId", false, true},
    {"ReferencedCreationContributorName", false, true},
    {"ReferencedCreationContributorPartyId", false, true},
    {"ReferencedCreationComposerAuthorName", false, true},
    {"ReferencedCreationComposerAuthorPartyId", false, true},
    {"ReferencedCreationArrangerName", false, true},
    {"ReferencedCreationArrangerPartyId", false, true},
};
constexpr DsrCellSpec kFOOTCells[] = {
    {"NumberOfLinesInFile", true, false},
    {"NumberOfLinesInReport", false, false},
    {"NumberOfSummaryRecords", true, false},
    {"NumberOfBlocksInFile", true, false},
    {"NumberOfBlocksInReport", false, false},
};
constexpr DsrCellSpec kHEADCells[] = {
    {"MessageVersion", true, false},
    {"Profile", true, false},
    {"ProfileVersion", true, false},
    {"MessageId", true, false},
    {"MessageCreatedDateTime", true, false},
    {"FileNumber", true, false},
    {"NumberOfFiles", true, false},
    {"UsageStartDate", true, false},
    {"UsageEndDate", true, false},
    {"SenderPartyId", true, false},
    {"SenderName", true, false},
    {"ServiceDescription", false, false},
    {"RecipientPartyId", false, false},
    {"RecipientName", false, false},
    {"RepresentedRepertoire", false, true},
};
constexpr DsrCellSpec kRE02Cells[] = {
    {"BlockId", true, false},
    {"ReleaseReference", true, false},
    {"DspSubReleaseId", true, false},
    {"ProprietarySubReleaseId", false, true},
    {"UsedResources", true, true},
};
constexpr DsrCellSpec kRE03V01Cells[] = {
    {"BlockId", true, false},
    {"ReleaseReference", true, false},
    {"DspReleaseId", true, false},
    {"ProprietaryReleaseId", false, true},
    {"ICPN", false, false},
    {"Title", true, false},
    {"SubTitle", false, false},
    {"SeriesTitle", false, false},
    {"SeasonNumber", false, false},
    {"DisplayArtistName", false, false},
    {"DisplayArtistPartyId", false, false},
    {"ReleaseType", false, false},
    {"DataProvider", false, false},
    {"VideoCategory", false, false},
    {"EpisodeNumber", false, true},
    {"UserChannelName", false, false},
};
constexpr DsrCellSpec kSR04Cells[] = {
    {"SummaryRecordId", true, false},
    {"DspResourceId", true, false},
    {"ISAN", false, false},
    {"EIDR", false, false},
    {"ProprietaryResourceId", false, true},
    {"VideoType", true, false},
    {"ResourceTitle", true, false},
    {"ResourceSubTitle", false, false},
    {"ResourceOriginalTitle", false, false},
    {"EpisodeNumber", false, false},
    {"SeasonNumber", false, false},
    {"Genre", false, false},
    {"Duration", true, false},
    {"ResourceDisplayArtistName", false, false},
    {"ResourceDisplayArtistPartyId", false, false},
    {"ProducerName", false, true},
    {"ProducerPartyId", false, true},
    {"DirectorName", false, true},
    {"DirectorPartyId", false, true},
    {"ActorName", false, true},
    {"ActorPartyId", false, true},
    {"ProductionCompanyName", false, false},
    {"ProductionCompanyPartyId", false, true},
    {"LanguageLocalizationType", false, false},
    {"HasCaptioning", false, false},
    {"HasAudioDescription", false, false},
    {"OriginalLanguageOfPerformance", false, true},
    {"LanguageOfDubbing", false, true},
    {"DateOfProductionOrRelease", false, false},
    {"CountryOfProduction", false, true},
    {"OriginalBroadcastChannel", false, false},
    {"OriginalBroadcastDateTime", false, false},
    {"DspReleaseId", false, false},
    {"ProprietaryReleaseId", false, true},
    {"ICPN", false, false},
    {"ReleaseTitle", false, false},
    {"ReleaseSubTitle", false, false},
    {"SeriesTitle", false, false},
    {"ReleaseType", false, false},
    {"DataProvider", false, false},
    {"VideoCategory", false, false},
    {"SalesTransactionId", true, false},
    {"DrmEnforcement", false, false},
    {"VideoDefinitionType", false, false},
    {"CodingType", false, false},
    {"BitRate", false, false},
    {"IsRoyaltyBearing", true, false},
    {"Downloads", true, false},
    {"Returns", true, false},
    {"PriceConsumerPaidExcSalesTax", false, false},
    {"PromotionalActivity", false, false},
};
constexpr DsrCellSpec kSR05Cells[] = {
    {"SummaryRecordId", true, false},
    {"DspResourceId", true, false},
    {"ISAN", false, false},
    {"EIDR", false, false},
    {"ProprietaryResourceId", false, true},
    {"VideoType", true, false},
    {"ResourceTitle", true, false},
    {"ResourceSubTitle", false, false},
    {"ResourceOriginalTitle", false, false},
    {"EpisodeNumber", false, false},
    {"SeasonNumber", false, false},
    {"Genre", false, false},
    {"Duration", true, false},
    {"ResourceDisplayArtistName", false, false},
    {"ResourceDisplayArtistPartyId", false, false},
    {"ProducerName", false, true},
    {"ProducerPartyId", false, true},
    {"DirectorName", false, true},
    {"DirectorPartyId", false, true},
    {"ActorName", false, true},
    {"ActorPartyId", false, true},
    {"ProductionCompanyName", false, false},
    {"ProductionCompanyPartyId", false, true},
    {"LanguageLocalizationType", false, false},
    {"HasCaptioning", false, false},
    {"HasAudioDescription", false, false},
    {"OriginalLanguageOfPerformance", false, true},
    {"LanguageOfDubbing", false, true},
    {"DateOfProductionOrRelease", false, false},
    {"CountryOfProduction", false, true},
    {"OriginalBroadcastChannel", false, false},
    {"OriginalBroadcastDateTime", false, false},
    {"DspReleaseId", false, false},
    {"ProprietaryReleaseId", false, true},
    {"ICPN", false, false},
    {"ReleaseTitle", true, false},
    {"ReleaseSubTitle", false, false},
    {"SeriesTitle", false, false},
    {"ReleaseType", false, false},
    {"DataProvider", false, false},
    {"VideoCategory", false, false},
    {"SalesTransactionId", true, false},
    {"VideoDefinitionType", false, false},
    {"CodingType", false, false},
    {"BitRate", false, false},
    {"IsRoyaltyBearing", true, false},
    {"NumberOfStreams", true, false},
    {"PromotionalActivity", false, false},
};
constexpr DsrCellSpec kSRFOCells[] = {
    {"NumberOfLinesInReport", true, false},
    {"NumberOfSummaryRecords", true, false},
};
constexpr DsrCellSpec kSU01Cells[] = {
    {"BlockId", true, false},
    {"SummaryRecordId", true, false},
    {"SalesTransactionId", true, false},
    {"TransactedRelease", false, false},
    {"TransactedResource", false, false},
    {"IsRoyaltyBearing", true, false},
    {"SalesUpgrade", true, false},
    {"Usages", true, false},
    {"Returns", true, false},
    {"PriceConsumerPaidExcSalesTax", false, false},
    {"PromotionalActivity", false, false},
};
constexpr DsrCellSpec kSU02Cells[] = {
    {"BlockId", true, false},
    {"SummaryRecordId", true, false},
    {"SalesTransactionId", true, false},
    {"TransactedRelease", false, false},
    {"TransactedResource", false, false},
    {"IsRoyaltyBearing", false, false},
    {"NumberOfStreams", true, false},
    {"PriceConsumerPaidExcSalesTax", false, false},
    {"PromotionalActivity", false, false},
};
constexpr DsrCellSpec kSU03V02Cells[] = {
    {"BlockId", true, false},
    {"SalesTransactionId", true, false},
    {"SummaryRecordId", false, false},
    {"DspResourceId", true, false},
    {"Usages", true, false},
    {"NetRevenue", true, false},
    {"ValidityPeriodStart", false, false},
    {"ValidityPeriodEnd", false, false},
    {"ContentCategory", false, false},
    {"IsRoyaltyBearing", false, false},
};
constexpr DsrCellSpec kSU04V01Cells[] = {
    {"BlockId", true, false},
    {"SummaryRecordId", true, false},
    {"SalesTransactionId", true, false},
    {"TransactedRelease", false, false},
    {"TransactedResource", false, false},
    {"DrmEnforcementType", false, false},
    {"VideoDefinitionType", false, false},
    {"CodingType", false, false},
    {"BitRate", false, false},
    {"OriginalBroadcastChannel", false, false},
    {"OriginalBroadcastDateTime", false, false},
    {"IsRoyaltyBearing", true, false},
    {"SalesUpgrade", true, false},
    {"Usages", true, false},
    {"Returns", true, false},
    {"DurationUsed", false, false},
    {"PriceConsumerPaidExcSalesTax", false, false},
    {"PromotionalActivity", false, false},
    {"OfferStartDate", false, false},
    {"OfferEndDate", false, false},
    {"OfferURL", false, false},
    {"FirstVoDBroadcastDateTime", false, false},
};
constexpr DsrCellSpec kSY01V01Cells[] = {
    {"SummaryRecordId", true, false},
    {"DistributionChannel", false, false},
    {"DistributionChannelDPID", false, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"Territory", true, false},
    {"ServiceDescription", false, false},
    {"Usages", true, false},
    {"Subscribers", false, false},
    {"CurrencyOfReporting", true, false},
    {"NetRevenue", true, false},
    {"IndirectNetRevenue", false, false},
    {"CurrencyOfTransaction", false, false},
    {"ExchangeRate", false, false},
};
constexpr DsrCellSpec kSY02V02Cells[] = {
    {"SummaryRecordId", true, false},
    {"DistributionChannel", false, false},
    {"DistributionChannelDPID", false, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"Territory", true, false},
    {"ServiceDescription", true, false},
    {"Usages", true, false},
    {"Users", false, false},
    {"CurrencyOfReporting", true, false},
    {"NetRevenue", true, false},
    {"RightsController", false, false},
    {"RightsControllerPartyId", false, false},
    {"AllocatedUsages", false, true},
    {"AllocatedRevenue", false, true},
    {"AllocatedNetRevenue", false, false},
    {"RightsType", false, false},
    {"ContentCategory", true, false},
    {"CurrencyOfTransaction", false, false},
    {"ExchangeRate", false, false},
    {"RightsTypePercentage", false, false},
};
constexpr DsrCellSpec kSY04V01Cells[] = {
    {"SummaryRecordId", true, false},
    {"DistributionChannel", false, false},
    {"DistributionChannelDPID", false, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"Territory", true, false},
    {"ServiceDescription", true, false},
    {"SubscriberType", true, false},
    {"Subscribers", true, false},
    {"SubPeriodStartDate", false, false},
    {"SubPeriodEndDate", false, false},
    {"UsagesInSubPeriod", false, false},
    {"UsagesInReportingPeriod", false, false},
    {"CurrencyOfReporting", true, false},
    {"CurrencyOfTransaction", false, false},
    {"ExchangeRate", false, false},
    {"ConsumerPaidUnitPrice", true, false},
    {"NetRevenue", true, false},
    {"MusicUsagePercentage", true, false},
};
constexpr DsrCellSpec kSY05V02Cells[] = {
    {"SummaryRecordId", true, false},
    {"DistributionChannel", false, false},
    {"DistributionChannelDPID", false, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"Territory", true, false},
    {"ServiceDescription", false, false},
    {"RightsController", false, false},
    {"RightsControllerPartyId", false, false},
    {"RightsType", true, false},
    {"TotalUsages", false, false},
    {"AllocatedUsages", false, true},
    {"MusicUsageRatio", false, false},
    {"AllocatedNetRevenue", false, true},
    {"AllocatedRevenue", false, false},
    {"RightsControllerMarketShare", false, false},
    {"CurrencyOfReporting", false, false},
    {"CurrencyOfTransaction", false, false},
    {"ExchangeRate", false, false},
    {"SubscriberType", false, false},
    {"SubPeriodStartDate", false, false},
    {"SubPeriodEndDate", false, false},
    {"ContentCategory", true, false},
    {"RightsTypePercentage", false, false},
};
constexpr DsrCellSpec kSY06V01Cells[] = {
    {"SummaryRecordId", true, false},
    {"DistributionChannel", false, false},
    {"DistributionChannelDPID", false, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"Territory", true, false},
    {"ServiceDescription", true, false},
    {"Usages", true, false},
    {"Subscribers", false, false},
    {"CurrencyOfReporting", true, false},
    {"NumberOfReleases", false, false},
    {"NetRevenue", false, false},
    {"IndirectNetRevenue", false, false},
    {"PreviewAvailable", false, false},
    {"CurrencyOfTransaction", false, false},
    {"ExchangeRate", false, false},
};
constexpr DsrCellSpec kSY06V02Cells[] = {
    {"SummaryRecordId", true, false},
    {"DistributionChannel", false, false},
    {"DistributionChannelDPID", false, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"Territory", true, false},
    {"ServiceDescription", true, false},
    {"Usages", true, false},
    {"Subscribers", false, false},
    {"CurrencyOfReporting", true, false},
    {"NumberOfReleases", false, false},
    {"NetRevenue", false, false},
    {"IndirectNetRevenue", false, false},
    {"PreviewAvailable", false, false},
    {"CurrencyOfTransaction", false, false},
    {"ExchangeRate", false, false},
    {"ViewingHours", false, false},
};
constexpr DsrCellSpec kAS01V01Cells[] = {
    {"BlockId", true, false},
    {"ResourceReference", true, false},
    {"DspResourceId", true, false},
    {"ISRC", false, true},
    {"Title", true, false},
    {"SubTitle", false, false},
    {"DisplayArtistName", true, false},
    {"DisplayArtistPartyId", false, false},
    {"Duration", false, false},
    {"ResourceType", true, false},
    {"IsMasterRecording", false, false},
};
constexpr DsrCellSpec kAS02V02Cells[] = {
    {"BlockId", true, false},
    {"ResourceReference", true, false},
    {"DspResourceId", true, false},
    {"ISRC", false, true},
    {"Title", true, false},
    {"SubTitle", false, false},
    {"DisplayArtistName", true, false},
    {"DisplayArtistPartyId", false, false},
    {"Duration", false, false},
    {"ResourceType", true, false},
    {"ISWC", false, false},
    {"ComposerAuthor", false, true},
    {"ComposerAuthorPartyId", false, true},
    {"Arranger", false, true},
    {"ArrangerPartyId", false, true},
    {"MusicPublisher", false, true},
    {"MusicPublisherPartyId", false, true},
    {"WorkContributor", false, true},
    {"WorkContributorPartyId", false, true},
    {"ProprietaryWorkId", false, false},
    {"IsMasterRecording", false, false},
};
constexpr DsrCellSpec kMW01V01Cells[] = {
    {"BlockId", true, false},
    {"DspWorkId", true, false},
    {"ISWC", false, false},
    {"Title", true, false},
    {"SubTitle", false, false},
    {"ComposerAuthor", false, true},
    {"ComposerAuthorPartyId", false, true},
    {"Arranger", false, true},
    {"ArrangerPartyId", false, true},
    {"MusicPublisher", false, true},
    {"MusicPublisherPartyId", false, true},
    {"WorkContributor", false, true},
    {"WorkContributorPartyId", false, true},
    {"DataProvider", false, false},
    {"ProprietaryWorkId", false, false},
};
constexpr DsrCellSpec kRE01Cells[] = {
    {"BlockId", true, false},
    {"ReleaseReference", true, false},
    {"DspReleaseId", true, false},
    {"ProprietaryReleaseId", false, true},
    {"CatalogNumber", false, false},
    {"ICPN", false, false},
    {"DisplayArtistName", true, false},
    {"DisplayArtistPartyId", false, false},
    {"Title", true, false},
    {"SubTitle", false, false},
    {"ReleaseType", false, false},
    {"Label", false, false},
    {"PLine", false, false},
    {"DataProvider", false, false},
};
constexpr DsrCellSpec kSR01Cells[] = {
    {"SummaryRecordId", true, false},
    {"DspResourceId", true, false},
    {"ISRC", false, false},
    {"ResourceTitle", true, false},
    {"ResourceSubTitle", false, false},
    {"ResourceDisplayArtistName", true, false},
    {"ResourceDisplayArtistPartyId", false, false},
    {"Duration", false, false},
    {"ResourceType", true, false},
    {"ProprietaryWorkId", false, false},
    {"ISWC", false, false},
    {"ComposerAuthor", false, true},
    {"ComposerAuthorPartyId", false, true},
    {"Arranger", false, true},
    {"ArrangerPartyId", false, true},
    {"MusicPublisher", false, true},
    {"MusicPublisherPartyId", false, true},
    {"WorkContributor", false, true},
    {"WorkContributorPartyId", false, true},
    {"DspReleaseId", false, false},
    {"ProprietaryReleaseId", false, true},
    {"ReleaseCatalogNumber", false, false},
    {"ICPN", false, false},
    {"ReleaseDisplayArtistName", true, false},
    {"ReleaseDisplayArtistPartyId", false, false},
    {"ReleaseTitle", true, false},
    {"ReleaseSubTitle", false, false},
    {"ReleaseType", false, false},
    {"ReleaseLabel", false, false},
    {"PLine", false, false},
    {"ReleaseDataProvider", false, false},
    {"NumberOfTransactedResources", true, false},
    {"SalesTransactionId", true, false},
    {"IsRoyaltyBearing", true, false},
    {"SalesUpgrade", true, false},
    {"Downloads", true, false},
    {"Returns", true, false},
    {"PriceConsumerPaidExcSalesTax", false, false},
    {"CalculatedPriceConsumerPaidForResourceExcSalesTax", false, false},
    {"PromotionalActivity", false, false},
};
constexpr DsrCellSpec kSR02Cells[] = {
    {"SummaryRecordId", true, false},
    {"DspResourceId", true, false},
    {"ISRC", false, false},
    {"ResourceTitle", true, false},
    {"ResourceSubTitle", false, false},
    {"ResourceDisplayArtistName", true, false},
    {"ResourceDisplayArtistPartyId", false, false},
    {"Duration", false, false},
    {"ResourceType", true, false},
    {"ProprietaryWorkId", false, false},
    {"ISWC", false, false},
    {"ComposerAuthor", false, true},
    {"ComposerAuthorPartyId", false, true},
    {"Arranger", false, true},
    {"ArrangerPartyId", false, true},
    {"MusicPublisher", false, true},
    {"MusicPublisherPartyId", false, true},
    {"WorkContributor", false, true},
    {"WorkContributorPartyId", false, true},
    {"DspReleaseId", false, false},
    {"ProprietaryReleaseId", false, true},
    {"ReleaseCatalogNumber", false, false},
    {"ICPN", false, false},
    {"ReleaseDisplayArtistName", true, false},
    {"ReleaseDisplayArtistPartyId", false, false},
    {"ReleaseTitle", true, false},
    {"ReleaseSubTitle", false, false},
    {"ReleaseType", false, false},
    {"ReleaseLabel", false, false},
    {"PLine", false, false},
    {"ReleaseDataProvider", false, false},
    {"SalesTransactionId", true, false},
    {"IsRoyaltyBearing", true, false},
    {"NumberOfStreams", true, false},
    {"PromotionalActivity", false, false},
};
constexpr DsrCellSpec kDE01Cells[] = {
    {"DealSpecificCell", true, true},
};
constexpr DsrCellSpec kSR08Cells[] = {
    {"SalesTransactionId", true, false},
    {"ReleaseGRid", false, false},
    {"ReleaseICPN", false, false},
    {"DspReleaseId", true, false},
    {"LabelReleaseId", false, false},
    {"ProprietaryReleaseId", false, true},
    {"ReleaseContextReleaseGRid", false, false},
    {"ReleaseType", false, false},
    {"ReleaseTitle", false, false},
    {"ReleaseSubTitle", false, false},
    {"ReleaseDisplayArtistName", false, false},
    {"ReleaseDisplayArtistPartyId", false, false},
    {"ResourceISRC", false, false},
    {"ResourceISAN", false, false},
    {"DspResourceId", false, false},
    {"LabelResourceId", false, false},
    {"ProprietaryResourceId", false, true},
    {"ResourceContextReleaseGRid", false, false},
    {"ResourceType", false, false},
    {"ResourceTitle", false, false},
    {"ResourceSubTitle", false, false},
    {"ResourceDisplayArtistName", false, false},
    {"ResourceDisplayArtistPartyId", false, false},
    {"SummaryRecordId", true, false},
    {"SalesTransactionDate", true, false},
    {"TotalUsages", true, false},
    {"Returns", true, false},
    {"NetUsage", true, false},
    {"WholesalePriceInCurrencyOfTransaction", false, false},
    {"WholesalePriceInCurrencyOfAccounting", false, false},
    {"SuggestedConsumerPriceInCurrencyOfTransaction", false, false},
    {"SuggestedConsumerPriceInCurrencyOfAccounting", false, false},
    {"PriceType", false, false},
    {"PriceRangeType", false, false},
    {"PriceConsumerPaidExcSalesTaxInCurrencyOfTransaction", false, false},
    {"PriceConsumerPaidExcSalesTaxInCurrencyOfAccounting", false, false},
    {"DeductionType", false, true},
    {"DeductionsInCurrencyOfTransaction", false, true},
    {"DeductionsInCurrencyOfAccounting", false, true},
    {"RightSharePercentage", true, false},
    {"CalculatedUnitPriceInCurrencyOfTransaction", true, false},
    {"CalculatedUnitPriceInCurrencyOfAccounting", true, false},
    {"AllocatedRevenueInCurrencyOfTransaction", true, false},
    {"AllocatedRevenueInCurrencyOfAccounting", true, false},
    {"AllocatedNetRevenueInCurrencyOfTransaction", true, false},
    {"AllocatedNetRevenueInCurrencyOfAccounting", true, false},
    {"CopyrightObligationWithDSP", true, false},
};
constexpr DsrCellSpec kSY10Cells[] = {
    {"SummaryRecordId", true, false},
    {"DistributionChannelName", false, false},
    {"DistributionChannelDPID", false, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"ReportingPeriodStartDate", true, false},
    {"ReportingPeriodEndDate", true, false},
    {"SubscriberType", false, false},
    {"Subscribers", false, false},
    {"ActiveSubscribers", false, false},
    {"PromotionalActivity", false, false},
    {"Territory", true, false},
    {"ServiceDescription", false, false},
    {"OfferType", false, false},
    {"Quality", false, false},
    {"Usages", true, false},
    {"AllocatedUsages", true, false},
    {"Returns", true, false},
    {"MusicUsageRatio", true, false},
    {"CurrencyOfTransaction", true, false},
    {"CurrencyOfAccounting", true, false},
    {"ExchangeRate", true, false},
    {"ExchangeRateSource", false, false},
    {"DateOfCurrencyExchange", false, false},
    {"GrossRevenueInCurrencyOfTransaction", false, false},
    {"GrossRevenueInCurrencyOfAccounting", false, false},
    {"CalculationType", false, true},
    {"CalculationValue", false, true},
    {"DeductionType", false, true},
    {"DeductionsInCurrencyOfTransaction", true, true},
    {"DeductionsInCurrencyOfAccounting", true, true},
    {"NetRevenueInCurrencyOfTransaction", true, false},
    {"NetRevenueInCurrencyOfAccounting", true, false},
    {"AllocatedRevenueInCurrencyOfTransaction", true, false},
    {"AllocatedRevenueInCurrencyOfAccounting", true, false},
    {"AllocatedNetRevenueInCurrencyOfTransaction", true, false},
    {"AllocatedNetRevenueInCurrencyOfAccounting", true, false},
    {"RightsControllerMarketShare", false, false},
    {"SubscriptionFeeInCurrencyOfTransaction", false, false},
    {"SubscriptionFeeInCurrencyOfAccounting", true, false},
    {"UsageIndependentFeeType", false, true},
    {"UsageIndependentFeeInCurrencyOfTransaction", false, true},
    {"UsageIndependentFeeInCurrencyOfAccounting", false, true},
    {"FinalTotalAmountInCurrencyOfTransaction", true, false},
    {"FinalTotalAmountInCurrencyOfAccounting", true, false},
};
constexpr DsrCellSpec kLI01V02Cells[] = {
    {"BlockId", true, false},
    {"SummaryRecordId", false, false},
    {"RightsController", true, false},
    {"RightsControllerPartyId", false, false},
    {"RightsControllerWorkId", false, false},
    {"RightSharePercentage", true, false},
    {"RightsType", false, false},
    {"AllocatedNetRevenue", true, false},
    {"AllocatedAmount", true, false},
    {"AllocatedUsages", false, false},
};
constexpr DsrCellSpec kRU01V01Cells[] = {
    {"BlockId", true, false},
    {"SummaryRecordId", true, false},
    {"DspReleaseId", true, true},
    {"Usages", true, true},
    {"ContentCategory", true, false},
};
constexpr DsrCellSpec kRU02V01Cells[] = {
    {"BlockId", true, false},
    {"SummaryRecordId", true, false},
    {"DspReleaseId", true, false},
    {"ReleaseTitle", true, false},
    {"ReleaseURL", true, false},
    {"Usages", true, false},
    {"ContentCategory", false, false},
};
constexpr DsrCellSpec kSR03Cells[] = {
    {"SummaryRecordId", true, false},
    {"DspResourceId", true, false},
    {"ISRC", false, false},
    {"ResourceTitle", true, false},
    {"ResourceSubTitle", false, false},
    {"ResourceDisplayArtistName", false, false},
    {"ResourceDisplayArtistPartyId", false, false},
    {"Duration", false, false},
    {"ResourceType", true, false},
    {"WorkTitle", true, false},
    {"DspWorkId", true, false},
    {"ISWC", false, false},
    {"ComposerAuthor", false, true},
    {"ComposerAuthorPartyId", false, true},
    {"Arranger", false, true},
    {"ArrangerPartyId", false, true},
    {"MusicPublisher", false, true},
    {"MusicPublisherPartyId", false, true},
    {"WorkContributor", false, true},
    {"WorkContributorPartyId", false, true},
    {"DspReleaseId", false, false},
    {"ProprietaryReleaseId", false, true},
    {"CatalogNumber", false, false},
    {"ICPN", false, false},
    {"ReleaseDisplayArtistName", false, false},
    {"ReleaseDisplayArtistPartyId", false, false},
    {"ReleaseTitle", true, false},
    {"ReleaseSubTitle", false, false},
    {"ReleaseLabel", false, false},
    {"PLine", false, false},
    {"SalesTransactionId", true, false},
    {"Usages", true, false},
    {"NetRevenue", false, false},
    {"ValidityPeriodStart", true, false},
    {"ValidityPeriodEnd", true, false},
    {"ContentCategory", true, false},
    {"RightsController", false, false},
    {"RightsControllerPartyId", false, false},
    {"RightsControllerWorkId", false, false},
    {"RightSharePercentage", false, false},
    {"RightsType", false, false},
    {"AllocatedNetRevenue", false, false},
    {"AllocatedAmount", false, false},
    {"AllocatedUsages", false, false},
    {"AllocatedNetUsage", false, false},
};
constexpr DsrCellSpec kSR06Cells[] = {
    {"SummaryRecordId", true, false},
    {"DspResourceId", true, false},
    {"ISRC", false, false},
    {"ResourceTitle", true, false},
    {"ResourceSubTitle", false, false},
    {"ResourceDisplayArtistName", false, false},
    {"ResourceDisplayArtistPartyId", false, false},
    {"WorkTitle", true, false},
    {"DspWorkId", true, false},
    {"ISWC", false, false},
    {"ComposerAuthor", false, true},
    {"ComposerAuthorPartyId", false, true},
    {"Usages", true, false},
    {"ValidityPeriodStart", true, false},
    {"ValidityPeriodEnd", true, false},
    {"ContentCategory", true, false},
    {"RightsController", false, false},
    {"RightsControllerPartyId", false, false},
    {"RightsControllerWorkId", false, false},
    {"RightSharePercentage", false, false},
    {"RightsType", false, false},
    {"AllocatedAmount", false, false},
    {"AllocatedNetUsage", false, false},
};
constexpr DsrCellSpec kSY09Cells[] = {
    {"SummaryRecordId", true, false},
    {"CommercialModel", true, false},
    {"UseType", true, false},
    {"Territory", true, false},
    {"ServiceDescription", false, false},
    {"SubscriberType", false, false},
    {"RightsController", false, false},
    {"RightsControllerPartyId", false, false},
    {"RightsType", false, false},
    {"TotalUsages", false, false},
    {"AllocatedUsages", false, false},
    {"NetRevenue", true, false},
    {"IndirectNetRevenue", false, false},
    {"RightsControllerMarketShare", false, false},
    {"CurrencyOfReporting", true, false},
    {"CurrencyOfTransaction", false, false},
    {"ExchangeRate", false, false},
    {"RightsTypePercentage", false, false},
};
constexpr RecordSpec kXsdRecords[] = {
    {"AS03.01", kProfileAudioVisual, "", kAS03V01Cells},
    {"CU01", kProfileAudioVisual, "", kCU01Cells},
    {"FOOT", kProfileAudioVisual | kProfileBasicAudio | kProfileUgc, "", kFOOTCells},
    {"HEAD", kProfileAudioVisual | kProfileBasicAudio | kProfileFinancialSrb | kProfileUgc, "", kHEADCells},
    {"RE02", kProfileAudioVisual | kProfileBasicAudio, "", kRE02Cells},
    {"RE03.01", kProfileAudioVisual, "", kRE03V01Cells},
    {"SR04", kProfileAudioVisual, "", kSR04Cells},
    {"SR05", kProfileAudioVisual, "", kSR05Cells},
    {"SRFO", kProfileAudioVisual | kProfileBasicAudio | kProfileFinancialSrb | kProfileUgc, "", kSRFOCells},
    {"SU01", kProfileAudioVisual | kProfileBasicAudio, "", kSU01Cells},
    {"SU02", kProfileAudioVisual | kProfileBasicAudio, "", kSU02Cells},
    {"SU03.02", kProfileAudioVisual | kProfileUgc, "", kSU03V02Cells},
    {"SU04.01", kProfileAudioVisual, "", kSU04V01Cells},
    {"SY01.01", kProfileAudioVisual | kProfileBasicAudio | kProfileUgc, "", kSY01V01Cells},
    {"SY02.02", kProfileAudioVisual | kProfileBasicAudio | kProfileUgc, "", kSY02V02Cells},
    {"SY04.01", kProfileAudioVisual | kProfileBasicAudio | kProfileUgc, "", kSY04V01Cells},
    {"SY05.02", kProfileAudioVisual | kProfileBasicAudio | kProfileUgc, "", kSY05V02Cells},
    {"SY06.01", kProfileAudioVisual, "", kSY06V01Cells},
    {"SY06.02", kProfileAudioVisual | kProfileBasicAudio, "", kSY06V02Cells},
    {"AS01.01", kProfileBasicAudio | kProfileUgc, "", kAS01V01Cells},
    {"AS02.02", kProfileBasicAudio | kProfileUgc, "", kAS02V02Cells},
    {"MW01.01", kProfileBasicAudio | kProfileUgc, "", kMW01V01Cells},
    {"RE01", kProfileBasicAudio, "", kRE01Cells},
    {"SR01", kProfileBasicAudio, "", kSR01Cells},
    {"SR02", kProfileBasicAudio, "", kSR02Cells},
    {"DE01", kProfileFinancialSrb, "", kDE01Cells},
    {"SR08", kProfileFinancialSrb, "", kSR08Cells},
    {"SY10", kProfileFinancialSrb, "", kSY10Cells},
    {"LI01.02", kProfileUgc, "", kLI01V02Cells},
    {"RU01.01", kProfileUgc, "", kRU01V01Cells},
    {"RU02.01", kProfileUgc, "", kRU02V01Cells},
    {"SR03", kProfileUgc, "", kSR03Cells},
    {"SR06", kProfileUgc, "", kSR06Cells},
    {"SY09", kProfileUgc, "", kSY09Cells},
};

// UGC 1.0/1.1 as written by the YouTube samples (column names from their `#`
// header comments; SU03.01 cell 4 holds the AS01 DspResourceId).
constexpr DsrCellSpec kSY02V01Cells[] = {
    {"SummaryRecordId", true, false}, {"DistributionChannel", false, false},
    {"DistributionChannelDPID", false, false}, {"CommercialModel", true, false},
    {"UseType", true, false}, {"Territory", true, false}, {"ServiceDescription", true, false},
    {"Usages", true, false}, {"Users", false, false}, {"Currency", true, false},
    {"NetRevenue", true, false}, {"RightsController", false, false},
    {"RightsControllerPartyId", false, false}, {"AllocatedUsages", false, true},
    {"AllocatedRevenue", false, true}, {"AllocatedNetRevenue", false, false},
    {"RightsType", false, false},
};
constexpr DsrCellSpec kAS01Cells[] = {
    {"BlockId", true, false}, {"ResourceReference", true, false}, {"DspResourceId", true, false},
    {"ISRC", false, true}, {"Title", true, false}, {"SubTitle", false, false},
    {"DisplayArtistName", true, false}, {"DisplayArtistPartyId", false, true},
    {"Duration", false, false}, {"ResourceType", true, false},
};
constexpr DsrCellSpec kRU01Cells[] = {
    {"BlockId", true, false}, {"SummaryRecordId", true, false}, {"DspReleaseId", true, true},
    {"Usages", true, true},
};
constexpr DsrCellSpec kSU03V01Cells[] = {
    {"BlockId", true, false}, {"SalesTransactionId", true, false},
    {"SummaryRecordId", false, false}, {"DspResourceId", true, false}, {"Usages", true, false},
    {"NetRevenue", true, false}, {"ValidityPeriodStart", false, false},
    {"ValidityPeriodEnd", false, false},
};
constexpr DsrCellSpec kLI01V01Cells[] = {
    {"BlockId", true, false}, {"SummaryRecordId", false, false},
    {"RightsController", true, false}, {"RightsControllerPartyId", false, false},
    {"RightsControllerWorkId", false, false}, {"RightSharePercentage", true, false},
    {"RightsType", false, false}, {"AllocatedNetRevenue", true, false},
    {"AllocatedAmount", true, false},
};
// Legacy tokenizer records (ddexnet/dsrf testdata and blocks/*.txt).
constexpr DsrCellSpec kFHEACells[] = {
    {"MessageId", true, false}, {"FileNumber", true, false}, {"NumberOfFiles", true, false},
};
constexpr DsrCellSpec kLegacyHeadCells[] = {
    {"MessageId", true, false}, {"Profile", true, false}, {"ProfileVersion", true, false},
    {"FileNumber", false, false}, {"NumberOfFiles", false, false},
};
constexpr DsrCellSpec kFFOOCells[] = {{"NumberOfLines", true, false}};
constexpr DsrCellSpec kSY03Cells[] = {
    {"CommercialModelType", true, false}, {"UseType", true, false}, {"Territory", true, false},
    {"ServiceDescription", false, false}, {"NumberOfUsages", true, false},
};
constexpr DsrCellSpec kAS02Cells[] = {
    {"BlockId", true, false}, {"ResourceReference", true, false}, {"DspResourceId", true, false},
    {"ISRC", false, true}, {"Title", true, false}, {"SubTitle", false, false},
    {"DisplayArtistName", false, false}, {"DisplayArtistPartyId", false, true},
    {"Duration", false, false}, {"ResourceType", false, false},
};

constexpr RecordSpec kOlderRecords[] = {
    {"SY02.01", kProfileUgc, "1.0,1.1", kSY02V01Cells},
    {"AS01", kProfileUgc, "1.0,1.1", kAS01Cells},
    {"RU01", kProfileUgc, "1.0,1.1", kRU01Cells},
    {"SU03.01", kProfileUgc, "1.0,1.1", kSU03V01Cells},
    {"LI01.01", kProfileUgc, "1.0,1.1", kLI01V01Cells},
    {"FHEA", kProfileLegacy, "", kFHEACells},
    {"FFOO", kProfileLegacy, "", kFFOOCells},
    {"SY03", kProfileLegacy, "", kSY03Cells},
    {"AS02", kProfileLegacy, "", kAS02Cells},
};
constexpr RecordSpec kLegacyHead = {"HEAD", kProfileLegacy, "", kLegacyHeadCells};
// clang-format on

bool version_listed(std::string_view versions, std::string_view version) {
  if (versions.empty()) return true;
  std::size_t start = 0;
  while (start <= versions.size()) {
    std::size_t end = versions.find(',', start);
    if (end == std::string_view::npos) end = versions.size();
    if (versions.substr(start, end - start) == version) return true;
    start = end + 1;
  }
  return false;
}

// Best match in `specs` for type/profile/version; rank 3 = exact version,
// 2 = any version, 1 = other profile.
const RecordSpec* best_in(std::span<const RecordSpec> specs, std::string_view type, unsigned bit,
                          std::string_view version, int* rank) {
  const RecordSpec* best = nullptr;
  for (const RecordSpec& spec : specs) {
    if (spec.type != type) continue;
    int r = 1;
    if ((spec.profiles & (bit | kProfileLegacy)) != 0) {
      if (spec.versions.empty()) {
        r = 2;
      } else if (version_listed(spec.versions, version)) {
        r = 3;
      }
    }
    if (r > *rank) {
      *rank = r;
      best = &spec;
    }
  }
  return best;
}

}  // namespace

unsigned profile_bit(DsrProfile profile) {
  switch (profile) {
    case DsrProfile::kBasicAudio:
      return kProfileBasicAudio;
    case DsrProfile::kUgc:
      return kProfileUgc;
    case DsrProfile::kAudioVisual:
      return kProfileAudioVisual;
    case DsrProfile::kFinancialSrb:
      return kProfileFinancialSrb;
    case DsrProfile::kLegacy:
      return kProfileLegacy;
    case DsrProfile::kUnknown:
      return 0;
  }
  return 0;
}

DsrProfile profile_from_name(std::string_view name) {
  if (name == "BasicAudioProfile" || name == "BasicAudioProfileSRB") return DsrProfile::kBasicAudio;
  if (name == "UGCProfile" || name == "UgcProfile" || name == "UgcProfileSRB") {
    return DsrProfile::kUgc;
  }
  if (name == "AudioVisualProfile" || name == "AudioVisualProfileSRB") {
    return DsrProfile::kAudioVisual;
  }
  if (name == "FinancialReportingToRecordCompaniesProfileSRB") return DsrProfile::kFinancialSrb;
  return DsrProfile::kUnknown;
}

const RecordSpec* find_spec(std::string_view type, DsrProfile profile, std::string_view version,
                            bool* in_profile) {
  const unsigned bit = profile == DsrProfile::kUnknown ? kProfileAll : profile_bit(profile);
  int rank = 0;
  const RecordSpec* best = best_in(kXsdRecords, type, bit, version, &rank);
  const RecordSpec* older = best_in(kOlderRecords, type, bit, version, &rank);
  if (older != nullptr) best = older;
  *in_profile = rank >= 2;
  return best;
}

const RecordSpec& legacy_head_spec() {
  return kLegacyHead;
}

}  // namespace fermata::dsr_internal

namespace fermata {

std::vector<DsrCellSpec> dsr_cell_specs(std::string_view record_type, DsrProfile profile,
                                        std::string_view profile_version) {
  bool in_profile = false;
  const dsr_internal::RecordSpec* spec =
      dsr_internal::find_spec(record_type, profile, profile_version, &in_profile);
  if (spec == nullptr) return {};
  return {spec->cells.begin(), spec->cells.end()};
}

}  // namespace fermata
