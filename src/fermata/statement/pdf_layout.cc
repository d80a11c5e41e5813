#include "fermata/statement/pdf_layout.h"

#include <algorithm>
#include <string>

#include "fermata/base/assert.h"

namespace fermata::statement_pdf {
namespace {

// Font names and sizes, in points, indexed by Style.
constexpr std::array<const char*, static_cast<std::size_t>(Style::kCount)> kFonts = {
    "DejaVu Sans 8.5",      "DejaVu Sans Bold 8.5", "DejaVu Sans 7.5",
    "DejaVu Sans Bold 7.5", "DejaVu Sans Bold 11",  "DejaVu Sans Bold 16"};

int pango_units(double points) {
  return static_cast<int>(points * PANGO_SCALE);
}

// The height of the heading chain starting at `index`: the band and every
// band it keeps with, up to the first that keeps with nothing.
double chain_height(const std::vector<Band>& flow, std::size_t index) {
  double height = 0;
  for (std::size_t i = index; i < flow.size(); ++i) {
    height += flow[i].height;
    if (!flow[i].keep_with_next) break;
  }
  return height;
}

}  // namespace

Typesetter::Typesetter() {
  // The default font map is pango's, one per thread, kept for the thread's
  // life: fontconfig's lookups and the loaded faces are shared by every
  // statement the thread renders.
  context_ = pango_font_map_create_context(pango_cairo_font_map_get_default());
  pango_cairo_context_set_resolution(context_, 72);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(context_, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context_, FALSE);
  // Line breaking and font fallback follow the language: fix it, so the
  // environment's locale cannot change a statement.
  pango_context_set_language(context_, pango_language_from_string("en"));
  for (std::size_t i = 0; i < fonts_.size(); ++i)
    fonts_[i] = pango_font_description_from_string(kFonts[i]);
}

Typesetter::~Typesetter() {
  kept_.clear();  // The layouts first: they hold the context.
  for (PangoFontDescription* font : fonts_) pango_font_description_free(font);
  g_object_unref(context_);
}

Layout Typesetter::set(std::string_view text, Style style, const Box& box) const {
  std::string key;
  key.reserve(3 + sizeof box.width + text.size());
  key.push_back(static_cast<char>(style));
  key.push_back(static_cast<char>(box.align));
  key.push_back(static_cast<char>(box.lines_max));
  key.append(reinterpret_cast<const char*>(&box.width), sizeof box.width);
  key.append(text);
  auto found = kept_.find(key);
  if (found == kept_.end()) {
    if (kept_.size() == kKeptMax) {
      kept_.erase(kept_order_.front());
      kept_order_.pop_front();
    }
    kept_order_.push_back(key);
    found = kept_.emplace(std::move(key), shape(text, style, box)).first;
  }
  return Layout(PANGO_LAYOUT(g_object_ref(found->second.get())));
}

Layout Typesetter::shape(std::string_view text, Style style, const Box& box) const {
  FERMATA_ASSERT(style != Style::kCount);
  FERMATA_ASSERT(box.lines_max >= 1);
  Layout layout(pango_layout_new(context_));
  pango_layout_set_font_description(layout.get(), fonts_[static_cast<std::size_t>(style)]);
  pango_layout_set_width(layout.get(), pango_units(box.width));
  pango_layout_set_alignment(layout.get(), box.align);
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height(layout.get(), -box.lines_max);
  pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  } else {
    // Statement rows are UTF-8; a stray byte shows as U+FFFD, not as a warning.
    gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    pango_layout_set_text(layout.get(), valid, -1);
    g_free(valid);
  }
  return layout;
}

double height_of(const Layout& layout) {
  int width = 0, height = 0;
  pango_layout_get_size(layout.get(), &width, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

void Band::add(Cell cell, double padding) {
  height = std::max(height, cell.y + height_of(cell.layout) + padding);
  cells.push_back(std::move(cell));
}

Band heading_band(const Typesetter& typesetter, std::string_view text) {
  Band band;
  band.add(Cell{typesetter.set(text, Style::kHeading, Box{}), 0, 12}, 4);
  band.keep_with_next = true;
  return band;
}

std::vector<Page> paginate(const Document& document) {
  std::vector<Page> pages(1);
  double y = 0;
  for (std::size_t i = 0; i < document.flow.size(); ++i) {
    const Band& band = document.flow[i];
    if (y > 0 && y + chain_height(document.flow, i) > kColumnHeight) {
      pages.emplace_back();
      y = 0;
      if (band.repeat) {
        FERMATA_ASSERT(*band.repeat < document.repeats.size());
        const Band& header = document.repeats[*band.repeat];
        pages.back().push_back(Placed{&header, 0});
        y = header.height;
      }
    }
    // Bands are built from capped text boxes, each far shorter than a page.
    FERMATA_ASSERT(y + band.height <= kColumnHeight);
    pages.back().push_back(Placed{&band, y});
    y += band.height;
  }
  return pages;
}

void draw_band(cairo_t* cr, const Band& band, double top) {
  const double y = kMargin + top;
  if (band.paint) band.paint(cr, y);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const Cell& cell : band.cells) {
    cairo_move_to(cr, kMargin + cell.x, y + cell.y);
    pango_cairo_show_layout(cr, cell.layout.get());
  }
}

void draw_rule(cairo_t* cr, double y, double gray) {
  cairo_set_source_rgb(cr, gray, gray, gray);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kMargin, y);
  cairo_line_to(cr, kMargin + kColumnWidth, y);
  cairo_stroke(cr);
}

}  // namespace fermata::statement_pdf
