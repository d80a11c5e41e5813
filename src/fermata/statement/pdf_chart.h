// Internal to statement/: the PDF statement's chart of earnings over the
// last periods (royalty_statement_pdf.cc).
#pragma once

#include <vector>

#include "fermata/statement/pdf_layout.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata::statement_pdf {

// `rows` grouped by currency: currencies in order of first appearance, each
// group's rows in their order.
std::vector<std::vector<const StatementRow*>> by_currency(
    const std::vector<const StatementRow*>& rows);

// Appends to `document`, per currency in order of first appearance, a
// heading and a bar chart of the `earnings_history` rows of that currency:
// one bar per row (item = period name), in row order, labelled with the
// period and the amount's exact text. Bar heights are approximate (the text
// is parsed to a double for geometry only); the labels are the figures.
// Appends nothing when `history` is empty.
void add_earnings_charts(Document& document, const Typesetter& typesetter,
                         const std::vector<const StatementRow*>& history);

}  // namespace fermata::statement_pdf
