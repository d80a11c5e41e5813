// The statement of goods held for the owner: the PDF a label presents to a
// distributor (or its administrator) to claim its units back.
//
// It lists, as of one day, the label's units at each warehouse (SKU,
// catalog number, UPC, title, units and how many of them are damaged, value
// at PPD and at cost) and on consignment at each store, with totals; then
// the documents that prove title (the delivery notes of receipts with their
// dates and units, pressings, and purchases marked as having passed title),
// the agreements in force with the holder and the clause keeping title with
// the label, and the filing references ("none recorded" until filings are
// kept); and closes by saying the units listed are held for the owner.
// Drawn with statement/'s PDF layout (pdf_layout.h, cairo and pango).
//
// The bytes are a function of the Reclaim alone: its as_of day is the
// document's date (also its PDF creation and modification dates), so the
// same books and day give the same file.
//
// Thread safety: one rendering per thread at a time.
#pragma once

#include <string>

#include "fermata/base/result.h"
#include "fermata/inventory/reclaim.h"

namespace fermata {

// Writes the statement to `path`, replacing any file there. Errors:
// io_error (cannot render, create or write the file).
Status write_goods_held_pdf(const Reclaim& reclaim, const std::string& path);

}  // namespace fermata
