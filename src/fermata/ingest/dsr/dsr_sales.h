// DSR to sales lines: what a parsed DSR report owes, in the shape every
// sales format shares (ingest/sales/sales.h).
//
// Each DsrSaleLine that carries money or usages becomes one SaleLine. Its
// identifiers come from the block the line sits in: the ISRC and
// DspResourceId of the resource it transacts (AS01/AS02, found through
// TransactedResource -> ResourceReference, or DspResourceId for SU03), and the
// ICPN and CatalogNumber of the release (RE01/RE03, through TransactedRelease,
// else the block's only release). Single-record-block lines (SR01...) carry
// their identifiers themselves. LI01 rows are rights-controller splits of
// the SU03 revenue above them, not more money, so they are not sale lines.
// RU01/RU02 usage rows carry no money and are kept as usage-only lines.
//
// The payer is the HEAD sender, the recipient the HEAD recipient, the store
// the sender's name; the channel follows the summary's UseType (download,
// stream, UGC profile = ugc). Sale dates are the line's validity period when
// given, else the HEAD usage period, expanded to whole dates.
//
// Thread safety: pure function.
#pragma once

#include "fermata/ingest/dsr/dsr.h"
#include "fermata/ingest/sales/sales.h"

namespace fermata {

// REQUIRES: report.ok() — callers convert only reports without errors.
SalesReport dsr_to_sales(const DsrReport& report);

}  // namespace fermata
