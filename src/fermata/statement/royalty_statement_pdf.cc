// The PDF rendering of a royalty statement (cairo + pango).
//
// Rendered from the rows alone and generically: the `statement` rows make
// the title block, the `summary` rows a table per currency ending in the
// identity, `earnings_history` rows a chart per currency, and every other
// section, in row order, a table with a heading. A section or summary item
// added to statement_rows() appears here without a change.
#include <cairo-pdf.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include "fermata/base/date.h"
#include "fermata/statement/pdf_chart.h"
#include "fermata/statement/pdf_layout.h"
#include "fermata/statement/render_module.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata {
namespace {

using statement_pdf::Band;
using statement_pdf::Box;
using statement_pdf::Cell;
using statement_pdf::Document;
using statement_pdf::kColumnWidth;
using statement_pdf::Style;
using statement_pdf::Typesetter;
using Rows = std::vector<const StatementRow*>;

// The rows by what they become on the page.
struct Parts {
  Rows title;                // "statement"
  Rows summary;              // "summary"
  Rows history;              // "earnings_history"
  std::vector<Rows> tables;  // Each run of rows of one other section.
};

Parts parts_of(const std::vector<StatementRow>& rows) {
  Parts parts;
  for (const StatementRow& row : rows) {
    if (row.section == "statement") {
      parts.title.push_back(&row);
    } else if (row.section == "summary") {
      parts.summary.push_back(&row);
    } else if (row.section == "earnings_history") {
      parts.history.push_back(&row);
    } else if (!parts.tables.empty() && parts.tables.back().front()->section == row.section) {
      parts.tables.back().push_back(&row);
    } else {
      parts.tables.push_back({&row});
    }
  }
  return parts;
}

// The detail of the "statement" row named `item`, or "".
std::string header(const Rows& title, std::string_view item) {
  for (const StatementRow* row : title) {
    if (row->item == item) return row->detail;
  }
  return "";
}

// "accounting_party" -> "Accounting party".
std::string humanized(std::string_view key) {
  std::string text(key);
  for (char& c : text) c = c == '_' ? ' ' : c;
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

// The heading of a section's table; an unnamed section shows its name
// humanized, which already reads well for "earnings_by_store".
std::string section_title(const std::string& section) {
  static const std::map<std::string, std::string> kTitles = {
      {"fee", "Fees"},
      {"fee_tax", "Tax on fees"},
      {"reserve", "Reserves held"},
      {"reserve_release", "Reserves released"},
      {"reserve_applied", "Returns charged to reserves"},
      {"withholding", "Withholding"},
      {"payment", "Payments"},
      {"conversion", "Conversions"},
      {"exchange_difference", "Exchange differences"},
  };
  const auto found = kTitles.find(section);
  return found != kTitles.end() ? found->second : humanized(section);
}

// The title block: the statement number, then each `statement` row as a
// label and its value.
void add_title(Document& document, const Typesetter& typesetter, const Rows& title) {
  Band band;
  band.add(
      Cell{typesetter.set("Royalty statement " + header(title, "number"), Style::kTitle, Box{}), 0,
           0},
      10);
  document.flow.push_back(std::move(band));
  for (const StatementRow* row : title) {
    Band line;
    line.add(Cell{typesetter.set(humanized(row->item), Style::kBold, Box{130}), 0, 0}, 3);
    line.add(Cell{typesetter.set(row->detail, Style::kBody,
                                 Box{kColumnWidth - 140, PANGO_ALIGN_LEFT, 3}),
                  140, 0},
             3);
    document.flow.push_back(std::move(line));
  }
}

// One summary line: the item, its amount's exact text right-aligned, and
// the detail. The closing line is bold under a rule, and its detail (the
// identity) is printed under the table instead.
Band summary_line(const Typesetter& typesetter, const StatementRow& row) {
  const bool closing = row.item == "closing";
  const Style style = closing ? Style::kBold : Style::kBody;
  Band band;
  band.add(Cell{typesetter.set(humanized(row.item), style, Box{150}), 0, 3}, 3);
  band.add(Cell{typesetter.set(row.text, style, Box{110, PANGO_ALIGN_RIGHT, 1}), 150, 3}, 3);
  if (closing) {
    band.paint = [](cairo_t* cr, double top) { statement_pdf::draw_rule(cr, top + 1, 0); };
  } else if (!row.detail.empty()) {
    band.add(
        Cell{typesetter.set(row.detail, Style::kBody, Box{kColumnWidth - 275, PANGO_ALIGN_LEFT, 2}),
             275, 3},
        3);
  }
  band.keep_with_next = true;
  return band;
}

// Per currency: a heading, the summary lines in row order, and the identity
// sentence, kept together on one page.
void add_summary(Document& document, const Typesetter& typesetter, const Rows& summary) {
  for (const Rows& rows : statement_pdf::by_currency(summary)) {
    document.flow.push_back(
        statement_pdf::heading_band(typesetter, "Summary, " + rows.front()->currency));
    for (const StatementRow* row : rows) {
      document.flow.push_back(summary_line(typesetter, *row));
      if (row->item != "closing" || row->detail.empty()) continue;
      Band identity;
      identity.add(Cell{typesetter.set("Closing = " + row->detail, Style::kSmall,
                                       Box{kColumnWidth, PANGO_ALIGN_LEFT, 3}),
                        0, 2},
                   2);
      identity.keep_with_next = true;
      document.flow.push_back(std::move(identity));
    }
    document.flow.back().keep_with_next = false;
  }
}

// A table's columns: x and box of item, currency, amount and detail.
struct Column {
  double x;
  Box box;
};
constexpr Column kColumns[] = {{0, {140, PANGO_ALIGN_LEFT, 2}},
                               {146, {44, PANGO_ALIGN_LEFT, 1}},
                               {190, {90, PANGO_ALIGN_RIGHT, 1}},
                               {292, {kColumnWidth - 292, PANGO_ALIGN_LEFT, 3}}};

// The column labels under a rule, with `heading` above them when not empty
// (a table continued on a new page).
Band column_header(const Typesetter& typesetter, const std::string& heading) {
  Band band;
  const double y = heading.empty() ? 0 : 18;
  if (!heading.empty()) band.add(Cell{typesetter.set(heading, Style::kHeading, Box{}), 0, 0});
  const char* labels[] = {"Item", "Currency", "Amount", "Detail"};
  for (std::size_t i = 0; i < 4; ++i) {
    band.add(Cell{typesetter.set(labels[i], Style::kSmallBold, kColumns[i].box), kColumns[i].x, y},
             3);
  }
  const double rule = band.height;
  band.paint = [rule](cairo_t* cr, double top) {
    statement_pdf::draw_rule(cr, top + rule - 1, 0.2);
  };
  band.keep_with_next = true;
  return band;
}

Band table_row(const Typesetter& typesetter, const StatementRow& row, std::size_t repeat) {
  Band band;
  const std::string* texts[] = {&row.item, &row.currency, &row.text, &row.detail};
  for (std::size_t i = 0; i < 4; ++i) {
    // Most details are empty; shaping costs even for nothing.
    if (texts[i]->empty()) continue;
    band.add(Cell{typesetter.set(*texts[i], Style::kBody, kColumns[i].box), kColumns[i].x, 2}, 2);
  }
  const double rule = band.height;
  band.paint = [rule](cairo_t* cr, double top) { statement_pdf::draw_rule(cr, top + rule, 0.85); };
  band.repeat = repeat;
  return band;
}

void add_table(Document& document, const Typesetter& typesetter, const Rows& rows) {
  const std::string title = section_title(rows.front()->section);
  document.flow.push_back(statement_pdf::heading_band(typesetter, title));
  document.flow.push_back(column_header(typesetter, ""));
  document.repeats.push_back(column_header(typesetter, title + " (continued)"));
  for (const StatementRow* row : rows)
    document.flow.push_back(table_row(typesetter, *row, document.repeats.size() - 1));
}

Document document_of(const Typesetter& typesetter, const Parts& parts) {
  Document document;
  add_title(document, typesetter, parts.title);
  add_summary(document, typesetter, parts.summary);
  statement_pdf::add_earnings_charts(document, typesetter, parts.history);
  for (const Rows& rows : parts.tables) add_table(document, typesetter, rows);
  return document;
}

// The footer: statement, agreement and period on the left, "Page N of M"
// on the right.
void draw_footer(cairo_t* cr, const Typesetter& typesetter, const std::string& left,
                 std::size_t page_number, std::size_t page_count) {
  const double top = statement_pdf::kPageHeight - statement_pdf::kMargin - 12;
  statement_pdf::draw_rule(cr, top - 4, 0.5);
  const std::string right =
      "Page " + std::to_string(page_number) + " of " + std::to_string(page_count);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_move_to(cr, statement_pdf::kMargin, top);
  pango_cairo_show_layout(cr, typesetter.set(left, Style::kSmall, Box{}).get());
  cairo_move_to(cr, statement_pdf::kMargin, top);
  pango_cairo_show_layout(
      cr, typesetter.set(right, Style::kSmall, Box{kColumnWidth, PANGO_ALIGN_RIGHT}).get());
}

// The document's title and dates. Its creation and modification dates are
// the statement date, so they do not change from one rendering to the next.
void set_metadata(cairo_surface_t* surface, const Rows& title) {
  const std::string text = "Royalty statement " + header(title, "number") + " " +
                           header(title, "agreement") + " " + header(title, "period") + " for " +
                           header(title, "licensor");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, text.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Fermata");
  const std::string date = header(title, "date");
  if (!is_iso_date(date)) return;
  const std::string time = date + "T00:00:00Z";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, time.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, time.c_str());
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The statement as PDF bytes, or cairo's error.
cairo_status_t render(const Parts& parts, std::string& pdf) {
  // One per thread, kept: the texts every statement repeats are shaped once.
  thread_local const Typesetter kTypesetter;
  const Document document = document_of(kTypesetter, parts);
  const std::vector<statement_pdf::Page> pages = statement_pdf::paginate(document);
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      append_bytes, &pdf, statement_pdf::kPageWidth, statement_pdf::kPageHeight);
  set_metadata(surface, parts.title);
  cairo_t* cr = cairo_create(surface);
  const std::string footer = header(parts.title, "number") + " \u00b7 " +
                             header(parts.title, "agreement") + " \u00b7 " +
                             header(parts.title, "period");
  for (std::size_t i = 0; i < pages.size(); ++i) {
    for (const statement_pdf::Placed& placed : pages[i])
      statement_pdf::draw_band(cr, *placed.band, placed.top);
    draw_footer(cr, kTypesetter, footer, i + 1, pages.size());
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  return status;
}

}  // namespace

Status render_statement_pdf(const std::vector<StatementRow>& rows, const std::string& path) {
  std::string pdf;
  if (const cairo_status_t status = render(parts_of(rows), pdf); status != CAIRO_STATUS_SUCCESS) {
    return make_error(ErrorCode::kIoError,
                      "cannot render '" + path + "': " + cairo_status_to_string(status),
                      {path, 0, "", ""});
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return make_error(ErrorCode::kIoError, "cannot create '" + path + "': " + std::strerror(errno),
                      {path, 0, "", ""});
  }
  out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  out.close();
  if (!out)
    return make_error(ErrorCode::kIoError, "cannot write '" + path + "'", {path, 0, "", ""});
  return ok_status();
}

}  // namespace fermata
