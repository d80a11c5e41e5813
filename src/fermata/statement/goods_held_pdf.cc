// The statement of goods held for the owner (goods_held_pdf.h), set with
// pdf_layout.h: a title block, a table per warehouse and per store, the
// totals, the documents of title, the agreements, the filing references
// and the closing sentence.
#include "fermata/statement/goods_held_pdf.h"

#include <cairo-pdf.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "fermata/statement/pdf_layout.h"
#include "fermata/statement/render_module.h"

namespace fermata {
namespace {

using statement_pdf::Band;
using statement_pdf::Box;
using statement_pdf::Cell;
using statement_pdf::Document;
using statement_pdf::kColumnWidth;
using statement_pdf::Style;
using statement_pdf::Typesetter;

constexpr const char* kTitle = "Statement of goods held for the owner";

// A table row: a product, its units and how many are damaged, and values.
struct TableLine {
  ProductLine product;
  Decimal units, damaged;
  Values values;
};

struct Column {
  double x;
  Box box;
};
constexpr std::size_t kColumnCount = 8;
constexpr std::array<Column, kColumnCount> kColumns = {{
    {0, {58, PANGO_ALIGN_LEFT, 2}},
    {60, {50, PANGO_ALIGN_LEFT, 2}},
    {112, {68, PANGO_ALIGN_LEFT, 1}},
    {182, {92, PANGO_ALIGN_LEFT, 2}},
    {276, {36, PANGO_ALIGN_RIGHT, 2}},
    {314, {44, PANGO_ALIGN_RIGHT, 2}},
    {360, {68, PANGO_ALIGN_RIGHT, 3}},
    {430, {kColumnWidth - 430, PANGO_ALIGN_RIGHT, 3}},
}};
using Cells = std::array<std::string, kColumnCount>;

std::string value_text(const std::optional<Price>& value) {
  if (!value) return "not priced";
  return money_text(value->amount, value->currency) + " " + value->currency;
}

// One line per currency; "not priced" when there is none.
std::string values_text(const std::map<std::string, Decimal>& values) {
  std::string text;
  for (const auto& [currency, amount] : values) {
    text += (text.empty() ? "" : "\n") + money_text(amount, currency) + " " + currency;
  }
  return text.empty() ? "not priced" : text;
}

// A paragraph across the column, `space` below the band above it.
Band paragraph(const Typesetter& typesetter, const std::string& text, Style style = Style::kBody,
               double padding = 4, double space = 0) {
  Band band;
  band.add(Cell{typesetter.set(text, style, Box{kColumnWidth, PANGO_ALIGN_LEFT, 6}), 0, space},
           padding);
  return band;
}

Band field(const Typesetter& typesetter, const std::string& label, const std::string& value) {
  Band band;
  band.add(Cell{typesetter.set(label, Style::kBold, Box{90}), 0, 0}, 3);
  band.add(Cell{typesetter.set(value, Style::kBody, Box{kColumnWidth - 100, PANGO_ALIGN_LEFT, 4}),
                100, 0},
           3);
  return band;
}

std::string holders_text(const Reclaim& reclaim) {
  std::string text;
  for (const std::string& holder : reclaim.holders) {
    text += (text.empty() ? "" : ", ") + reclaim.display_name(holder);
  }
  return text.empty() ? "not recorded in the catalog" : text;
}

void add_title(Document& document, const Typesetter& typesetter, const Reclaim& reclaim) {
  Band title;
  title.add(Cell{typesetter.set(kTitle, Style::kTitle, Box{}), 0, 0}, 10);
  document.flow.push_back(std::move(title));
  document.flow.push_back(field(typesetter, "Owner", reclaim.display_name(reclaim.label)));
  document.flow.push_back(field(typesetter, "Held by", holders_text(reclaim)));
  document.flow.push_back(field(typesetter, "As of", reclaim.as_of));
  document.flow.push_back(
      paragraph(typesetter,
                "The goods listed below belong to " + reclaim.display_name(reclaim.label) +
                    ". The owner's books show them at the places named, on " + reclaim.as_of +
                    ", with the documents that prove the owner's title.",
                Style::kBody, 4, 8));
}

Band row_band(const Typesetter& typesetter, const Cells& cells, Style style) {
  Band band;
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    if (cells[i].empty()) continue;
    band.add(Cell{typesetter.set(cells[i], style, kColumns[i].box), kColumns[i].x, 2}, 2);
  }
  return band;
}

Band table_header(const Typesetter& typesetter, const std::string& heading) {
  const Cells labels = {"SKU",        "Catalog no.",     "UPC",          "Title",
                        "Units held", "of them damaged", "Value at PPD", "Value at cost"};
  Band band = row_band(typesetter, labels, Style::kSmallBold);
  if (!heading.empty()) {
    Band titled;
    titled.add(Cell{typesetter.set(heading, Style::kHeading, Box{}), 0, 0});
    for (Cell& cell : band.cells) titled.add(Cell{std::move(cell.layout), cell.x, cell.y + 18}, 2);
    band = std::move(titled);
  }
  const double rule = band.height;
  band.paint = [rule](cairo_t* cr, double top) {
    statement_pdf::draw_rule(cr, top + rule - 1, 0.2);
  };
  band.keep_with_next = true;
  return band;
}

Band line_band(const Typesetter& typesetter, const TableLine& line, std::size_t repeat) {
  const ProductLine& p = line.product;
  const Cells cells = {p.sku,
                       p.catalog_number,
                       p.upc,
                       p.title,
                       line.units.to_string(),
                       line.damaged.is_zero() ? "" : line.damaged.to_string(),
                       value_text(line.values.ppd),
                       value_text(line.values.cost)};
  Band band = row_band(typesetter, cells, Style::kSmall);
  const double rule = band.height;
  band.paint = [rule](cairo_t* cr, double top) { statement_pdf::draw_rule(cr, top + rule, 0.85); };
  band.repeat = repeat;
  return band;
}

Band total_band(const Typesetter& typesetter, const std::string& label, const ReclaimTotals& t) {
  const Cells cells = {label,
                       "",
                       "",
                       "",
                       t.units.to_string(),
                       t.damaged.is_zero() ? "" : t.damaged.to_string(),
                       values_text(t.ppd),
                       values_text(t.cost)};
  return row_band(typesetter, cells, Style::kSmallBold);
}

// A heading, the table of `lines` and its total row.
void add_table(Document& document, const Typesetter& typesetter, const std::string& heading,
               const std::vector<TableLine>& lines, const ReclaimTotals& totals) {
  document.flow.push_back(statement_pdf::heading_band(typesetter, heading));
  document.flow.push_back(table_header(typesetter, ""));
  document.repeats.push_back(table_header(typesetter, heading + " (continued)"));
  for (const TableLine& line : lines) {
    document.flow.push_back(line_band(typesetter, line, document.repeats.size() - 1));
  }
  document.flow.push_back(total_band(typesetter, "Total", totals));
}

void add_locations(Document& document, const Typesetter& typesetter, const Reclaim& reclaim,
                   ReclaimTotals& all) {
  for (const PickList& list : reclaim.pick_lists) {
    std::vector<TableLine> lines;
    for (const PickLine& l : list.lines) {
      lines.push_back(TableLine{l.product, l.units(), l.damaged, l.values});
    }
    const ReclaimTotals totals = totals_of(list.lines);
    add_totals(all, totals);
    add_table(document, typesetter, "Held at " + reclaim.display_name(list.location), lines,
              totals);
  }
  for (const RecallRequest& request : reclaim.recalls) {
    std::vector<TableLine> lines;
    for (const RecallLine& l : request.lines) {
      lines.push_back(TableLine{l.product, l.units, Decimal(), l.values});
    }
    const ReclaimTotals totals = totals_of(request.lines);
    add_totals(all, totals);
    add_table(document, typesetter,
              "On consignment at " + reclaim.display_name(request.store) + " (recall requested)",
              lines, totals);
    std::string delivered;
    for (const TitleDocument& d : request.deliveries) {
      delivered += (delivered.empty() ? "" : "; ") + d.document + " of " + d.date + " (" +
                   d.units.to_string() + " unit(s) of " + d.sku + ")";
    }
    if (!delivered.empty()) {
      document.flow.push_back(paragraph(
          typesetter, "Delivered on consignment under " + delivered + ".", Style::kSmall));
    }
  }
}

void add_grand_totals(Document& document, const Typesetter& typesetter, const ReclaimTotals& t) {
  document.flow.push_back(statement_pdf::heading_band(typesetter, "Totals"));
  document.flow.push_back(
      field(typesetter, "Units",
            t.units.to_string() +
                (t.damaged.is_zero() ? "" : " (" + t.damaged.to_string() + " of them damaged)")));
  document.flow.push_back(field(typesetter, "Value at PPD", values_text(t.ppd)));
  document.flow.push_back(field(typesetter, "Value at cost", values_text(t.cost)));
}

std::string document_text(const Reclaim& reclaim, const TitleDocument& d) {
  const std::string units = d.units.to_string() + " unit(s)";
  const std::string number = d.document.empty() ? "(no number recorded)" : d.document;
  if (d.kind == "purchase") {
    return "Purchase " + number + " of " + d.date + ": " + units + " bought by " +
           reclaim.display_name(d.buyer) + " at " + reclaim.display_name(d.location) +
           ": title passed to the buyer; these units are not claimed.";
  }
  const std::string what = d.kind == "press" ? "Pressing " : "Delivery note ";
  return what + number + " of " + d.date + ": " + units + " received at " +
         reclaim.display_name(d.location) + ".";
}

void add_documents(Document& document, const Typesetter& typesetter, const Reclaim& reclaim) {
  document.flow.push_back(statement_pdf::heading_band(typesetter, "Documents of title"));
  if (reclaim.documents.empty()) {
    document.flow.push_back(paragraph(typesetter, "No delivery note is recorded for these goods."));
  }
  std::string sku;
  for (const TitleDocument& d : reclaim.documents) {
    if (d.sku != sku) {
      sku = d.sku;
      Band band = paragraph(typesetter, "SKU " + sku, Style::kSmallBold, 2);
      band.keep_with_next = true;
      document.flow.push_back(std::move(band));
    }
    document.flow.push_back(paragraph(typesetter, document_text(reclaim, d), Style::kSmall, 2));
  }
}

void add_agreements(Document& document, const Typesetter& typesetter, const Reclaim& reclaim) {
  document.flow.push_back(statement_pdf::heading_band(typesetter, "Agreement"));
  if (reclaim.agreements.empty()) {
    document.flow.push_back(paragraph(
        typesetter, "No agreement with the holder is on file for " + reclaim.as_of + "."));
  }
  for (const TitleAgreement& a : reclaim.agreements) {
    const std::string clause = a.clause.empty()
                                   ? "title clause: not stated in the agreement on file"
                                   : "title clause " + a.clause;
    document.flow.push_back(
        paragraph(typesetter, a.id + " version " + std::to_string(a.version) + ", in force from " +
                                  a.effective_from + ", with " +
                                  reclaim.display_name(a.distributor) + "; " + clause + "."));
  }
  std::string filings;
  for (const std::string& f : reclaim.filings) filings += (filings.empty() ? "" : ", ") + f;
  document.flow.push_back(
      field(typesetter, "Filing references", filings.empty() ? "none recorded" : filings));
}

void add_closing(Document& document, const Typesetter& typesetter, const Reclaim& reclaim) {
  document.flow.push_back(statement_pdf::heading_band(typesetter, "Statement"));
  document.flow.push_back(
      paragraph(typesetter, "The units listed above are held for the owner, " +
                                reclaim.display_name(reclaim.label) +
                                ", and are to be returned to it or dealt with only on its written "
                                "instruction."));
}

Document document_of(const Typesetter& typesetter, const Reclaim& reclaim) {
  Document document;
  add_title(document, typesetter, reclaim);
  ReclaimTotals all;
  add_locations(document, typesetter, reclaim, all);
  if (reclaim.pick_lists.empty() && reclaim.recalls.empty()) {
    document.flow.push_back(paragraph(typesetter,
                                      "The books show no units of the owner held "
                                      "by others on this day."));
  }
  add_grand_totals(document, typesetter, all);
  add_documents(document, typesetter, reclaim);
  add_agreements(document, typesetter, reclaim);
  add_closing(document, typesetter, reclaim);
  return document;
}

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

// Title and dates from the reclaim alone: the as-of day is the document's date.
void set_metadata(cairo_surface_t* surface, const Reclaim& reclaim) {
  const std::string title = std::string(kTitle) + " " + reclaim.label + " as of " + reclaim.as_of;
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Fermata");
  const std::string time = reclaim.as_of + "T00:00:00Z";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, time.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, time.c_str());
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t render(const Reclaim& reclaim, std::string& pdf) {
  thread_local const Typesetter kTypesetter;
  const Document document = document_of(kTypesetter, reclaim);
  const std::vector<statement_pdf::Page> pages = statement_pdf::paginate(document);
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      append_bytes, &pdf, statement_pdf::kPageWidth, statement_pdf::kPageHeight);
  set_metadata(surface, reclaim);
  cairo_t* cr = cairo_create(surface);
  const std::string footer =
      "Goods held for " + reclaim.display_name(reclaim.label) + " \u00b7 as of " + reclaim.as_of;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    for (const statement_pdf::Placed& placed : pages[i]) {
      statement_pdf::draw_band(cr, *placed.band, placed.top);
    }
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

Status render_goods_held_pdf(const Reclaim& reclaim, const std::string& path) {
  std::string pdf;
  if (const cairo_status_t status = render(reclaim, pdf); status != CAIRO_STATUS_SUCCESS) {
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
  if (!out) {
    return make_error(ErrorCode::kIoError, "cannot write '" + path + "'", {path, 0, "", ""});
  }
  return ok_status();
}

}  // namespace fermata
