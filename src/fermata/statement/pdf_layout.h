// Internal to statement/: typesetting and pagination for the PDF statement
// (royalty_statement_pdf.cc).
//
// A document is a column of Bands, each a horizontal slice of text boxes
// (pango layouts) and drawn lines that is never split across pages. Every
// band is measured when it is built, so paginate() can place the column on
// A4 pages before anything is drawn: the footer's "Page N of M" needs M on
// page 1. Each layout is shaped once and drawn from the same object.
//
// Text is set on one PangoContext per Typesetter, on pango's per-thread
// default font map, so DejaVu Sans is found and loaded once per thread, not
// once per statement. Metrics are unhinted at 72 dpi: one point of text is
// one PDF unit, and the layout does not depend on a screen. A Typesetter
// keeps the layouts it set, so a text set again (a label, a currency, a
// column header: most of a statement's texts are the same in every
// statement) is shaped once and drawn from the same layout; layouts are never
// changed once set.
//
// Not thread-safe: a Typesetter and its layouts belong to one thread.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fermata::statement_pdf {

// A4 portrait in PDF points, and the column text is set in.
inline constexpr double kPageWidth = 595.28;
inline constexpr double kPageHeight = 841.89;
inline constexpr double kMargin = 48;
inline constexpr double kColumnWidth = kPageWidth - 2 * kMargin;
inline constexpr double kFooterHeight = 24;  // Below the column, inside the bottom margin's line.
inline constexpr double kColumnHeight = kPageHeight - 2 * kMargin - kFooterHeight;

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
using Layout = std::unique_ptr<PangoLayout, GObjectUnref>;

enum class Style : std::size_t { kBody, kBold, kSmall, kSmallBold, kHeading, kTitle, kCount };

// The box a text is set in: its width, alignment, and how many lines it may
// wrap to before the last one is ellipsized, so no text leaves its box.
struct Box {
  double width = kColumnWidth;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  int lines_max = 1;
};

class Typesetter {
 public:
  Typesetter();
  ~Typesetter();
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  // `text` set in `style` within `box`: a new reference to the layout this
  // Typesetter set for the same text, style and box before, if it still keeps it.
  Layout set(std::string_view text, Style style, const Box& box) const;

  // At most this many layouts are kept; then the oldest are let go of.
  static constexpr std::size_t kKeptMax = 4096;

 private:
  Layout shape(std::string_view text, Style style, const Box& box) const;

  PangoContext* context_;
  std::array<PangoFontDescription*, static_cast<std::size_t>(Style::kCount)> fonts_{};
  // Kept layouts by text, style and box (style, alignment and line limit as
  // characters, the width's bytes, then the text), and their keys in the
  // order they were set.
  mutable std::unordered_map<std::string, Layout> kept_;
  mutable std::deque<std::string> kept_order_;
};

// The height of a set text, in points.
double height_of(const Layout& layout);

// A text placed at (x, y) from its band's top left corner.
struct Cell {
  Layout layout;
  double x = 0, y = 0;
};

struct Band {
  double height = 0;
  std::vector<Cell> cells;
  std::function<void(cairo_t*, double top)> paint;  // Rules and bars; null = none.
  bool keep_with_next = false;  // A heading: starts a page with what follows it.
  // For a table row: the band (in Document::repeats) shown above it when it
  // starts a page, so a continued table keeps its column header.
  std::optional<std::size_t> repeat;

  // Adds `cell` and grows the band to hold it, plus `padding` below.
  void add(Cell cell, double padding = 0);
};

struct Document {
  std::vector<Band> flow;     // Top to bottom.
  std::vector<Band> repeats;  // Continuation headers, outside the flow.
};

// A section heading, with space above it, kept with what follows.
Band heading_band(const Typesetter& typesetter, std::string_view text);

// Where a band lands: its top, from the top of the column.
struct Placed {
  const Band* band;
  double top;
};
using Page = std::vector<Placed>;

// `document` broken into pages of kColumnHeight. A heading chain moves to
// the next page whole; a row starting a page has its header repeated.
std::vector<Page> paginate(const Document& document);

// Draws `band` with its top `top` points below the top margin.
void draw_band(cairo_t* cr, const Band& band, double top);

// A thin horizontal rule across the column at `y` (page coordinates).
void draw_rule(cairo_t* cr, double y, double gray);

}  // namespace fermata::statement_pdf
